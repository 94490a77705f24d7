"""The pages of a PDF assembled into the report's blocks: lines joined into paragraphs by their
geometry, tables stitched over page breaks (a repeated header dropped, a label cut by the
break joined), furniture repeated on several pages set apart (see pdf.py)."""
from __future__ import annotations

import re
import statistics
from functools import lru_cache

from govlint.read.blocks import ArtifactBlock, Block, CellBlock, Place, TableBlock, TextBlock
from govlint.read.pdf_text import (CLOSING, HEADING_START, NUMBER, ORDINAL_START, PAGE_NUMBER, PUNCT_ONLY, TERMINAL,
                                   PdfCell, PdfGrid, PdfLine, PdfPage, clean_text, join_text)

# ---------------------------------------------------------------- the document
@lru_cache(maxsize=1)
def _known_labels() -> frozenset[str]:
    """Every label the national templates print in tables 二, 三 and 四, without spaces."""
    from govlint.model.templates.national import TEMPLATE_2019, TEMPLATE_2021
    labels: set[str] = set()
    for template in (TEMPLATE_2019, TEMPLATE_2021):
        for key in ("t2", "t3", "t4"):
            spec = template.table(key)
            labels.update(spec.header_labels)
            for col in spec.columns:
                labels.add(col.label)
                labels.update(col.header_aliases)
            for row in spec.rows:
                labels.update(lab for lab in row.labels if lab)
                labels.update(row.aliases)
            for group in spec.groups:
                labels.add(group.label)
                labels.update(c.label for c in group.columns)
                for row in group.rows:
                    labels.update(lab for lab in row.labels if lab)
                    labels.update(row.aliases)
    labels.update(("信息内容",))
    return frozenset(re.sub(r"\s+", "", label) for label in labels if label)


def _is_label(text: str) -> bool:
    return re.sub(r"\s+", "", text) in _known_labels()


def _label_prefix(text: str) -> bool:
    text = re.sub(r"\s+", "", text)
    return any(label.startswith(text) for label in _known_labels())


class Assembler:
    def __init__(self, pages: list[PdfPage]):
        self.pages = pages

    def blocks(self) -> list[Block]:
        self.furniture()
        sequence = [item for page in self.pages for item in page.items]
        sequence = self.stitch(sequence)
        self.geometry([i for i in sequence if isinstance(i, PdfLine)])
        out: list[Block] = []
        paragraph: list[PdfLine] = []
        table_number = 0
        for item in sequence:
            if isinstance(item, PdfGrid):
                if paragraph:
                    out.append(self.text_block(paragraph))
                    paragraph = []
                table_number += 1
                out.append(self.table_block(item, table_number))
                continue
            if paragraph and self.breaks(paragraph[-1], item):
                out.append(self.text_block(paragraph))
                paragraph = []
            paragraph.append(item)
        if paragraph:
            out.append(self.text_block(paragraph))
        for page in self.pages:
            out.extend(page.artifacts)
        return out

    # -- page furniture
    def furniture(self) -> None:
        """Page numbers, running headers and footers: lines at the top or bottom of a page."""
        candidates: list[tuple[PdfPage, PdfLine, str]] = []
        for page in self.pages:
            lines = [i for i in page.items if isinstance(i, PdfLine)]
            for line in lines[:2]:
                if line.bottom < 0.14 * page.height:
                    candidates.append((page, line, "header"))
            for line in lines[-2:]:
                if line.top > 0.85 * page.height:
                    candidates.append((page, line, "footer"))
        repeated: dict[tuple[str, str], set[int]] = {}
        for page, line, where in candidates:
            repeated.setdefault((where, re.sub(r"\d+", "#", line.text.replace(" ", ""))), set()).add(page.number)
        needed = max(2, int(0.4 * len(self.pages)))
        for page, line, where in candidates:
            kind = None
            if PAGE_NUMBER.match(line.text):
                kind = "page_number"
            elif len(repeated[(where, re.sub(r"\d+", "#", line.text.replace(" ", "")))]) >= needed:
                kind = where
            if kind is not None and line in page.items:
                page.items.remove(line)
                page.artifacts.append(ArtifactBlock(kind, line.text, Place(page=page.number)))

    # -- tables over page breaks
    def stitch(self, sequence: list) -> list:
        """Tables going on over a page break made one; frames around text dropped (their text
        is in the text flow), unless the frame is the next part of a table on the page before."""
        out: list = []
        i = 0
        while i < len(sequence):
            item = sequence[i]
            i += 1
            if not isinstance(item, PdfGrid):
                out.append(item)
                continue
            previous = out[-1] if out else None
            if (isinstance(previous, PdfGrid) and item.page == previous.last_page + 1 and self.aligned(previous, item)):
                if item.framed_text:     # its text lines follow it in the sequence: they are the table's
                    while i < len(sequence) and isinstance(sequence[i], PdfLine) and sequence[i].page == item.page \
                            and sequence[i].top >= item.top - 1 and sequence[i].bottom <= item.bottom + 1:
                        i += 1
                self.continue_table(previous, item)
                continue
            if not item.framed_text:
                out.append(item)
        return out

    @staticmethod
    def aligned(a: PdfGrid, b: PdfGrid) -> bool:
        width = max(a.x1 - a.x0, b.x1 - b.x0, 1.0)
        return abs(a.x0 - b.x0) < 0.05 * width + 6 and abs(a.x1 - b.x1) < 0.05 * width + 6

    def continue_table(self, a: PdfGrid, b: PdfGrid) -> None:
        rows = b.rows
        # a repeated header: the first rows of the continuation equal the table's first rows
        k = 0
        while k < len(rows) - 1 and k < len(a.rows) and _texts(rows[k]) == _texts(a.rows[k]) and any(_texts(rows[k])):
            k += 1
        rows = rows[k:]
        # a row cut by the page break: its label's second part starts the continuation
        if rows and a.rows:
            moved = False
            last = a.rows[-1]
            same_shape = len(last) == len(rows[0]) and all(
                abs(p.x0 - q.x0 - (a.x0 - b.x0)) < 4 and abs(p.x1 - q.x1 - (a.x1 - b.x1)) < 4 for p, q in zip(last, rows[0]))
            for cell in rows[0]:
                if not cell.text or cell.origin is not None or NUMBER.match(cell.text):
                    continue
                above = _cell_at(last, (cell.x0 + cell.x1) / 2 + (a.x0 - b.x0))
                if above is None:
                    continue
                target = above.origin or above
                if not target.text:
                    # a merged label whose text sits below the break: it belongs to the merge's first row
                    if (above.origin is not None or above.rows > 1) and _is_label(cell.text):
                        target.text, cell.text, moved = cell.text, "", True
                    continue
                if NUMBER.match(target.text):
                    continue
                joined = join_text(target.text, cell.text)
                if (_is_label(joined) or _label_prefix(joined)) and not _is_label(cell.text) or (
                        same_shape and not _is_label(cell.text) and not _is_label(target.text)
                        and not ORDINAL_START.match(cell.text)):
                    target.text, cell.text, moved = joined, "", True
            if moved and not any(c.text for c in rows[0]) and len(rows[0]) == len(last):
                rows = rows[1:]
        a.rows.extend(rows)
        a.bottom, a.last_page = b.bottom, b.page

    # -- paragraphs
    def geometry(self, lines: list[PdfLine]) -> None:
        """The text column of each page: its left edge (where most lines start) and its right
        edge (where full lines end; lines ending in punctuation may hang past it)."""
        self.left: dict[int, float] = {}
        self.right: dict[int, float] = {}
        self.pitch: dict[float, float] = {}
        sizes = [round(line.size) for line in lines]
        self.body_size = statistics.mode(sizes) if sizes else 12.0
        by_page: dict[int, list[PdfLine]] = {}
        for line in lines:
            by_page.setdefault(line.page, []).append(line)
        all_left = _left_edge(lines)
        all_right = _right_edge(lines)
        for number, page_lines in by_page.items():
            self.left[number] = _left_edge(page_lines) if len(page_lines) >= 6 else all_left
            self.right[number] = _right_edge(page_lines) if len(page_lines) >= 6 else all_right
        pitches: dict[float, list[float]] = {}
        for a, b in zip(lines, lines[1:]):
            if a.page == b.page and round(a.size) == round(b.size) and b.top > a.top:
                pitches.setdefault(round(a.size), []).append(b.top - a.top)
        self.pitch = {s: _line_pitch(v) for s, v in pitches.items()}
        # paragraphs set apart by space: the wider gaps between lines show where they end
        self.spaced = sum(1 for size, v in pitches.items() for p in v if p > 1.45 * self.pitch[size]) >= 2
        s = self.body_size
        indented = sum(1 for line in lines if 1.5 * s <= line.x0 - self.left.get(line.page, all_left) <= 2.6 * s)
        self.indent_style = indented >= 2

    def breaks(self, a: PdfLine, b: PdfLine) -> bool:
        """Whether line b starts a new paragraph after line a."""
        s = max(a.size, b.size, 1.0)
        if PUNCT_ONLY.match(b.text):
            return False                     # a hanging “。” that landed on a line of its own
        if abs(a.size - b.size) > 0.15 * s:
            return True
        if HEADING_START.match(b.text):
            return True
        left = self.left.get(b.page, b.x0)
        if b.x0 - left > 1.2 * b.size:
            return True                      # an indented first line (or a centred line)
        right = self.right.get(a.page, a.x1)
        if right - a.x1 > b.first_unit + 0.35 * a.size:
            return True                      # the next line's first word would have fitted
        if a.page == b.page:
            pitch = self.pitch.get(round(a.size))
            if pitch and b.top - a.top > 1.45 * pitch:
                return True                  # space between paragraphs
        if not self.indent_style and not self.spaced and a.text[-1] in TERMINAL:
            return True                      # neither indents nor spacing: a full line ending a sentence
        return False

    def text_block(self, lines: list[PdfLine]) -> TextBlock:
        text = ""
        for line in lines:
            text = join_text(text, line.text)
        return TextBlock(clean_text(text), Place(page=lines[0].page))

    def table_block(self, grid: PdfGrid, number: int) -> TableBlock:
        rows = []
        for r, row in enumerate(grid.rows, start=1):
            rows.append([CellBlock(cell.text, Place(page=cell.page, table=number, row=r, col=c))
                         for c, cell in enumerate(row, start=1)])
        return TableBlock(rows, Place(page=grid.page, table=number))


def _line_pitch(pitches: list[float]) -> float:
    """The distance between lines inside a paragraph: the smallest one that recurs (many short
    paragraphs make the wider distance between paragraphs the commoner one)."""
    ordered = sorted(pitches)
    need = max(2, int(0.1 * len(ordered)))
    for v in ordered:
        if sum(1 for p in ordered if abs(p - v) <= 1.0) >= need:
            return v
    return statistics.median(ordered)


def _texts(row: list[PdfCell]) -> list[str]:
    return [c.text for c in row]


def _cell_at(row: list[PdfCell], x: float) -> PdfCell | None:
    for cell in row:
        if cell.x0 - 1 <= x <= cell.x1 + 1:
            return cell
    return None


def _left_edge(lines: list[PdfLine]) -> float:
    """Where most lines start (the text column's left edge)."""
    if not lines:
        return 0.0
    counts: dict[int, int] = {}
    for line in lines:
        counts[round(line.x0)] = counts.get(round(line.x0), 0) + 1
    best = max(counts.values())
    # the leftmost x that is nearly as common as the most common one
    return float(min(x for x, n in counts.items() if n >= max(2, 0.5 * best)) if best >= 2 else min(counts))


def _right_edge(lines: list[PdfLine]) -> float:
    """The right edge of the text column: the largest line end that at least a few lines
    reach to within a character (lines ending in punctuation may hang past it)."""
    ends = sorted((line.x1, line.size) for line in lines if line.text[-1] not in CLOSING) or \
        sorted((line.x1, line.size) for line in lines)
    if not ends:
        return 0.0
    need = min(3, len(ends))
    for x1, size in reversed(ends):
        if sum(1 for e, _ in ends if x1 - size <= e <= x1 + 0.5) >= need:
            return x1
    return ends[-1][0]

