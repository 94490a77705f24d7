"""Plain-text table lines as tokens: each line split into cells (by `|` in Markdown, else by
spaces and TABs), each token with its exact place in the file; the template's vocabulary (row
labels, group labels, column and header words) to tell a label token from a value; and lines
grouped into draft rows. plain_tables.py places the drafts on the template's grid."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from govlint.model.cell_numbers import read_number
from govlint.model.templates.spec import RowSpec, TableSpec
from govlint.syntax.labels import same_label
from govlint.syntax.tree import Cell, Paragraph, Table

# A Markdown table rule line: | --- | :---: |
RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
WORD = re.compile(r"[^ \t\u3000\u00a0]+")
CAPTION = re.compile(r"^表\s*([一二三四五六七八九十])")
PAD = " \t\u3000\u00a0"
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
class Token:
    text: str
    start: int
    end: int
    kind: str            # num | blank | text


def filled(values: list) -> bool:
    """Any value that is not blank (a pipe row's trailing empty cells are padding)."""
    return any(t.kind != "blank" for t in values)


@dataclass
class TokenLine:
    paragraph: Paragraph
    tokens: list
    pipe: bool = False
    markup: bool = False     # a Markdown rule line or an empty pipe line
    page: bool = False


# ---------------------------------------------------------------- tokens
def token(text: str, start: int, end: int) -> Token:
    while end - start >= 4 and text[start:start + 2] in ("**", "__") and text[end - 2:end] == text[start:start + 2]:
        start, end = start + 2, end - 2
    return Token(text[start:end], start, end,
                "blank" if start == end else ("num" if read_number(text[start:end]).numeric else "text"))


def line_tokens(p: Paragraph) -> TokenLine:
    text, base = p.text, p.span.offset
    if p.kind == "page_number":
        return TokenLine(p, [], page=True)
    if text.lstrip(PAD).startswith("|"):
        bars = [i for i, ch in enumerate(text) if ch == "|" and (i == 0 or text[i - 1] != "\\")]
        bounds = list(zip(bars, bars[1:]))
        if text[bars[-1] + 1:].strip(PAD):
            bounds.append((bars[-1], len(text)))
        cells = [text[a + 1:b] for a, b in bounds]
        if not cells or all(RULE_CELL.match(c) for c in cells):
            return TokenLine(p, [], pipe=True, markup=True)
        tokens = []
        for a, b in bounds:
            start, end = a + 1, b
            while start < end and text[start] in PAD:
                start += 1
            while end > start and text[end - 1] in PAD:
                end -= 1
            if start == end:    # empty: a span at its place, after one space of padding
                start = end = min(a + 2, b) if b - a > 1 else a + 1
            t = token(text, start, end)
            tokens.append(Token(t.text, base + t.start, base + t.end, t.kind))
        return TokenLine(p, tokens, pipe=True)
    tokens = []
    for m in WORD.finditer(text):
        t = token(text, m.start(), m.end())
        tokens.append(Token(t.text, base + t.start, base + t.end, t.kind))
    return TokenLine(p, tokens)


# ---------------------------------------------------------------- labels
class Vocabulary:
    """What a token can be in one template table: a row's own label, a group label (a
    merged label cell over several rows), a column or header word."""

    def __init__(self, spec: TableSpec):
        self.same = same_label
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


def merge_labels(tokens: list, vocab: Vocabulary, source_text: str) -> list:
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
                    out.append(Token(joined, t.start, tokens[k - 1].end, "text"))
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
class RowDraft:
    lines: list                     # TokenLine objects the row's tokens come from
    labels: list = field(default_factory=list)      # text tokens before the values
    values: list = field(default_factory=list)
    garbled: bool = False           # a token that is neither label nor value
    row_line: bool = False          # the whole row on one line (spaces or pipes)


def row_drafts(lines: list, vocab: Vocabulary) -> list:
    """Group the region's tokens into rows: a line of several cells is a row; lines of one
    cell each run together, a new row starting at a label after values."""
    out: list[RowDraft] = []
    current: RowDraft | None = None

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
            draft = RowDraft([line], row_line=True)
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
                    current = RowDraft([line])
                else:
                    current.lines.append(line)
                current.labels.append(t)
                if not vocab.known(t.text):
                    current.garbled = True
                continue
        if current is None:
            current = RowDraft([line])
        else:
            current.lines.append(line)
        if t.kind == "text" and not current.labels:
            current.garbled = True
        current.values.append(t)
    flush()
    return out


