"""Lookups in the template specs that the table readers (table_reading.py) make for every
row and cell of every report, remembered per process: the specs are frozen dataclasses whose
hash and equality walk all of them, and the same labels and cells come back report after
report. Every memo is keyed by the objects' identity and keeps the objects, so no id is
reused while its entry exists; every memo is bounded, so memory stays flat over a batch run.
"""
from __future__ import annotations

from govlint.model.cell_numbers import Number, read_number
from govlint.model.templates.spec import ColumnSpec, RowSpec, TableSpec, cell_key
from govlint.syntax.labels import norm_label, same_label
from govlint.syntax.tree import PAD_CHARS

# A cell that the report does not have (Number is immutable: one will do for all).
NO_NUMBER = Number("", None)

_ROW_KEYS: dict[tuple[str, int, int], tuple] = {}
_ROW_INDEX: dict[tuple[int, int], tuple] = {}
_SPEC_MEMO_LIMIT = 1 << 12
_LABEL_MEMO_LIMIT = 1 << 14
_SPECS_LIMIT = 64


def row_keys(table: str, row: RowSpec, columns: tuple[ColumnSpec, ...]) -> tuple[tuple[str, ColumnSpec], ...]:
    """(cell_key, column) of each column of a template row."""
    hit = _ROW_KEYS.get((table, id(row), id(columns)))
    if hit is not None and hit[0] is row and hit[1] is columns:
        return hit[2]
    keys = tuple((cell_key(table, row.key, c.key), c) for c in columns)
    if len(_ROW_KEYS) >= _SPEC_MEMO_LIMIT:
        _ROW_KEYS.clear()
    _ROW_KEYS[(table, id(row), id(columns))] = (row, columns, keys)
    return keys


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


_CELL_LABELS: dict[int, tuple[TableSpec, _CellLabels]] = {}


def cell_labels(spec: TableSpec) -> _CellLabels:
    """The memo of the labels of a grid table's cells (see GridReader._row_of)."""
    hit = _CELL_LABELS.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    if len(_CELL_LABELS) >= _SPECS_LIMIT:
        _CELL_LABELS.clear()
    labels = _CELL_LABELS[id(spec)] = (spec, _CellLabels(spec))
    return labels[1]


def row_index(spec: TableSpec, row: RowSpec) -> int:
    """spec.rows.index(row), remembered (the tuple's index compares the frozen rows field by field)."""
    hit = _ROW_INDEX.get((id(spec), id(row)))
    if hit is not None and hit[0] is spec and hit[1] is row:
        return hit[2]
    index = spec.rows.index(row)
    if len(_ROW_INDEX) >= _SPEC_MEMO_LIMIT:
        _ROW_INDEX.clear()
    _ROW_INDEX[(id(spec), id(row))] = (spec, row, index)
    return index


_LABELLED: dict[tuple[int, str, str], tuple[RowSpec, bool]] = {}


def labelled_as(row: RowSpec, expected: str, value: str) -> bool:
    """Whether a label cell reading `value` is the template row's label `expected` (or, for
    the row's own label, one of its aliases)."""
    key = (id(row), expected, value)
    hit = _LABELLED.get(key)
    if hit is not None and hit[0] is row:
        return hit[1]
    names = (expected,) + (row.aliases if expected == row.label else ())
    found = any(same_label(value, lab) for lab in names)
    if len(_LABELLED) >= _LABEL_MEMO_LIMIT:
        _LABELLED.clear()
    _LABELLED[key] = (row, found)
    return found


_ROWS_BY_LABELS: dict[tuple[int, tuple[str, ...]], tuple[TableSpec, RowSpec | None]] = {}
_ROWS_BY_LABELS_LIMIT = 1 << 14


def row_for_labels(spec: TableSpec, texts: tuple[str, ...]) -> RowSpec | None:
    """The template row whose own label (or, failing that, group label) is among `texts`.
    Memoised: the same label cells come back in row after row and report after report."""
    key = (id(spec), texts)
    cached = _ROWS_BY_LABELS.get(key)
    if cached is not None and cached[0] is spec:
        return cached[1]
    found = next((row for row in spec.rows if row.labels and any(
        same_label(t, lab) for t in texts for lab in (row.label,) + row.aliases)), None)
    if found is None:
        found = next((row for row in spec.rows if row.group_label and any(
            same_label(t, row.group_label) for t in texts)), None)
    if len(_ROWS_BY_LABELS) >= _ROWS_BY_LABELS_LIMIT:
        _ROWS_BY_LABELS.clear()
    _ROWS_BY_LABELS[key] = (spec, found)
    return found
