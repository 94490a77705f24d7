"""The syntax tree's nodes as the grammar driver (driver.py) builds them from line tokens
(kind, start, stop, line, column): the spans of a token's content and the nodes of the
grammar's rules, and a row of cell lines made in one go."""
from __future__ import annotations

import re

from govlint.syntax.tree import Artifact, Cell, LineCell, LineRow, Paragraph, Row, Span, Table, new_span as _new_span

# A prose line's kind is the terminal it matched.
LINE_KINDS = {
    "SECTION_LINE": "section",
    "SUBHEAD_LINE": "subheading",
    "ITEM_LINE": "item",
    "POINT_LINE": "point",
    "PAGE_NUMBER": "page_number",
    "TEXT_LINE": "text",
}


def build_node(origin: str, items: list, text: str, limit: int, position):
    """The node (or nodes) a reduction of rule `origin` makes of its values."""
    if origin == "line":
        out = []
        for token in items:
            kind, start, stop, line, column = token
            if kind == "BOOKMARK":       # never holds a line ending
                out.append(Artifact(_new_span(Span, (line, column, line, column + stop - start, start, stop)),
                                    "bookmark", text[start:stop]))
            else:
                out.append(paragraph(token, text, limit, position))
        return out
    if origin == "row":
        spans: list[Span] = []
        for kind, start, stop, line, column in items:
            if kind == "CELL_LINE":
                spans.append(_line_span(text, limit, start, stop, line, column, 1, position))
            else:
                spans[-1] = _join(spans[-1], _line_span(text, limit, start, stop, line, column, 0, position))
        cells = [Cell(span, text[span.offset:span.end_offset]) for span in spans]
        return Row(_join(cells[0].span, cells[-1].span), cells)
    if origin == "table":
        return [Table(_join(items[0].span, items[-1].span), items)]
    if origin == "chart":
        first, last = items[0], items[-1]
        span = _join(_line_span(text, limit, *first[1:], 0, position),
                     _line_span(text, limit, *last[1:], 0, position))
        return [Artifact(span, "chart", text[span.offset:span.end_offset])]
    raise AssertionError(f"rule {origin} of grammar/report.lark has no node here")


def paragraph(token: tuple, text: str, limit: int, position) -> Paragraph:
    """The paragraph of a prose line token (its kind one of LINE_KINDS)."""
    kind, start, stop, line, column = token
    span = _line_span(text, limit, start, stop, line, column, 0, position)
    block = _new(Paragraph)        # as Paragraph(span, kind, text), without the class call (see _new)
    block.span = span
    block.kind = LINE_KINDS[kind]
    block.text = text[span.offset:span.end_offset]
    return block


def lf_paragraph(token: tuple, text: str, limit: int, position) -> Paragraph:
    """paragraph() in a text without CR, as Driver.parse asks it there: the token ends in
    its LF (prose line terminals end in one), so the content ends right before it unless it
    holds an LF itself (the rare token over several lines, left to paragraph) — one C
    search instead of _line_span's loop over the line's last characters and its frame."""
    if text.find("\n", token[1], token[2] - 1) != -1:
        return paragraph(token, text, limit, position)
    return line_paragraph(token, text)


def line_paragraph(token: tuple, text: str) -> Paragraph:
    """The paragraph of a prose line token that is one line ending in its only LF, in a text
    without CR (Driver.parse knows it by the token's terminal: one_line.py): its content
    ends right before that LF."""
    kind, start, stop, line, column = token
    end = stop - 1
    block = _new(Paragraph)
    block.span = _new_span(Span, (line, column, line, column + end - start, start, end))
    block.kind = LINE_KINDS[kind]
    block.text = text[start:end]
    return block


def _line_span(text: str, limit: int, start: int, stop: int, line: int, column: int, skip: int,
               position) -> Span:
    """The span of a line token's content, without its line ending (and the appended one)."""
    start += skip
    end = stop if stop < limit else limit
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    if text.find("\n", start, end) != -1:     # content over several lines (rare)
        (line, column), (end_line, end_column) = position(start), position(end)
        return _new_span(Span, (line, column, end_line, end_column, start, end))
    column += skip
    return _new_span(Span, (line, column, line, column + end - start, start, end))


# Lines each holding one cell (CELL_LINE); inside a row the lexer takes such a line for
# nothing else (_BLANK, the only terminal tried before it, has no TAB).
CELL_LINES = re.compile(r"(?:\t[^\r\n]*\r?\n)+")
# An instance made without calling its class's __init__, the builders here setting its
# attributes: a dataclass's __init__ is a Python call per node (LineCell has object's own
# __init__ instead, its class call staying in C: tree.LineCell).
_new = object.__new__


def cell_row(chunk: str, offset: int, line: int) -> Row:
    """The row of cell lines, one cell each, given their text `chunk` without the first
    line's TAB and the last line's line ending (at `offset`, line `line`): each cell is a
    line's content after the TAB, without the line ending — the spans _line_span gives
    these tokens, made in one loop (each when first read: tree.LineCell). The chunk is
    taken from the parsed text: it differs from the source text only in the lines the
    grammar could not place, blanked out (parser.parse_blocks), and a blank line is no cell.

    The cells are made as tree.LineCell says, its three attributes set here: a seed report
    has some 300 cells. A chunk without CR (nearly all) needs no test of each line's end."""
    parts = chunk.split("\n\t")           # a line's content: every line starts with a TAB
    if "\r" in chunk:                      # CRLF (maybe on some lines only): a CR ends the part
        return _crlf_row(parts, offset, line)
    return lf_row(parts, offset, line)


def lf_row(parts: list[str], offset: int, line: int) -> Row:
    """cell_row of a chunk without CR, split into its lines' contents (`parts`)."""
    rows: list[Row] = []
    lf_rows([parts], offset, line, rows)
    return rows[0]


def lf_rows(split: list[list[str]], offset: int, line: int, rows: list) -> int:
    """The rows of cell lines of a run of rows one empty line apart (`split`: their texts,
    each without its first TAB and its last line ending, split into their cells' contents;
    the first at `offset`, line `line`), appended to `rows`, in one loop (row_runs.py; a row
    alone: lf_row). Gives the line after the empty line that ends the last."""
    append_row = rows.append
    for parts in split:
        cells = []
        append = cells.append
        for part in parts:
            cell = LineCell()
            cell.text = part
            cell._line = line
            cell._offset = offset
            append(cell)
            line += 1
            offset += len(part) + 2
        row = LineRow()
        row.cells = cells
        append_row(row)
        offset += 1                       # the empty line after the row (and the next TAB)
        line += 1
    return line


def _crlf_row(parts: list[str], offset: int, line: int) -> Row:
    """cell_row of a chunk with a CR: each part without the CR that ends it, if one does."""
    cells = []
    append = cells.append
    for line, part in enumerate(parts, line):
        cell = LineCell()
        cell.text = part[:-1] if part[-1:] == "\r" else part
        cell._line = line
        cell._offset = offset
        append(cell)
        offset += len(part) + 2
    row = LineRow()
    row.cells = cells
    return row


def _join(first: Span, last: Span) -> Span:
    """From the start of `first` to the end of `last`."""
    return _new_span(Span, (first.line, first.column, last.end_line, last.end_column, first.offset, last.end_offset))
