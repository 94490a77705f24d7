"""Reading a PDF report from its own text layer into blocks (blocks.py), laid out by layout.py.

pdfplumber (on pdfminer.six) gives every character with its box, font size, colour and
matrix, and finds ruled tables from the drawn lines. From that:

- Tables: every ruled grid of several rows and columns is a table; its cells are read from
  the grid (a cell merged across columns once, a cell merged down rows in its first row and
  "" in each row below, as a reader sees them in Word and as the Tika export writes them).
  A table that goes on over a page break is stitched: a repeated header row is dropped, and
  a label cut by the break (“（四）无” | “法提供”) is joined into the cell it belongs to. A
  one-column grid (a frame drawn around a paragraph) is text, not a table.
- Text: characters are grouped into lines by vertical overlap (a digit run in another font
  sits a point lower and a hanging “。” may too), lines into paragraphs by their geometry
  against the text column: a paragraph ends where a line stops short of the right edge by
  more than the next line's first word would need, before an indented line, before a
  heading (一、 （一） 1.), at a change of font size or a wider gap between lines. Spaces that
  extraction puts between CJK characters, or between CJK and digits, are removed.
- Page furniture is kept as artifacts, never report text: page numbers, running headers and
  footers (the same line at the top or bottom of several pages), the text of a seal (a ring
  of characters turned to several angles, and the red characters inside it), read clockwise.

A file that cannot give a usable text (scanned, fonts without a Unicode map, encrypted,
damaged, too large) is an InputError naming the problem and what to do instead.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..source import InputError
from .blocks import ArtifactBlock, Block, CellBlock, Place, TableBlock, TextBlock
from .layout import LaidOutSource, lay_out

MAX_PDF_PAGES = 300
MAX_PDF_BYTES = 50_000_000
PDF_MAGIC = b"%PDF-"

# ---------------------------------------------------------------- character classes
_CJK = (r"\u2014\u2018-\u201f\u2026\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf"
        r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef")
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}0-9])|(?<=[{_CJK}0-9])[ \t]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u00a0]+")
_CLOSING = set("，。、；：！？）》」』】〕”’%％,.;:!?)]}…—·")
_TERMINAL = set("。！？；：!?;:")
_PUNCT_ONLY = re.compile(rf"^[{re.escape(''.join(sorted(_CLOSING)))}\s]+$")
_LATIN_RUN = re.compile(r"^[A-Za-z0-9.,%@\-_/:+#&]+")
_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*%?$")
# A line that starts a heading or a numbered item never continues the paragraph above.
_HEADING_START = re.compile(r"^\s*(第[一二三四五六七八九十百]+[章节部分]|[一二三四五六七八九十]{1,3}[、．.]"
                            r"|[（(][一二三四五六七八九十]{1,3}[）)]|[（(]\d{1,2}[）)]|\d{1,2}[.．、](?!\d)"
                            r"|[①-⑳]|附件|附表)")
_ORDINAL_START = re.compile(r"^\s*([一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d))")
_PAGE_NUMBER = re.compile(r"^[-—–－~～_\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4}|\s*[，,]?\s*共\s*\d{1,4}\s*页)?[-—–－~～_\s]*$"
                          r"|^共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页$|^(page|Page|PAGE)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$")
_CID = re.compile(r"^\(cid:\d+\)$")


def _is_garbled(ch: str) -> bool:
    if len(ch) != 1:
        return bool(_CID.match(ch)) or len(ch) > 1 and ch.startswith("(cid")
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or o == 0xFFFD or o < 0x20 and ch not in "\t\n\r" or 0xF0000 <= o


def clean_text(text: str) -> str:
    """One line of extracted text as the report has it: runs of spaces one space, no space
    between CJK characters or between CJK and digits, none at the ends."""
    text = _SPACES.sub(" ", text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return text.strip(" ")


def _join(left: str, right: str) -> str:
    """Two pieces of one paragraph or cell: directly, or with a space between Latin words."""
    if not left:
        return right
    if not right:
        return left
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


# ---------------------------------------------------------------- what a page gives
@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    first_unit: float = 0.0      # width of what the line starts with that cannot be wrapped


@dataclass
class _Cell:
    text: str
    x0: float
    x1: float
    page: int
    rows: int = 1                # grid rows the cell spans
    origin: "_Cell | None" = None   # for a merged-down continuation: the cell holding the text


@dataclass
class _Grid:
    rows: list[list[_Cell]]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    last_page: int = 0           # the page of its last part, once stitched

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page

    @property
    def columns(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def framed_text(self) -> bool:
        """A frame drawn around a paragraph: one column, or one row with a single text."""
        if self.columns <= 1:
            return True
        return len(self.rows) == 1 and sum(1 for c in self.rows[0] if c.text) <= 1


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list = field(default_factory=list)      # _Line and _Grid in reading order
    artifacts: list[ArtifactBlock] = field(default_factory=list)
    chars: int = 0
    garbled: int = 0
    cjk: int = 0
    images: int = 0
    scanned: bool = False


# ---------------------------------------------------------------- entry points
def is_pdf(path: str | Path) -> bool:
    """Whether a file is a PDF: the %PDF- mark in its first kilobyte (some writers put a
    few bytes in front of it)."""
    try:
        with Path(path).open("rb") as f:
            return PDF_MAGIC in f.read(1024)
    except OSError:
        return False


def read_pdf(path: str | Path, *, max_pages: int = MAX_PDF_PAGES, max_bytes: int = MAX_PDF_BYTES) -> LaidOutSource:
    """A PDF report read from its text layer into the synthetic text and tree (layout.py);
    locations carry the page. Raises InputError for a file that cannot be read usefully."""
    return lay_out(str(path), read_pdf_blocks(path, max_pages=max_pages, max_bytes=max_bytes), encoding="pdf")


def read_pdf_blocks(path: str | Path, *, max_pages: int = MAX_PDF_PAGES,
                    max_bytes: int = MAX_PDF_BYTES) -> list[Block]:
    """The report's blocks in reading order, then its page furniture as artifacts."""
    p = Path(path)
    _check_file(p, max_bytes)
    pages = _read_pages(p, max_pages)
    _check_text_layer(p, pages)
    return _Assembler(pages).blocks()


def _check_file(path: Path, max_bytes: int) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - 2048))
            tail = f.read()
    except OSError as e:
        raise InputError(f"无法读取文件 {path}：{e.strerror or e}") from None
    if size == 0 or not head.strip(b" \t\r\n\x00"):
        raise InputError(f"文件是空的：{path}")
    if size > max_bytes:
        raise InputError(f"{path}：PDF 文件太大（{size / 1e6:.1f} MB，上限 {max_bytes / 1e6:g} MB）。"
                         "年度报告的 PDF 通常只有几 MB；请确认文件无误，或用 Word/WPS 原稿另存为 .docx 再检查")
    if PDF_MAGIC not in head:
        raise InputError(f"{path}：不是有效的 PDF 文件（文件开头没有 PDF 标记，可能已损坏或只是改了扩展名）。"
                         "请重新导出 PDF，或用 Word/WPS 原稿另存为 .docx 再检查")
    if b"%%EOF" not in tail:
        raise InputError(f"{path}：PDF 文件不完整（文件末尾缺少结束标记，可能下载或复制时被截断）。"
                         "请重新下载或重新导出完整的 PDF 再检查")


def _broken(path: Path, error: BaseException) -> InputError:
    names = set()
    e: BaseException | None = error
    while e is not None and len(names) < 10:
        names.add(type(e).__name__)
        names.update(type(a).__name__ for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        e = e.__cause__ or e.__context__
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning", "PDFEncryptionNotSupported"}:
        return InputError(f"{path}：PDF 设有打开密码（已加密），无法读取文字。请向报告制作单位索取未加密的 PDF "
                          "或 Word 原稿（.docx），或在 PDF 阅读器中输入密码后另存为不加密的副本再检查")
    inner = error
    for _ in range(20):
        if (inner.__cause__ or inner.__context__) is None:
            break
        inner = inner.__cause__ or inner.__context__
    return InputError(f"{path}：PDF 文件已损坏，无法读取（{type(inner).__name__}）。"
                      "请重新导出或下载 PDF，或用 Word/WPS 原稿另存为 .docx 再检查")


def _read_pages(path: Path, max_pages: int) -> list[_Page]:
    import logging
    try:
        import pdfplumber
    except ImportError:
        raise InputError(f"{path}：读取 PDF 需要 pdfplumber，但没有安装。请运行 pip install pdfplumber 后再检查，"
                         "或用 Word/WPS 原稿另存为 .docx 再检查") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)   # pdfminer warns about every odd object
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as e:   # pdfminer raises many kinds for damaged or encrypted files
        raise _broken(path, e) from None
    try:
        try:
            count = _page_count(pdf)
            if count > max_pages:
                raise InputError(f"{path}：PDF 有 {count} 页，超过上限 {max_pages} 页。年度报告通常只有几页到几十页；"
                                 "请确认文件无误（不是合订本或整本汇编），或只导出报告本身再检查")
            pages = []
            for page in pdf.pages:
                try:
                    pages.append(_read_page(page))
                finally:
                    page.close()          # drop the page's parsed objects: memory stays bounded
                if len(pages) > max_pages:
                    raise InputError(f"{path}：PDF 超过上限 {max_pages} 页。请只导出报告本身再检查")
        except InputError:
            raise
        except RecursionError as e:
            raise _broken(path, e) from None
        except Exception as e:
            raise _broken(path, e) from None
    finally:
        try:
            pdf.close()
        except Exception:
            pass
    if not pages:
        raise InputError(f"{path}：PDF 里没有页面（文件可能已损坏）。请重新导出 PDF 再检查")
    return pages


def _page_count(pdf) -> int:
    try:
        from pdfminer.pdftypes import resolve1
        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except Exception:
        return len(pdf.pages)


def _check_text_layer(path: Path, pages: list[_Page]) -> None:
    chars = sum(p.chars for p in pages)
    garbled = sum(p.garbled for p in pages)
    scanned = [p.number for p in pages if p.scanned]
    if chars < 20 * len(pages) and (scanned or chars < 50):
        if scanned or any(p.images for p in pages):
            raise InputError(f"{path}：这是扫描件（图片）PDF，没有可读取的文字层，无法检查。"
                             "请用 Word/WPS 原稿另存为 .docx 或从原稿导出 PDF；只有扫描件时请先做文字识别（OCR）再检查")
        raise InputError(f"{path}：PDF 没有可读取的文字层（文字可能在导出时转成了曲线），无法检查。"
                         "请用 Word/WPS 原稿另存为 .docx，或导出 PDF 时不要把文字转为曲线后再检查")
    if garbled > max(10, 0.05 * chars):
        raise InputError(f"{path}：PDF 中的字体缺少 Unicode 映射（ToUnicode），取出的文字是无法识别的编码"
                         f"（{garbled} 个字符无法识别，如 (cid:N)），无法检查。请用 Word/WPS 原稿另存为 .docx，"
                         "或在导出 PDF 时选择嵌入字体（不要把文字转为曲线）后再检查")
    cjk = sum(p.cjk for p in pages)
    if chars > 200 and cjk < 0.2 * chars:
        raise InputError(f"{path}：PDF 文字层中几乎没有中文（{chars} 个字符中只有 {cjk} 个汉字），"
                         "字体编码可能有误（乱码），无法检查。请用 Word/WPS 原稿另存为 .docx 再检查")
    if scanned:
        listed = "、".join(str(n) for n in scanned[:10]) + ("等" if len(scanned) > 10 else "")
        raise InputError(f"{path}：第 {listed} 页是扫描图片，没有文字层，这些页上的文字和表格无法读取。"
                         "请用 Word/WPS 原稿另存为 .docx 或重新导出 PDF；只有扫描件时请先做文字识别（OCR）再检查")


# ---------------------------------------------------------------- one page
def _is_rotated(c: dict) -> bool:
    if not c.get("upright", True):
        return True
    m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
    a, b = m[0], m[1]
    return abs(b) > 0.05 * max(abs(a), 1e-6)


def _is_red(c: dict) -> bool:
    color = c.get("non_stroking_color")
    if not isinstance(color, (tuple, list)):
        return False
    try:
        v = [float(x) for x in color]
    except (TypeError, ValueError):
        return False
    if len(v) == 3:
        return v[0] > 0.55 and v[1] < 0.35 and v[2] < 0.35
    if len(v) == 4:
        return v[1] > 0.6 and v[2] > 0.5 and v[0] < 0.3 and v[3] < 0.3
    return False


def _read_page(page) -> _Page:
    number = page.page_number
    out = _Page(number, float(page.width), float(page.height))
    chars = [c for c in page.chars if c["text"] and not c["text"].isspace()]
    out.chars = len(chars)
    out.garbled = sum(1 for c in chars if _is_garbled(c["text"]))
    out.cjk = sum(1 for c in chars if "\u4e00" <= c["text"][0] <= "\u9fff")
    area = out.width * out.height
    images = page.images
    out.images = len(images)
    image_area = sum(max(0.0, (i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in images)
    out.scanned = len(chars) < 20 and image_area > 0.4 * area
    if not chars:
        return out
    grids: list[_Grid] = []
    try:
        tables = page.find_tables() if (page.lines or page.rects or page.curves) else []
    except Exception:   # a degenerate drawing: read the page as text
        tables = []
    for table in tables:
        grid, rest = _grid(table, chars, number)
        if grid is None:
            continue
        chars = rest
        grids.append(grid)
    chars, seal = _split_seal(chars)
    if seal:
        text = _seal_text(seal, [c for c in seal if _is_rotated(c)])
        if text:
            out.artifacts.append(ArtifactBlock("seal", text, Place(page=number)))
    lines = _lines(chars, number)
    out.items = sorted(lines + grids, key=lambda item: (item.top, not isinstance(item, _Grid), item.x0))
    return out


def _angle(c: dict) -> int:
    import math
    m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
    return round(math.degrees(math.atan2(m[1], m[0])) / 5) * 5


def _split_seal(chars: list[dict]) -> tuple[list[dict], list[dict]]:
    """The characters of a seal apart from the rest (characters in tables are not offered):
    a ring of characters turned to several angles, or red turned characters, with the red
    characters inside the ring. Text turned by one angle only (sideways text) is not a seal."""
    rotated = [c for c in chars if _is_rotated(c)]
    if not rotated:
        return chars, []
    red = [c for c in rotated if _is_red(c)]
    ring = len({_angle(c) for c in rotated}) >= 3 and len(rotated) >= 3
    if not ring and len(red) < max(1, 0.8 * len(rotated)):
        return chars, []
    x0 = min(c["x0"] for c in rotated) - 20
    x1 = max(c["x1"] for c in rotated) + 20
    top = min(c["top"] for c in rotated) - 20
    bottom = max(c["bottom"] for c in rotated) + 20
    ids = {id(c) for c in rotated}
    ids.update(id(c) for c in chars if _is_red(c) and x0 <= c["x0"] and c["x1"] <= x1
               and top <= c["top"] and c["bottom"] <= bottom)
    return [c for c in chars if id(c) not in ids], [c for c in chars if id(c) in ids]


def _centre(c: dict) -> tuple[float, float]:
    return (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2


def _circle(points: list[tuple[float, float]]) -> tuple[float, float, float] | None:
    """The circle through points, least squares (x² + y² + Dx + Ey + F = 0)."""
    sx = sy = sxx = syy = sxy = sz = szx = szy = 0.0
    n = len(points)
    for x, y in points:
        z = x * x + y * y
        sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; sz += z; szx += z * x; szy += z * y
    m = [[sxx, sxy, sx], [sxy, syy, sy], [sx, sy, float(n)]]
    v = [-szx, -szy, -sz]

    def det(a):
        return (a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]))
    d = det(m)
    if n < 3 or abs(d) < 1e-9:
        return None
    solution = []
    for i in range(3):
        mi = [row[:] for row in m]
        for r in range(3):
            mi[r][i] = v[r]
        solution.append(det(mi) / d)
    cx, cy = -solution[0] / 2, -solution[1] / 2
    r2 = cx * cx + cy * cy - solution[2]
    return (cx, cy, r2 ** 0.5) if r2 > 0 else None


def _seal_text(seal: list[dict], rotated: list[dict]) -> str:
    """A seal's text: the ring read clockwise from the gap at its foot, then the text inside
    the ring line by line."""
    import math
    circle = _circle([_centre(c) for c in rotated]) if len(rotated) >= 3 else None
    if circle is None:
        ring, inner = rotated, [c for c in seal if not _is_rotated(c)]
        cx = sum(_centre(c)[0] for c in seal) / len(seal)
        cy = sum(_centre(c)[1] for c in seal) / len(seal)
    else:
        cx, cy, radius = circle
        ring = [c for c in seal if math.dist(_centre(c), (cx, cy)) > 0.75 * radius]
        inner = [c for c in seal if math.dist(_centre(c), (cx, cy)) <= 0.75 * radius]
    text = ""
    if ring:
        # the angle clockwise on the page (y grows downwards), 0 at the top
        angled = sorted(((math.atan2(_centre(c)[0] - cx, cy - _centre(c)[1]) % (2 * math.pi), id(c), c) for c in ring))
        gaps = [((angled[(i + 1) % len(angled)][0] - a) % (2 * math.pi), i) for i, (a, _, _) in enumerate(angled)]
        start = (max(gaps)[1] + 1) % len(angled) if len(angled) > 1 else 0
        text = "".join(c["text"] for _, _, c in angled[start:] + angled[:start])
    for line in _lines(inner, 0):
        text = _join(text, line.text)
    return clean_text(text)


def _cluster(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    best = min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))
    return best


def _grid(table, chars: list[dict], page: int) -> tuple[_Grid | None, list[dict]]:
    """The table's cells in the blocks convention, and the characters not inside it."""
    boxes = [tuple(map(float, c)) for c in table.cells]
    if not boxes:
        return None, chars
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 2 or len(ys) < 2:
        return None, chars
    spans = []
    owner: dict[tuple[int, int], int] = {}
    for n, (x0, top, x1, bottom) in enumerate(boxes):
        c0, c1, r0, r1 = _index(xs, x0), _index(xs, x1), _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            spans.append(None)
            continue
        spans.append((c0, c1, r0, r1))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), n)
    bx0, btop, bx1, bbottom = (float(v) for v in table.bbox)
    inside: dict[int, list[dict]] = {}
    rest: list[dict] = []
    import bisect
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (bx0 <= cx <= bx1 and btop <= cy <= bbottom):
            rest.append(ch)
            continue
        col = min(max(bisect.bisect_right(xs, cx) - 1, 0), len(xs) - 2)
        row = min(max(bisect.bisect_right(ys, cy) - 1, 0), len(ys) - 2)
        n = owner.get((row, col))
        if n is not None:
            inside.setdefault(n, []).append(ch)
        else:
            rest.append(ch)
    cells: dict[int, _Cell] = {}
    for n, span in enumerate(spans):
        if span is None:
            continue
        c0, c1, r0, r1 = span
        cell_lines = _lines(inside.get(n, []), page)
        text = ""
        for line in cell_lines:
            text = _join(text, line.text)
        cells[n] = _Cell(clean_text(text), xs[c0], xs[c1], page, rows=r1 - r0)
    rows: list[list[_Cell]] = []
    for r in range(len(ys) - 1):
        row: list[_Cell] = []
        seen = set()
        for c in range(len(xs) - 1):
            n = owner.get((r, c))
            if n is None or n in seen:
                continue
            seen.add(n)
            c0, c1, r0, r1 = spans[n]
            cell = cells[n]
            row.append(cell if r == r0 else _Cell("", cell.x0, cell.x1, page, origin=cell))
        if row:
            rows.append(row)
    if not rows:
        return None, chars
    grid = _Grid(rows, bx0, bx1, btop, bbottom, page)
    if grid.framed_text:
        return grid, chars        # a frame around text: its characters stay in the text flow
    return grid, rest


def _lines(chars: list[dict], page: int) -> list[_Line]:
    """Characters grouped into lines: a character belongs to a line it overlaps vertically by
    half its height (fonts of one line sit at slightly different heights)."""
    groups: list[list] = []        # [top, bottom, chars]
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        top, bottom = ch["top"], ch["bottom"]
        height = max(bottom - top, 0.1)
        for g in reversed(groups[-4:]):
            overlap = min(g[1], bottom) - max(g[0], top)
            if overlap >= 0.5 * min(height, g[1] - g[0]):
                g[2].append(ch)
                break
        else:
            groups.append([top, bottom, [ch]])
    lines = []
    for top, bottom, members in groups:
        line = _make_line(members, page)
        if line is not None:
            lines.append(line)
    return lines


def _make_line(members: list[dict], page: int) -> _Line | None:
    members.sort(key=lambda c: c["x0"])
    sizes = [c["size"] for c in members]
    size = statistics.median(sizes) if sizes else 10.0
    parts: list[str] = []
    kept: list[dict] = []
    prev = None
    for ch in members:
        if prev is not None:
            if ch["text"] == prev["text"] and abs(ch["x0"] - prev["x0"]) < 0.3 * size:
                continue              # drawn twice for a bold effect
            if ch["x0"] - prev["x1"] > 0.25 * size:
                parts.append(" ")
        parts.append(ch["text"])
        kept.append(ch)
        prev = ch
    text = clean_text("".join(parts))
    if not text:
        return None
    first = kept[0]
    m = _LATIN_RUN.match(text)
    if m and len(m.group()) > 1:
        end = min(len(kept), len(m.group())) - 1
        unit = kept[end]["x1"] - first["x0"]
    else:
        end = 0
        while end + 1 < len(kept) and kept[end + 1]["text"] in _CLOSING:
            end += 1
        unit = kept[end]["x1"] - first["x0"]
    return _Line(text, first["x0"], max(c["x1"] for c in kept), min(c["top"] for c in kept),
                 max(c["bottom"] for c in kept), size, page, unit)


# ---------------------------------------------------------------- the document
@lru_cache(maxsize=1)
def _known_labels() -> frozenset[str]:
    """Every label the national templates print in tables 二, 三 and 四, without spaces."""
    from ..templates.national import TEMPLATE_2019, TEMPLATE_2021
    labels: set[str] = set()
    for template in (TEMPLATE_2019, TEMPLATE_2021):
        for key in ("t2", "t3", "t4"):
            spec = template.table(key)
            labels.update(spec.header_labels)
            for col in spec.columns:
                labels.add(col.label)
                labels.update(col.header_aliases)
            for row in spec.rows:
                labels.update(lab for lab in row.labels if lab)
                labels.update(row.aliases)
            for group in spec.groups:
                labels.add(group.label)
                labels.update(c.label for c in group.columns)
                for row in group.rows:
                    labels.update(lab for lab in row.labels if lab)
                    labels.update(row.aliases)
    labels.update(("信息内容",))
    return frozenset(re.sub(r"\s+", "", label) for label in labels if label)


def _is_label(text: str) -> bool:
    return re.sub(r"\s+", "", text) in _known_labels()


def _label_prefix(text: str) -> bool:
    text = re.sub(r"\s+", "", text)
    return any(label.startswith(text) for label in _known_labels())


class _Assembler:
    def __init__(self, pages: list[_Page]):
        self.pages = pages

    def blocks(self) -> list[Block]:
        self.furniture()
        sequence = [item for page in self.pages for item in page.items]
        sequence = self.stitch(sequence)
        self.geometry([i for i in sequence if isinstance(i, _Line)])
        out: list[Block] = []
        paragraph: list[_Line] = []
        table_number = 0
        for item in sequence:
            if isinstance(item, _Grid):
                if paragraph:
                    out.append(self.text_block(paragraph))
                    paragraph = []
                table_number += 1
                out.append(self.table_block(item, table_number))
                continue
            if paragraph and self.breaks(paragraph[-1], item):
                out.append(self.text_block(paragraph))
                paragraph = []
            paragraph.append(item)
        if paragraph:
            out.append(self.text_block(paragraph))
        for page in self.pages:
            out.extend(page.artifacts)
        return out

    # -- page furniture
    def furniture(self) -> None:
        """Page numbers, running headers and footers: lines at the top or bottom of a page."""
        candidates: list[tuple[_Page, _Line, str]] = []
        for page in self.pages:
            lines = [i for i in page.items if isinstance(i, _Line)]
            for line in lines[:2]:
                if line.bottom < 0.14 * page.height:
                    candidates.append((page, line, "header"))
            for line in lines[-2:]:
                if line.top > 0.85 * page.height:
                    candidates.append((page, line, "footer"))
        repeated: dict[tuple[str, str], set[int]] = {}
        for page, line, where in candidates:
            repeated.setdefault((where, re.sub(r"\d+", "#", line.text.replace(" ", ""))), set()).add(page.number)
        needed = max(2, int(0.4 * len(self.pages)))
        for page, line, where in candidates:
            kind = None
            if _PAGE_NUMBER.match(line.text):
                kind = "page_number"
            elif len(repeated[(where, re.sub(r"\d+", "#", line.text.replace(" ", "")))]) >= needed:
                kind = where
            if kind is not None and line in page.items:
                page.items.remove(line)
                page.artifacts.append(ArtifactBlock(kind, line.text, Place(page=page.number)))

    # -- tables over page breaks
    def stitch(self, sequence: list) -> list:
        """Tables going on over a page break made one; frames around text dropped (their text
        is in the text flow), unless the frame is the next part of a table on the page before."""
        out: list = []
        i = 0
        while i < len(sequence):
            item = sequence[i]
            i += 1
            if not isinstance(item, _Grid):
                out.append(item)
                continue
            previous = out[-1] if out else None
            if (isinstance(previous, _Grid) and item.page == previous.last_page + 1 and self.aligned(previous, item)):
                if item.framed_text:     # its text lines follow it in the sequence: they are the table's
                    while i < len(sequence) and isinstance(sequence[i], _Line) and sequence[i].page == item.page \
                            and sequence[i].top >= item.top - 1 and sequence[i].bottom <= item.bottom + 1:
                        i += 1
                self.continue_table(previous, item)
                continue
            if not item.framed_text:
                out.append(item)
        return out

    @staticmethod
    def aligned(a: _Grid, b: _Grid) -> bool:
        width = max(a.x1 - a.x0, b.x1 - b.x0, 1.0)
        return abs(a.x0 - b.x0) < 0.05 * width + 6 and abs(a.x1 - b.x1) < 0.05 * width + 6

    def continue_table(self, a: _Grid, b: _Grid) -> None:
        rows = b.rows
        # a repeated header: the first rows of the continuation equal the table's first rows
        k = 0
        while k < len(rows) - 1 and k < len(a.rows) and _texts(rows[k]) == _texts(a.rows[k]) and any(_texts(rows[k])):
            k += 1
        rows = rows[k:]
        # a row cut by the page break: its label's second part starts the continuation
        if rows and a.rows:
            moved = False
            last = a.rows[-1]
            same_shape = len(last) == len(rows[0]) and all(
                abs(p.x0 - q.x0 - (a.x0 - b.x0)) < 4 and abs(p.x1 - q.x1 - (a.x1 - b.x1)) < 4 for p, q in zip(last, rows[0]))
            for cell in rows[0]:
                if not cell.text or cell.origin is not None or _NUMBER.match(cell.text):
                    continue
                above = _cell_at(last, (cell.x0 + cell.x1) / 2 + (a.x0 - b.x0))
                if above is None:
                    continue
                target = above.origin or above
                if not target.text:
                    # a merged label whose text sits below the break: it belongs to the merge's first row
                    if (above.origin is not None or above.rows > 1) and _is_label(cell.text):
                        target.text, cell.text, moved = cell.text, "", True
                    continue
                if _NUMBER.match(target.text):
                    continue
                joined = _join(target.text, cell.text)
                if (_is_label(joined) or _label_prefix(joined)) and not _is_label(cell.text) or (
                        same_shape and not _is_label(cell.text) and not _is_label(target.text)
                        and not _ORDINAL_START.match(cell.text)):
                    target.text, cell.text, moved = joined, "", True
            if moved and not any(c.text for c in rows[0]) and len(rows[0]) == len(last):
                rows = rows[1:]
        a.rows.extend(rows)
        a.bottom, a.last_page = b.bottom, b.page

    # -- paragraphs
    def geometry(self, lines: list[_Line]) -> None:
        """The text column of each page: its left edge (where most lines start) and its right
        edge (where full lines end; lines ending in punctuation may hang past it)."""
        self.left: dict[int, float] = {}
        self.right: dict[int, float] = {}
        self.pitch: dict[float, float] = {}
        sizes = [round(line.size) for line in lines]
        self.body_size = statistics.mode(sizes) if sizes else 12.0
        by_page: dict[int, list[_Line]] = {}
        for line in lines:
            by_page.setdefault(line.page, []).append(line)
        all_left = _left_edge(lines)
        all_right = _right_edge(lines)
        for number, page_lines in by_page.items():
            self.left[number] = _left_edge(page_lines) if len(page_lines) >= 6 else all_left
            self.right[number] = _right_edge(page_lines) if len(page_lines) >= 6 else all_right
        pitches: dict[float, list[float]] = {}
        for a, b in zip(lines, lines[1:]):
            if a.page == b.page and round(a.size) == round(b.size) and b.top > a.top:
                pitches.setdefault(round(a.size), []).append(b.top - a.top)
        self.pitch = {s: _line_pitch(v) for s, v in pitches.items()}
        # paragraphs set apart by space: the wider gaps between lines show where they end
        self.spaced = sum(1 for size, v in pitches.items() for p in v if p > 1.45 * self.pitch[size]) >= 2
        s = self.body_size
        indented = sum(1 for line in lines if 1.5 * s <= line.x0 - self.left.get(line.page, all_left) <= 2.6 * s)
        self.indent_style = indented >= 2

    def breaks(self, a: _Line, b: _Line) -> bool:
        """Whether line b starts a new paragraph after line a."""
        s = max(a.size, b.size, 1.0)
        if _PUNCT_ONLY.match(b.text):
            return False                     # a hanging “。” that landed on a line of its own
        if abs(a.size - b.size) > 0.15 * s:
            return True
        if _HEADING_START.match(b.text):
            return True
        left = self.left.get(b.page, b.x0)
        if b.x0 - left > 1.2 * b.size:
            return True                      # an indented first line (or a centred line)
        right = self.right.get(a.page, a.x1)
        if right - a.x1 > b.first_unit + 0.35 * a.size:
            return True                      # the next line's first word would have fitted
        if a.page == b.page:
            pitch = self.pitch.get(round(a.size))
            if pitch and b.top - a.top > 1.45 * pitch:
                return True                  # space between paragraphs
        if not self.indent_style and not self.spaced and a.text[-1] in _TERMINAL:
            return True                      # neither indents nor spacing: a full line ending a sentence
        return False

    def text_block(self, lines: list[_Line]) -> TextBlock:
        text = ""
        for line in lines:
            text = _join(text, line.text)
        return TextBlock(clean_text(text), Place(page=lines[0].page))

    def table_block(self, grid: _Grid, number: int) -> TableBlock:
        rows = []
        for r, row in enumerate(grid.rows, start=1):
            rows.append([CellBlock(cell.text, Place(page=cell.page, table=number, row=r, col=c))
                         for c, cell in enumerate(row, start=1)])
        return TableBlock(rows, Place(page=grid.page, table=number))


def _line_pitch(pitches: list[float]) -> float:
    """The distance between lines inside a paragraph: the smallest one that recurs (many short
    paragraphs make the wider distance between paragraphs the commoner one)."""
    ordered = sorted(pitches)
    need = max(2, int(0.1 * len(ordered)))
    for v in ordered:
        if sum(1 for p in ordered if abs(p - v) <= 1.0) >= need:
            return v
    return statistics.median(ordered)


def _texts(row: list[_Cell]) -> list[str]:
    return [c.text for c in row]


def _cell_at(row: list[_Cell], x: float) -> _Cell | None:
    for cell in row:
        if cell.x0 - 1 <= x <= cell.x1 + 1:
            return cell
    return None


def _left_edge(lines: list[_Line]) -> float:
    """Where most lines start (the text column's left edge)."""
    if not lines:
        return 0.0
    counts: dict[int, int] = {}
    for line in lines:
        counts[round(line.x0)] = counts.get(round(line.x0), 0) + 1
    best = max(counts.values())
    # the leftmost x that is nearly as common as the most common one
    return float(min(x for x, n in counts.items() if n >= max(2, 0.5 * best)) if best >= 2 else min(counts))


def _right_edge(lines: list[_Line]) -> float:
    """The right edge of the text column: the largest line end that at least a few lines
    reach to within a character (lines ending in punctuation may hang past it)."""
    ends = sorted((line.x1, line.size) for line in lines if line.text[-1] not in _CLOSING) or \
        sorted((line.x1, line.size) for line in lines)
    if not ends:
        return 0.0
    need = min(3, len(ends))
    for x1, size in reversed(ends):
        if sum(1 for e, _ in ends if x1 - size <= e <= x1 + 0.5) >= need:
            return x1
    return ends[-1][0]
