"""Lookups in the template specs that the table readers (table_reading.py) make for every
row and cell of every report, remembered per process: the specs are frozen dataclasses whose
hash and equality walk all of them, and the same labels and cells come back report after
report. Each is an IdentityMemo (identity_memo.py): keyed by the objects' identity, bounded.
"""
from __future__ import annotations

from govlint.model.cell_numbers import Number, read_number
from govlint.model.identity_memo import IdentityMemo
from govlint.model.templates.spec import ColumnSpec, RowSpec, TableSpec, cell_key
from govlint.syntax.labels import norm_label, same_label
from govlint.syntax.tree import PAD_CHARS

# A cell that the report does not have (Number is immutable: one will do for all).
NO_NUMBER = Number("", None)

_SPEC_MEMO_LIMIT = 1 << 12
_LABEL_MEMO_LIMIT = 1 << 14
_SPECS_LIMIT = 64
_ROW_KEYS = IdentityMemo(_SPEC_MEMO_LIMIT)
_ROW_INDEX = IdentityMemo(_SPEC_MEMO_LIMIT)
_CELL_LABELS = IdentityMemo(_SPECS_LIMIT)
_LABELLED = IdentityMemo(_LABEL_MEMO_LIMIT)
_ROWS_BY_LABELS = IdentityMemo(_LABEL_MEMO_LIMIT)


def row_keys(table: str, row: RowSpec, columns: tuple[ColumnSpec, ...]) -> tuple[tuple[str, ColumnSpec], ...]:
    """(cell_key, column) of each column of a template row."""
    return _ROW_KEYS.get((row, columns), table, lambda: tuple((cell_key(table, row.key, c.key), c) for c in columns))


class _CellLabels(dict):
    """Cell text -> the label the cell gives a row of a grid table ("" for none: blank,
    a number, a header word). One per spec, shared by every report: the same label and
    number cells come back in row after row and report after report."""

    def __init__(self, spec: TableSpec):
        super().__init__()
        self.header = {norm_label(w) for w in spec.header_labels + tuple(c.label for c in spec.columns)}

    def __missing__(self, text: str) -> str:
        value = text.strip(PAD_CHARS)
        label = value if value and not read_number(text).numeric and norm_label(value) not in self.header else ""
        if len(self) >= _SPEC_MEMO_LIMIT:
            self.clear()
        self[text] = label
        return label


def cell_labels(spec: TableSpec) -> _CellLabels:
    """The memo of the labels of a grid table's cells (see GridReader._row_of)."""
    return _CELL_LABELS.get((spec,), None, lambda: _CellLabels(spec))


def row_index(spec: TableSpec, row: RowSpec) -> int:
    """spec.rows.index(row), remembered (the tuple's index compares the frozen rows field by field)."""
    return _ROW_INDEX.get((spec, row), None, lambda: spec.rows.index(row))


def labelled_as(row: RowSpec, expected: str, value: str) -> bool:
    """Whether a label cell reading `value` is the template row's label `expected` (or, for
    the row's own label, one of its aliases)."""
    return _LABELLED.get((row,), (expected, value), lambda: any(
        same_label(value, lab) for lab in (expected,) + (row.aliases if expected == row.label else ())))


def row_for_labels(spec: TableSpec, texts: tuple[str, ...]) -> RowSpec | None:
    """The template row whose own label (or, failing that, group label) is among `texts`.
    Memoised: the same label cells come back in row after row and report after report."""
    return _ROWS_BY_LABELS.get((spec,), texts, lambda: _row_for_labels(spec, texts))


def _row_for_labels(spec: TableSpec, texts: tuple[str, ...]) -> RowSpec | None:
    found = next((row for row in spec.rows if row.labels and any(
        same_label(t, lab) for t in texts for lab in (row.label,) + row.aliases)), None)
    if found is None:
        found = next((row for row in spec.rows if row.group_label and any(
            same_label(t, row.group_label) for t in texts)), None)
    return found