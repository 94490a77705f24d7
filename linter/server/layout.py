"""The report as the check page draws it: the decoded text and its blocks by character
offsets — paragraphs as lines, tables as rows of cells — so findings can be marked in place.
Only offsets of report text travel; the page takes every string of the report from `text`
and inserts it as text. Strings of the template (header labels) travel as strings.

Tables 二, 三 and 四, when the template model read them, also carry a `grid`: the table
on the template's own layout — its header with the merged cells (rowspan/colspan) the
official template has, the row labels merged as the template merges them, and every value
cell where the template puts it, with the report's cell (its offsets), the cell's name in the
template and its place in the file (表t 第r行第c列) for the pointer to show.
"""
from __future__ import annotations

from govlint.model.templates.spec import ColumnSpec, TableSpec, cell_key
from govlint.syntax.tree import Artifact, Paragraph, Table

HEADING_CHARS = 30            # a line longer than this is prose, whatever its numbering
T3_CORNER = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
_T3_LEGAL = {"business", "research", "nonprofit", "legal", "other_org"}
_T4_GROUPS = {"review": ("行政复议",), "suit_direct": ("行政诉讼", "未经复议直接起诉"),
              "suit_after": ("行政诉讼", "复议后起诉")}


def document_view(report) -> dict:
    source = report.source
    fmt = _format(source)
    places = _CellPlaces(report, fmt)
    grids, pieces = _grids(report, places)
    blocks = []
    for block in report.document.blocks:
        if isinstance(block, Table):
            if id(block) in pieces:            # a piece of a table split by a page break: drawn with its first piece
                continue
            blocks.append(_table(block, grids.get(id(block)), places, bool(grids)))
        else:
            blocks.append(_paragraph(block, fmt))
    return {"text": source.text, "format": fmt, "blocks": blocks}


def _format(source) -> str:
    name = type(source).__name__.lower()
    for fmt in ("docx", "html", "pdf"):
        if fmt in name:
            return fmt
    return "text"


def _paragraph(block, fmt: str) -> dict:
    s = block.span
    is_artifact = isinstance(block, Artifact)
    kind = block.kind if isinstance(block, (Paragraph, Artifact)) else None
    # Keys that would be null are left out: a report of many thousand lines sends less.
    out = {"type": "artifact" if is_artifact else "paragraph", "kind": kind, "start": s.offset, "end": s.end_offset,
           "line": s.line}
    if isinstance(block, Paragraph) and kind in ("section", "subheading"):
        text = block.text.rstrip()
        # A run-in heading, （一）主动公开情况。在公开内容上…: only the heading part is bold;
        # a heading on a line of its own is a heading; a long paragraph that merely starts
        # with a number is prose.
        stop = next((i for i, ch in enumerate(text[:HEADING_CHARS + 1]) if ch in "。：:"), None)
        if stop is not None and stop < len(text) - 1:
            out["lead"] = s.offset + stop + 1
        elif len(text.strip()) <= HEADING_CHARS:
            out["heading"] = 1 if kind == "section" else 2
    return out


def _table(block: Table, grid: dict | None, places: "_CellPlaces", model_read: bool) -> dict:
    s = block.span
    rows = [[[c.span.offset, c.span.end_offset] for c in row.cells] for row in block.rows]
    out = {"type": "table", "start": s.offset, "end": s.end_offset, "rows": rows, "line": s.line, "grid": grid,
           "places": [[places.where(c) for c in row.cells] for row in block.rows]}
    if grid is None:
        out["note"] = ("此表未能按模板读取（或不是模板表格），按原样显示" if model_read
                       else "未能按模板读取报告的表格，按原样显示")
    return out


# ---------------------------------------------------------------- where a cell is in the file
class _CellPlaces:
    """表t 第r行第c列 for every cell: from the reader's own map for laid-out formats (as Word
    shows the table), else the table's place among the text layout's tables."""

    def __init__(self, report, fmt: str):
        self.source, self.fmt = report.source, fmt
        self.numbers: dict[int, tuple[int, int, int, int]] = {}
        for t, table in enumerate(report.document.tables(), start=1):
            for r, row in enumerate(table.rows, start=1):
                for c, cell in enumerate(row.cells, start=1):
                    self.numbers[id(cell)] = (t, r, c, cell.span.line)

    def where(self, cell) -> str:
        locate = getattr(self.source, "locate", None)
        if locate is not None and self.fmt != "text":
            at = locate(cell.span.offset, cell.span.end_offset)
            if at is not None and at.table:
                page = f"第{at.page}页 " if at.page else ""
                return f"{page}表{at.table} 第{at.row}行第{at.col}列"
        t, r, c, line = self.numbers.get(id(cell), (0, 0, 0, cell.span.line))
        return f"表{t} 第{r}行第{c}列（文本第 {line} 行）" if t else f"文本第 {line} 行"


# ---------------------------------------------------------------- the template's grid
def _grids(report, places: _CellPlaces) -> tuple[dict[int, dict], set[int]]:
    """Grids by id of the first block of each table the model read; ids of the blocks that
    only continue one (drawn with it)."""
    model = getattr(report, "model", None)
    grids: dict[int, dict] = {}
    pieces: set[int] = set()
    if model is None:
        return grids, pieces
    blocks = report.document.tables()
    for key, read in model.tables.items():
        rows_here = {id(r) for r in read.node.rows}
        parts = [b for b in blocks if b.rows and id(b.rows[0]) in rows_here]
        if not parts:
            continue
        try:
            grid = (_grouped_grid if read.spec.groups else _plain_grid)(model, read.spec, read.node, places)
        except (KeyError, ValueError, IndexError):   # a template the page does not know how to draw
            continue
        grids[id(parts[0])] = grid
        pieces.update(id(b) for b in parts[1:])
    return grids, pieces


def _cell(kind: str, cell=None, text: str | None = None, rowspan: int = 1, colspan: int = 1,
          name: str = "", places: _CellPlaces | None = None, column: str | None = None) -> dict:
    out = {"kind": kind, "text": text, "rowspan": rowspan, "colspan": colspan, "span": None, "where": "", "name": name,
           "column": column}
    if cell is not None:
        out["span"] = [cell.span.offset, cell.span.end_offset]
        out["where"] = places.where(cell) if places else ""
    return out


def _row_index(node: Table) -> dict[int, tuple[int, object]]:
    """id(cell) -> (index of its row in the table, the row)."""
    return {id(c): (i, row) for i, row in enumerate(node.rows) for c in row.cells}


def column_paths(spec: TableSpec) -> list[tuple[str, ...]]:
    """Each column's header path from the top header row down, as the template prints it."""
    def path(col: ColumnSpec) -> tuple[str, ...]:
        if spec.key == "t3":
            return ("申请人情况",) + (("法人或其他组织",) if col.key in _T3_LEGAL else ()) + (col.label,)
        if spec.key == "t4" and col.key.rsplit("_", 1)[0] in _T4_GROUPS:
            return _T4_GROUPS[col.key.rsplit("_", 1)[0]] + (col.label.split("·")[-1],)
        return tuple(col.label.split("·"))
    return [path(c) for c in spec.columns]


def header_rows(paths: list[tuple[str, ...]], corner: str | None, label_columns: int,
                keys: list[str] | None = None) -> list[list[dict]]:
    """Header rows with merged cells: columns that share a path prefix share one cell (colspan);
    a path that ends above the lowest header row reaches down to it (rowspan)."""
    depth = max((len(p) for p in paths), default=1)
    rows: list[list[dict]] = [[] for _ in range(depth)]
    if label_columns:
        rows[0].append(_cell("corner", text=corner or "", rowspan=depth, colspan=label_columns))
    for level in range(depth):
        c = 0
        while c < len(paths):
            if len(paths[c]) <= level:
                c += 1
                continue
            prefix = paths[c][:level + 1]
            end = c
            while end + 1 < len(paths) and paths[end + 1][:level + 1] == prefix:
                end += 1
            leaf = all(len(paths[k]) == level + 1 for k in range(c, end + 1))
            rows[level].append(_cell("header", text=prefix[-1], rowspan=depth - level if leaf else 1,
                                     colspan=end - c + 1, column=keys[c] if keys and leaf and end == c else None))
            c = end + 1
    return rows


def _plain_grid(model, spec: TableSpec, node: Table, places: _CellPlaces) -> dict:
    """Tables 三 and 四: label columns (merged as the template merges them), then one value column each."""
    width = len(spec.columns)
    label_columns = max((len(r.labels) for r in spec.rows), default=0)
    where_row = _row_index(node)
    used_rows: set[int] = set()
    body: list[list[dict]] = []
    # How far down each label reaches: a label cell spans the rows below it that leave that column to it (None).
    spans: dict[tuple[int, int], int] = {}
    for i, row in enumerate(spec.rows):
        for j, label in enumerate(row.labels):
            if label is None:
                continue
            k = i + 1
            while k < len(spec.rows) and len(spec.rows[k].labels) > j and spec.rows[k].labels[j] is None:
                k += 1
            spans[(i, j)] = k - i
    for i, row in enumerate(spec.rows):
        values = [model.cells.get(cell_key(spec.key, row.key, c.key)) for c in spec.columns]
        report_row = next((where_row[id(v.node)][1] for v in values if v is not None and v.node is not None
                           and id(v.node) in where_row), None)
        first_value = None
        if report_row is not None:
            used_rows.add(id(report_row))
            ids = {id(v.node) for v in values if v is not None and v.node is not None}
            first_value = next((k for k, c in enumerate(report_row.cells) if id(c) in ids), len(report_row.cells))
        found_labels = report_row.cells[:first_value] if report_row is not None else []
        cells: list[dict] = []
        n = len(row.labels)
        for j, label in enumerate(row.labels):
            if label is None:
                continue
            k = len(found_labels) - (n - j)           # the report's label cells, aligned at the right
            found = found_labels[k] if 0 <= k < len(found_labels) else None
            colspan = label_columns - n + 1 if j == n - 1 else 1
            cells.append(_cell("label", found, None if found is not None else label, rowspan=spans[(i, j)],
                               colspan=colspan, places=places, name=label))
        for value, column in zip(values, spec.columns):
            name = f"{_short(spec)}{value.name}" if value is not None else column.label
            cells.append(_cell("value", value.node if value is not None else None, None, name=name, places=places,
                               column=column.key))
        body.append(cells)
    extra = _leftover_rows(node, used_rows, places, first_used=min(
        (i for i, r in enumerate(node.rows) if id(r) in used_rows), default=len(node.rows)))
    for r in extra:
        del r["texts"]
    corner = T3_CORNER if spec.key == "t3" else None
    return {"key": spec.key, "title": spec.title, "columns": label_columns + width,
            "header": header_rows(column_paths(spec), corner, label_columns, [c.key for c in spec.columns]), "body": body, "extra": extra}


def _grouped_grid(model, spec: TableSpec, node: Table, places: _CellPlaces) -> dict:
    """Table 二: per group a heading row, a header row (信息内容 | columns) and its data rows."""
    width = max(len(g.columns) for g in spec.groups)
    where_row = _row_index(node)
    used_rows: set[int] = set()
    body: list[list[dict]] = []
    for group in spec.groups:
        body.append([_cell("group", text=group.label, colspan=1 + width)])
        header = [_cell("header", text="信息内容")]
        for k, column in enumerate(group.columns):
            last = k == len(group.columns) - 1
            header.append(_cell("header", text=column.label, colspan=width - k if last else 1))
        body.append(header)
        for row in group.rows:
            values = [model.cells.get(cell_key(spec.key, row.key, c.key)) for c in group.columns]
            report_row = next((where_row[id(v.node)][1] for v in values if v is not None and v.node is not None
                               and id(v.node) in where_row), None)
            if report_row is not None:
                used_rows.add(id(report_row))
            label = report_row.cells[0] if report_row is not None and report_row.cells else None
            cells = [_cell("label", label, None if label is not None else row.label, places=places, name=row.label)]
            for k, (value, column) in enumerate(zip(values, group.columns)):
                last = k == len(group.columns) - 1
                name = f"{_short(spec)}{value.name}" if value is not None else column.label
                cells.append(_cell("value", value.node if value is not None else None, None,
                                   colspan=width - k if last else 1, name=name, places=places, column=column.key))
            body.append(cells)
    known = {g.label for g in spec.groups} | {"信息内容"} | {c.label for g in spec.groups for c in g.columns}
    extra = [r for r in _leftover_rows(node, used_rows, places, first_used=0)
             if not any(text in known for text in r.pop("texts"))]
    return {"key": spec.key, "title": spec.title, "columns": 1 + width, "header": [], "body": body, "extra": extra}


def _leftover_rows(node: Table, used: set[int], places: _CellPlaces, first_used: int) -> list[dict]:
    """Rows below the header that the model did not place on the template (an extra row, a
    row it could not recognise): shown under the grid as they came, so nothing is lost."""
    out = []
    for i, row in enumerate(node.rows):
        if i < first_used or id(row) in used or not any(c.value for c in row.cells):
            continue
        out.append({"cells": [[c.span.offset, c.span.end_offset] for c in row.cells],
                    "places": [places.where(c) for c in row.cells], "texts": [c.value for c in row.cells]})
    return out


def _short(spec: TableSpec) -> str:
    return spec.title.split()[0]
