"""What a reader of a laid-out format (PDF, web page) hands on: the report as a sequence of
blocks in reading order, each with the place a reviewer finds it in the original.

A reader's only job is to find the report's paragraphs and tables in its format; turning the
blocks into the text layout the grammar reads, and keeping the map back to pages, paragraphs
and cells, is shared (see layout.py). This module imports nothing of ours.

Conventions every reader follows, so that the same report gives the same tree in every format:
- `TextBlock.text` is one paragraph of report text on one line: no TAB, no line break; lines
  wrapped inside the paragraph are joined; spaces that extraction put between CJK characters
  or between CJK and digits are removed.
- `TableBlock.rows` are the table's rows as a reader sees them in Word: a cell merged across
  columns (colspan, gridSpan) is one cell; a cell merged down rows (rowspan, vMerge) is read in
  its first row, and each row below it has an empty cell ("") in its place. Cell text is on one
  line; several paragraphs inside a cell are joined (CJK directly, otherwise with a space).
- `ArtifactBlock` holds what is shown but is not report text: page numbers, running headers
  and footers, a seal's text, site navigation. It is kept (for `govlint parse`), never checked.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Place:
    """Where a block or cell is in the original: a PDF page, a body paragraph (numbered 1… in
    document order, paragraphs with text only), or a table cell (table numbered 1… in document
    order, row and column counted from 1, a merged cell once)."""

    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None


@dataclass
class TextBlock:
    text: str
    place: Place = field(default_factory=Place)


@dataclass
class CellBlock:
    text: str
    place: Place = field(default_factory=Place)


@dataclass
class TableBlock:
    rows: list[list[CellBlock]]
    place: Place = field(default_factory=Place)


@dataclass
class ArtifactBlock:
    kind: str            # page_number | header | footer | seal | chrome | ...
    text: str
    place: Place = field(default_factory=Place)


Block = TextBlock | TableBlock | ArtifactBlock
