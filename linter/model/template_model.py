"""The template model: the report's tables read into named cells of a template.

`read_model(document, year)` finds tables 二, 三 and 四, decides which template they follow,
and maps every numeric cell to a key such as `t3.new.natural` (table 三, row 一、本年新收,
column 自然人). What does not fit the template is recorded as a structure issue (reported by
GL105) and the reader goes on by position, so that the numbers are still checked.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from govlint.syntax.tree import Artifact, Document, Node, Table
from govlint.model.identity_memo import IdentityMemo
from govlint.model.table_reading import (CellValue, ForeignRow, GridReader, GroupedReader, StructureIssue,
                                        table_cells)
from govlint.model.text_memo import TextMemo
from govlint.model.templates.spec import TableSpec, Template
from govlint.syntax.labels import LABEL_CACHE_SIZE, label_core, norm_label, strip_ordinal

__all__ = ["CellValue", "ForeignRow", "StructureIssue", "TableRead", "TemplateModel", "own_labels_found", "read_model"]


@dataclass
class TableRead:
    """A table of the report matched with the template table it follows."""

    spec: TableSpec
    node: Table


@dataclass
class TemplateModel:
    """A report's tables read against a template: the tables and cells found, by key."""

    template: Template                 # the template of table 三 (its relations are checked)
    detected: Template | None          # the template the tables follow, when they tell
    tables: dict[str, TableRead] = field(default_factory=dict)
    cells: dict[str, CellValue] = field(default_factory=dict)
    issues: list[StructureIssue] = field(default_factory=list)
    known_templates: list[Template] = field(default_factory=list)
    # table key -> the template that table's own labels show it follows (a report may mix
    # them: table 二 by 2019, table 三 by 2021); a table that does not tell is not listed.
    followed: dict[str, Template] = field(default_factory=dict)
    foreign_rows: list[ForeignRow] = field(default_factory=list)

    def get(self, key: str) -> CellValue | None:
        return self.cells.get(key)

    @cached_property
    def present_cells(self) -> list[CellValue]:
        """The cells the report has (a cell node found), in the model's order. Made on first
        use, once per model (some 200 cells a report): the GL30x rules sort it once into the
        cells each reads further (rules/cells.py, _CellGroups); plugin rules may walk it too."""
        return [cell for cell in self.cells.values() if cell.node is not None]

    @cached_property
    def known_values(self) -> dict[str, int | float | None]:
        """cell key -> the value a relation (勾稽关系) counts for the cell: CellValue.value
        (blank and text as 0), or None when the value is not known: a cell the report lacks
        or could not be placed (unread). Made on first use, once per model (the four GL2xx
        rules share it); the model's cells do not change after read_model."""
        # Number.counted is CellValue.value without the property call (40 % of this).
        return {key: None if cell.unread or cell.node is None else cell.number.counted
                for key, cell in self.cells.items()}


def read_model(document: Document, year: int | None, templates: list[Template]) -> TemplateModel:
    """Each table is read by the template it follows (so that a report mixing them is read
    right table by table); a table that does not tell is read by the one the tables follow
    together, else by the report's year."""
    tables = _locate_tables(document, templates[0])
    detector = _detector(templates)
    detected = detector.detect(tables)
    by_year = next((t for t in templates if year is not None and t.applies_to(year)), None)
    fallback = detected or by_year or templates[0]
    followed = {key: t for key, table in tables.items() if (t := detector.detect_one(table, key)) is not None}
    model = TemplateModel(followed.get("t3", fallback), detected, known_templates=list(templates),
                          followed=followed)
    for spec in fallback.tables:
        spec = followed.get(spec.key, fallback).table(spec.key) or spec
        node = tables.get(spec.key)
        if node is None:
            model.issues.append(StructureIssue(_anchor(document, spec.section),
                                               f"找不到{spec.title}，或无法读取其表格"))
            continue
        model.tables[spec.key] = TableRead(spec, node)
        reader = GroupedReader if spec.groups else GridReader
        reader(model, spec, node).read()
        # A table read from plain text (plain_tables.py) reports what it could not place.
        notes = getattr(node, "notes", None)
        if notes:
            model.issues.extend(StructureIssue(n, m) for n, m in notes)
    return model


# ---------------------------------------------------------------- finding the tables
def _table_text(table: Table) -> str:
    """The table's labels run together, normalised (computed once per table node)."""
    text = table.__dict__.get("_label_text")
    if text is None:
        text = _read_labels(table)[0]
    return text


def _table_cores(table: Table) -> set[str]:
    cores = table.__dict__.get("_label_cores")
    if cores is None:
        cores = _read_labels(table)[1]
    return cores


# The labels of a table's cells, most of which come back report after report.
_NORM = TextMemo(norm_label, LABEL_CACHE_SIZE)
_STRIP = TextMemo(strip_ordinal, LABEL_CACHE_SIZE)


def _read_labels(table: Table) -> tuple[str, set[str]]:
    """The table's text and the cores of its cells (label_core: the normalised text without
    its ordinal), the cores made from the distinct normalised texts (0 and blanks repeat)."""
    norms = list(map(_NORM.__getitem__, table_cells(table)[1]))
    table._label_text = "".join(norms)
    table._label_cores = set(map(_STRIP.__getitem__, set(norms)))
    return table._label_text, table._label_cores


def _locate_tables(document: Document, template: Template) -> dict[str, Table]:
    """Tables by key: the table under the section the template puts it in, else the table
    whose text carries the spec's signature words."""
    all_tables = document.tables()
    # Tables read from plain text know which template table they are (plain_tables.py).
    found: dict[str, Table] = {t.spec_key: t for t in all_tables if getattr(t, "spec_key", "")}
    texts = {id(t): _table_text(t) for t in all_tables}
    for spec in template.tables:
        if spec.key in found:
            continue
        section = document.section(spec.section)
        candidates = [b for b in section.blocks if isinstance(b, Table)] if section else []
        candidates = [t for t in candidates if _signed(texts[id(t)], spec)] or candidates[:1]
        if not candidates:
            candidates = [t for t in all_tables if _signed(texts[id(t)], spec)][:1]
        if candidates:
            found[spec.key] = _merge(_with_pieces(candidates, section.blocks if section else ()))
    return found


def _with_pieces(tables: list[Table], blocks) -> list[Table]:
    """The tables with the pieces that continue them: tables separated from them only by
    page numbers or export leftovers (a table split by a page break)."""
    out: list[Table] = []
    joined = False
    ids = {id(t) for t in tables}      # (the tables are alive: no id is another block's)
    for block in blocks:
        if id(block) in ids or (joined and isinstance(block, Table)):
            out.append(block)
            joined = True
        elif not (isinstance(block, Artifact) or getattr(block, "kind", "") == "page_number"):
            joined = False
    return out or tables


def _signed(text: str, spec: TableSpec) -> bool:
    return all(word in text for word in spec.signature)


def _merge(tables: list[Table]) -> Table:
    """One table out of the pieces an export split it into."""
    if len(tables) == 1:
        return tables[0]
    rows = [row for t in tables for row in t.rows]
    return Table(tables[0].span, rows)


class _Detector:
    """Which template a report's tables follow: the template whose own labels (those no
    other template has, own_labels_found) the tables use most (None: none, or a tie); for
    one table, those of that table's key only. One per list of templates, what it reads of
    them looked up once per report, not once per call (read_model asks four times: all
    tables, then each alone): per key (None: all tables), the own labels as (normalised,
    core) of each template key, and the place of each template's among them."""

    def __init__(self, templates: tuple):
        self.templates = templates
        self._prepared: dict = {}

    def _own(self, key: str | None) -> tuple:
        found = self._prepared.get(key, False)
        if found is False:
            own = _own_labels(self.templates, key)
            names = list(own)
            found = self._prepared[key] = (tuple(tuple((lab, core) for lab, _, core in own[name]) for name in names),
                                           tuple(names.index(t.key) for t in self.templates)) \
                if any(own.values()) else None
        return found

    def detect(self, tables: dict[str, Table]) -> Template | None:
        """The template the tables follow together."""
        own = self._own(None)
        if own is None:
            return None
        return self._best(own, *_text_and_cores(tables))

    def detect_one(self, table: Table, key: str) -> Template | None:
        """The template the table of this key follows."""
        own = self._own(key)
        return None if own is None else self._best(own, _table_text(table), _table_cores(table))

    def _best(self, own: tuple, text: str, cores: set[str]) -> Template | None:
        lists, places = own
        # The core (a set lookup) before the text (a search through all the labels).
        counts = [len([1 for lab, core in labels if core in cores or lab in text]) for labels in lists]
        scores = [counts[at] for at in places]
        best = max(scores, default=0)
        if best == 0 or scores.count(best) > 1:
            return None
        return self.templates[scores.index(best)]


def own_labels_found(tables: dict[str, Table], templates, key: str | None = None) -> dict[str, list[str]]:
    """template key -> the labels only that template has that the tables hold (with `key`,
    among that table's labels), in template order, as the template writes them."""
    own_labels = _own_labels(templates, key)
    if not any(own_labels.values()):
        return {name: [] for name in own_labels}       # (table 四: the templates' are alike)
    text, cores = _text_and_cores(tables)
    # The core (a set lookup) before the text (a search through all the labels).
    return {name: [original for lab, original, core in own if core in cores or lab in text]
            for name, own in own_labels.items()}


def _text_and_cores(tables: dict[str, Table]) -> tuple[str, set[str]]:
    """What a template's own labels are sought in (own_labels_found, _Detector): the tables'
    texts joined, and their cells' label cores."""
    text = "".join(_table_text(t) for t in tables.values())
    if len(tables) == 1:
        return text, _table_cores(next(iter(tables.values())))
    return text, set().union(*(_table_cores(t) for t in tables.values()))


# Per-process caches of what the templates say, keyed by the templates' identity (a template
# is a frozen dataclass whose hash walks all of it); each entry keeps its templates alive.
TEMPLATE_CACHE_SIZE = 64
_OWN = IdentityMemo(TEMPLATE_CACHE_SIZE)
_LABELS = IdentityMemo(TEMPLATE_CACHE_SIZE)
_DETECTORS = IdentityMemo(TEMPLATE_CACHE_SIZE)


def _detector(templates) -> _Detector:
    templates = tuple(templates)
    return _DETECTORS.get(templates, None, lambda: _Detector(templates))


def _own_labels(templates, key: str | None) -> dict[str, list[tuple[str, str, str | None]]]:
    """template key -> (normalised, as written, core) of the labels no other template has;
    the core it is also found by among a table's cells (_long_core; None: too short)."""
    templates = tuple(templates)
    return _OWN.get(templates, key, lambda: _own_labels_of(templates, key))


def _own_labels_of(templates: tuple, key: str | None) -> dict[str, list[tuple[str, str, str | None]]]:
    labels = {t.key: _template_labels(t, key) for t in templates}
    own = {}
    for t in templates:
        others = set().union(*(labels[o.key] for o in templates if o is not t))
        own[t.key] = [(lab, original, _long_core(lab)) for lab, original in labels[t.key].items()
                      if lab not in others]
    return own


def _long_core(label: str) -> str | None:
    """The core a label is found by among a table's cells when written with another ordinal
    (1、申请人… for 1.申请人…): only a long one; a short one (3.其他) would meet a column of
    the same name (其他)."""
    core = label_core(label)
    return core if len(core) >= 4 else None


def _template_labels(template: Template, key: str | None = None) -> dict[str, str]:
    """The labels of the template's tables (of table `key` only, when given), normalised ->
    as written."""
    return _LABELS.get((template,), key, lambda: _labels_of(template, key))


def _labels_of(template: Template, key: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in template.tables:
        if key is not None and spec.key != key:
            continue
        for group in spec.groups:
            out.update((norm_label(c.label), c.label) for c in group.columns)
            out.update((norm_label(r.label), r.label) for r in group.rows)
        out.update((norm_label(r.label), r.label) for r in spec.rows if r.labels)
    return out


def _anchor(document: Document, section: int) -> Node:
    s = document.section(section)
    if s is not None:
        return s.heading or s
    return document.title[0] if document.title else (document.blocks[0] if document.blocks else document)


