"""Reading a Word .docx report into the same syntax tree the grammar builds from text.

The body is walked in document order (python-docx/lxml, the XML as Word wrote it). While
walking, the reader writes a *synthetic text* in the Tika layout the grammar reads: one line
per paragraph, a table cell as a line starting with TAB (a cell of several paragraphs
continues on the next lines), a blank line after each table row. Every AST node's span
points into that text, so line/column/offsets mean for a .docx what they mean for its text
export, and every rule works on both unchanged. Tables are read from the real cells:

- a horizontally merged cell (w:gridSpan, legacy w:hMerge) is read once;
- a vertically merged continuation (w:vMerge without "restart") is read as an empty cell,
  exactly as Tika writes it and as the template model expects for table 三's label columns.

What Word shows but is not report text is kept as `Artifact` nodes, never as paragraphs:
bookmarks at the start of a paragraph are written in front of it as Tika does
(`[bookmark: _GoBack]`); text boxes, headers, footers, footnotes, field instructions
(w:instrText, w:fldSimple) and bookmarks elsewhere are written after the body, one
artifact per line. The displayed result of a field stays in the text.

`DocxSource` carries the map back to Word: for each stretch of the text, the paragraph
number or table/row/column (`locate`), and for each character that came from a w:t
element, that element and index (`pieces`), which is what fix.py edits.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from govlint.read.layout import PAD as _PAD, LaidOutSource, NodeBuilder, Region, line_kind
from govlint.read.text import InputError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
DOCX_SUFFIXES = (".docx", ".docm", ".dotx")


def w_tag(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = (w_tag(t) for t in ("p", "r", "t", "tbl", "tr", "tc"))
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = w_tag("sdt"), w_tag("sdtContent"), w_tag("customXml")
W_BOOKMARK, W_INSTR, W_FLD_SIMPLE, W_TXBX = w_tag("bookmarkStart"), w_tag("instrText"), w_tag("fldSimple"), w_tag("txbxContent")
W_VAL, W_NAME, W_TYPE = w_tag("val"), w_tag("name"), w_tag("type")
H_MERGE, V_MERGE = f"{w_tag('tcPr')}/{w_tag('hMerge')}", f"{w_tag('tcPr')}/{w_tag('vMerge')}"
MC_ALTERNATE, MC_FALLBACK = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Fallback"
# Inline containers whose runs are shown as part of the paragraph.
_INLINE_CONTAINERS = {w_tag(t) for t in ("hyperlink", "ins", "smartTag", "customXml", "sdt", "sdtContent",
                                     "fldSimple", "moveTo", "dir", "bdo")}
# Run children that hold drawings or objects, possibly with text boxes inside.
_DRAWINGS = {w_tag("drawing"), w_tag("pict"), w_tag("object"), MC_ALTERNATE}
_RUN_LITERALS = {w_tag("tab"): "\t", w_tag("ptab"): "\t", w_tag("cr"): "\n", w_tag("noBreakHyphen"): "-"}


# ---------------------------------------------------------------- what the reader records
@dataclass(frozen=True)
class Piece:
    """Characters [start, end) of the synthetic text are element.text[index:index+end-start]
    of a w:t element."""

    start: int
    end: int
    element: object
    index: int


@dataclass(frozen=True)
class Anchor:
    """A Word paragraph's line in the synthetic text: where to insert into it when empty."""

    start: int
    end: int
    paragraph: object


@dataclass
class DocxSource(LaidOutSource):
    """A .docx read into the synthetic text, with the tree and the map back to Word."""

    package: object = None                 # the python-docx Document (its XML is what fix.py edits)
    pieces: list[Piece] = field(default_factory=list, repr=False)
    anchors: list[Anchor] = field(default_factory=list, repr=False)


# ---------------------------------------------------------------- entry points
def is_docx(path: str | Path) -> bool:
    """Whether a file is to be read as Word: a .docx name, or a ZIP holding word/document.xml."""
    p = Path(path)
    if p.suffix.lower() in DOCX_SUFFIXES:
        return p.is_file()
    try:
        with p.open("rb") as f:
            if f.read(4) != ZIP_MAGIC:
                return False
        with zipfile.ZipFile(p) as z:
            return "word/document.xml" in z.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def read_docx(path: str | Path) -> DocxSource:
    import docx
    p = Path(path)
    try:
        with p.open("rb") as f:
            head = f.read(4096)
    except OSError as e:
        raise InputError(f"无法读取文件 {path}：{e.strerror or e}") from None
    _check_container(p, head)
    try:
        package = docx.Document(str(p))
    except Exception as e:   # python-docx/lxml/zipfile raise many kinds for a damaged package
        raise InputError(f"{path}：Word 文档已损坏或不完整，无法读取（{type(e).__name__}）。"
                         "请用 Word/WPS 打开后重新另存为 .docx 再检查") from None
    return _Reader(str(path), package).read()


def _check_container(path: Path, head: bytes) -> None:
    if not head.strip(b" \t\r\n\x00"):
        raise InputError(f"文件是空的：{path}")
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if ENCRYPTED_MARK in data:
            raise InputError(f"{path}：Word 文档设有打开密码（已加密），无法读取。请在 Word 中"
                             "“文件→信息→保护文档→用密码进行加密”清除密码（WPS：“文件→文档加密”）后另存再检查")
        raise InputError(f"{path}：这是旧版 Word（.doc）或 WPS（.wps）格式的文件，只是扩展名为 .docx。"
                         "请用 Word/WPS 打开后另存为 .docx 或纯文本（.txt）再检查")
    if not head.startswith(ZIP_MAGIC):
        raise InputError(f"{path}：不是有效的 Word .docx 文件（文件内容不是 .docx 格式，可能已损坏或只是改了扩展名）。"
                         "请用 Word/WPS 打开后另存为 .docx 或纯文本（.txt）再检查")
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile:
        raise InputError(f"{path}：Word 文档已损坏（压缩包结构不完整），无法读取。"
                         "请用 Word/WPS 打开并修复后另存为 .docx 再检查") from None
    if "word/document.xml" not in names:
        raise InputError(f"{path}：这个压缩包里没有 Word 正文（word/document.xml），不是 .docx 文档"
                         "（可能是 .xlsx、.wps 新格式或其他文件）。请另存为 .docx 或纯文本（.txt）再检查")


# ---------------------------------------------------------------- walking the XML
@dataclass
class _Inline:
    """One item of a paragraph's content: shown text (from a w:t or a literal), or something
    kept aside (bookmark, field instruction, text box)."""

    kind: str             # text | literal | bookmark | field | textbox
    text: str = ""
    element: object = None


def _inline(parent) -> Iterator[_Inline]:
    for child in parent:
        tag = child.tag
        if tag == W_R:
            yield from _run(child)
        elif tag == W_BOOKMARK:
            yield _Inline("bookmark", child.get(W_NAME, ""))
        elif tag == W_FLD_SIMPLE:
            yield _Inline("field", (child.get(w_tag("instr")) or "").strip())
            yield from _inline(child)
        elif tag in _INLINE_CONTAINERS:
            yield from _inline(child)
        elif tag == MC_ALTERNATE:
            yield from _text_boxes(child)


def _run(r) -> Iterator[_Inline]:
    for child in r:
        tag = child.tag
        if tag == W_T:
            if child.text:
                yield _Inline("text", child.text, child)
        elif tag in _RUN_LITERALS:
            yield _Inline("literal", _RUN_LITERALS[tag])
        elif tag == w_tag("br"):
            if child.get(W_TYPE) in (None, "textWrapping"):
                yield _Inline("literal", "\n")
        elif tag == W_INSTR:
            if (child.text or "").strip():
                yield _Inline("field", child.text.strip())
        elif tag in _DRAWINGS:
            yield from _text_boxes(child)


def _text_boxes(element) -> Iterator[_Inline]:
    """Text boxes inside a drawing; the copy Word keeps in mc:Fallback is skipped."""
    for box in element.iter(W_TXBX):
        if any(a.tag == MC_FALLBACK for a in box.iterancestors()):
            continue
        yield _Inline("textbox", element=box)


def _block_items(container) -> Iterator:
    """Body-level paragraphs and tables in order, looking through content controls."""
    for child in container:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _block_items(content)
        elif child.tag == W_CUSTOM_XML:
            yield from _block_items(child)


def _rows(tbl) -> Iterator:
    for child in tbl:
        if child.tag == W_TR:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            yield from _rows(child.find(W_SDT_CONTENT) if child.tag == W_SDT else child)


def _cells(tr) -> Iterator:
    """The cells of a row as Word lays them out; a legacy hMerge continuation is skipped."""
    for child in tr:
        if child.tag == W_TC:
            merge = child.find(H_MERGE)
            if merge is not None and merge.get(W_VAL) != "restart":
                continue
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            yield from _cells(child.find(W_SDT_CONTENT) if child.tag == W_SDT else child)


def _is_continuation(tc) -> bool:
    merge = tc.find(V_MERGE)
    return merge is not None and merge.get(W_VAL) in (None, "continue")


def _cell_paragraphs(container) -> Iterator:
    """A cell's paragraphs in order; a nested table's cells are read as further lines."""
    for block in _block_items(container):
        if block.tag == W_P:
            yield block
        else:
            for tr in _rows(block):
                for tc in _cells(tr):
                    yield from _cell_paragraphs(tc)


# ---------------------------------------------------------------- the reader
class _Reader:
    def __init__(self, path: str, package):
        self.path, self.package = path, package
        self.parts: list[str] = []
        self.pos = 0
        self.pieces: list[Piece] = []
        self.anchors: list[Anchor] = []
        self.regions: list[Region] = []
        self.raw: list[tuple] = []           # block records, turned into nodes once the text is known
        self.aside: list[tuple[str, str]] = []   # (artifact kind, text) written after the body
        self.paragraph_number = 0
        self.table_number = 0

    def read(self) -> DocxSource:
        for block in _block_items(self.package.element.body):
            if block.tag == W_P:
                self.body_paragraph(block)
            else:
                self.table(block)
        self.other_parts()
        for kind, text in self.aside:
            start = self.pos
            self.write(" ".join(text.split("\n")).replace("\t", " "))
            self.raw.append(("artifact", kind, start, self.pos))
            self.write("\n")
        text = "".join(self.parts)
        source = DocxSource(path=self.path, text=text, encoding="docx", package=self.package,
                            pieces=self.pieces, anchors=self.anchors, regions=self.regions)
        source.document = NodeBuilder(source).document(self.raw)
        return source

    # -- writing the synthetic text
    def write(self, text: str, element=None, index: int = 0) -> None:
        if not text:
            return
        if element is not None:
            self.pieces.append(Piece(self.pos, self.pos + len(text), element, index))
        self.parts.append(text)
        self.pos += len(text)

    def content(self, p, keep_bookmarks: bool) -> tuple[str, list[int]]:
        """Write a paragraph's shown text; return it and the offsets where its lines break."""
        first = len(self.parts)
        breaks: list[int] = []
        for item in _inline(p):
            if item.kind == "text":
                self._text(item.text, item.element, breaks)
            elif item.kind == "literal":
                if item.text == "\n":
                    breaks.append(self.pos)
                self.write(item.text)
            elif not (item.kind == "bookmark" and keep_bookmarks):
                self.set_aside(item)
        return "".join(self.parts[first:]), breaks

    def set_aside(self, item: _Inline) -> None:
        if item.kind == "bookmark":
            self.aside.append(("bookmark", f"[bookmark: {item.text}]"))
        elif item.kind == "field":
            self.aside.append(("field", item.text))
        elif item.kind == "textbox":
            self.aside.append(("textbox", _plain_text(item.element)))

    def _text(self, text: str, element, breaks: list[int]) -> None:
        """A w:t's text; line breaks in it (rare) break the line too."""
        index = 0
        for i, line in enumerate(text.split("\n")):
            if i:
                breaks.append(self.pos)
                self.write("\n")
                index += 1
            self.write(line, element, index)
            index += len(line)

    # -- body paragraphs
    def body_paragraph(self, p) -> None:
        line_start = self.pos
        for item in _inline(p):   # Tika writes bookmarks in front of the paragraph
            if item.kind == "bookmark":
                start = self.pos
                self.write(f"[bookmark: {item.text}]")
                self.raw.append(("artifact", "bookmark", start, self.pos))
        start = self.pos
        text, breaks = self.content(p, keep_bookmarks=True)
        end = self.pos
        self.write("\n")
        bounds = list(zip([start] + [b + 1 for b in breaks], breaks + [end]))
        shown = [self._line(p, text[a - start:b - start], a, b) for a, b in bounds]
        if any(shown):
            self.paragraph_number += 1
            self.regions.append(Region(line_start, end, paragraph=self.paragraph_number))

    def _line(self, p, line: str, start: int, end: int) -> bool:
        """Record one line of a paragraph as a node; True when it shows report text."""
        self.anchors.append(Anchor(start, end, p))
        kind = line_kind(line)
        if kind is None:
            return False
        self.raw.append(("artifact" if kind == "chart" else "paragraph", kind, start, end))
        return True

    # -- tables
    def table(self, tbl) -> None:
        self.table_number += 1
        rows: list[list[tuple[int, int]]] = []
        for r, tr in enumerate(_rows(tbl), start=1):
            cells: list[tuple[int, int]] = []
            for c, tc in enumerate(_cells(tr), start=1):
                self.write("\t")
                start = self.pos
                if not _is_continuation(tc):
                    self.cell(tc)
                cells.append((start, self.pos))
                self.regions.append(Region(start, self.pos, table=self.table_number, row=r, col=c))
                self.write("\n")
            if cells:
                self.write("\n")
                rows.append(cells)
        if rows:
            self.raw.append(("table", rows))

    def cell(self, tc) -> None:
        """A cell's paragraphs as lines; empty paragraphs at its end are not written."""
        paragraphs = list(_cell_paragraphs(tc))
        shown = [p for p in paragraphs if any(i.kind in ("text", "literal") for i in _inline(p))]
        last = paragraphs.index(shown[-1]) if shown else 0
        for i, p in enumerate(paragraphs[:last + 1]):
            if i:
                self.write("\n")
            start = self.pos
            self.content(p, keep_bookmarks=False)
            self.anchors.append(Anchor(start, self.pos, p))
        for p in paragraphs[last + 1:]:
            for item in _inline(p):
                self.set_aside(item)

    # -- headers, footers, notes
    def other_parts(self) -> None:
        from lxml import etree
        kinds = {"header": "header", "footer": "footer", "footnotes": "footnote", "endnotes": "endnote",
                 "comments": "comment"}
        document_part = self.package.part
        parts = sorted({rel.target_part for rel in document_part.rels.values() if not rel.is_external},
                       key=lambda part: str(part.partname))
        for part in parts:
            name = Path(str(part.partname)).stem.rstrip("0123456789")
            kind = kinds.get(name)
            if kind is None:
                continue
            try:
                root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                continue
            for p in root.iter(W_P):
                text = _plain_text(p)
                if text.strip(_PAD):
                    self.aside.append((kind, text))


def _plain_text(element) -> str:
    """The shown text of a paragraph or a text box's paragraphs, on one line."""
    if element.tag == W_P:
        paragraphs = [element]
    else:
        paragraphs = list(element.iter(W_P))
    lines = ["".join(i.text for i in _inline(p) if i.kind in ("text", "literal")) for p in paragraphs]
    return " ".join(line.replace("\n", " ").replace("\t", " ") for line in lines if line.strip(_PAD))
