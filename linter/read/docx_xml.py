"""Walking WordprocessingML as Word lays it out: tags, a paragraph's inline items (text,
literals, bookmarks, field instructions, text boxes), body blocks, table rows and cells with
their merges. The Word reader (docx.py) and the comment reader use it; it holds no state."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from govlint.read.layout import PAD as _PAD

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

def w_tag(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = (w_tag(t) for t in ("p", "r", "t", "tbl", "tr", "tc"))
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = w_tag("sdt"), w_tag("sdtContent"), w_tag("customXml")
W_BOOKMARK, W_INSTR, W_FLD_SIMPLE, W_TXBX = w_tag("bookmarkStart"), w_tag("instrText"), w_tag("fldSimple"), w_tag("txbxContent")
W_VAL, W_NAME, W_TYPE = w_tag("val"), w_tag("name"), w_tag("type")
H_MERGE, V_MERGE = f"{w_tag('tcPr')}/{w_tag('hMerge')}", f"{w_tag('tcPr')}/{w_tag('vMerge')}"
MC_ALTERNATE, MC_FALLBACK = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Fallback"
# Inline containers whose runs are shown as part of the paragraph.
INLINE_CONTAINERS = {w_tag(t) for t in ("hyperlink", "ins", "smartTag", "customXml", "sdt", "sdtContent",
                                     "fldSimple", "moveTo", "dir", "bdo")}
# Run children that hold drawings or objects, possibly with text boxes inside.
DRAWINGS = {w_tag("drawing"), w_tag("pict"), w_tag("object"), MC_ALTERNATE}
RUN_LITERALS = {w_tag("tab"): "\t", w_tag("ptab"): "\t", w_tag("cr"): "\n", w_tag("noBreakHyphen"): "-"}


# ---------------------------------------------------------------- walking the XML
@dataclass
class Inline:
    """One item of a paragraph's content: shown text (from a w:t or a literal), or something
    kept aside (bookmark, field instruction, text box)."""

    kind: str             # text | literal | bookmark | field | textbox
    text: str = ""
    element: object = None


def inline_items(parent) -> Iterator[Inline]:
    for child in parent:
        tag = child.tag
        if tag == W_R:
            yield from run_items(child)
        elif tag == W_BOOKMARK:
            yield Inline("bookmark", child.get(W_NAME, ""))
        elif tag == W_FLD_SIMPLE:
            yield Inline("field", (child.get(w_tag("instr")) or "").strip())
            yield from inline_items(child)
        elif tag in INLINE_CONTAINERS:
            yield from inline_items(child)
        elif tag == MC_ALTERNATE:
            yield from text_boxes(child)


def run_items(r) -> Iterator[Inline]:
    for child in r:
        tag = child.tag
        if tag == W_T:
            if child.text:
                yield Inline("text", child.text, child)
        elif tag in RUN_LITERALS:
            yield Inline("literal", RUN_LITERALS[tag])
        elif tag == w_tag("br"):
            if child.get(W_TYPE) in (None, "textWrapping"):
                yield Inline("literal", "\n")
        elif tag == W_INSTR:
            if (child.text or "").strip():
                yield Inline("field", child.text.strip())
        elif tag in DRAWINGS:
            yield from text_boxes(child)


def text_boxes(element) -> Iterator[Inline]:
    """Text boxes inside a drawing; the copy Word keeps in mc:Fallback is skipped."""
    for box in element.iter(W_TXBX):
        if any(a.tag == MC_FALLBACK for a in box.iterancestors()):
            continue
        yield Inline("textbox", element=box)


def block_items(container) -> Iterator:
    """Body-level paragraphs and tables in order, looking through content controls."""
    for child in container:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from block_items(content)
        elif child.tag == W_CUSTOM_XML:
            yield from block_items(child)


def table_rows(tbl) -> Iterator:
    for child in tbl:
        if child.tag == W_TR:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            yield from table_rows(child.find(W_SDT_CONTENT) if child.tag == W_SDT else child)


def row_cells(tr) -> Iterator:
    """The cells of a row as Word lays them out; a legacy hMerge continuation is skipped."""
    for child in tr:
        if child.tag == W_TC:
            merge = child.find(H_MERGE)
            if merge is not None and merge.get(W_VAL) != "restart":
                continue
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            yield from row_cells(child.find(W_SDT_CONTENT) if child.tag == W_SDT else child)


def is_continuation(tc) -> bool:
    merge = tc.find(V_MERGE)
    return merge is not None and merge.get(W_VAL) in (None, "continue")


def cell_paragraphs(container) -> Iterator:
    """A cell's paragraphs in order; a nested table's cells are read as further lines."""
    for block in block_items(container):
        if block.tag == W_P:
            yield block
        else:
            for tr in table_rows(block):
                for tc in row_cells(tr):
                    yield from cell_paragraphs(tc)


def plain_text(element) -> str:
    """The shown text of a paragraph or a text box's paragraphs, on one line."""
    if element.tag == W_P:
        paragraphs = [element]
    else:
        paragraphs = list(element.iter(W_P))
    lines = ["".join(i.text for i in inline_items(p) if i.kind in ("text", "literal")) for p in paragraphs]
    return " ".join(line.replace("\n", " ").replace("\t", " ") for line in lines if line.strip(_PAD))
