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

from govlint.read.docx_xml import (W_P, Inline, block_items, cell_paragraphs, inline_items, is_continuation,
                                   plain_text, row_cells, table_rows)
from govlint.read.limits import DEFAULT as DEFAULT_LIMITS, MB, Limits, over
from govlint.read.layout import PAD as _PAD, LaidOutSource, NodeBuilder, Region, line_kind
from govlint.read.sniff import ZIP_MAGIC
from govlint.read.text import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


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
def read_docx(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> DocxSource:
    import docx
    p = Path(path)
    try:
        with p.open("rb") as f:
            head = f.read(4096)
    except OSError as e:
        raise InputError(f"无法读取文件 {path}：{e.strerror or e}") from None
    _check_container(p, head, limits)
    try:
        package = docx.Document(str(p))
    except Exception as e:   # python-docx/lxml/zipfile raise many kinds for a damaged package
        raise InputError(f"{path}：Word 文档已损坏或不完整，无法读取（{type(e).__name__}）。"
                         "请用 Word/WPS 打开后重新另存为 .docx 再检查") from None
    return _Reader(str(path), package).read()


def _check_container(path: Path, head: bytes, limits: Limits) -> None:
    if not head.strip(b" \t\r\n\x00"):
        raise InputError(f"文件是空的：{path}")
    if head.startswith(OLE_MAGIC):
        size = path.stat().st_size
        if size > limits.docx_mb * MB:
            raise InputError(over(path, "Word 文档过大", round(size / MB, 1), limits.docx_mb, "docx-mb"))
        data = path.read_bytes()
        if ENCRYPTED_MARK in data:
            raise InputError(f"{path}：Word 文档设有打开密码（已加密），无法读取。请在 Word 中"
                             "“文件→信息→保护文档→用密码进行加密”清除密码（WPS：“文件→文档加密”）后另存再检查")
        raise InputError(f"{path}：这是旧版 Word（.doc）或 WPS（.wps）格式的文件，只是扩展名为 .docx。"
                         "请用 Word/WPS 打开后另存为 .docx 或纯文本（.txt）再检查")
    if not head.startswith(ZIP_MAGIC):
        raise InputError(f"{path}：不是有效的 Word .docx 文件（文件内容不是 .docx 格式，可能已损坏或只是改了扩展名）。"
                         "请用 Word/WPS 打开后另存为 .docx 或纯文本（.txt）再检查")
    size = path.stat().st_size
    if size > limits.docx_mb * MB:
        raise InputError(over(path, "Word 文档过大", round(size / MB, 1), limits.docx_mb, "docx-mb"))
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise InputError(f"{path}：Word 文档已损坏（压缩包结构不完整），无法读取。"
                         "请用 Word/WPS 打开并修复后另存为 .docx 再检查") from None
    names = {i.filename for i in infos}
    _check_unpacked(path, infos, limits)
    if "word/document.xml" not in names:
        raise InputError(f"{path}：这个压缩包里没有 Word 正文（word/document.xml），不是 .docx 文档"
                         "（可能是 .xlsx、.wps 新格式或其他文件）。请另存为 .docx 或纯文本（.txt）再检查")


# Parts whose unpacked size counts against docx-xml-mb: what is parsed into memory (XML).
_PARSED_SUFFIXES = (".xml", ".rels")
MAX_PARTS = 10_000


def _check_unpacked(path: Path, infos: list, limits: Limits) -> None:
    """A decompression bomb (a small file whose XML unpacks to hundreds of MB) is refused before
    anything is unpacked. zipfile never returns more than a member's recorded size, so the
    recorded sizes bound what parsing can take."""
    if len(infos) > MAX_PARTS:
        raise InputError(f"{path}：Word 文档包含 {len(infos)} 个部件，远多于正常文档，可能已损坏或是恶意构造的文件，未予读取")
    unpacked = sum(i.file_size for i in infos if i.filename.lower().endswith(_PARSED_SUFFIXES))
    if unpacked > limits.docx_xml_mb * MB:
        raise InputError(over(path, "Word 文档解压后的正文过大", round(unpacked / MB, 1), limits.docx_xml_mb,
                              "docx-xml-mb") + "。文件可能是恶意构造的“解压炸弹”，或正文中有大量重复内容")


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
        for block in block_items(self.package.element.body):
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
        for item in inline_items(p):
            if item.kind == "text":
                self._text(item.text, item.element, breaks)
            elif item.kind == "literal":
                if item.text == "\n":
                    breaks.append(self.pos)
                self.write(item.text)
            elif not (item.kind == "bookmark" and keep_bookmarks):
                self.set_aside(item)
        return "".join(self.parts[first:]), breaks

    def set_aside(self, item: Inline) -> None:
        if item.kind == "bookmark":
            self.aside.append(("bookmark", f"[bookmark: {item.text}]"))
        elif item.kind == "field":
            self.aside.append(("field", item.text))
        elif item.kind == "textbox":
            self.aside.append(("textbox", plain_text(item.element)))

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
        for item in inline_items(p):   # Tika writes bookmarks in front of the paragraph
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
        for r, tr in enumerate(table_rows(tbl), start=1):
            cells: list[tuple[int, int]] = []
            for c, tc in enumerate(row_cells(tr), start=1):
                self.write("\t")
                start = self.pos
                if not is_continuation(tc):
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
        paragraphs = list(cell_paragraphs(tc))
        shown = [p for p in paragraphs if any(i.kind in ("text", "literal") for i in inline_items(p))]
        last = paragraphs.index(shown[-1]) if shown else 0
        for i, p in enumerate(paragraphs[:last + 1]):
            if i:
                self.write("\n")
            start = self.pos
            self.content(p, keep_bookmarks=False)
            self.anchors.append(Anchor(start, self.pos, p))
        for p in paragraphs[last + 1:]:
            for item in inline_items(p):
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
                text = plain_text(p)
                if text.strip(_PAD):
                    self.aside.append((kind, text))
