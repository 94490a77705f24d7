"""Reading a report published as a web page (.html/.htm, as government CMS such as TRS write
them) into blocks, then into the shared text layout (layout.py).

What a page holds besides the report — navigation, breadcrumbs (当前位置), 相关链接, 附件下载,
share and print buttons, footers, scripts, styles, hidden elements — is not report text. The
reader finds the element that holds the report: the deepest one holding (nearly) all of its
*markers* — the template's tables (表二 第二十条…, 表三 本年新收…, 表四 复议后起诉…) and the
section headings 一、总体情况 … 六、其他需要报告的事项 — widened to parents that add only
prose. The title (…年政府信息公开工作年度报告), usually an <h1> or title <div> just above that
element, is taken as the first paragraph, with a bracketed subtitle line under it.

Inside, <p>, <div>, <h1>–<h6>, <li> and <br>-separated lines are paragraphs; a <table> is read
cell by cell on the HTML table grid: a cell spanning columns (colspan) once, a cell spanning
rows (rowspan) in its first row and as "" in each row below (blocks.py). A table used to lay
out the page (one cell, or one holding the report's tables or headings) is walked through, not
read as a table; a table inside a cell is read as the cell's text.

Locations are those of the Word reader: paragraphs with text numbered 1… in document order
(段落N), tables numbered 1… with rows and cells counted from 1, a merged cell once
(表t 第r行第c列).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from govlint.read.text import InputError
from govlint.read.blocks import Block, CellBlock, Place, TableBlock, TextBlock
from govlint.read.layout import LaidOutSource, lay_out

# A report's page is 0.1–1 MB; far larger files are not one report page (or are a hostile one).
MAX_HTML_BYTES = 20_000_000
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
# Element nesting libxml2 reads without its "huge" option; deeper pages are refused, not truncated.
MAX_DEPTH = 256
# Bytes scanned for a <meta charset>: browsers look at the first 1024; CMS heads can be long.
CHARSET_SCAN_BYTES = 32_768

_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_FOREIGN = [
    (b"%PDF", "这是 PDF 文件，不是网页"),
    (b"PK\x03\x04", "这是压缩包格式的文件（如 .docx、.xlsx、.zip），不是网页"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Word（.doc）或 WPS 文件，不是网页"),
    (b"{\\rtf", "这是 RTF 文件，不是网页"),
    (b"\x89PNG", "这是图片（PNG），不是网页"),
    (b"\xff\xd8\xff", "这是图片（JPEG），不是网页"),
    (b"GIF8", "这是图片（GIF），不是网页"),
]
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80", "gb_2312",
       "csgb2312", "euc-cn", "chinese", "iso-ir-58", "936"}
_WESTERN = {"iso-8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii", "iso8859-1"}
_CONTROLS = {c: None for c in range(32) if chr(c) not in "\t\r\n\f\v\x1b"}
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_MARKUP = re.compile(r"<\s*(?:!doctype|html|head|body|meta|title|p|div|table|span|br|h[1-6])\b", re.I)

# ---------------------------------------------------------------- what is report text
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
              "svg", "math", "canvas", "select", "option", "button", "input", "textarea", "head",
              "audio", "video", "map", "link", "meta", "title")
_BLOCK_TAGS = frozenset({
    "html", "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre", "center",
    "address", "figure", "figcaption", "form", "fieldset", "legend", "hr", "table", "caption", "tr", "td",
    "th", "thead", "tbody", "tfoot", "details", "summary", "menu", "dir", "listing", "xmp", "plaintext",
    "hgroup", "noframes", "colgroup", "col", "option", "optgroup"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_CHROME_HINT = re.compile(
    r"nav|menu|crumb|position|location|weizhi|wz|footer|bottom|share|fenxiang|print|close|sidebar|"
    r"related|relevant|xglj|fujian|attach|download|toolbar|tools|copyright|banner|search|login|qrcode|ewm", re.I)
_CHROME_TEXT = re.compile(
    r"^(?:当前位置|您(?:现在)?的?位置|所在位置|相关链接|相关文件|相关阅读|相关新闻|相关解读|附件下载|附件：?$|分享到|"
    r"打印本页|【?打印|【?关闭|关闭窗口|扫一扫|字号|来源：|发布时间|发布日期|浏览次数|访问量|信息来源|"
    r"主办单位|承办单位|版权所有|网站标识码|网站地图|联系我们|技术支持|上一篇|下一篇|返回顶部|收藏)")
_CHROME_WORDS = re.compile(r"ICP备|公网安备|网站标识码|版权所有|主办单位|当前位置")

# The report's markers: the template's tables and its section headings.
_T2_MARK = re.compile(r"第二十条第")
_T3_MARK = re.compile(r"本年新收|上年结转")
_T4_MARK = re.compile(r"复议后起诉|未经复议直接起诉")
_SECTION_HEADING = re.compile(
    r"^[一二三四五六]\s*[、.．，,]\s*(?:政府信息公开)?(?:工作)?(?:总体情况|概述|主动公开|收到和处理|依申请公开|"
    r"(?:因政府信息公开申请)?(?:提起|引发)?的?行政复议|存在的?主要问题|主要问题|其他需要报告|其他事项)")
_MAX_HEADING = 60
_TITLE = re.compile(r"(?:政府信息公开|政务公开).{0,12}年度?报告|年度报告")
_MAX_TITLE = 80
_SUBTITLE = re.compile(r"^[（(][^（）()]{1,40}[）)]$")
# How far above the report's element the title is looked for (paragraphs of the page).
TITLE_SEARCH_ITEMS = 40
# The share of markers the report's element must hold (a stray heading in a sidebar is no vote).
MARKER_SHARE = 0.75

# ---------------------------------------------------------------- text normalisation
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200a\u202f\u205f]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d\u2014\u2026\u00b7"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}0-9])|(?<=[0-9]) (?=[{_CJK}])")
_PAD = " \u3000\u00a0"


def normalise(text: str) -> str:
    """One line of shown text: white space collapsed (&nbsp; is a space), ends trimmed, spaces
    between CJK characters and between CJK and digits removed."""
    text = _INVISIBLE.sub("", _WS.sub(" ", text)).strip(_PAD)
    return _CJK_GAP.sub("", text) if " " in text else text


def join_lines(lines: list[str]) -> str:
    """Lines of one cell on one line: directly where CJK meets, otherwise with a space."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(line[0])):
            out += " "
        out += line
    return out


# ---------------------------------------------------------------- entry points
def is_html(path: str | Path) -> bool:
    """Whether a file is to be read as a web page: by its name (.html, .htm, .shtml, .xhtml),
    or a file that starts as a web page does (<!DOCTYPE html>, <html>), as saved pages
    without an extension do."""
    p = Path(path)
    if p.suffix.lower() in HTML_SUFFIXES:
        return p.is_file()
    try:
        with p.open("rb") as f:
            head = f.read(1024)
    except OSError:
        return False
    return bool(_HTML_START.match(head.removeprefix(codecs.BOM_UTF8)))


def read_html(path: str | Path, *, max_bytes: int | None = None) -> LaidOutSource:
    """A web page's report as a laid-out source (tree, regions, locations 段落N / 表t 第r行第c列)."""
    limit = MAX_HTML_BYTES if max_bytes is None else max_bytes
    p = Path(path)
    if not p.exists():
        raise InputError(f"找不到文件：{path}")
    if p.is_dir():
        raise InputError(f"{path} 是文件夹，不是报告文件")
    if not p.is_file():
        raise InputError(f"{path} 不是普通文件（可能是管道或设备），不是报告文件")
    try:
        size = p.stat().st_size
        if size > limit:
            raise InputError(_too_large(path, size, limit))
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"没有读取权限：{path}") from None
    except OSError as e:
        raise InputError(f"无法读取文件 {path}：{e.strerror or e}") from None
    return read_html_bytes(data, str(path), max_bytes=limit)


def read_html_bytes(data: bytes, path: str = "<html>", *, max_bytes: int | None = None) -> LaidOutSource:
    limit = MAX_HTML_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise InputError(_too_large(path, len(data), limit))
    text, charset = decode_html(data, path)
    blocks = html_blocks(text, path)
    source = lay_out(path, blocks, encoding="html")
    source.charset = charset     # informational: what the page was decoded with
    return source


def _too_large(path, size: int, limit: int) -> str:
    return (f"{path}：网页文件过大（{size / 1e6:.1f} MB）。一份年度报告的网页通常不到 1 MB，"
            f"govlint 只读取 {limit / 1e6:g} MB 以内的网页；请确认这是报告页面本身")


# ---------------------------------------------------------------- bytes -> text
def decode_html(data: bytes, path: str = "") -> tuple[str, str]:
    """The page's text and the charset it was read with: the BOM, else the charset the page
    declares (<meta charset>, <meta http-equiv … charset=…>, <?xml encoding>; GB2312/GBK read
    as GB18030), else UTF-8, then GB18030."""
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(f"文件是空的：{path}")
    for magic, what in _FOREIGN:
        if data.startswith(magic):
            raise InputError(f"{path}：{what}。请提供报告网页（.html）本身，或把报告另存为 .docx 或纯文本（.txt）再检查")
    text = charset = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text, charset = data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(f"{path}：网页开头标明为 {encoding.upper()} 编码，但内容无法按此编码读取，文件可能已损坏") from None
            break
    if text is None and len(data) >= 4 and (data[:4:2] == b"<<" and data[1:4:2] == b"\x00\x00"
                                            or data[1:4:2] == b"<<" and data[:4:2] == b"\x00\x00"):
        encoding = "utf-16-le" if data[0:1] == b"<" else "utf-16-be"
        try:
            text, charset = data.decode(encoding), encoding
        except UnicodeDecodeError:
            text = None
    if text is None:
        if b"\x00" in data.rstrip(b"\x00"):
            raise InputError(f"{path}：这不是网页文件（含有二进制内容）。请提供报告网页（.html）本身")
        declared = _declared_charset(data[:CHARSET_SCAN_BYTES])
        candidates = ["utf-8", "gb18030"]
        if declared and declared not in _WESTERN:
            candidates.insert(0, declared)
        for encoding in candidates:
            try:
                text, charset = data.decode(encoding), encoding
                break
            except (UnicodeDecodeError, LookupError):
                continue
        if text is None:
            said = f"网页声明的编码是 {declared}，但" if declared else ""
            raise InputError(f"{path}：{said}无法识别网页的文字编码（既不是 UTF-8，也不是 GB18030/GBK/GB2312），"
                             "文件可能已损坏。请在浏览器中打开该页面后“另存为”网页（UTF-8）再检查")
    sample = text[:20000]
    if len(sample) - len(sample.translate(_CONTROLS)) > max(8, len(sample) // 50):
        raise InputError(f"{path}：这不是网页文件（含有大量控制字符或二进制内容）。请提供报告网页（.html）本身")
    if not _MARKUP.search(text[:200_000]):
        raise InputError(f"{path}：这个文件里没有网页标记（HTML），不是网页。纯文本报告请以 .txt 扩展名检查")
    return text, charset


def _declared_charset(head: bytes) -> str | None:
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower().strip(".:")
    if name in _GB:
        return "gb18030"
    if name in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    if name in _WESTERN:
        return name
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # A page saved as text cannot be UTF-16 here (no BOM, no NUL bytes): the declaration is stale.
    return None if codec.startswith(("utf-16", "utf-32")) else codec


# ---------------------------------------------------------------- text -> tree
def _parse(text: str, path: str = ""):
    import lxml.html
    from lxml import etree
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text, count=1)   # lxml refuses str with an encoding declaration
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=False, remove_comments=True, remove_pis=True,
                                  no_network=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message for e in parser.error_log):
        raise InputError(f"{path}：网页的元素嵌套超过 {MAX_DEPTH} 层，超出读取限制，正文可能读不全。"
                         "这不是正常的报告网页；请在浏览器中打开后“另存为”网页，或提供报告原件（.docx/.pdf）再检查")
    return root


def _clean(root, keep_hidden: bool) -> None:
    from lxml import etree
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS, with_tail=False)
    if keep_hidden:
        return
    hidden = [el for el in root.iter() if isinstance(el.tag, str) and _is_hidden(el)]
    for el in hidden:
        if el.getparent() is not None:
            el.drop_tree()          # keeps the text after it


def _is_hidden(el) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


# ---------------------------------------------------------------- tree -> items
@dataclass
class _Item:
    """A paragraph or a table of the page, with the element it belongs to."""

    kind: str                      # text | table
    element: object
    text: str = ""
    link_chars: int = 0
    table: object = None
    marker: str = ""               # t2 | t3 | t4 | heading | ""


class _Walker:
    """Walks elements in document order, cutting the shown text into paragraphs at block
    elements and <br>; report tables become table items, layout tables are walked through."""

    def __init__(self, cell_mode: bool = False):
        self.items: list[_Item] = []
        self.cell_mode = cell_mode
        self.buf: list[str] = []
        self.link_chars = 0
        self.owner = None
        self.in_link = 0

    def add(self, text: str | None, owner) -> None:
        if not text:
            return
        if not self.buf:
            self.owner = owner
        self.buf.append(text)
        if self.in_link:
            self.link_chars += len(text.strip())

    def flush(self) -> None:
        if self.buf:
            text = normalise("".join(self.buf))
            if text:
                self.items.append(_Item("text", self.owner, text, min(self.link_chars, len(text))))
        self.buf, self.link_chars, self.owner = [], 0, None

    def walk(self, el, owner) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag == "br":
            self.flush()
            return
        if tag == "table" and not self.cell_mode and not _is_layout_table(el):
            self.flush()
            self.items.append(_Item("table", el, table=el))
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
            owner = el
        link = tag == "a"
        self.in_link += link
        self.add(el.text, owner)
        for child in el:
            self.walk(child, owner)
            self.add(child.tail, owner)
        self.in_link -= link
        if block:
            self.flush()


def _own_rows(table) -> list:
    """The table's rows (through thead/tbody/tfoot and whatever else wraps them), not those
    of a table inside one of its cells."""
    rows = []
    for tr in table.iterdescendants("tr"):
        up = tr.getparent()
        while up is not None and up.tag != "table":
            up = up.getparent()
        if up is table:
            rows.append(tr)
    return rows


def _row_cells(tr) -> list:
    return [c for c in tr if c.tag in ("td", "th")]


def _own_cells(table) -> list:
    return [c for tr in _own_rows(table) for c in _row_cells(tr)]


def _short_text(el, limit: int) -> str | None:
    """The element's text when it is at most `limit` characters, else None (without reading
    the rest of a large element)."""
    parts, size = [], 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit * 4:
            return None
    text = normalise("".join(parts))
    return text if len(text) <= limit else None


def _is_layout_table(table) -> bool:
    """A table that lays out the page rather than holding data: a single cell, or one whose
    cells hold the report's own tables or section headings."""
    cells = _own_cells(table)
    if len(cells) <= 1:
        return True
    for nested in table.iterdescendants("table"):
        if _table_marker(nested.text_content()):
            return True
    for el in table.iterdescendants("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"):
        text = _short_text(el, _MAX_HEADING)
        if text and _SECTION_HEADING.match(text):
            return True
    return False


def _table_marker(text: str) -> str:
    if _T3_MARK.search(text):
        return "t3"
    if _T4_MARK.search(text):
        return "t4"
    if _T2_MARK.search(text):
        return "t2"
    return ""


def cell_text(cell) -> str:
    """A cell's shown text on one line: its paragraphs and lines (and a nested table's
    cells) joined, CJK directly, otherwise with a space; a cell of only &nbsp; is ""."""
    walker = _Walker(cell_mode=True)
    walker.walk(cell, cell)
    walker.flush()
    return join_lines([item.text for item in walker.items])


def table_rows(table) -> list[list[str]]:
    """The table's rows as blocks.py lays them out: a cell spanning columns once, a cell
    spanning rows in its first row and "" in each row below (at its place in the row)."""
    rows = [r for r in _own_rows(table) if _row_cells(r)]
    count = len(rows)
    out: list[list[str]] = []
    active: list[tuple[int, int, int]] = []     # (first column, columns spanned, last row) of rowspans
    for r, tr in enumerate(rows):
        above = sorted(a for a in active if a[2] >= r)
        active = list(above)
        cells: list[str] = []
        column, i = 0, 0
        for td in _row_cells(tr):
            while i < len(above) and above[i][0] <= column:
                cells.append("")
                column = max(column, above[i][0] + above[i][1])
                i += 1
            span = _span(td.get("colspan"), 1000)
            down = _span(td.get("rowspan"), 65534, zero=count)
            cells.append(cell_text(td))
            if down > 1:
                active.append((column, span, min(r + down - 1, count - 1)))
            column += span
        cells.extend("" for _ in above[i:])
        out.append(cells)
    return [row for row in out if row]


def _span(value, limit: int, zero: int | None = None) -> int:
    try:
        n = int(str(value).strip().rstrip(";")) if value is not None else 1
    except ValueError:
        return 1
    if n == 0 and zero is not None:
        return zero
    return max(1, min(n, limit))


# ---------------------------------------------------------------- finding the report
def html_blocks(text: str, path: str = "") -> list[Block]:
    """The report's blocks in a page's text; InputError when the page holds no report."""
    for keep_hidden in (False, True):    # a report shown only by a script is still the report
        root = _parse(text, path)
        if root is None:
            raise InputError(f"{path}：网页内容为空或无法解析，没有可检查的正文")
        _clean(root, keep_hidden)
        body = root.find("body")
        walker = _Walker()
        walker.walk(body if body is not None else root, None)
        walker.flush()
        items = walker.items
        _mark(items)
        if any(item.marker for item in items):
            return _report_blocks(items)
    raise InputError(f"{path}：这个网页中没有找到年度报告正文（既没有年度报告模板的表格，也没有"
                     "“一、总体情况”等章节标题），可能是栏目首页、列表页或报告附件的下载页。"
                     "请打开报告本身的页面另存为网页，或下载报告原件（.docx/.pdf）再检查")


def _mark(items: list[_Item]) -> None:
    for item in items:
        if item.kind == "table":
            item.marker = _table_marker(item.table.text_content())
        elif len(item.text) <= _MAX_HEADING and _SECTION_HEADING.match(item.text):
            item.marker = "heading"


def _ancestry(el) -> list:
    chain = []
    while el is not None:
        chain.append(el)
        el = el.getparent()
    return chain


def _report_blocks(items: list[_Item]) -> list[Block]:
    markers = [item for item in items if item.marker]
    need = max(1, -(-len(markers) * MARKER_SHARE // 1))
    votes: dict[object, int] = {}
    depth: dict[object, int] = {}
    for item in markers:
        chain = _ancestry(item.element)
        for d, el in enumerate(reversed(chain)):
            votes[el] = votes.get(el, 0) + 1
            depth[el] = d
    container = max((el for el, n in votes.items() if n >= need), key=lambda el: depth[el])
    container, members = _widen(container, items)
    inside = [i for i, item in enumerate(items) if item.element in members]
    first = inside[0]
    kept = [items[i] for i in inside if not _chrome_inside(items[i], container)]
    title = [] if _has_title(kept) else _title_before(items[:first])
    return _blocks(title + kept)


def _widen(container, items: list[_Item]):
    """Climb to the parent while what it adds is prose: report text just outside the editor's
    element (an intro in a sibling <div>), never navigation, links or footers. Returns the
    element and the set of elements in it."""
    members = set(container.iter())
    while True:
        parent = container.getparent()
        if parent is None or parent.tag in ("body", "html") or _chrome_element(parent):
            return container, members
        wider = set(parent.iter())
        extra = [item for item in items if item.element in wider and item.element not in members]
        if not all(_prose(item, parent) for item in extra):
            return container, members
        container, members = parent, wider


def _prose(item: _Item, top) -> bool:
    if item.marker:
        return True
    if item.kind == "table":
        return False
    text = item.text
    if len(text) < 15 or item.link_chars * 3 > len(text) or _CHROME_TEXT.match(text) or _CHROME_WORDS.search(text):
        return False
    el = item.element
    while el is not None and el is not top:
        if _chrome_element(el):
            return False
        el = el.getparent()
    return True


def _chrome_element(el) -> bool:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _CHROME_TAGS:
        return True
    hints = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
    return bool(hints.strip()) and bool(_CHROME_HINT.search(hints)) and not re.search(
        r"content|article|editor|text|detail|zw|body|main", hints, re.I)


def _chrome_inside(item: _Item, container) -> bool:
    """Site furniture inside the report's element (附件下载, 打印本页, 相关链接): short labels or
    links, never a marker and never prose."""
    if item.kind != "text" or item.marker:
        return False
    text = item.text
    if _CHROME_TEXT.match(text) and (len(text) <= 40 or item.link_chars * 2 >= len(text)):
        return True
    return len(text) <= 60 and item.link_chars * 2 >= len(text) > 0 and bool(_CHROME_WORDS.search(text) or _chrome_text_near(item, container))


def _chrome_text_near(item: _Item, container) -> bool:
    el = item.element
    while el is not None and el is not container:
        if _chrome_element(el):
            return True
        el = el.getparent()
    return False


def _title_like(text: str) -> bool:
    return len(text) <= _MAX_TITLE and bool(_TITLE.search(text)) and not _CHROME_TEXT.match(text) \
        and not text.endswith("。")


def _has_title(kept: list[_Item]) -> bool:
    for item in kept:
        if item.kind != "text" or item.marker:
            return False
        if _title_like(item.text):
            return True
    return False


def _title_before(before: list[_Item]) -> list[_Item]:
    """The title line nearest above the report's element, with a bracketed subtitle after it."""
    for i in range(len(before) - 1, max(-1, len(before) - 1 - TITLE_SEARCH_ITEMS), -1):
        item = before[i]
        if item.kind == "text" and _title_like(item.text) and item.link_chars * 2 < len(item.text):
            title = [item]
            for after in before[i + 1:]:
                if after.kind != "text" or not _SUBTITLE.match(after.text):
                    break
                title.append(after)
            return title
    return []


def _blocks(items: list[_Item]) -> list[Block]:
    blocks: list[Block] = []
    paragraph = table = 0
    for item in items:
        if item.kind == "text":
            paragraph += 1
            blocks.append(TextBlock(item.text, Place(paragraph=paragraph)))
            continue
        caption = item.table.find("caption")
        if caption is not None:
            text = cell_text(caption)
            if text:
                paragraph += 1
                blocks.append(TextBlock(text, Place(paragraph=paragraph)))
        rows = table_rows(item.table)
        if not rows:
            continue
        table += 1
        blocks.append(TableBlock(
            [[CellBlock(text, Place(table=table, row=r, col=c)) for c, text in enumerate(row, start=1)]
             for r, row in enumerate(rows, start=1)],
            Place(table=table)))
    return blocks
