"""The text layout every laid-out format is written into, with the map back to the original.

A Word document, a PDF and a web page are read into a *synthetic text* in the Tika layout the
grammar reads — one line per paragraph, a table cell as a line starting with TAB, a blank line
after each table row — and into the syntax tree over that text. Every node's span points into
the synthetic text, so line/column/offsets mean the same for every format and every rule works
on all of them unchanged. `Region`s map stretches of the text back to where a reader finds
them (a page, a paragraph, a table cell); `LaidOutSource.locate` turns a finding's offsets
into a `Location`.

`lay_out(path, blocks)` does all of this for the readers that produce blocks (blocks.py); the
Word reader writes its text itself (it also records the w:t elements that fixes edit) and
shares `NodeBuilder`, `line_kind` and `LaidOutSource` with them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from govlint.syntax.tree import Artifact, Cell, Document, Paragraph, Row, Span, Table
from govlint.results.diagnostic import Location
from govlint.syntax.line_kinds import PAD, line_kind
from govlint.syntax.outline import build_outline
from govlint.read.text import Source
from govlint.read.blocks import ArtifactBlock, Block, Place, TableBlock, TextBlock

QUOTE_CHARS = 24


@dataclass(frozen=True)
class Region:
    """A stretch of the synthetic text and the place in the original it came from."""

    start: int
    end: int
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    page: int | None = None


@dataclass
class LaidOutSource(Source):
    """A laid-out document read into the synthetic text, with its tree and the map back."""

    document: Document | None = None
    regions: list[Region] = field(default_factory=list, repr=False)
    _region_starts: list[int] = field(default_factory=list, repr=False)

    def region_at(self, offset: int) -> Region | None:
        """The region holding offset, else the next one (offsets between regions are TABs
        and line breaks of the layout), else the last."""
        if not self.regions:
            return None
        if len(self._region_starts) != len(self.regions):
            self._region_starts = [r.start for r in self.regions]
        i = bisect.bisect_right(self._region_starts, offset) - 1
        if i >= 0 and offset <= self.regions[i].end:
            return self.regions[i]
        return self.regions[min(i + 1, len(self.regions) - 1)]

    def locate(self, offset: int, end_offset: int) -> Location | None:
        region = self.region_at(offset)
        if region is None:
            return None
        text = self.text[region.start:region.end]
        return Location(region.paragraph, region.table, region.row, region.col,
                        quote(text, max(0, min(offset, region.end) - region.start)), region.page)


def quote(text: str, at: int) -> str:
    """A short quote of text around position `at`, on one line."""
    text = " ".join(text.split("\n"))
    if len(text) <= QUOTE_CHARS:
        return text
    start = max(0, min(at - QUOTE_CHARS // 3, len(text) - QUOTE_CHARS))
    part = text[start:start + QUOTE_CHARS]
    return ("…" if start else "") + part + ("…" if start + QUOTE_CHARS < len(text) else "")


# ---------------------------------------------------------------- nodes from records
class NodeBuilder:
    """The syntax tree from what a reader recorded while writing the synthetic text:
    ("paragraph", kind, start, end), ("artifact", kind, start, end) and ("table", rows) with
    rows a list of (start, end) cell ranges."""

    def __init__(self, source: Source):
        self.source = source

    def span(self, start: int, end: int) -> Span:
        line, column = self.source.position(start)
        end_line, end_column = self.source.position(max(start, end))
        return Span(line, column, end_line, end_column, start, end)

    def document(self, raw: list[tuple]) -> Document:
        text = self.source.text
        blocks: list = []
        for record in raw:
            if record[0] == "table":
                blocks.append(self.table(record[1]))
                continue
            what, kind, start, end = record
            if what == "paragraph":
                blocks.append(Paragraph(self.span(start, end), kind, text[start:end]))
            elif kind == "chart" and blocks and isinstance(blocks[-1], Artifact) and blocks[-1].kind == "chart" \
                    and blocks[-1].span.end_offset + 1 == start:
                previous = blocks.pop()   # consecutive chart lines are one artifact, as the grammar makes them
                first = previous.span.offset
                blocks.append(Artifact(self.span(first, end), "chart", text[first:end]))
            else:
                blocks.append(Artifact(self.span(start, end), kind, text[start:end]))
        blocks.sort(key=lambda b: b.span.offset)
        document = Document(self.span(0, len(text)), blocks)
        build_outline(document)
        return document

    def table(self, rows: list[list[tuple[int, int]]]) -> Table:
        text = self.source.text
        nodes = []
        for cells in rows:
            cell_nodes = [Cell(self.span(a, b), text[a:b]) for a, b in cells]
            nodes.append(Row(self.span(cells[0][0], cells[-1][1]), cell_nodes))
        return Table(self.span(rows[0][0][0], rows[-1][-1][1]), nodes)


# ---------------------------------------------------------------- blocks -> laid-out source
_LINE_BREAKS = re.compile(r"[\t\r\n\v\f\u2028\u2029]+")


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def _region(start: int, end: int, place: Place) -> Region:
    return Region(start, end, place.paragraph, place.table, place.row, place.col, place.page)


def lay_out(path: str, blocks: list[Block], encoding: str) -> LaidOutSource:
    """Write blocks into the synthetic text (artifacts after the body, one per line, as the
    Word reader does) and build the tree and the regions."""
    parts: list[str] = []
    raw: list[tuple] = []
    regions: list[Region] = []
    aside: list[ArtifactBlock] = []
    pos = 0

    def write(text: str) -> None:
        nonlocal pos
        parts.append(text)
        pos += len(text)

    for block in blocks:
        if isinstance(block, TextBlock):
            line = _one_line(block.text)
            kind = line_kind(line)
            if kind is None:
                continue
            start = pos
            write(line)
            raw.append(("artifact" if kind == "chart" else "paragraph", kind, start, pos))
            regions.append(_region(start, pos, block.place))
            write("\n")
        elif isinstance(block, TableBlock):
            rows: list[list[tuple[int, int]]] = []
            for cells in block.rows:
                if not cells:
                    continue
                ranges = []
                for cell in cells:
                    write("\t")
                    start = pos
                    write(_one_line(cell.text).strip(PAD))
                    ranges.append((start, pos))
                    regions.append(_region(start, pos, cell.place))
                    write("\n")
                write("\n")
                rows.append(ranges)
            if rows:
                raw.append(("table", rows))
        else:
            aside.append(block)
    for block in aside:
        text = _one_line(block.text).strip(PAD)
        if not text:
            continue
        start = pos
        write(text)
        raw.append(("artifact", block.kind, start, pos))
        regions.append(_region(start, pos, block.place))
        write("\n")
    source = LaidOutSource(path=path, text="".join(parts), encoding=encoding, regions=regions)
    source.document = NodeBuilder(source).document(raw)
    return source
