"""A lean contextual lexer for the report grammar, plugged into Lark as a custom lexer.

It yields exactly the tokens Lark's own contextual lexer yields for grammar/report.lark:
the same terminals (taken from the grammar), tried in the same priority order, limited
to those the LALR parser accepts in its current state. It is faster because it skips
what the grammar does not need: per-character line/column counting (every terminal
ends at a line ending, so lines are counted by one `count`), callbacks and %ignore.
"""
from __future__ import annotations

import re
from typing import Iterator

from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import Lexer, Token


def _priority_order(terminal) -> tuple:
    """Lark's own order of trying terminals (see lark.lexer.BasicLexer)."""
    return (-terminal.priority, -terminal.pattern.max_width, -len(terminal.pattern.value), terminal.name)


class LineLexer(Lexer):
    __future_interface__ = 2      # lex(lexer_state, parser_state): contextual

    def __init__(self, lexer_conf):
        if lexer_conf.ignore or lexer_conf.callbacks or lexer_conf.postlex:
            raise ValueError("LineLexer supports grammars without %ignore, callbacks or postlex")
        self.terminals = sorted(lexer_conf.terminals, key=_priority_order)
        self.flags = lexer_conf.g_regex_flags
        self._by_accepts: dict[frozenset, re.Pattern] = {}
        self._by_state: dict[int, re.Pattern] = {}
        self._root = self._scanner(None)

    def _scanner(self, accepts: frozenset | None) -> re.Pattern:
        chosen = [t for t in self.terminals if accepts is None or t.name in accepts]
        pattern = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in chosen)
        return re.compile(pattern or r"(?!)", self.flags)

    def _state_scanner(self, parser_state) -> re.Pattern:
        state = parser_state.position
        scanner = self._by_state.get(state)
        if scanner is None:
            accepts = frozenset(parser_state.parse_conf.states[state])
            scanner = self._by_accepts.get(accepts)
            if scanner is None:
                scanner = self._by_accepts[accepts] = self._scanner(accepts)
            self._by_state[state] = scanner
        return scanner

    def lex(self, lexer_state, parser_state) -> Iterator[Token]:
        text = lexer_state.text.text
        end = len(text)
        pos, line, line_start = 0, 1, 0
        while pos < end:
            m = self._state_scanner(parser_state).match(text, pos)
            if m is None:
                self._fail(text, pos, line, pos - line_start + 1, parser_state)
            value = m.group()
            new_pos = m.end()
            newlines = value.count("\n")
            end_line = line + newlines
            end_start = text.rfind("\n", pos, new_pos) + 1 if newlines else line_start
            yield Token(m.lastgroup, value, pos, line, pos - line_start + 1,
                        end_line, new_pos - end_start + 1, new_pos)
            pos, line, line_start = new_pos, end_line, end_start

    def _fail(self, text: str, pos: int, line: int, column: int, parser_state) -> None:
        """As Lark's contextual lexer: a terminal of the grammar that is not expected here is
        an UnexpectedToken; text no terminal matches is UnexpectedCharacters."""
        allowed = {n for n in parser_state.parse_conf.states[parser_state.position] if n.isupper()}
        m = self._root.match(text, pos)
        if m is not None:
            token = Token(m.lastgroup, m.group(), pos, line, column)
            raise UnexpectedToken(token, allowed, state=parser_state)
        raise UnexpectedCharacters(text, pos, line, column, allowed=allowed, state=parser_state)
