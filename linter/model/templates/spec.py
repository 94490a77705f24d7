"""The vocabulary the templates are written in: tables, rows, columns and relations.

A template is pure data. The model (model.py) reads a report's tables with it, and the
arithmetic rules check its relations; neither knows any row by name.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class ColumnSpec:
    """A column of a template's table: key, label and what its cells hold."""

    key: str
    label: str
    kind: str = "count"            # count | amount
    signed: bool = False           # may hold a negative number (本年增/减)
    unit: str | None = None        # the unit the header prints, e.g. 万元
    header_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowSpec:
    """A row of a table. `labels` are the label cells in front of the numbers, as the
    template prints them; None marks a cell left empty by a vertical merge."""

    key: str
    labels: tuple[str | None, ...]
    aliases: tuple[str, ...] = ()

    @cached_property   # read for every row of every table: computed once per spec
    def label(self) -> str:
        """The row's own (most specific) label; "" for a table's only, unlabelled row."""
        return next((lab for lab in reversed(self.labels) if lab), "")

    @property
    def group_label(self) -> str | None:
        named = [lab for lab in self.labels if lab]
        return named[-2] if len(named) > 1 else None


@dataclass(frozen=True)
class GroupSpec:
    """A block of table 二: a heading row (第二十条第（一）项), a header row of columns
    (信息内容 | …) and its data rows, each row holding one cell per column."""

    key: str
    label: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]


@dataclass(frozen=True)
class TableSpec:
    """A table of numbers. Grid tables (三, 四) have one set of columns for all rows;
    grouped tables (二) have a set per group."""

    key: str                       # t2, t3, t4
    title: str                     # 表二 主动公开政府信息情况
    section: int
    signature: tuple[str, ...]     # words that identify the table among a report's tables
    columns: tuple[ColumnSpec, ...] = ()
    rows: tuple[RowSpec, ...] = ()
    groups: tuple[GroupSpec, ...] = ()
    header_labels: tuple[str, ...] = ()   # labels the header rows must contain


@dataclass(frozen=True)
class Relation:
    """sum(left) == sum(right), checked per report. `kind` names the rule family that
    checks it (row-total, column-total, balance, review-total). The first cell of `right`
    is where a failure is reported. `scope` says where the relation lives (“自然人”列);
    `left_name`/`right_name` name the sides when they have many terms."""

    kind: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    scope: str
    left_name: str = ""
    right_name: str = ""


@dataclass(frozen=True)
class Template:
    """A report template (a State Council notice): the years it is for and its tables."""

    key: str                       # "2019" or "2021"
    name: str                      # 国办公开办函〔2019〕60号
    years: tuple[int, int]         # report years the template is for, inclusive
    tables: tuple[TableSpec, ...]
    relations: tuple[Relation, ...] = field(default=())

    def table(self, key: str) -> TableSpec | None:
        return next((t for t in self.tables if t.key == key), None)

    def applies_to(self, year: int) -> bool:
        return self.years[0] <= year <= self.years[1]


def cell_key(table: str, row: str, column: str) -> str:
    """A cell's key, interned: the keys a model's cells are filed under and the terms of the
    template's relations are then the same objects, which a dict finds at once (an equal
    string only after comparing its characters). Keys are made once per process (templates,
    lookup tables), so interning them costs nothing a report."""
    return sys.intern(f"{table}.{row}.{column}")
