"""Tables in text without the Tika layout: one cell per line, cells separated by spaces,
and Markdown pipe tables, as text copied or converted from a PDF or a web page gives them.

The grammar reads such text as paragraphs only. `read_plain_tables` finds tables 二, 三 and
四 among those lines, anchored on the template's labels (the template knows every row and
column label and how many cells each row has), and replaces their lines by the same
Table/Row/Cell nodes the Tika layout gives, so the model and every rule work unchanged.
A cell is a stretch of a line: its span is the cell text's exact place in the file (an
empty Markdown cell is an empty span where it stands).

Nothing is guessed. A row is placed only when it carries its own label and exactly as many
value cells as the template gives it; what cannot be placed (labels and numbers in different
rows, a row with too few or too many cells, broken label words) is kept as a `table_text`
artifact and reported once per table as a structure issue, and the rows not placed get no
cells in the model (so no relation is checked on a misread value).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ast import Artifact, Cell, Document, Paragraph, Row, Span, Table
from .numbers import read_number
from .outline import heading_parts, match_section
from .templates.sections import ORDINALS
from .templates.spec import RowSpec, TableSpec, Template

# A Markdown table rule line: | --- | :---: |
_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_WORD = re.compile(r"[^ \t\u3000\u00a0]+")
_CAPTION = re.compile(r"^表\s*([一二三四五六七八九十])")
_PAD = " \t\u3000\u00a0"
# A text (not numeric) token taken as a cell's value (无, -, /) when rows are not laid out
# one per line: longer text there is a label fragment, never a value.
MAX_TEXT_VALUE = 4
# How far back from a table's first row its header may start (lines).
MAX_HEADER_LINES = 30
# Labels of table 二 that start its column header row.
HEADER_START = "信息内容"


@dataclass(eq=False)
class PadCell(Cell):
    """A label cell the text does not show (a merged cell printed once for its group, or
    a cell a layout leaves out): an empty span at the start of its row. The model does
    not compare it with the template's label."""

    pad = True


@dataclass(eq=False)
class PlainTable(Table):
    """A table read from text without the Tika layout, for template table `spec_key`.
    `placed_rows`: template rows whose cells were placed; `notes`: (node, message) the
    model reports as structure issues."""

    spec_key: str = ""
    placed_rows: frozenset = frozenset()
    notes: list = field(default_factory=list)


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    kind: str            # num | blank | text


def _filled(values: list) -> bool:
    """Any value that is not blank (a pipe row's trailing empty cells are padding)."""
    return any(t.kind != "blank" for t in values)


@dataclass
class _Line:
    paragraph: Paragraph
    tokens: list
    pipe: bool = False
    markup: bool = False     # a Markdown rule line or an empty pipe line
    page: bool = False


# ---------------------------------------------------------------- tokens
def _tok(text: str, start: int, end: int) -> _Tok:
    while end - start >= 4 and text[start:start + 2] in ("**", "__") and text[end - 2:end] == text[start:start + 2]:
        start, end = start + 2, end - 2
    return _Tok(text[start:end], start, end,
                "blank" if start == end else ("num" if read_number(text[start:end]).numeric else "text"))


def _tokens(p: Paragraph) -> _Line:
    text, base = p.text, p.span.offset
    if p.kind == "page_number":
        return _Line(p, [], page=True)
    if text.lstrip(_PAD).startswith("|"):
        bars = [i for i, ch in enumerate(text) if ch == "|" and (i == 0 or text[i - 1] != "\\")]
        bounds = list(zip(bars, bars[1:]))
        if text[bars[-1] + 1:].strip(_PAD):
            bounds.append((bars[-1], len(text)))
        cells = [text[a + 1:b] for a, b in bounds]
        if not cells or all(_RULE_CELL.match(c) for c in cells):
            return _Line(p, [], pipe=True, markup=True)
        tokens = []
        for a, b in bounds:
            start, end = a + 1, b
            while start < end and text[start] in _PAD:
                start += 1
            while end > start and text[end - 1] in _PAD:
                end -= 1
            if start == end:    # empty: a span at its place, after one space of padding
                start = end = min(a + 2, b) if b - a > 1 else a + 1
            t = _tok(text, start, end)
            tokens.append(_Tok(t.text, base + t.start, base + t.end, t.kind))
        return _Line(p, tokens, pipe=True)
    tokens = []
    for m in _WORD.finditer(text):
        t = _tok(text, m.start(), m.end())
        tokens.append(_Tok(t.text, base + t.start, base + t.end, t.kind))
    return _Line(p, tokens)


# ---------------------------------------------------------------- labels
class _Vocab:
    """What a token can be in one template table: a row's own label, a group label (a
    merged label cell over several rows), a column or header word."""

    def __init__(self, spec: TableSpec):
        from .model import _same_label     # the model's own notion of "same label"
        self.same = _same_label
        self.spec = spec
        self.rows: list[tuple[RowSpec, tuple[str, ...], object]] = []   # (row, own labels, group)
        self.groups: dict[str, tuple[int, list[RowSpec]]] = {}   # group label -> (column, member rows)
        self.header: list[str] = list(spec.header_labels) + [c.label for c in spec.columns]
        if spec.groups:
            for g in spec.groups:
                self.header += [c.label for c in g.columns] + [a for c in g.columns for a in c.header_aliases]
                for row in g.rows:
                    self.rows.append((row, (row.label,) + row.aliases, g))
        else:
            rows = spec.rows
            for r, row in enumerate(rows):
                if row.labels:
                    self.rows.append((row, (row.label,) + row.aliases, None))
                for i, lab in enumerate(row.labels[:-1]):
                    if not lab:
                        continue
                    members = [row]     # the rows under a merged label cell
                    for below in rows[r + 1:]:
                        if len(below.labels) <= i + 1 or below.labels[i] is not None:
                            break
                        members.append(below)
                    self.groups[lab] = (i, members)

    def own(self, text: str) -> RowSpec | None:
        return next((row for row, labels, _ in self.rows if any(self.same(text, lab) for lab in labels)), None)

    def group(self, text: str) -> str | None:
        return next((lab for lab in self.groups if self.same(text, lab)), None)

    def header_word(self, text: str) -> bool:
        return any(self.same(text, w) for w in self.header) or text == HEADER_START

    def starts_row(self, text: str) -> bool:
        """A label that always begins a row of its own: table 二's group headings and
        its column header row (信息内容)."""
        return bool(self.spec.groups) and (text == HEADER_START or self.same(text, HEADER_START) or any(
            self.same(text, g.label) for g in self.spec.groups))

    def known(self, text: str) -> bool:
        return bool(self.own(text) or self.group(text) or self.header_word(text))


def _merge_labels(tokens: list, vocab: _Vocab, source_text: str) -> list:
    """Label words a space split (第二十条 第（一）项): join a run of text tokens when the
    joined words are one label and the single words are not."""
    out, i = [], 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "text":
            j = i + 1
            while j < len(tokens) and tokens[j].kind == "text":
                j += 1
            for k in range(j, i + 1, -1):
                joined = source_text[t.start:tokens[k - 1].end]
                if (vocab.own(joined) or vocab.group(joined)) and not (vocab.own(t.text) or vocab.group(t.text)):
                    out.append(_Tok(joined, t.start, tokens[k - 1].end, "text"))
                    i = k
                    break
            else:
                out.append(t)
                i += 1
            continue
        out.append(t)
        i += 1
    return out


# ---------------------------------------------------------------- rows
@dataclass
class _RowDraft:
    lines: list                     # _Line objects the row's tokens come from
    labels: list = field(default_factory=list)      # text tokens before the values
    values: list = field(default_factory=list)
    garbled: bool = False           # a token that is neither label nor value
    row_line: bool = False          # the whole row on one line (spaces or pipes)


def _drafts(lines: list, vocab: _Vocab) -> list:
    """Group the region's tokens into rows: a line of several cells is a row; lines of one
    cell each run together, a new row starting at a label after values."""
    out: list[_RowDraft] = []
    current: _RowDraft | None = None

    def flush():
        nonlocal current
        if current is not None:
            out.append(current)
        current = None

    for line in lines:
        if line.page or line.markup or not line.tokens:
            continue
        tokens = line.tokens
        if len(tokens) > 1:
            flush()
            draft = _RowDraft([line], row_line=True)
            for t in tokens:
                # Text after the labels that is no label and short (无, —) is a cell's value.
                value_text = t.kind == "text" and draft.labels and not vocab.known(t.text) and (
                    line.pipe or len(t.text) <= MAX_TEXT_VALUE)
                if t.kind == "text" and not draft.values and not value_text:
                    draft.labels.append(t)
                elif t.kind == "blank" and not draft.values and not draft.labels:
                    continue                  # leading merged-cell placeholders
                elif t.kind == "text" and not value_text:
                    draft.values.append(t)
                    draft.garbled = True      # a label (or long text) after the values
                else:
                    draft.values.append(t)
            out.append(draft)
            continue
        t = tokens[0]
        if t.kind == "text":
            if vocab.known(t.text) or len(t.text) > MAX_TEXT_VALUE:
                # A row's own label begins a row, unless only its group's labels came before.
                if current is None or current.values or vocab.starts_row(t.text) or (
                        vocab.own(t.text) and not all(vocab.group(x.text) for x in current.labels)):
                    flush()
                    current = _RowDraft([line])
                else:
                    current.lines.append(line)
                current.labels.append(t)
                if not vocab.known(t.text):
                    current.garbled = True
                continue
        if current is None:
            current = _RowDraft([line])
        else:
            current.lines.append(line)
        if t.kind == "text" and not current.labels:
            current.garbled = True
        current.values.append(t)
    flush()
    return out


# ---------------------------------------------------------------- one table
class _TableReader:
    def __init__(self, source, spec: TableSpec, lines: list):
        self.source, self.spec, self.lines = source, spec, lines
        self.vocab = _Vocab(spec)
        self.rows: list[Row] = []
        self.placed: dict[str, Row] = {}
        self.unused: list[_Line] = []          # lines of the region no row took
        self.markup: list[_Line] = []

    # spans
    def span(self, start: int, end: int) -> Span:
        line, column = self.source.position(start)
        end_line, end_column = self.source.position(max(start, end))
        return Span(line, column, end_line, end_column, start, end)

    def cell(self, t: _Tok) -> Cell:
        return Cell(self.span(t.start, t.end), self.source.text[t.start:t.end])

    def pad(self, at: int) -> PadCell:
        return PadCell(self.span(at, at), "")

    def row(self, cells: list) -> Row:
        first, last = cells[0].span, cells[-1].span
        return Row(Span(first.line, first.column, last.end_line, last.end_column, first.offset, last.end_offset),
                   cells)

    def text_row(self, draft: _RowDraft) -> Row:
        tokens = draft.labels + draft.values
        while len(tokens) > 1 and tokens[-1].kind == "blank":
            tokens.pop()                 # padding of a Markdown row
        return self.row([self.cell(t) for t in tokens])

    def drop(self, draft: _RowDraft) -> None:
        self.unused.extend(draft.lines)

    # reading
    def read(self, head: int, first: int, end: int) -> PlainTable | None:
        """Lines[head:first] are the header, lines[first:end] the body."""
        for line in self.lines[head:end]:
            if line.markup:
                self.markup.append(line)
        for line in self.lines[head:first]:
            if line.tokens:
                self.rows.append(self.row([self.cell(t) for t in line.tokens]))
        drafts = _drafts([ln for ln in self.lines[first:end]], self.vocab)
        if self.spec.groups:
            self._grouped(drafts)
        elif self.spec.rows and self.spec.rows[0].labels:
            self._grid(drafts)
        else:
            self._single(drafts)
        if not self.rows:
            return None
        span = self.rows[0].span
        last = max(self.rows, key=lambda r: r.span.end_offset).span
        table = PlainTable(Span(span.line, span.column, last.end_line, last.end_column, span.offset,
                                last.end_offset), self.rows, spec_key=self.spec.key,
                           placed_rows=frozenset(self.placed))
        self._note(table)
        return table

    def _values(self, draft: _RowDraft, width: int) -> list | None:
        values = list(draft.values)
        while len(values) > width and values[-1].kind == "blank":
            values.pop()                 # a Markdown row padded to the header's width
        if draft.garbled or len(values) != width:
            return None
        if not draft.row_line and any(t.kind == "text" and len(t.text) > MAX_TEXT_VALUE for t in values):
            return None
        return values

    def _grid(self, drafts: list) -> None:
        spec, vocab, width = self.spec, self.vocab, len(self.spec.columns)
        pending: list[_RowDraft] = []
        candidates: list[tuple[RowSpec, _RowDraft, list]] = []
        for draft in drafts:
            owns = [(t, vocab.own(t.text)) for t in draft.labels]
            rows = [r for _, r in owns if r is not None]
            if not _filled(draft.values) and draft.labels and all(vocab.group(t.text) for t in draft.labels):
                pending.append(draft)        # a group's label on a row of its own
                continue
            row = rows[-1] if rows else None
            values = self._values(draft, width) if row is not None else None
            others = [t for t, r in owns if r is None and not self._in_group(t.text, row)]
            if row is None or values is None or others or row.key in self.placed or len(set(map(id, rows))) > 1:
                self.drop(draft)
                continue
            candidates.append((row, draft, values))
            self.placed[row.key] = None
        garbled = bool(self.unused)
        self.placed.clear()
        for draft in pending:
            self.rows.append(self.text_row(draft))
        for row, draft, values in candidates:
            if garbled and any(t.kind == "blank" for t in values):
                self.drop(draft)         # in a garbled table a blank may be a cell that slid away
                continue
            cells = [self.pad(draft.labels[0].start if draft.labels else values[0].start)
                     for _ in row.labels]
            for t in draft.labels:
                i = self._position(t.text, row)
                if i is not None:
                    cells[i] = self.cell(t)
            node = self.row(cells + [self.cell(t) for t in values])
            self.rows.append(node)
            self.placed[row.key] = node
        self.rows.sort(key=lambda r: r.span.offset)

    def _in_group(self, text: str, row: RowSpec | None) -> bool:
        group = self.vocab.group(text)
        return bool(group and row is not None and any(r is row for r in self.vocab.groups[group][1]))

    def _position(self, text: str, row: RowSpec) -> int | None:
        same = self.vocab.same
        for i, lab in enumerate(row.labels):
            if lab and (same(text, lab) or (i == len(row.labels) - 1 and any(same(text, a) for a in row.aliases))):
                return i
        group = self.vocab.group(text)
        if group is not None:    # a group label printed on another row of its group
            i = self.vocab.groups[group][0]
            if i < len(row.labels) and row.labels[i] is None:
                return i
        return None

    def _single(self, drafts: list) -> None:
        """Table 四: one row of numbers under the header."""
        width = len(self.spec.columns)
        row = self.spec.rows[0]
        for draft in drafts:
            if not _filled(draft.values) or draft.labels or row.key in self.placed:
                if draft.labels and not _filled(draft.values) and not self.placed:
                    self.rows.append(self.text_row(draft))     # header words after a page break
                    continue
                self.drop(draft)
                continue
            values = self._values(draft, width)
            if values is None or any(t.kind == "blank" for t in values) and self.unused:
                self.drop(draft)
                continue
            node = self.row([self.cell(t) for t in values])
            self.rows.append(node)
            self.placed[row.key] = node

    def _grouped(self, drafts: list) -> None:
        """Table 二: group headings, 信息内容 header rows, data rows."""
        vocab = self.vocab
        candidates = []
        for draft in drafts:
            first = draft.labels[0].text if draft.labels else ""
            heading = next((g for g in self.spec.groups if vocab.same(first, g.label)), None)
            if heading is not None and len(draft.labels) == 1 and not _filled(draft.values):
                self.rows.append(self.text_row(draft))
                continue
            if draft.labels and vocab.same(first, HEADER_START) and not any(t.kind == "num" for t in draft.values):
                self.rows.append(self.text_row(draft))
                continue
            found = next(((g, r) for r, labels, g in vocab.rows if any(vocab.same(first, lab) for lab in labels)),
                         None) if len(draft.labels) == 1 else None
            values = self._values(draft, len(found[0].columns)) if found else None
            if found is None or values is None or found[1].key in self.placed:
                self.drop(draft)
                continue
            self.placed[found[1].key] = None
            candidates.append((found[1], draft, values))
        garbled = bool(self.unused)
        self.placed.clear()
        for row, draft, values in candidates:
            if garbled and any(t.kind == "blank" for t in values):
                self.drop(draft)
                continue
            node = self.row([self.cell(draft.labels[0])] + [self.cell(t) for t in values])
            self.rows.append(node)
            self.placed[row.key] = node
        self.rows.sort(key=lambda r: r.span.offset)

    def _note(self, table: PlainTable) -> None:
        spec = self.spec
        rows = [r for g in spec.groups for r in g.rows] if spec.groups else list(spec.rows)
        missing = [r for r in rows if r.key not in self.placed]
        if not missing and not self.unused:
            return
        short = spec.title.split()[0]
        parts = []
        if missing:
            names = "、".join(f"“{_short(r.label) or '数据'}”" for r in missing[:4])
            parts.append(f"{names}{'等 ' + str(len(missing)) + ' 行' if len(missing) > 4 else ''}"
                         "的单元格无法可靠地对应到模板，未予核对")
        if self.unused:
            first = min(self.unused, key=lambda ln: ln.paragraph.span.offset).paragraph
            parts.append(f"表格区域内有 {len(self.unused)} 行文字无法对应到单元格（第 {first.span.line} 行起）")
        anchor = min((ln.paragraph for ln in self.unused), key=lambda p: p.span.offset, default=table)
        table.notes.append((anchor, f"{short}：表格文字排版错乱或单元格数不符（多见于从 PDF、网页复制或转换的文本）："
                                    + "；".join(parts)))


def _short(label: str) -> str:
    cut = label.find("（", 3)
    return label[:cut] if cut > 0 else label


# ---------------------------------------------------------------- regions
def _anchor_words(spec: TableSpec) -> tuple[str, ...]:
    if spec.groups:
        return (spec.groups[0].label,)
    if spec.rows and spec.rows[0].labels:
        return (spec.rows[0].label,) + spec.rows[0].aliases
    return spec.header_labels[:2]


def _find_anchor(lines: list, start: int, spec: TableSpec, vocab: _Vocab, end: int | None = None) -> int | None:
    words = _anchor_words(spec)
    for i in range(start, len(lines) if end is None else end):
        line = lines[i]
        if any(t.kind == "text" and any(vocab.same(t.text, w) for w in words) for t in line.tokens[:3]):
            if "。" not in line.paragraph.text:
                return i
    return None


_NOTE = re.compile(r"^[ \u3000]*(?:注|说明|备注)[：:]")


def _stop(line: _Line) -> bool:
    """A line that cannot be inside a table: a section heading or a sentence (a table's
    caption and a note under its header may stand inside it)."""
    p = line.paragraph
    if line.page or line.pipe:
        return False
    if _CAPTION.match(p.text.lstrip(" \u3000")):
        return False
    return ("。" in p.text and not _NOTE.match(p.text)) or match_section(p) is not None


def _header_start(lines: list, anchor: int, floor: int, vocab: _Vocab, others: list) -> int:
    i = anchor
    while i > floor and anchor - i < MAX_HEADER_LINES:
        line = lines[i - 1]
        if _stop(line) or any(t.kind == "num" for t in line.tokens):
            break
        if line.paragraph.kind == "section" and not any(vocab.known(t.text) for t in line.tokens):
            break               # a 一、… heading worded unlike the template's
        if any(o.own(t.text) or o.group(t.text) for o in others for t in line.tokens if t.kind == "text"):
            break
        i -= 1
    while i < anchor and (lines[i].page or lines[i].markup):
        i += 1
    return i


def _body_end(lines: list, first: int, limit: int, spec: TableSpec) -> int:
    i = first
    if not spec.groups and not (spec.rows and spec.rows[0].labels):
        # Table 四: the header, then its numbers; the table ends after them.
        seen_values = False
        while i < limit and not _stop(lines[i]):
            values = any(t.kind == "num" for t in lines[i].tokens)
            if seen_values and not values and not (lines[i].page or lines[i].markup):
                break
            seen_values = seen_values or values
            i += 1
        return i
    vocab = _Vocab(spec)
    while i < limit and not _stop(lines[i]) and not _later_heading(lines[i], spec, vocab):
        i += 1
    return i


def _later_heading(line: _Line, spec: TableSpec, vocab: _Vocab) -> bool:
    """A 一、… line numbered after the table's own section (四、… under table 三): the next
    section's heading even when worded unlike the template. (三、… inside table 三 is a
    broken label, not a heading.)"""
    p = line.paragraph
    if p.kind != "section" or any(t.kind == "num" or vocab.known(t.text) for t in line.tokens):
        return False
    ordinal, _ = heading_parts(p)
    return ORDINALS.find(ordinal or "-") + 1 > spec.section


def _read(source, template: Template, lines: list) -> list:
    """The tables of one template: [(first line, end line, PlainTable)]."""
    vocabs = {spec.key: _Vocab(spec) for spec in template.tables}
    anchors = []
    after = 0
    for spec in template.tables:      # 二, 三, 四: 四 is looked for after 三
        at = _find_anchor(lines, after if spec.key == "t4" else 0, spec, vocabs[spec.key])
        if at is not None:
            anchors.append((at, spec))
            after = at + 1
    anchors.sort(key=lambda a: a[0])
    found = []
    floor = 0
    for n, (at, spec) in enumerate(anchors):
        if at < floor:
            continue
        vocab = vocabs[spec.key]
        others = [vocabs[s.key] for s in template.tables if s is not spec]
        head = _header_start(lines, at, floor, vocab, others)
        first = at
        limit = len(lines)
        if n + 1 < len(anchors):
            nxt_at, nxt = anchors[n + 1]
            limit = _header_start(lines, nxt_at, at + 1, vocabs[nxt.key],
                                  [vocabs[s.key] for s in template.tables if s is not nxt])
        end = _body_end(lines, first, limit, spec)
        if not spec.groups and not (spec.rows and spec.rows[0].labels):
            # the header lines are those before the first line with numbers
            k = first
            while k < end and not any(t.kind == "num" for t in lines[k].tokens):
                k += 1
            first = k
        table = _TableReader(source, spec, lines).read(head, first, end)
        if table is not None:
            found.append((head, end, table))
        floor = end
    return found


def read_plain_tables(document: Document, source, templates) -> None:
    """Replace the lines of tables 二/三/四 found in a report without Tika tables by Table
    nodes (and their unplaceable lines by `table_text` artifacts)."""
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    if not paragraphs:
        return
    best = None
    for template in templates:
        lines = [_tokens(p) for p in paragraphs]
        vocabs = [_Vocab(spec) for spec in template.tables]
        for line in lines:
            if not line.pipe and len(line.tokens) > 1:
                for v in vocabs:
                    line.tokens = _merge_labels(line.tokens, v, source.text)
        result = _read(source, template, lines)
        score = sum(len(t.placed_rows) for _, _, t in result)
        if best is None or score > best[0]:
            best = (score, result, lines)
    if not best or not best[1]:
        return
    _, result, lines = best
    drop: set[int] = set()
    added: list = []
    for head, end, table in result:
        added.append(table)
        for line in lines[head:end]:
            if line.page:
                continue
            drop.add(id(line.paragraph))
            p = line.paragraph
            if line.markup:
                added.append(Artifact(p.span, "table_markup", p.text))
            elif not _covered(p, table):
                added.append(Artifact(p.span, "table_text", p.text))
    document.blocks = [b for b in document.blocks if id(b) not in drop] + added
    document.blocks.sort(key=lambda b: b.span.offset)


def _covered(p: Paragraph, table: Table) -> bool:
    start, end = p.span.offset, p.span.end_offset
    return any(start <= c.span.offset <= end and c.text for r in table.rows for c in r.cells)
