"""The grammar's LALR parse, run in one pass that builds the syntax tree's blocks directly.

`parser()` (line_kinds.py) is Lark's parser for grammar/report.lark with the lean line
lexer; it is the reference. This module reads the same LALR parse table Lark computed for
the grammar and the same terminals in the same priority order (parse_table.py, kept between
runs as plain data, so a run needs no Lark), and drives them itself:
every line is matched by the scanner of the terminals the parser accepts in its current
state (as Lark's contextual lexer does), shifted or reduced as Lark's `feed_token` does,
and the grammar's rules build Paragraph, Row, Table and Artifact nodes with their spans as
they are reduced. No Lark Token or Tree is made and the tree is not walked a second time;
that is what makes it cheaper (about 3× on seed-sized reports) than Lark's own loop plus a
tree builder. tests/test_driver.py checks that it gives the blocks the Lark parse gives,
and the same error position for text the grammar rejects.
"""
from __future__ import annotations

import re
from functools import lru_cache

from govlint.syntax import parse_table
from govlint.syntax.parse_table import KEEP as _KEEP, SPLICE as _SPLICE
from govlint.syntax.tree import Artifact, Cell, Paragraph, Row, Span, Table

# A prose line's kind is the terminal it matched.
LINE_KINDS = {
    "SECTION_LINE": "section",
    "SUBHEAD_LINE": "subheading",
    "ITEM_LINE": "item",
    "POINT_LINE": "point",
    "PAGE_NUMBER": "page_number",
    "TEXT_LINE": "text",
}


class ParseError(Exception):
    """The grammar cannot place the line at `pos` (a character offset; line is 1-based),
    as Lark's UnexpectedInput would say."""

    def __init__(self, pos: int, line: int):
        super().__init__(pos, line)
        self.pos, self.line = pos, line


class Driver:
    def __init__(self, tables: dict):
        """`tables`: the grammar's parse table as plain data (parse_table.py)."""
        self.start_state, self.end_state = tables["start"], tables["end"]
        self.actions: dict[int, dict[str, tuple]] = tables["actions"]
        self.goto: dict[int, dict[str, int]] = tables["goto"]
        flags = tables["flags"]
        compiled = [re.compile(pattern, flags) for pattern in tables["scanners"]]
        self.scanners: dict[int, re.Pattern] = {state: compiled[i] for state, i in tables["scanner_of"].items()}
        # A table row read in one go (see _row): the states a row starts from (CELL_LINE is
        # shifted there), the state its `row` goes to, and the scanner of the lines inside it;
        # no states when the grammar does not allow it (parse_table._row_plan proves it).
        self.row_starts: dict[int, int] = dict(tables["row_starts"])
        self.row_scanner = compiled[tables["row_scanner"]] if tables["row_scanner"] is not None else None
        self.blank = re.compile(dict(tables["terminals"])["_BLANK"], flags)

    def parse(self, text: str, source_text: str, position) -> list:
        """The blocks of `text` (the source text with one line ending appended), in order.
        `source_text` is the text the spans and node texts are taken from (same offsets);
        `position(offset)` gives (line, column) for the rare token whose content spans lines.
        Raises ParseError where the grammar cannot go on."""
        actions, goto, scanners = self.actions, self.goto, self.scanners
        end_state = self.end_state
        row_starts = self.row_starts
        limit = len(source_text)
        states = [self.start_state]
        values: list = []
        pos, line, line_start = 0, 1, 0
        end = len(text)
        last_start, last_line = 0, 1
        while True:
            if pos < end:
                m = scanners[states[-1]].match(text, pos)
                if m is None:
                    raise ParseError(pos, line)
                kind = m.lastgroup
                new_pos = m.end()
                token = (kind, pos, new_pos, line, pos - line_start + 1)
                last_start, last_line = pos, line
                newlines = text.count("\n", pos, new_pos)
                if newlines:
                    line += newlines
                    line_start = text.rfind("\n", pos, new_pos) + 1
                pos = new_pos
            else:
                kind, token = "$END", None
            while True:
                action = actions[states[-1]].get(kind)
                if action is None:
                    raise ParseError(last_start, last_line)
                shift, arg = action
                if shift:
                    if kind == "CELL_LINE" and states[-1] in row_starts:
                        row = self._row(text, token, source_text, limit, position)
                        if row is not None:        # the whole row and the blank lines after it
                            node, pos, line, line_start, last_start, last_line = row
                            states.append(row_starts[states[-1]])
                            values.append(node)
                            break
                    states.append(arg)
                    values.append(token)
                    break
                origin, size, plan = arg
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                items: list = []
                for value, how in zip(children, plan):
                    if how == _SPLICE:
                        items.extend(value)
                    elif how == _KEEP:
                        if type(value) is list:      # a node that is several blocks: line, table, chart
                            items.extend(value)
                        else:
                            items.append(value)
                if origin[0] != "_" and origin != "start":
                    items = self._node(origin, items, source_text, limit, position)
                states.append(goto[states[-1]][origin])
                values.append(items)
                if token is None and states[-1] == end_state:
                    return values[-1]

    def _row(self, text: str, first: tuple, source_text: str, limit: int, position):
        """A table row from its first cell line on, with the blank lines that end it, read
        line by line with the scanner of the states inside a row (the lines a row may hold,
        in the lexer's order: a blank line ends it). The LALR parse would shift these same
        tokens and reduce them to this `row`; what decides how the row is reduced (the line
        after its blank lines) is left to the parse. None when the row does not end in a
        blank line (a line no terminal of a row matches, or the end of the text): the parse
        then goes line by line and fails where Lark's would."""
        match = self.row_scanner.match
        blank = self.blank.match
        tokens = [first]
        pos, line = first[2], first[3] + 1
        end = len(text)
        while True:
            m = match(text, pos)
            if m is None:
                return None
            kind = m.lastgroup
            if kind == "_BLANK":
                break
            new_pos = m.end()
            tokens.append((kind, pos, new_pos, line, 1))
            line += text.count("\n", pos, new_pos)
            pos = new_pos
        while True:                        # the blank lines: _BLANK is tried first everywhere
            last_start, last_line = pos, line
            pos = m.end()
            line += 1
            if pos >= end:
                break
            m = blank(text, pos)
            if m is None:
                break
        return (self._node("row", tokens, source_text, limit, position), pos, line, pos,
                last_start, last_line)

    # ---------------------------------------------------------------- nodes
    def _node(self, origin: str, items: list, text: str, limit: int, position):
        if origin == "line":
            out = []
            for kind, start, stop, line, column in items:
                if kind == "BOOKMARK":       # never holds a line ending
                    out.append(Artifact(Span(line, column, line, column + stop - start, start, stop),
                                        "bookmark", text[start:stop]))
                else:
                    span = _line_span(text, limit, start, stop, line, column, 0, position)
                    out.append(Paragraph(span, LINE_KINDS[kind], text[span.offset:span.end_offset]))
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


def _line_span(text: str, limit: int, start: int, stop: int, line: int, column: int, skip: int,
               position) -> Span:
    """The span of a line token's content, without its line ending (and the appended one)."""
    start += skip
    end = stop if stop < limit else limit
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    if text.find("\n", start, end) != -1:     # content over several lines (rare)
        (line, column), (end_line, end_column) = position(start), position(end)
        return Span(line, column, end_line, end_column, start, end)
    column += skip
    return Span(line, column, line, column + end - start, start, end)


def _join(first: Span, last: Span) -> Span:
    """From the start of `first` to the end of `last`."""
    return Span(first.line, first.column, last.end_line, last.end_column, first.offset, last.end_offset)


@lru_cache(maxsize=1)
def driver() -> Driver:
    return Driver(parse_table.tables())
