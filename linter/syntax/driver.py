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
from functools import cached_property, lru_cache

from govlint.syntax import parse_table
from govlint.syntax.one_line import one_line_terminals
from govlint.syntax.row_runs import row_run as _row_run
from govlint.syntax.scan_guard import guarded, lf_only
from govlint.syntax.parse_table import DROP as _DROP, KEEP as _KEEP, SPLICE as _SPLICE
from govlint.syntax.driver_nodes import (CELL_LINES, LINE_KINDS, build_node, cell_row,  # noqa: F401 (parser.py)
                                        lf_paragraph, lf_row, line_paragraph, paragraph)


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
        self.flags = flags = tables["flags"]
        self.scanner_patterns: list[str] = tables["scanners"]
        self.scanner_of: dict[int, int] = tables["scanner_of"]
        # A table row read in one go (see _row): the states a row starts from (CELL_LINE is
        # shifted there), the state its `row` goes to, and the scanner of the lines inside it;
        # no states when the grammar does not allow it (parse_table._row_plan proves it).
        self.row_starts: dict[int, int] = dict(tables["row_starts"])
        row_scanner = tables["row_scanner"]
        self.row_scanner = re.compile(self.scanner_patterns[row_scanner], flags) if row_scanner is not None else None
        self.terminals: list[tuple[str, str]] = tables["terminals"]
        self.blank = re.compile(dict(self.terminals)["_BLANK"], flags)
        # _fusion's answers by its arguments, as parse asks them (the same for every report).
        self.fusions: dict[tuple[int, int, str | None], tuple[bool, str | None]] = {}

    def parse(self, text: str, source_text: str, position) -> list:
        """The blocks of `text` (the source text with one line ending appended), in order.
        `source_text` is the text the spans and node texts are taken from (same offsets);
        `position(offset)` gives (line, column) for the rare token whose content spans lines.
        Raises ParseError where the grammar cannot go on."""
        actions, goto = self.actions, self.goto
        lf = "\r" not in text
        scanners, make_paragraph = (self.lf_scanners, lf_paragraph) if lf else (self.scanners, paragraph)
        one_line = self.one_line
        lf_lines = one_line if lf else ()       # the prose lines line_paragraph makes
        end_state = self.end_state
        row_starts, row_cycles, line_fusion = self.row_starts, self.row_cycles, self.line_fusion
        blank_cycles, blank_lines = self.blank_cycles, self.blank_lines
        fusions = self.fusions
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
                if kind in one_line:               # one line, ending in its only line break
                    line, line_start = line + 1, new_pos
                elif newlines := text.count("\n", pos, new_pos):   # (tokens end at their line break)
                    line += newlines
                    line_start = new_pos if text[new_pos - 1] == "\n" else text.rfind("\n", pos, new_pos) + 1
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
                        row = self._row(text, token[1], token[3], source_text, limit, position)
                        if row is not None:        # the whole row and the blank lines after it
                            node, pos, line, line_start, last_start, last_line = row
                            states.append(row_starts[states[-1]])
                            values.append(node)
                            rule = row_cycles.get(states[-1])
                            if rule is not None and len(states) > 2 and goto[states[-3]].get(rule) == states[-2] \
                                    and row_starts.get(states[-2]) == states[-1]:
                                # The rows after it in the table: each would reduce
                                # `rule: rule row` back to this same stack (see row_cycles).
                                rows = values[-2]
                                rows.append(values[-1])
                                dirty = 0          # rows before it read one by one (see _plain_rows)
                                while pos < end and text[pos] == "\t":
                                    pos, line, start, at, dirty = self._plain_rows(text, pos, line, rows, dirty)
                                    if start is not None:
                                        last_start, last_line = start, at
                                    if pos < end and text[pos] == "\t":     # not cell lines only
                                        row = self._other_row(text, pos, line, source_text, limit, position)
                                        if row is None:
                                            break
                                        node, pos, line, line_start, last_start, last_line = row
                                        rows.append(node)
                                values[-1] = rows.pop()     # the last row is the value shifted
                                line_start = pos
                            break
                    line_goes = line_fusion.get(states[-1]) if kind in LINE_KINDS else None
                    if line_goes is not None:
                        # A prose line: lex the next line in the state the shift leads to and,
                        # when it reduces `line: <this token>`, make the paragraph now.
                        if pos < end:
                            m = scanners[arg].match(text, pos)
                            next_kind = m.lastgroup if m is not None else None
                        else:
                            m, next_kind = None, "$END"
                        fusion = fusions.get((arg, line_goes, next_kind))
                        if fusion is None:
                            fusion = fusions[arg, line_goes, next_kind] = self._fusion(arg, line_goes, next_kind)
                        if fusion[0]:
                            block = line_paragraph(token, source_text) if kind in lf_lines else \
                                make_paragraph(token, source_text, limit, position)
                            if fusion[1] is not None and len(states) > 1 and goto[states[-2]].get(fusion[1]) == states[-1]:
                                # ... and `rule: rule line` takes it into the blocks before it,
                                # back to this state (its values are that rule's list).
                                values[-1].append(block)
                            else:
                                states.append(line_goes)
                                values.append([block])
                            if m is None:
                                kind, token = "$END", None
                            else:              # the next line is the current token, as above
                                kind, new_pos = next_kind, m.end()
                                token = (kind, pos, new_pos, line, pos - line_start + 1)
                                last_start, last_line = pos, line
                                if kind in one_line:
                                    line, line_start = line + 1, new_pos
                                elif newlines := text.count("\n", pos, new_pos):
                                    line += newlines
                                    line_start = new_pos if text[new_pos - 1] == "\n" else \
                                        text.rfind("\n", pos, new_pos) + 1
                                pos = new_pos
                            continue
                    states.append(arg)
                    values.append(token)
                    rule = blank_cycles.get(arg) if kind == "_BLANK" else None
                    if rule is not None and pos < end and len(states) > 2 and goto[states[-3]].get(rule) == states[-2]:
                        # The blank lines after it: each would reduce `rule: rule _BLANK` back
                        # to this same stack (see blank_cycles); skipped in one match.
                        after = blank_lines.match(text, pos).end()
                        if after > pos:
                            skipped = text.count("\n", pos, after)
                            last_start, last_line = text.rfind("\n", pos, after - 1) + 1, line + skipped - 1
                            line += skipped
                            pos = line_start = after
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
                    items = build_node(origin, items, source_text, limit, position)
                states.append(goto[states[-1]][origin])
                values.append(items)
                if token is None and states[-1] == end_state:
                    return values[-1]

    @cached_property
    def scanners(self) -> dict[int, re.Pattern]:
        """The scanner of each state: the alternation of the terminals it accepts."""
        return self._compile(self.scanner_patterns)

    @cached_property
    def lf_scanners(self) -> dict[int, re.Pattern]:
        """The scanners for a text without CR (most are: parse picks these then), made
        cheaper to match by lf_only; the scanners as they are where it cannot rewrite one."""
        return self._compile([lf_only(pattern) or pattern for pattern in self.scanner_patterns])

    def _compile(self, patterns: list[str]) -> dict[int, re.Pattern]:
        """Each pattern compiled with its leading terminals behind a test of the first
        character (scan_guard.py): a prose line skips them in one test."""
        compiled = [re.compile(guarded(pattern, self.flags), self.flags) for pattern in patterns]
        return {state: compiled[i] for state, i in self.scanner_of.items()}

    @cached_property
    def one_line(self) -> frozenset[str]:
        """The terminals whose token is one line, ending in its only line break (one_line.py):
        parse counts no line breaks in it, nor looks for one inside a prose line's content."""
        return one_line_terminals(self.terminals, self.flags)

    @cached_property
    def row_cycles(self) -> dict[int, str]:
        """The states after a row inside a table where the next row's CELL_LINE reduces
        `rule: rule row` (Lark's helper rule for `row+`), with that rule: the parse then
        goes back to the state the row started from (parse checks it on the stack) and
        the row is one more value of `rule` — what parse does for each further row of a
        table without lexing, reducing and shifting it token by token."""
        cycles = {}
        for after in set(self.row_starts.values()):
            action = self.actions[after].get("CELL_LINE")
            if action is not None and not action[0]:
                rule, size, plan = action[1]
                if rule.startswith("_") and size == 2 and plan == (_SPLICE, _KEEP):
                    cycles[after] = rule
        return cycles

    @cached_property
    def blank_cycles(self) -> dict[int, str]:
        """The states a blank line is shifted to where a further blank line reduces
        `rule: rule _BLANK` (Lark's helper rule for `_BLANK+`), with that rule: the parse then
        goes back to the state the blank line was shifted from (parse checks it on the
        stack), shifts the next one to this state again and lexes the line after it here —
        so parse skips the further blank lines in one match, the stack as it was."""
        cycles = {}
        for actions in self.actions.values():
            shift = actions.get("_BLANK")
            if shift is not None and shift[0]:
                action = self.actions[shift[1]].get("_BLANK")
                if action is not None and not action[0]:
                    rule, size, plan = action[1]
                    if rule.startswith("_") and size == 2 and plan == (_SPLICE, _DROP):
                        cycles[shift[1]] = rule
        return cycles

    @cached_property
    def row_pattern(self) -> re.Pattern:
        """A row of cell lines only (group 1) and the blank lines that end it: what _row
        reads token by token when it is so, in one match (the blank lines: _BLANK, tried
        first everywhere, matched for as long as it matches)."""
        return re.compile(f"({CELL_LINES.pattern})(?:{self.blank.pattern})+", self.blank.flags)

    @cached_property
    def line_fusion(self) -> dict[int, int]:
        """The states a prose line is shifted from, with the state its `line` goes to: parse
        shifts the line, reduces it to a paragraph and takes that into the list of blocks
        in one step where the parse table says these are the next actions (checked there
        on the next token and the stack), rather than in three turns of its loop."""
        return {state: goto["line"] for state, goto in self.goto.items() if "line" in goto}

    def _fusion(self, after: int, line_goes: int, next_kind: str | None) -> tuple[bool, str | None]:
        """Whether, with `next_kind` next, the prose line shifted to state `after` reduces
        `line: <the line>` there (its `line` then goes to state `line_goes`); and the rule
        `rule: rule line` that then takes the line into the blocks before it, if `line_goes`
        reduces that with `next_kind` next (parse checks that it goes back to the state the
        line was shifted from). Read off the parse table, the same for every report."""
        action = self.actions[after].get(next_kind)
        if action is None or action[0] or action[1][:3:2] != ("line", (_KEEP,)):
            return False, None
        merge = self.actions[line_goes].get(next_kind)
        if merge is not None and not merge[0] and merge[1][1] == 2 and merge[1][2] == (_SPLICE, _KEEP):
            return True, merge[1][0]
        return True, None

    def _row(self, text: str, start: int, line: int, source_text: str, limit: int, position):
        """A table row from its first cell line on (at `start`, line `line`), with the blank
        lines that end it: cell lines only in one go (cell_row), else line by line with
        the scanner of the states inside a row (the lines a row may hold, in the lexer's
        order: a blank line ends it). The LALR parse would shift these same
        tokens and reduce them to this `row`; what decides how the row is reduced (the line
        after its blank lines) is left to the parse. None when the row does not end in a
        blank line (a line no terminal of a row matches, or the end of the text): the parse
        then goes line by line and fails where Lark's would."""
        rows: list = []
        pos, at, last_start, last_line, _ = self._plain_rows(text, start, line, rows, one=True)
        if rows:
            return rows[0], pos, at, pos, last_start, last_line
        return self._other_row(text, start, line, source_text, limit, position)

    def _other_row(self, text: str, start: int, line: int, source_text: str, limit: int, position):
        """A row _plain_rows does not read, as _row gives it: in one match when it is cell
        lines only (with a CR), else line by line."""
        whole = self.row_pattern.match(text, start)
        if whole is not None:
            # Most rows are cell lines only, one cell each, then blank lines: read in one go.
            pos = whole.end()
            last_start = text.rfind("\n", start, pos - 1) + 1
            lines = text.count("\n", start, pos)
            return cell_row(text[start + 1:whole.end(1) - 1], start + 1, line), pos, line + lines, pos, \
                last_start, line + lines - 1
        if CELL_LINES.match(text, start) is None:     # not a CELL_LINE (a lone CR in it)
            return None
        blank = self.blank.match
        end = len(text)
        first = ("CELL_LINE", start, text.index("\n", start) + 1, line, 1)
        node, pos, line, m = self._row_lines(text, first, source_text, limit, position)
        if node is None:
            return None
        while True:                        # the blank lines: _BLANK is tried first everywhere
            last_start, last_line = pos, line
            pos = m.end()
            line += 1
            if pos >= end:
                break
            m = blank(text, pos)
            if m is None:
                break
        return node, pos, line, pos, last_start, last_line

    def _plain_rows(self, text: str, pos: int, line: int, rows: list, dirty: int = 0, one: bool = False):
        """The rows from `pos` on (line `line`) as the row_pattern match in _other_row reads
        them, found with string methods (the regex's repeated group costs some 10 000
        instructions a row) for as long as such rows follow (`one`: the first only): cell
        lines up to the first empty line, each starting with a TAB, no CR among them; then
        any further blank lines. Each row is appended to `rows`. Gives where they end and
        its line, the start and line of the last blank line (Nones when no row is read:
        the regex reads the next row, if any), and `dirty` (row_runs.py: runs of rows are
        read at once, the others one by one)."""
        find, end = text.find, len(text)
        last_start = last_line = None
        while True:
            at = None
            if not one:
                pos, at, dirty = _row_run(text, pos, line, rows, dirty)
            if at is not None:
                line = at
                last_start, last_line = pos - 1, line - 1
            else:
                stop = find("\n\n", pos)          # the end of the last cell line
                if stop == -1:
                    break
                chunk = text[pos + 1:stop]         # without the first TAB and the last line ending
                parts = chunk.split("\n\t")        # the cells' contents (cell_row)
                breaks = len(parts) - 1
                if chunk.count("\n") != breaks or "\r" in chunk:
                    break
                rows.append(lf_row(parts, pos + 1, line))
                last_start, last_line = stop + 1, line + breaks + 1
                pos, line = stop + 2, line + breaks + 2        # after the empty line
            if pos < end and text[pos] != "\t":            # not the next row: maybe more blank lines
                after = self.blank_lines.match(text, pos).end()
                if after > pos:
                    last_start = text.rfind("\n", pos, after - 1) + 1
                    line += text.count("\n", pos, after)
                    last_line, pos = line - 1, after
            if one or pos >= end or text[pos] != "\t":
                break
        return pos, line, last_start, last_line, dirty

    @cached_property
    def blank_lines(self) -> re.Pattern:
        """Blank lines, none or more (_BLANK for as long as it matches)."""
        return re.compile(f"(?:{self.blank.pattern})*", self.blank.flags)

    def _row_lines(self, text: str, first: tuple, source_text: str, limit: int, position):
        """A row with continuation lines, token by token: (the row, where its blank lines
        start, their line, the first blank line's match), or Nones (see _row)."""
        match = self.row_scanner.match
        tokens = [first]
        pos, line = first[2], first[3] + 1
        while True:
            m = match(text, pos)
            if m is None:
                return None, None, None, None
            kind = m.lastgroup
            if kind == "_BLANK":
                return build_node("row", tokens, source_text, limit, position), pos, line, m
            new_pos = m.end()
            tokens.append((kind, pos, new_pos, line, 1))
            line += text.count("\n", pos, new_pos)
            pos = new_pos


@lru_cache(maxsize=1)
def driver() -> Driver:
    return Driver(parse_table.tables())
