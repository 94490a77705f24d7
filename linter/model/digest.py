"""What rules over a whole run (corpus rules) read: the digest kept per report (the corpus
the digests form: govlint.model.corpus).

A run over thousands of files cannot keep every Report (source, tree, model) until the end,
so each report leaves a `Digest`: who it is (office and year), its template's cell values,
the locations of the few cells corpus rules point at, its tables' locations and its
sections' clause shingles (govlint.model.similarity). A Digest is plain data (picklable, a few KB).

Reports are grouped by office — the places of the title (`[report] place` in govlint.toml
only when the title names none) and what it names beyond them (人民政府办公室) — and by year.
`--history DIR` adds digests of earlier reports as context: they are compared against but
never reported on.
"""
from __future__ import annotations

import math
import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

from govlint.syntax.tree import Paragraph, Span, new_span
from govlint.model.cell_keys import getters as _getters, index as _index, positions as _positions
from govlint.model.cell_keys import under as keys_under
from govlint.model.cell_numbers import NAN_STORED as _NAN
from govlint.model.identity_memo import IdentityMemo
from govlint.model.meta import ReportMeta, read_meta
from govlint.model.text_memo import TextMemo
from govlint.model.similarity import shingles
from govlint.model.unstock import may_hold_stock, unstock, unstock_joined
from govlint.model.templates.spec import Template, cell_key
from govlint.model.templates.wording import template_shingles

_YEARS = re.compile(r"(?:(?:19|20)\d{2}|[〇零○O0一二三四五六七八九]{4})\s*年度?")
_REPORT_WORDS = re.compile(r"(?:政府信息公开|信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?的?报告|年度报告|关于|的$")
_NOISE = re.compile(r"[\s\u3000（）()\[\]【】〔〕“”\"《》<>·,，.。:：_\-—]+")
# What the title may name after the place when the report is the place's own (北山街道办事处).
_THE_GOVERNMENT = ("政府", "办事处", "政府办事处")
_PLACE_SUFFIX = re.compile(r"(?:特别行政区|自治州|自治县|自治旗|地区|街道|[省市区县旗盟镇乡])$")


# ---------------------------------------------------------------- who a report is
@dataclass(frozen=True)
class Office:
    """The body a report is for: its places (outermost first) and the unit the title names
    beyond them ("" for the government of the place itself)."""

    places: tuple[str, ...]
    unit: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """Reports of one office share this key (the innermost place and the unit)."""
        return (self.places[-1] if self.places else "", self.unit)

    def same_as(self, other: "Office") -> bool:
        """Same key, and one chain of places ends the other (拱墅区 and 杭州市拱墅区)."""
        if self.key != other.key:
            return False
        short, long = sorted((self.places, other.places), key=len)
        return long[len(long) - len(short):] == short

    @property
    def name(self) -> str:
        return "".join(self.places) + self.unit


def own_meta(report) -> ReportMeta:
    """Year and places as the report itself states them (title, statistics period); the
    [report] settings of govlint.toml only fill in what it does not state, so that one
    configuration over many offices' reports does not make them all one office."""
    stated = getattr(report, "stated", None) or read_meta(report.document)
    return ReportMeta(stated.year or report.meta.year, stated.year_source or report.meta.year_source,
                      stated.places or list(report.meta.places))


def office_of(report, meta: ReportMeta | None = None) -> Office | None:
    meta = meta or own_meta(report)
    title = "".join(p.stripped for p in report.document.title)
    rest = _NOISE.sub("", _REPORT_WORDS.sub("", _YEARS.sub("", title)))
    for place in meta.places:
        rest = rest.replace(place, "", 1)
    unit = rest.replace("人民政府", "政府")      # 西湖区人民政府办公室 = 西湖区政府办公室
    unit = "" if unit in _THE_GOVERNMENT else unit
    if not meta.places and not unit:
        return None
    return Office(tuple(meta.places), unit)


# ---------------------------------------------------------------- the digest
@dataclass
class SectionDigest:
    number: int
    span: Span                 # the heading (or the section) a finding points at
    hashes: array              # clause shingles, template wording left out
    weights: array             # their lengths in characters


@dataclass
class Digest:
    path: str
    year: int | None
    office: Office | None
    template: str
    keys: tuple[str, ...]          # the template's cell keys (shared between digests)
    names: tuple[str, ...]         # how a message names each cell
    values: array                  # float per key; NaN for a blank, text or missing cell
    located: dict[str, tuple[int, ...]] = field(default_factory=dict)   # key -> span fields
    tables: dict[str, Span] = field(default_factory=dict)
    sections: dict[int, SectionDigest] = field(default_factory=dict)
    context: bool = False          # history: compared against, never reported on
    where: dict[tuple[int, int], Any] = field(default_factory=dict)   # Word: (offset, end) -> Location

    def number(self, key: str) -> float | None:
        index = _index(self.keys).get(key)
        if index is None:
            return None
        return _number(self.values[index])

    def numbers(self, keys: Sequence[str]) -> list[float | None]:
        """number() of each key (None for a blank cell or a key the template lacks)."""
        index = _index(self.keys)
        values = self.values
        # value != value: NaN, a blank cell
        return [None if (i := index.get(key)) is None or (value := values[i]) != value else value for key in keys]

    def keys_under(self, prefix: str) -> tuple[str, ...]:
        """The template's cell keys that start with `prefix` (t3.carried.), in order."""
        return keys_under(self.keys, prefix)

    def name(self, key: str) -> str:
        index = _index(self.keys).get(key)
        return self.names[index] if index is not None else key

    def span(self, key: str) -> Span | None:
        fields = self.located.get(key)
        return Span(*fields) if fields and fields[0] else None

    def paired(self, other: "Digest", prefix: str) -> tuple[list[float | None], list[float | None]]:
        """The values of the cells under `prefix` (t3.) that both digests have, in one order."""
        mine, theirs = _positions(self.keys, other.keys, prefix)
        return [_number(self.values[i]) for i in mine], [_number(other.values[i]) for i in theirs]

    def stored_paired(self, other: "Digest", prefix: str) -> tuple[Sequence[float], Sequence[float]]:
        """paired(), the values as stored (NaN for a blank cell): two sequences of one type
        that compare in C, up to their first difference — for a rule that compares whole
        tables of each report with each of its office's last year's reports."""
        mine, theirs = _getters(self.keys, other.keys, prefix)
        return mine(self.values), theirs(other.values)

    def has(self, key: str) -> bool:
        return key in _index(self.keys)

    def __reduce__(self):
        """Pickled as plain values (see _packed): a worker process sends one digest per report."""
        return _unpacked, _packed(self)

    @property
    def label(self) -> str:
        """How a message names this report: 2020 年报告 path/to/file.txt."""
        return f"{self.year} 年报告 {self.path}" if self.year else f"报告 {self.path}"


# ---------------------------------------------------------------- between processes
# A template's cell keys and names (~18 KB of a seed report's ~23 KB digest, the same for every
# report of the template) leave a worker process with its first digest of each template, and
# a token stands for them after that (send_cells_once). The calling process unpickles a
# worker's digests in the order they were pickled (one thread reads the result queue), so it
# has the tuples before any token standing for them. Anywhere else a digest is pickled whole.
_sent: set[str] | None = None                      # in a worker: the tokens whose tuples went out
_received: dict[str, tuple[tuple, tuple]] = {}     # token -> (keys, names), for the digests unpickled
_SHARED: dict[tuple, tuple] = {}                   # equal tuples of digests pickled whole, made one
_tokens = IdentityMemo(64)                         # in a worker: (keys, names) -> token


def send_cells_once() -> None:
    """Pickle each template's cell keys and names with the first digest only, a token after
    it: for a worker process, every digest of which goes to the calling process, in order."""
    global _sent
    _sent = set()


def _cells_out(keys: tuple, names: tuple) -> tuple[str | None, tuple | None]:
    """(token, (keys, names)) to pickle, or (token, None) once the tuples went out."""
    if _sent is None or not keys:
        return None, (keys, names)
    token = _tokens.get((keys, names), None, lambda: _token_of(keys, names))
    if token in _sent:
        return token, None
    _sent.add(token)
    return token, (keys, names)


def _token_of(keys: tuple, names: tuple) -> str:
    """A name for a template's cell keys and names that only the same tuples have, in any
    process (str hashes differ between spawned processes)."""
    import hashlib
    return hashlib.blake2b(repr((keys, names)).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _cells_in(token: str | None, cells: tuple | None) -> tuple[tuple, tuple]:
    """The keys and names _cells_out sent, one object for every digest that has them."""
    if cells is None:
        return _received[token]
    keys, names = _SHARED.setdefault(cells[0], cells[0]), _SHARED.setdefault(cells[1], cells[1])
    if token is not None:
        _received.setdefault(token, (keys, names))
    return keys, names


def _packed(digest: Digest) -> tuple:
    """A digest as a few plain values: the spans as tuples, the sections' shingles as one
    bytes string each for all hashes and all weights. A pickled dataclass, named tuple or
    array is a call on unpickling and a reduce on pickling; these cost a third as much."""
    sections = digest.sections.values()
    office = digest.office
    return (digest.path, digest.year, office and (office.places, office.unit), digest.template,
            *_cells_out(digest.keys, digest.names), digest.values.tobytes(), digest.located,
            [(key, tuple(span)) for key, span in digest.tables.items()],
            [(s.number, tuple(s.span), len(s.hashes)) for s in sections],
            b"".join(s.hashes.tobytes() for s in sections), b"".join(s.weights.tobytes() for s in sections),
            digest.context, digest.where)


def _unpacked(path, year, office, template, token, cells, values, located, tables, sections,
              hashes, weights, context, where) -> Digest:
    """The digest _packed gave; its key and name tuples shared with the digests unpickled before."""
    all_hashes, all_weights = array("q", hashes), array("H", weights)
    digest = Digest(path, year, office and Office(*office), template, *_cells_in(token, cells), array("d", values),
                    located, {key: new_span(Span, span) for key, span in tables}, {}, context, where)
    start = 0
    for number, span, size in sections:
        end = start + size
        digest.sections[number] = SectionDigest(number, new_span(Span, span), all_hashes[start:end],
                                                all_weights[start:end])
        start = end
    return digest


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


@lru_cache(maxsize=16)
def template_cells(template: Template) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every cell key of a template, and how a message names each cell."""
    keys: list[str] = []
    names: list[str] = []
    for table in template.tables:
        short = table.title.split()[0]
        blocks = [(g.rows, g.columns) for g in table.groups] or [(table.rows, table.columns)]
        for rows, columns in blocks:
            for row in rows:
                for column in columns:
                    keys.append(cell_key(table.key, row.key, column.key))
                    where = f"“{row.label}”行" if row.label else ""
                    names.append(f"{short}{where}“{column.label}”列")
    return tuple(keys), tuple(names)


def _by_identity(function):
    """`function` of a template (or a tuple of templates) remembered by the objects' identity:
    templates are frozen dataclasses whose hash walks every row and column, which is what
    an lru_cache lookup on them costs each time. The objects are kept, so an id is not reused."""
    memo: dict[tuple[int, ...], tuple[object, object]] = {}

    def remembered(templates):
        key = tuple(map(id, templates)) if isinstance(templates, tuple) else (id(templates),)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = (templates, function(templates))
        return hit[1]
    return remembered


_template_cells = _by_identity(lambda template: template_cells(template))
_template_shingles = _by_identity(lambda templates: template_shingles(templates))


def digest_report(report, located: Sequence[str] = (), context: bool = False) -> Digest:
    """The compact form of a report that corpus rules read; `located` are prefixes of the
    cell keys whose locations are kept."""
    model = report.model
    keys, names = _template_cells(model.template)
    get = model.cells.get
    values = _values(model.cells, keys)
    spots: dict[str, tuple[int, ...]] = {key: tuple(cell.node.span) for key in _located_keys(keys, tuple(located))
                                         if (cell := get(key)) is not None and cell.node is not None}
    tables = {key: read.node.span for key, read in model.tables.items()}
    meta = own_meta(report)
    digest = Digest(report.path, meta.year, office_of(report, meta), model.template.key, keys, names,
                    values, spots, tables, _sections(report, meta.places), context)
    locate = getattr(report.source, "locate", None)     # a Word document: paragraph or table cell
    if locate is not None and not context:
        spans = [Span(*f) for f in spots.values()] + list(tables.values())
        spans += [s.span for s in digest.sections.values()]
        digest.where = {(s.offset, s.end_offset): locate(s.offset, s.end_offset) for s in spans}
    return digest


def _values(cells: dict, keys: tuple[str, ...]) -> array:
    """The cells' values as array("d") holds them (NaN for a blank, a text or a missing
    cell), joined from each Number's bytes (Number.stored, made once per distinct cell
    text), not converted one float per cell by array("d"): some 200 cells a report."""
    stored = [_NAN if cell is None else cell.number.stored for cell in map(cells.get, keys)]
    if None in stored:      # a value no double holds: array("d") raises on it, as it did
        return array("d", [math.nan if cell is None or (value := cell.number.value) is None else value
                           for cell in map(cells.get, keys)])
    values = array("d")
    values.frombytes(b"".join(stored))
    return values


@lru_cache(maxsize=16)
def _located_keys(keys: tuple[str, ...], prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """The keys whose cells' locations the digest keeps, in order."""
    return tuple(k for k in keys if k.startswith(prefixes)) if prefixes else ()


def _sections(report, places: Sequence[str]) -> dict[int, SectionDigest]:
    """Each section's clause shingles (_section_shingles), and the span a finding points at."""
    skip = _template_shingles(tuple(report.model.known_templates or (report.model.template,)))
    masks = _masks(places)
    out: dict[int, SectionDigest] = {}
    for section in report.document.sections:
        if section.number is None or section.number in out:
            continue
        texts = tuple(block.text for block in section.blocks
                      if isinstance(block, Paragraph) and block.kind != "page_number")
        hashes, weights = _SHINGLED[(texts, masks, skip)]
        span = section.heading.span if section.heading is not None else section.span
        out[section.number] = SectionDigest(section.number, span, hashes, weights)
    return out


def _section_shingles(key: tuple[tuple[str, ...], tuple[str, ...], frozenset[int]]) -> tuple[array, array]:
    """(hashes, weights) of a section's paragraphs (texts), the masked names and the
    template's shingles left out. The paragraphs are cut into clauses in one go, joined by
    a line break: a line break is a clause break, and no masked name or number holds one,
    so the clauses are those of the paragraphs one after another."""
    texts, masks, skip = key
    joined = "\n".join(texts)
    prose = "\n".join(map(unstock, texts)) if may_hold_stock(joined) else unstock_joined(texts, joined)
    return shingles(prose, masks, skip)


# A section met again word for word (a folder's copies and revisions of a report, this
# year's sections kept from last year's: 1 000 copies of the seeds are 30 distinct sections)
# is shingled once: the lookup hashes its paragraphs' texts, a fraction of what cutting,
# masking and hashing its clauses costs. The arrays are shared by the digests, which never
# change them. Bounded: a section of prose may be some 50 KB.
_SHINGLED = TextMemo(_section_shingles, 64)


def _masks(places: Sequence[str]) -> tuple[str, ...]:
    """The report's own place names and their stems (拱墅区, 拱墅), longest first."""
    names = set(places)
    names.update(stem for p in places if len(stem := _PLACE_SUFFIX.sub("", p)) >= 2)
    return tuple(sorted(names, key=len, reverse=True))
