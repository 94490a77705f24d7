"""Lookups in the template specs that the table readers (table_reading.py) make for every
row and cell of every report, remembered per process: the specs are frozen dataclasses whose
hash and equality walk all of them, and the same labels and cells come back report after
report. One TableLookups per template table holds them all, found once per table read (an
IdentityMemo: keyed by the spec's identity, bounded); each lookup after that is a plain
dict lookup keyed by strings or by the identity of the spec's own rows (which the spec
keeps alive, so no id is reused while the TableLookups exists).
"""
from __future__ import annotations

from functools import partial
from operator import itemgetter
from typing import Any, Callable

from govlint.model.cell_numbers import Number, read_number
from govlint.model.identity_memo import IdentityMemo
from govlint.model.text_memo import TextMemo
from govlint.model.templates.spec import ColumnSpec, RowSpec, TableSpec, cell_key
from govlint.syntax.labels import norm_label, same_label
from govlint.syntax.tree import PAD_CHARS

# A cell that the report does not have (Number is immutable: one will do for all).
NO_NUMBER = Number("", None)

_SPEC_MEMO_LIMIT = 1 << 12
_LABEL_MEMO_LIMIT = 1 << 14
_SPECS_LIMIT = 64
_PLANS_LIMIT = 256
# What a numeric cell is in a table's shape: all numbers are alike there.
NUMERIC = object()
_TABLES = IdentityMemo(_SPECS_LIMIT)


def table_lookups(spec: TableSpec) -> "TableLookups":
    """The lookups of one template table, made once per process and spec."""
    return _TABLES.get((spec,), None, lambda: TableLookups(spec))


class TableLookups:
    """What the readers look up in one template table, remembered: the cell keys of a row,
    a row's place in the table, the row a row's label cells name, and whether a label cell
    is a row's label, and how a table of a given shape was read. Shared by every report
    read with this spec; the rows and columns it is given are the spec's own."""

    def __init__(self, spec: TableSpec):
        self.spec = spec
        # Cell text -> the label the cell gives a row of a grid table (see _cell_label).
        self.labels = TextMemo(partial(_cell_label, {norm_label(w) for w in spec.header_labels
                                                     + tuple(c.label for c in spec.columns)}),
                               _SPEC_MEMO_LIMIT)
        self._keys: dict[tuple[int, int], tuple[tuple[str, ColumnSpec], ...]] = {}
        # spec.rows.index(row) for each of its rows (the tuple's index compares the frozen
        # rows field by field).
        self._index = {id(row): spec.rows.index(row) for row in spec.rows}
        self._labelled = TextMemo(self._is_labelled, _LABEL_MEMO_LIMIT)
        self._rows_by_labels = TextMemo(partial(_row_for_labels, spec), _LABEL_MEMO_LIMIT)
        # How a table of a given shape was read (table_reading.Reader.read).
        self.shapes = TextMemo(_cell_shape, _SPEC_MEMO_LIMIT)
        self.plans: dict[tuple, Any] = {}          # shape -> cell_values.ReadPlan

    def keep_plan(self, shape: tuple, plan) -> None:
        """Remember how a table of this shape is read (bounded: a batch of odd tables does
        not grow it for ever)."""
        if len(self.plans) >= _PLANS_LIMIT:
            self.plans.clear()
        self.plans[shape] = plan

    def row_keys(self, row: RowSpec, columns: tuple[ColumnSpec, ...]) -> tuple[tuple[str, ColumnSpec], ...]:
        """(cell_key, column) of each column of a row of this table (`columns`: the table's,
        or the row's group's)."""
        ids = (id(row), id(columns))
        keys = self._keys.get(ids)
        if keys is None:
            table = self.spec.key
            keys = self._keys[ids] = tuple((cell_key(table, row.key, c.key), c) for c in columns)
        return keys

    def row_index(self, row: RowSpec) -> int:
        """The place of a row of this table among its rows."""
        return self._index[id(row)]

    def labelled_as(self, row: RowSpec, expected: str, value: str) -> bool:
        """Whether a label cell reading `value` is the template row's label `expected` (or,
        for the row's own label, one of its aliases); `row` is one of the table's rows."""
        return self._labelled[(self._index[id(row)], expected, value)]

    def _is_labelled(self, key: tuple[int, str, str]) -> bool:
        index, expected, value = key
        row = self.spec.rows[index]
        return any(same_label(value, lab) for lab in (expected,) + (row.aliases if expected == row.label else ()))

    def row_for_labels(self, texts: tuple[str, ...]) -> RowSpec | None:
        """The template row whose own label (or, failing that, group label) is among `texts`.
        The same label cells come back in row after row and report after report."""
        return self._rows_by_labels[texts]


def items_getter(keys: tuple) -> Callable[[Any], tuple]:
    """A function giving the items of `keys` of its argument as a tuple: one
    operator.itemgetter (all of them in one C call) when there are two keys or more
    (itemgetter of one key gives the item itself)."""
    if len(keys) >= 2:
        return itemgetter(*keys)
    return lambda items: tuple(items[key] for key in keys)


def _cell_label(header: set[str], text: str) -> str:
    """The label a cell gives a row of a grid table ("" for none: blank, a number, a header
    word). The same label and number cells come back in row after row and report after report."""
    value = text.strip(PAD_CHARS)
    return value if value and not read_number(text).numeric and norm_label(value) not in header else ""


def _cell_shape(text: str):
    """What a cell is in its table's shape: NUMERIC for a number, else the text itself
    (labels, blanks, header words and other text all count as written)."""
    return NUMERIC if read_number(text).numeric else text


def _row_for_labels(spec: TableSpec, texts: tuple[str, ...]) -> RowSpec | None:
    found = next((row for row in spec.rows if row.labels and any(
        same_label(t, lab) for t in texts for lab in (row.label,) + row.aliases)), None)
    if found is None:
        found = next((row for row in spec.rows if row.group_label and any(
            same_label(t, row.group_label) for t in texts)), None)
    return found
