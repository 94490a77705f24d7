"""The report inside a web page: the page's element tree walked into items, the element that
holds the report found among the site's chrome, and its paragraphs and tables turned into
blocks (see web_page.py for the whole story)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from govlint.errors import InputError
from govlint.read.blocks import Block, CellBlock, Place, TableBlock, TextBlock
from govlint.read.cjk_text import join_lines, normalise
from govlint.read import web_tables
from govlint.read.web_tables import own_cells

# Element nesting libxml2 reads without its "huge" option; deeper pages are refused, not truncated.
MAX_DEPTH = 256

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
    cells = own_cells(table)
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
    """The table's rows on the grid (web_tables.py), each cell's text read as cell_text does."""
    return web_tables.table_rows(table, cell_text)


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
    return not _under_chrome(item, top)


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
    return len(text) <= 60 and item.link_chars * 2 >= len(text) > 0 and bool(_CHROME_WORDS.search(text) or _under_chrome(item, container))


def _under_chrome(item: _Item, container) -> bool:
    """Whether the item, or an element above it below `container`, is site chrome."""
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

