"""What reading a table makes: the model's cell values (CellValue), and the plan by which a
table of a shape already read is read again (ReadPlan). table_reading.py reads the tables."""
from __future__ import annotations

from dataclasses import dataclass

from govlint.syntax.tree import Cell, Table
from govlint.model.cell_numbers import Number, read_number
from govlint.model.templates.spec import ColumnSpec
from govlint.model.template_lookup import NO_NUMBER, items_getter


@dataclass(slots=True)
class CellValue:
    """A template cell as read from a report's table: where it is and what it holds. (With
    slots: some 200 are made a report, and slots are cheaper to make, read and free.)"""

    key: str
    table: str
    row_label: str
    column: ColumnSpec
    node: Cell | None            # None when the report has no such cell
    number: Number
    # The cell is in the text but could not be placed with confidence (plain_tables.py):
    # its value is unknown, so no relation or comparison uses it.
    unread: bool = False

    @property
    def value(self) -> int | float:
        """The number, blank and text counting as 0 (for relations)."""
        return self.number.counted

    @property
    def name(self) -> str:
        """How a message names the cell: “（七）总计”行“自然人”列."""
        if not self.row_label:
            return f"“{self.column.label}”"
        return f"“{self.row_label}”行“{self.column.label}”列"


class PlanCell(CellValue):
    """A CellValue as ReadPlan.put makes it (some 200 a report): made as `PlanCell()`, its
    fields then set one by one; with object's own __init__ the class call stays in C, with no
    Python frame for the dataclass's __init__ (as syntax.tree.LineCell). The same fields, read
    the same way (CellValue's slots). Its __class__ reads as CellValue, so that what goes by
    it (dataclasses.replace, which calls it with the fields; equality; repr) treats it as one."""

    __slots__ = ()
    __init__ = object.__init__

    @property
    def __class__(self):
        return CellValue


def plan_cell(key: str, table: str, row_label: str, column: ColumnSpec, node: Cell | None, number: Number,
              unread: bool) -> PlanCell:
    """A PlanCell of these fields: what the readers put for a table of a shape not read
    before (ReadPlan.put, which makes nearly all of them, sets the fields inline)."""
    value = PlanCell()
    value.key = key                  # (one store a statement: see ReadPlan.put)
    value.table = table
    value.row_label = row_label
    value.column = column
    value.node = node
    value.number = number
    value.unread = unread
    return value


class ReadPlan:
    """How a table of a known shape is read (Reader.read): the cells it puts, in the order
    the reading put them: their keys, row labels and columns, and which of the table's cells
    (table_reading.table_cells) holds each value (one past the last: none, a cell the table
    lacks); the structure issues it reports, at which node; and the texts of the numbers
    the reading looked at as text (`fits`). A table of this shape is read by `put`, its
    loops in C but for reading the cells' texts and making the CellValues."""

    __slots__ = ("keys", "labels", "columns", "take", "absent", "issues", "guard", "expected")

    # What an issue is at: the table, one of its rows, one of its cells (table_cells).
    TABLE, ROW, CELL = range(3)

    def __init__(self, keys: tuple[str, ...], labels: tuple[str, ...], columns: tuple[ColumnSpec, ...],
                 positions: tuple[int, ...], absent: bool = False, issues: tuple = (),
                 looked_at: tuple[int, ...] = (), expected: tuple[str, ...] = ()):
        self.keys, self.labels, self.columns = keys, labels, columns
        self.take = items_getter(positions)
        self.absent, self.issues = absent, issues
        self.guard = items_getter(looked_at) if looked_at else None
        self.expected = expected

    @classmethod
    def of(cls, values: list[CellValue], issues: list, table: Table, cells: list[Cell], key: str,
           looked_at: list[int], texts: list[str]) -> "ReadPlan | None":
        """The plan of a reading of `table` (whose cells are `cells`, their texts `texts`) that
        put `values` and reported `issues` (StructureIssues) looking at the texts of the
        numbers at `looked_at`; None if a value or issue is not at a cell, row or the table
        itself of this table, or a value is not a plain one of this table (unread)."""
        place = {id(cell): at for at, cell in enumerate(cells)}
        none = len(cells)
        positions = []
        for value in values:
            at = none if value.node is None else place.get(id(value.node))
            if at is None or value.unread or value.table != key:
                return None
            positions.append(at)
        rows = {id(row): at for at, row in enumerate(table.rows)}
        found = []
        for issue in issues:
            node = issue.node
            if node is table:
                found.append((cls.TABLE, 0, issue.message))
            elif id(node) in rows and table.rows[rows[id(node)]] is node:
                found.append((cls.ROW, rows[id(node)], issue.message))
            elif id(node) in place and cells[place[id(node)]] is node:
                found.append((cls.CELL, place[id(node)], issue.message))
            else:
                return None
        return cls(tuple(v.key for v in values), tuple(v.row_label for v in values), tuple(v.column for v in values),
                   tuple(positions), none in positions, tuple(found), tuple(looked_at),
                   tuple(texts[at] for at in looked_at))

    def fits(self, texts: list[str]) -> bool:
        """Whether the numbers the reading looked at as text are written the same here."""
        return self.guard is None or self.guard(texts) == self.expected

    def put(self, model_cells: dict, cells: list[Cell], texts: list[str], table: str) -> None:
        """Put the cells of a table of this shape (`cells` and `texts`: table_reading.table_cells)
        into the model."""
        take = self.take
        if self.absent:       # (the place one past the last cell: none, a cell the table lacks)
            cells, numbers = [*cells, None], map(_number, take([*texts, None]))
        else:
            numbers = map(read_number, take(texts))
        new = PlanCell
        # One store a statement: a tuple assignment of four or more packs a tuple and unpacks
        # it again (some 380 instructions a cell more, ~200 cells a report).
        for key, label, column, node, number in zip(self.keys, self.labels, self.columns, take(cells), numbers):
            value = model_cells[key] = new()
            value.key = key
            value.table = table
            value.row_label = label
            value.column = column
            value.node = node
            value.number = number
            value.unread = False

    def issues_in(self, table: Table, cells: list[Cell]):
        """(node, message) of each structure issue of the plan, at this table's nodes."""
        rows = table.rows
        for kind, at, message in self.issues:
            yield (table if kind == self.TABLE else rows[at] if kind == self.ROW else cells[at]), message


def _number(text: str | None) -> Number:
    """The Number of a cell's text; NO_NUMBER for none (a cell the table lacks)."""
    return NO_NUMBER if text is None else read_number(text)
