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

from govlint.model.templates.sections import ORDINALS
from govlint.model.templates.spec import RowSpec, TableSpec, Template
from govlint.syntax.outline import heading_parts, match_section
from govlint.syntax.plain_cells import (CAPTION, HEADER_START, MAX_HEADER_LINES, MAX_TEXT_VALUE, PadCell, PlainTable,
                                        RowDraft, Token, TokenLine, Vocabulary, filled, line_tokens, merge_labels,
                                        row_drafts)
from govlint.syntax.tree import Artifact, Cell, Document, Paragraph, Row, Span, Table

# ---------------------------------------------------------------- one table
class _TableReader:
    def __init__(self, source, spec: TableSpec, lines: list):
        self.source, self.spec, self.lines = source, spec, lines
        self.vocab = Vocabulary(spec)
        self.rows: list[Row] = []
        self.placed: dict[str, Row] = {}
        self.unused: list[TokenLine] = []          # lines of the region no row took
        self.markup: list[TokenLine] = []

    # spans
    def span(self, start: int, end: int) -> Span:
        line, column = self.source.position(start)
        end_line, end_column = self.source.position(max(start, end))
        return Span(line, column, end_line, end_column, start, end)

    def cell(self, t: Token) -> Cell:
        return Cell(self.span(t.start, t.end), self.source.text[t.start:t.end])

    def pad(self, at: int) -> PadCell:
        return PadCell(self.span(at, at), "")

    def row(self, cells: list) -> Row:
        first, last = cells[0].span, cells[-1].span
        return Row(Span(first.line, first.column, last.end_line, last.end_column, first.offset, last.end_offset),
                   cells)

    def text_row(self, draft: RowDraft) -> Row:
        tokens = draft.labels + draft.values
        while len(tokens) > 1 and tokens[-1].kind == "blank":
            tokens.pop()                 # padding of a Markdown row
        return self.row([self.cell(t) for t in tokens])

    def drop(self, draft: RowDraft) -> None:
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
        drafts = row_drafts([ln for ln in self.lines[first:end]], self.vocab)
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

    def _values(self, draft: RowDraft, width: int) -> list | None:
        values = list(draft.values)
        while len(values) > width and values[-1].kind == "blank":
            values.pop()                 # a Markdown row padded to the header's width
        if draft.garbled or len(values) != width:
            return None
        if not draft.row_line and any(t.kind == "text" and len(t.text) > MAX_TEXT_VALUE for t in values):
            return None
        return values

    def _grid(self, drafts: list) -> None:
        vocab, width = self.vocab, len(self.spec.columns)
        pending: list[RowDraft] = []
        candidates: list[tuple[RowSpec, RowDraft, list]] = []
        for draft in drafts:
            owns = [(t, vocab.own(t.text)) for t in draft.labels]
            rows = [r for _, r in owns if r is not None]
            if not filled(draft.values) and draft.labels and all(vocab.group(t.text) for t in draft.labels):
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
            if not filled(draft.values) or draft.labels or row.key in self.placed:
                if draft.labels and not filled(draft.values) and not self.placed:
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
            if heading is not None and len(draft.labels) == 1 and not filled(draft.values):
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


def _find_anchor(lines: list, start: int, spec: TableSpec, vocab: Vocabulary, end: int | None = None) -> int | None:
    words = _anchor_words(spec)
    for i in range(start, len(lines) if end is None else end):
        line = lines[i]
        if any(t.kind == "text" and any(vocab.same(t.text, w) for w in words) for t in line.tokens[:3]):
            if "。" not in line.paragraph.text:
                return i
    return None


_NOTE = re.compile(r"^[ \u3000]*(?:注|说明|备注)[：:]")


def _stop(line: TokenLine) -> bool:
    """A line that cannot be inside a table: a section heading or a sentence (a table's
    caption and a note under its header may stand inside it)."""
    p = line.paragraph
    if line.page or line.pipe:
        return False
    if CAPTION.match(p.text.lstrip(" \u3000")):
        return False
    return ("。" in p.text and not _NOTE.match(p.text)) or match_section(p) is not None


def _header_start(lines: list, anchor: int, floor: int, vocab: Vocabulary, others: list) -> int:
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
    vocab = Vocabulary(spec)
    while i < limit and not _stop(lines[i]) and not _later_heading(lines[i], spec, vocab):
        i += 1
    return i


def _later_heading(line: TokenLine, spec: TableSpec, vocab: Vocabulary) -> bool:
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
    vocabs = {spec.key: Vocabulary(spec) for spec in template.tables}
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
        lines = [line_tokens(p) for p in paragraphs]
        vocabs = [Vocabulary(spec) for spec in template.tables]
        for line in lines:
            if not line.pipe and len(line.tokens) > 1:
                for v in vocabs:
                    line.tokens = merge_labels(line.tokens, v, source.text)
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

