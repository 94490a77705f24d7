"""What reading a table makes: the model's cell values (CellValue), and the plan by which a
table of a shape already read is read again (ReadPlan). table_reading.py reads the tables."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate, repeat

from govlint.syntax.tree import Cell
from govlint.model.cell_numbers import Number, read_number
from govlint.model.templates.spec import ColumnSpec
from govlint.model.template_lookup import TableLookups, items_getter


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


class ReadPlan:
    """How a table of a known shape is read (Reader.read): the cells it puts, in the order
    the reading put them: their keys, row labels and columns, and which of the table's cells
    (table_reading.table_cells) holds each value. A table of this shape is read by `put`, its loops in C
    but for reading the cells' texts and making the CellValues."""

    __slots__ = ("keys", "labels", "columns", "take")

    def __init__(self, keys: tuple[str, ...], labels: tuple[str, ...], columns: tuple[ColumnSpec, ...],
                 positions: tuple[int, ...]):
        self.keys, self.labels, self.columns = keys, labels, columns
        self.take = items_getter(positions)

    @classmethod
    def of(cls, puts: list, sizes: tuple[int, ...], lookups: TableLookups) -> "ReadPlan | None":
        """The plan of a reading that made the put_row calls `puts` (Reader._read) on a table
        whose rows have `sizes` cells; None if a call had not one cell per column (it reported
        that, so this does not happen)."""
        starts = list(accumulate(sizes, initial=0))     # where each row's cells start
        keys, labels, columns, positions = [], [], [], []
        for index, row, row_columns, start in puts:
            places = range(starts[index] + start, starts[index + 1])
            if len(places) != len(row_columns):
                return None
            for (key, column), place in zip(lookups.row_keys(row, row_columns), places):
                keys.append(key)
                labels.append(row.label)
                columns.append(column)
                positions.append(place)
        return cls(tuple(keys), tuple(labels), tuple(columns), tuple(positions))

    def put(self, model_cells: dict, cells: list[Cell], texts: list[str], table: str) -> None:
        """Put the cells of a table of this shape (`cells` and `texts`: table_reading.table_cells)
        into the model."""
        take = self.take
        model_cells.update(zip(self.keys, map(CellValue, self.keys, repeat(table), self.labels, self.columns,
                                              take(cells), map(read_number, take(texts)), repeat(False))))
