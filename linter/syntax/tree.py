"""The report's syntax tree: plain dataclasses, each node with the span it covers.

The parser (parse.py) builds the flat list of blocks; the outline pass (outline.py) finds
the title and the six sections. Text held by a node is the exact slice of the source it
covers, so the offset of its i-th character is `node.span.offset + i`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

PAD_CHARS = " \t\u3000\u00a0\r\n"


class Span(NamedTuple):
    """1-based line/column (columns count characters) and 0-based character offsets.

    A named tuple rather than a frozen dataclass: as immutable and hashable, and three
    times cheaper to make — a seed report makes some 400 while it is parsed."""

    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int

    def label(self) -> str:
        return f"{self.line}:{self.column}"


# new_span(Span, (line, column, end_line, end_column, offset, end_offset)) is Span(...) without
# the named tuple's Python-level __new__ (a frame, ~1 000 instructions): for the spans the
# parse makes by the hundred.
new_span = tuple.__new__


@dataclass(eq=False)
class Node:
    """A node of the syntax tree, with its span in the source text."""

    span: Span

    def walk(self) -> Iterator["Node"]:
        yield self


@dataclass(eq=False)
class Paragraph(Node):
    """One line of prose. `kind` is the line's shape as the grammar saw it:
    text, section (一、…), subheading (（一）…), item (1、…), point (一是…), page_number."""

    kind: str
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip(PAD_CHARS)

    def span_of(self, start: int, end: int) -> Span:
        """The span of text[start:end] (a paragraph is one line)."""
        s = self.span
        return new_span(Span, (s.line, s.column + start, s.line, s.column + end, s.offset + start, s.offset + end))


@dataclass(eq=False)
class Artifact(Node):
    """Leftovers of the export that are kept but are not report text:
    bookmark ([bookmark: _GoBack]), chart (embedded chart data), unparsed (a line the
    grammar could not place)."""

    kind: str
    text: str


class _Kept:
    """An attribute computed from the node's text on first use and kept in the instance
    (a non-data descriptor: later reads are plain attribute reads). The model and the rules
    read a cell's value many times over; a node's text never changes once made."""

    def __init__(self, compute):
        self.compute, self.__doc__ = compute, compute.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, node, owner=None):
        if node is None:
            return self
        value = node.__dict__[self.name] = self.compute(node)
        return value


@dataclass(eq=False)
class Cell(Node):
    """A table cell; `text` may span several lines and holds padding as written."""

    text: str

    @_Kept
    def value(self) -> str:
        """The cell's content without padding (spaces, NBSP, U+3000, line breaks at the ends)."""
        return self.text.strip(PAD_CHARS)

    @property
    def is_empty(self) -> bool:
        return not self.value


class _LineCellSpan:
    """LineCell.span (below), made on first read and kept as _Kept does, in the descriptor
    itself (a finding's cell reads it once: one Python call rather than two)."""

    def __get__(self, cell, owner=None):
        if cell is None:
            return self
        line, offset, size = cell._line, cell._offset, len(cell.text)
        span = cell.__dict__["span"] = new_span(Span, (line, 2, line, 2 + size, offset, offset + size))
        return span


class LineCell(Cell):
    """A cell that is one line of a row in the text layout (its content after the TAB, without
    the line ending), as the grammar driver makes some 300 a report. Its span, always
    (line, 2, line, 2 + len(text), offset, offset + len(text)), is made when first read:
    most cells' spans never are (a finding or a digest's located cell reads a few).

    Made as `LineCell()`, its attributes `text`, `_line` (1-based) and `_offset` then set
    (driver_nodes.lf_row): with object's own __init__ the class call stays in C, some 500
    instructions a cell cheaper than object.__new__(LineCell) (its argument handling) and
    half of what a Python __init__ costs. (Its offset worked out from the parts of its row
    when read instead, some 300 instructions a cell cheaper to make, cost ~260 K a seed
    report more in all: the reads, and the collector's passes over the parts kept.)"""

    span = _LineCellSpan()
    __init__ = object.__init__


@dataclass(eq=False)
class Row(Node):
    """A table row: its cells, in order."""

    cells: list[Cell]

    def walk(self) -> Iterator[Node]:
        yield self
        yield from self.cells


class _LineRowSpan:
    """LineRow.span (below), made on first read from its first and last cells and kept in
    the instance, as _LineCellSpan does."""

    def __get__(self, row, owner=None):
        if row is None:
            return self
        cells = row.cells
        first, last = cells[0], cells[-1]
        end = last._offset + len(last.text)
        span = row.__dict__["span"] = new_span(
            Span, (first._line, 2, last._line, end - last._offset + 2, first._offset, end))
        return span


class LineRow(Row):
    """A row of LineCells, one a line, as the grammar driver makes some 50 a report. Its
    span, from the first cell's line and offset (column 2, after the TAB) to the last cell's
    end, is made when first read: no rule reads a row's span (a table's is made from its
    first and last rows'). Made as `LineRow()`, its `cells` then set (driver_nodes.lf_row),
    its class call staying in C as LineCell's does."""

    span = _LineRowSpan()
    __init__ = object.__init__


@dataclass(eq=False)
class Table(Node):
    """A table of the text layout: its rows, in order."""

    rows: list[Row]

    def walk(self) -> Iterator[Node]:
        yield self
        for row in self.rows:
            yield from row.walk()


Block = Paragraph | Table | Artifact


@dataclass(eq=False)
class Section(Node):
    """One of the template's six sections. `number` is 1..6 as recognised from the heading's
    wording; `heading` is None for text before the first heading."""

    number: int | None
    heading: Paragraph | None
    blocks: list[Block] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for block in self.blocks:
            yield from block.walk()


@dataclass(eq=False)
class Document(Node):
    """A parsed report: its blocks in order, and the title, preamble and sections found in them."""

    blocks: list[Block]
    title: list[Paragraph] = field(default_factory=list)
    preamble: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # The prose as paragraphs, when lines were wrapped inside paragraphs (plain_text.py);
    # None: each prose line is a paragraph.
    prose: list | None = None

    def walk(self) -> Iterator[Node]:
        yield self
        for block in self.blocks:
            yield from block.walk()

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def paragraphs(self) -> list[Paragraph]:
        """Every line of prose, title and headings included, in document order."""
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def section(self, number: int) -> Section | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None
