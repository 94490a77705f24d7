"""Reading one table into named cells: the grid reader (tables 三 and 四) and the grouped
reader (table 二), with the cell values and structure issues they record. template_model.py
decides which table is which and which template each follows; these read it.
"""
from __future__ import annotations

from dataclasses import dataclass

from govlint.syntax.tree import PAD_CHARS, Cell, Node, Row, Table
from govlint.model.cell_numbers import read_number
from govlint.model.cell_values import CellValue, ReadPlan, plan_cell
from govlint.model.templates.spec import ColumnSpec, RowSpec, TableSpec, Template, cell_key
from govlint.syntax.labels import label_core, norm_label, same_label
from govlint.model.template_lookup import NO_NUMBER, table_lookups

# Share of a row's cells that must read as numbers (or blanks) for it to be a data row.
DATA_ROW_SHARE = 0.6


@dataclass
class StructureIssue:
    """A way a table departs from its template, at a node of the tree."""

    node: Node
    message: str


@dataclass
class ForeignRow:
    """A row of a table that carries a row of another template's table (政府集中采购 in a
    table 二 that otherwise follows the 2021 template)."""

    node: Row
    table: str
    label: str
    template: Template


# ---------------------------------------------------------------- reading cells
def table_cells(table: Table) -> tuple[list[Cell], list[str]]:
    """The table's cells, row after row, and their texts: made once per table node and kept
    on it (the template model reads the labels of every table, the reader its cells)."""
    found = table.__dict__.get("_cells")
    if found is None:
        cells = [c for r in table.rows for c in r.cells]
        found = table._cells = (cells, [c.text for c in cells])   # (map(attrgetter) is dearer)
    return found


class Reader:
    def __init__(self, model, spec: TableSpec, node: Table):      # model: a TemplateModel
        self.model, self.spec, self.node = model, spec, node
        # A table read from plain text: rows it could not place are reported by it and get
        # no cells (their values are unknown, not 0).
        self.placed = getattr(node, "placed_rows", None)
        self.lookups = table_lookups(spec)
        self.consulted = False          # whether the reading asked the other templates (_others)

    def read(self) -> None:
        """Read the table. A table is read the same way in every report where it has the
        same shape (the same label cells, and numbers in the same cells: the reading looks
        at a number mostly only to see that it is one), so a reading is kept per spec and
        shape (a ReadPlan: the cells it put, the structure issues it found) and a table of
        that shape later only puts its numbers and those issues (the same cells, issues and
        nodes, in the same order). The numbers whose own text the reading did look at (a
        number where a label should be) are kept with the plan and must be the same."""
        cells, texts = table_cells(self.node)
        shape = self._shape(texts)
        plan = self.lookups.plans.get(shape) if shape is not None else None
        if plan is not None and plan.fits(texts):
            plan.put(self.model.cells, cells, texts, self.spec.key)
            if plan.issues:
                self.model.issues.extend(StructureIssue(node, message) for node, message in plan.issues_in(self.node, cells))
            return
        issues, foreign, known = len(self.model.issues), len(self.model.foreign_rows), len(self.model.cells)
        puts = self._read()
        if shape is None or len(self.model.foreign_rows) != foreign or self.consulted:
            return
        looked_at = self._looked_at(puts)
        if looked_at is not None:
            plan = ReadPlan.of(list(self.model.cells.values())[known:], self.model.issues[issues:], self.node,
                               cells, self.spec.key, looked_at, texts)
            if plan is not None:
                self.lookups.keep_plan(shape, plan)

    def _read(self) -> list[tuple[int, RowSpec, tuple[ColumnSpec, ...], int]]:
        """Read the table row by row: (index of the row node, template row, its columns,
        where its values start) of each put_row call."""
        raise NotImplementedError

    def _shape(self, texts: list[str]) -> tuple | None:
        """The table's shape: each cell's text (NUMERIC for a number) and how many cells each
        row has (None for a table read from plain text, which places its rows itself)."""
        if self.placed is not None:
            return None
        # All cells in one run, and the rows' sizes: cheaper than a tuple per row.
        return tuple(map(self.lookups.shapes.__getitem__, texts)), tuple([len(r.cells) for r in self.node.rows])

    def _looked_at(self, puts: list) -> list[int] | None:
        """Where (among table_cells) the numbers are whose own text the reading may have
        looked at: those outside the values put_row was given (a number in a label's
        place); None if a padding cell is there (a later table of this shape may have a
        label in its place)."""
        values = {index: start for index, _, _, start in puts}
        found = []
        at = 0
        for index, node in enumerate(self.node.rows):
            row = node.cells
            for place, cell in enumerate(row[:values.get(index, len(row))], at):
                if getattr(cell, "pad", False):
                    return None
                if read_number(cell.text).numeric:
                    found.append(place)
            at += len(row)
        return found

    def unplaced(self, row: RowSpec) -> bool:
        return self.placed is not None and row.key not in self.placed

    def issue(self, node: Node, message: str) -> None:
        short = self.spec.title.split()[0]   # 表三 (most tables are read with no issue)
        self.model.issues.append(StructureIssue(node, f"{short}：{message}"))

    def put(self, row: RowSpec, row_label: str, column: ColumnSpec, cell: Cell | None,
            unread: bool = False) -> None:
        key = cell_key(self.spec.key, row.key, column.key)
        number = read_number(cell.text) if cell is not None else NO_NUMBER
        self.model.cells[key] = plan_cell(key, self.spec.key, row_label, column, cell, number, unread)

    def put_row(self, row: RowSpec, columns: tuple[ColumnSpec, ...], cells: list[Cell], node: Row) -> None:
        """Assign value cells to columns; report a row with too few or too many. (What
        `put` does for each, in one loop: some 200 cells a report.)"""
        if len(cells) != len(columns):
            self.issue(node, f"“{row.label or '数据'}”一行应有 {len(columns)} 个数字单元格，实有 {len(cells)} 个")
        table, label = self.spec.key, row.label
        model_cells = self.model.cells
        keys = self.lookups.row_keys(row, columns)
        for (key, column), cell in zip(keys, cells):
            model_cells[key] = plan_cell(key, table, label, column, cell, read_number(cell.text), False)
        for key, column in keys[len(cells):]:
            model_cells[key] = plan_cell(key, table, label, column, None, NO_NUMBER, False)

    @staticmethod
    def is_data_row(row: Row, width: int) -> bool:
        values = [read_number(c.text) for c in row.cells]
        numeric = sum(1 for v in values if v.numeric or v.blank)
        return len(row.cells) >= width * DATA_ROW_SHARE and numeric >= width * DATA_ROW_SHARE and any(
            v.numeric for v in values)

    def check_header(self, rows: list[Row], labels: tuple[str, ...]) -> None:
        text = "".join(norm_label(c.text) for r in rows for c in r.cells)
        missing = [lab for lab in labels if norm_label(lab) not in text]
        if missing:
            at = rows[0] if rows else self.node
            self.issue(at, "表头缺少" + "、".join(f"“{m}”" for m in missing))


class GridReader(Reader):
    """Tables 三 and 四: header rows, then data rows each ending in one cell per column."""

    def _read(self) -> list:
        spec, width = self.spec, len(self.spec.columns)
        self._labels = self.lookups.labels
        plan = []
        first = next((i for i, r in enumerate(self.node.rows) if self._row_of(r) or self.is_data_row(r, width)),
                     len(self.node.rows))
        self.check_header(self.node.rows[:first], spec.header_labels)
        expected = 0
        seen: dict[str, Row] = {}
        for index, node in enumerate(self.node.rows[first:], first):
            row = self._row_of(node)
            if row is not None and self._group_heading_only(node, row, width):
                continue        # （三）不予公开 on a row of its own, above its sub-items
            if row is None:
                if expected >= len(spec.rows):
                    self.issue(node, "表格末尾多出一行：" + _quote(node))
                    continue
                row = spec.rows[expected]
            if row.key in seen:
                self.issue(node, f"“{row.label}”一行重复出现")
                continue
            seen[row.key] = node
            expected = self.lookups.row_index(row) + 1
            cells = node.cells
            if len(cells) >= width:
                values = cells[-width:]
            else:
                leading = next((i for i, c in enumerate(cells) if read_number(c.text).numeric), len(cells))
                values = cells[leading:]
            if len(cells) != len(row.labels) + width and len(values) == width:
                # One defect, one finding: with a cell too many or too few the label cells
                # are shifted, so comparing them would report the same defect again.
                self.issue(node, f"“{row.label or '数据'}”一行应有 {len(row.labels) + width} 个单元格，"
                                 f"实有 {len(cells)} 个")
            else:
                self._check_labels(row, cells[:len(cells) - len(values)])
            plan.append((index, row, spec.columns, len(cells) - len(values)))
            self.put_row(row, spec.columns, values, node)
        missing = [row for row in spec.rows if row.key not in seen]
        tail = _cut_short(spec.rows, seen)
        if len(tail) > 1 and seen and not any(self.unplaced(r) for r in tail):
            last = seen[spec.rows[len(spec.rows) - len(tail) - 1].key]
            names = "、".join(f"“{_row_name(spec.rows, r)}”" for r in tail)
            self.issue(last, f"表格在此行之后中断，缺少其后的 {len(tail)} 行：{names}")
            missing = [row for row in missing if row not in tail]
        for row in missing:
            if not self.unplaced(row):
                self.issue(self.node, f"缺少“{row.label}”一行" if row.label else "缺少数据行")
        for row in spec.rows:
            if row.key not in seen:
                for column in spec.columns:
                    self.put(row, row.label, column, None, unread=self.unplaced(row))
        return plan

    def _row_of(self, node: Row) -> RowSpec | None:
        """The template row whose own label (or, failing that, group label) the row carries."""
        labels = map(self._labels.__getitem__, [c.text for c in node.cells])   # "" for no label
        return self.lookups.row_for_labels(tuple(filter(None, labels)))

    @staticmethod
    def _group_heading_only(node: Row, row: RowSpec, width: int) -> bool:
        """A row with no numbers that names a group but not the row itself."""
        return (len(node.cells) < width and not any(read_number(c.text).numeric for c in node.cells)
                and not any(same_label(c.value, lab) for c in node.cells for lab in (row.label,) + row.aliases))

    def _check_labels(self, row: RowSpec, found: list[Cell]) -> None:
        """Compare label cells with the template's, aligned at the right (the row's own
        label stands just before the numbers)."""
        for expected, cell in zip(reversed(row.labels), reversed(found)):
            if expected is None or getattr(cell, "pad", False):
                continue
            if not self.lookups.labelled_as(row, expected, cell.value):
                what = f"“{cell.value}”" if cell.value else "空白"
                self.issue(cell, f"此处应为行标签“{expected}”，实为{what}")


class GroupedReader(Reader):
    """Table 二: groups (第二十条第（X）项), each with a header row and data rows."""

    def _read(self) -> list:
        spec = self.spec
        group = None
        plan = []
        seen: set[str] = set()
        headed: set[str] = set()      # groups whose heading row (第二十条第（X）项) was seen
        for index, node in enumerate(self.node.rows):
            first = node.cells[0].value if node.cells else ""
            heading = next((g for g in spec.groups if same_label(first, g.label)), None)
            if heading is not None and len(node.cells) == 1:
                group = heading
                headed.add(group.key)
                continue
            other = self._other_template_group(first) if len(node.cells) == 1 else None
            if other is not None:       # 第二十条第（九）项 in a 2021 table: its header goes with it
                self.model.foreign_rows.append(ForeignRow(node, self.spec.key, f"“{first}”", other))
                group = None
                continue
            if label_core(first) == "信息内容":
                if group is not None:
                    self._check_columns(group, node)
                continue
            found = self._row_of(first, group)
            if found is None:
                other = self._other_template_row(first)
                if other is not None:
                    self.model.foreign_rows.append(ForeignRow(node, self.spec.key, f"“{first}”一行", other))
                elif first or any(c.value for c in node.cells):
                    self.issue(node, "无法识别的行：" + _quote(node))
                continue
            group, row = found
            if group.key not in headed:
                headed.add(group.key)
                self.issue(node, f"“{row.label}”一行之前缺少标题行“{group.label}”")
            if row.key in seen:
                self.issue(node, f"“{row.label}”一行重复出现")
                continue
            seen.add(row.key)
            plan.append((index, row, group.columns, 1))
            self.put_row(row, group.columns, node.cells[1:], node)
        for g in spec.groups:
            for row in g.rows:
                if row.key not in seen:
                    if not self.unplaced(row):
                        self.issue(self.node, f"缺少“{row.label}”一行（{g.label}）")
                    for column in g.columns:
                        self.put(row, row.label, column, None, unread=self.unplaced(row))
        return plan

    def _row_of(self, label: str, group):
        groups = ([group] if group else []) + [g for g in self.spec.groups if g is not group]
        for g in groups:
            for row in g.rows:
                if any(same_label(label, lab) for lab in (row.label,) + row.aliases):
                    return g, row
        return None

    def _others(self):
        """The other templates' tables of this key. What they hold depends on the templates
        loaded, so a reading that asked is not kept as a plan (Reader.read)."""
        self.consulted = True
        for template in self.model.known_templates:
            spec = template.table(self.spec.key)
            if spec is not None and spec is not self.spec:
                yield template, spec

    def _other_template_group(self, label: str) -> Template | None:
        """The template whose table (and not this one) has a group so headed."""
        return next((t for t, spec in self._others() for g in spec.groups if same_label(label, g.label)), None)

    def _other_template_row(self, label: str) -> Template | None:
        """The template whose table (and not this one) has a row so labelled (政府集中采购)."""
        if not label:
            return None
        return next((t for t, spec in self._others() for g in spec.groups for r in g.rows
                     if any(same_label(label, lab) for lab in (r.label,) + r.aliases)), None)

    def _other_template_columns(self, group, found: list[str]) -> Template | None:
        """The template whose group of this name has the columns found."""
        for template, spec in self._others():
            for g in spec.groups:
                if g.key == group.key and len(g.columns) == len(found) and all(
                        same_label(f, c.label) or any(same_label(f, a) for a in c.header_aliases)
                        for f, c in zip(found, g.columns)):
                    return template
        return None

    def _check_columns(self, group, node: Row) -> None:
        found = [c.value for c in node.cells[1:]]
        expected = [c.label for c in group.columns]
        ok = len(found) == len(expected) and all(
            same_label(f, e) or any(same_label(f, a) for a in c.header_aliases)
            for f, e, c in zip(found, expected, group.columns))
        other = None if ok else self._other_template_columns(group, found)
        if other is not None:
            self.model.foreign_rows.append(ForeignRow(
                node, self.spec.key, f"{group.label}的表头" + "、".join(f"“{f}”" for f in found), other))
        elif not ok:
            self.issue(node, f"{group.label}的表头应为" + "、".join(f"“{e}”" for e in expected)
                       + "，实为" + ("、".join(f"“{f}”" for f in found) or "空白"))


def _cut_short(rows, seen) -> list:
    """The template rows after the last one the table has: all missing when the table
    (or the report) ends early."""
    last = max((i for i, r in enumerate(rows) if r.key in seen), default=-1)
    return list(rows[last + 1:])


def _row_name(rows, row: RowSpec) -> str:
    """A sub-item with its group (（六）其他处理 3.其他); other rows by their own label."""
    if not row.label[:1].isdigit():
        return row.label
    group = None
    for r in rows[: rows.index(row) + 1]:
        group = r.group_label or (group if r.label[:1].isdigit() else None)
    return f"{group} {row.label}" if group else row.label


def _quote(row: Row, limit: int = 30) -> str:
    text = " | ".join(c.value for c in row.cells)
    return text if len(text) <= limit else text[:limit] + "…"
