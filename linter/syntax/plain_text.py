"""Text without the Tika layout (copied or converted from a PDF or a web page): Markdown
markup around headings, tables without TABs (plain_tables.py), and lines wrapped inside a
paragraph.

`read_plain` runs right after parsing, before the outline, on a report in which the
grammar found no table; `join_wrapped` runs after the outline and gives the document its
`prose`: the paragraphs as written, a paragraph wrapped over several lines (at the page
width, maybe across a page number) being one `WrappedParagraph`. Rules that read prose
(`prose.prose_paragraphs`) read those, so a bracket opened on one line and closed on
the next is one pair and a sentence broken by a page number is one sentence; the blocks
stay one per line for the outline and the model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from govlint.syntax.line_kinds import line_kind
from govlint.syntax.tree import Document, Paragraph, Span
from govlint.read.text import Source

# Markdown around a line: headings (## ), block quotes (> ), bullets (- * +), emphasis.
_MD_LEAD = re.compile(r"[ \u3000]*(?:#{1,6}[ \t\u3000]+|>[ \t]?|[-*+][ \t\u3000]+)+")
_MD_TRAIL_HASHES = re.compile(r"[ \t\u3000]+#+[ \t\u3000]*$")
_EMPHASIS = ("**", "__")
# What a line inside Markdown markup may be besides text.
_HEADING_KINDS = ("section", "subheading", "item", "point")
_CLOSERS = "”’）)》」』】〕"
SENTENCE_END = "。！？!?"
# A line is wrapped (not the end of its paragraph) when it is about as wide as the
# widest lines: at least this share of the 90th percentile of line widths.
FULL_LINE_SHARE = 0.8
MIN_LINES_FOR_WIDTH = 8


def read_plain(document: Document, source: Source, templates) -> None:
    """Markdown headings, then the tables (plain_tables.py)."""
    from govlint.syntax.plain_tables import read_plain_tables
    _unwrap_markdown(document)
    read_plain_tables(document, source, templates)


# ---------------------------------------------------------------- Markdown
def _unwrap_markdown(document: Document) -> None:
    for i, block in enumerate(document.blocks):
        if not isinstance(block, Paragraph) or block.kind == "page_number":
            continue
        text = block.text
        stripped = text.lstrip(" \u3000")
        if not stripped or stripped[0] not in "#>-*+_":
            continue
        m = _MD_LEAD.match(text)
        start = m.end() if m else 0
        end = len(text)
        t = _MD_TRAIL_HASHES.search(text, start) if m and "#" in m.group() else None
        if t:
            end = t.start()
        while end > start and text[end - 1] in " \t\u3000":
            end -= 1
        for mark in _EMPHASIS:
            if text.startswith(mark, start) and text.endswith(mark, start, end) and end - start > 4:
                start, end = start + 2, end - 2
        if start == 0 and end == len(text):
            continue
        inner = text[start:end]
        kind = line_kind(inner)
        kind = kind if kind in _HEADING_KINDS else "text"
        s = block.span
        span = Span(s.line, s.column + start, s.line, s.column + end, s.offset + start, s.offset + end)
        document.blocks[i] = Paragraph(span, kind, inner)


# ---------------------------------------------------------------- wrapped lines
@dataclass(eq=False)
class WrappedParagraph(Paragraph):
    """A paragraph written over several lines: `text` is its lines' text run together
    (page numbers between them left out); `span_of` maps back to the lines."""

    pieces: list = field(default_factory=list)

    def span_of(self, start: int, end: int) -> Span:
        a, i = self._piece(start)
        b, j = self._piece(max(start, end - 1)) if end > start else (a, i)
        if a is b:
            return a.span_of(i, i + (end - start))
        first, last = a.span_of(i, i), b.span_of(j + 1, j + 1)
        return Span(first.line, first.column, last.end_line, last.end_column, first.offset, last.end_offset)

    def _piece(self, index: int):
        for piece in self.pieces:
            if index < len(piece.text):
                return piece, index
            index -= len(piece.text)
        last = self.pieces[-1]
        return last, len(last.text) + index


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x1100 else 1.0 for ch in text.strip(" \u3000\t"))


def _ends_sentence(text: str) -> bool:
    text = text.rstrip(" \u3000\t" + _CLOSERS)
    return not text or text[-1] in SENTENCE_END


def join_wrapped(document: Document) -> None:
    """Set document.prose: consecutive lines joined where the first fills the line and
    does not end a sentence, and the second is plain text (not a heading, item or page
    number) on the next line or after page numbers only."""
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    widths = sorted(_width(p.text) for p in paragraphs if p.kind != "page_number")
    if not widths:
        return
    # The page width: the 90th percentile of line widths (the widest line in a short text).
    full = (widths[int(len(widths) * 0.9)] if len(widths) >= MIN_LINES_FOR_WIDTH else widths[-1]) * FULL_LINE_SHARE
    fixed = {id(p) for p in document.title}
    fixed.update(id(s.heading) for s in document.sections if s.heading is not None)
    prose: list[Paragraph] = []
    group: list[Paragraph] = []
    previous = None        # the last block seen (page numbers skipped)

    def close():
        if len(group) == 1:
            prose.append(group[0])
        elif group:
            text = "".join(p.text for p in group)
            first, last = group[0].span, group[-1].span
            span = Span(first.line, first.column, last.end_line, last.end_column, first.offset, last.end_offset)
            prose.append(WrappedParagraph(span, group[0].kind, text, pieces=list(group)))
        group.clear()

    for block in document.blocks:
        if isinstance(block, Paragraph) and block.kind == "page_number":
            continue
        if not isinstance(block, Paragraph):
            close()
            previous = block
            continue
        joins = False
        if (group and previous is group[-1] and block.kind == "text" and id(block) not in fixed
                and id(group[-1]) not in fixed and not _ends_sentence(group[-1].text)):
            across = _adjacent(document, group[-1], block)    # None: not adjacent
            # A sentence running on after a page number continues whatever its width.
            joins = across == "page" or (across == "next" and _width(group[-1].text) >= full)
        if not joins:
            close()
        group.append(block)
        previous = block
    close()
    document.prose = prose


def _adjacent(document: Document, first: Paragraph, second: Paragraph) -> str | None:
    """"next": second starts on the line after first; "page": only page numbers (and
    blank lines around them) stand between them; else None."""
    if second.span.line == first.span.end_line + 1:
        return "next"
    between = [b for b in document.blocks if first.span.end_offset < b.span.offset < second.span.offset]
    lines = second.span.line - first.span.end_line - 1
    pages = [b for b in between if isinstance(b, Paragraph) and b.kind == "page_number"]
    return "page" if pages and len(between) == len(pages) and lines <= 3 * len(pages) else None
