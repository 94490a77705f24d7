"""Renders a report in the Tika text layout (tests/builder.py, or a seed) into a real .docx,
for tests of the Word reader and of --fix.

    text = build_report(year=2019)
    path = render_docx(text, tmp_path / "report.docx")

Every line outside a table becomes a Word paragraph (a blank line an empty paragraph,
`[bookmark: X]` in front of a line a real bookmark, a TAB a w:tab), and every table a Word
table of real cells. Merged cells are made as Word makes them: in table 三 the label of
一、本年新收 spans the three label columns (w:gridSpan), 三、本年度办理结果 and （三）不予公开
are vertically merged down their rows (w:vMerge), and so are the header cells; the text
layout writes such a cell once and a vertical continuation as an empty cell, which is how
they are mapped back. Prose is split into runs at every “，” with alternating formatting,
so that a fix must touch only the run that holds the fixed text.
"""
from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from govlint.syntax.tree import Table
from govlint.syntax.parser import parse
from govlint.read.text import from_text

BODY_FONT, HEADING_FONT, CELL_SIZE = "仿宋_GB2312", "黑体", 10.5
_BOOKMARK = re.compile(r"\[bookmark: ([^\]\n]*)\]")
_NUMBER = re.compile(r"^[\s\u3000\u00a0]*-?\d+(\.\d+)?[\s\u3000\u00a0]*$")
_SECTION = re.compile(r"^[一二三四五六七八九十]{1,2}、")

# Table 三: three label columns, seven value columns. Spans by number of cells in a row.
_T3_SPANS = {2: [3, 7], 4: [3, 1, 5, 1], 8: [3] + [1] * 7, 9: [1, 2] + [1] * 7, 10: [1] * 10}
_T4_SPANS = {2: [5, 10], 7: [1] * 5 + [5, 5], 15: [1] * 15}


def render_docx(text: str, path: str | Path) -> Path:
    """Write `text` (Tika layout) as a .docx at `path`."""
    document = docx.Document()
    body_style = document.styles["Normal"]
    body_style.font.name = BODY_FONT
    body_style.font.size = Pt(16)
    body_style.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    _strip_default_paragraph(document)
    source = from_text(text)
    tables = {b.span.line: b for b in parse(source).blocks if isinstance(b, Table)}
    lines = source.text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    number, bookmark_id = 1, 0
    while number <= len(lines):
        table = tables.get(number)
        if table is not None:
            _add_table(document, table)
            number = table.span.end_line + 2          # the blank line that ends the last row
            continue
        bookmark_id = _add_paragraph(document, lines[number - 1], bookmark_id)
        number += 1
    document.save(str(path))
    return Path(path)


def _strip_default_paragraph(document) -> None:
    body = document.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)


def _add_paragraph(document, line: str, bookmark_id: int) -> int:
    paragraph = document.add_paragraph()
    names = []
    while True:
        m = _BOOKMARK.match(line)
        if not m:
            break
        names.append(m.group(1))
        line = line[m.end():]
    for name in names:
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(bookmark_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(bookmark_id))
        paragraph._p.append(start)
        paragraph._p.append(end)
        bookmark_id += 1
    heading = bool(_SECTION.match(line))
    for i, part in enumerate(_runs_of(line)):
        run = paragraph.add_run(part)
        if heading:
            run.bold = True
            run.font.name = HEADING_FONT
            run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEADING_FONT)
        elif i % 2:
            run.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    return bookmark_id


def _runs_of(line: str) -> list[str]:
    """Prose split after every “，” (each piece its own run)."""
    parts = re.findall(r"[^，]*，|[^，]+$", line)
    return [p for p in parts if p]


# ---------------------------------------------------------------- tables
def _add_table(document, table: Table) -> None:
    rows = [[cell.text.replace("\r", "") for cell in row.cells] for row in table.rows]
    layout = _layout(rows)
    width = max(sum(span for _, span, _ in row) for row in layout)
    tbl = document.add_table(rows=0, cols=width)._tbl
    tbl.tblPr.insert(0, _element("w:tblStyle", val="TableGrid"))   # first, as the schema orders it
    for row in layout:
        tr = OxmlElement("w:tr")
        tbl.append(tr)
        for text, span, vmerge in row:
            tr.append(_cell(text, span, vmerge))


def _cell(text: str, span: int, vmerge: str | None):
    tc = OxmlElement("w:tc")
    tc_pr = OxmlElement("w:tcPr")
    tc.append(tc_pr)
    tc_pr.append(_element("w:tcW", w=str(600 * span), type="dxa"))
    if span > 1:
        tc_pr.append(_element("w:gridSpan", val=str(span)))
    if vmerge == "restart":
        tc_pr.append(_element("w:vMerge", val="restart"))
    elif vmerge == "continue":
        tc_pr.append(OxmlElement("w:vMerge"))
    for line in (text.split("\n") if vmerge != "continue" else [""]):
        tc.append(_cell_paragraph(line))
    return tc


def _cell_paragraph(line: str):
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_pr.append(_element("w:jc", val="center"))
    p_pr.append(_size_rpr())              # the paragraph mark's formatting, as Word writes it
    p.append(p_pr)
    if line:
        r = OxmlElement("w:r")
        r.append(_size_rpr())
        t = OxmlElement("w:t")
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
        p.append(r)
    return p


def _size_rpr():
    rpr = OxmlElement("w:rPr")
    half_points = str(int(CELL_SIZE * 2))
    rpr.append(_element("w:sz", val=half_points))
    rpr.append(_element("w:szCs", val=half_points))
    return rpr


def _element(tag: str, **attributes):
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _plain_layout(rows: list[list[str]]) -> list[list[tuple[str, int, str | None]]]:
    """Cells side by side; a short row's last cell spans the rest of the grid."""
    width = max(len(r) for r in rows)
    return [[(t, 1 if i < len(r) - 1 else width - len(r) + 1, None) for i, t in enumerate(r)] for r in rows]


def _layout(rows: list[list[str]]) -> list[list[tuple[str, int, str | None]]]:
    """(text, grid span, vMerge) for every cell, with Word's merges for tables 三 and 四."""
    joined = "".join("".join(r) for r in rows)
    if "本年新收" in joined:
        spans, merge_columns = _T3_SPANS, 3
    elif "复议后起诉" in joined:
        spans, merge_columns = _T4_SPANS, 0
    else:
        return _plain_layout(rows)
    width = sum(next(iter(spans.values())))
    if any(len(r) not in spans for r in rows):
        return _plain_layout(rows)
    first_data = next((i for i, r in enumerate(rows) if any(_NUMBER.match(t) for t in r)), len(rows))
    layout: list[list[list]] = []
    above: dict[tuple[int, int], list] = {}
    for index, row in enumerate(rows):
        cells, start, here = [], 0, {}
        for text, span in zip(row, spans[len(row)]):
            cell = [text, span, None]
            upper = above.get((start, span))
            mergeable = index < first_data or start < merge_columns
            if text == "" and mergeable and upper is not None and (upper[0] or upper[2] == "continue"):
                cell[2] = "continue"
                if upper[2] is None:
                    upper[2] = "restart"
            cells.append(cell)
            here[(start, span)] = cell
            start += span
        assert start == width, (row, start)
        above = here
        layout.append(cells)
    return [[tuple(c) for c in row] for row in layout]
