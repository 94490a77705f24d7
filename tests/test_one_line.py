"""one_line_terminals (linter/syntax/one_line.py) against the regexes themselves: a terminal it
names never matches text holding an LF other than its last character, and it names the
grammar's prose, cell and blank lines (else the driver counts line breaks in each of them)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.syntax.driver import driver
from govlint.syntax.one_line import one_line_terminals

# Characters the terminals care about, and line breaks in every place.
PIECES = ["\n", "\r", "\t", " ", "\u3000", "\u00a0", "一", "、", "（", "）", "3", "是", "第", "页", "共",
          "-", "/", "[bookmark: x]", "a", ".", "\\"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)
TERMINALS = driver().terminals


def test_the_grammar_s_line_terminals_are_one_line():
    names = one_line_terminals(TERMINALS, driver().flags)
    assert {"TEXT_LINE", "SECTION_LINE", "CELL_LINE", "_BLANK", "CHART_LINE"} <= names
    assert "BOOKMARK" not in names and "PAGE_NUMBER" not in names    # no line break; \s over lines


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_a_one_line_terminal_matches_one_line_ending_in_its_lf(text):
    flags = driver().flags
    for name, pattern in TERMINALS:
        if name in one_line_terminals(TERMINALS, flags):
            for pos in range(len(text)):
                m = re.compile(pattern, flags).match(text, pos)
                if m is not None:
                    assert m.group().endswith("\n") and m.group().count("\n") == 1


def test_regexes_that_may_span_lines_are_not_one_line():
    may_span = [r"a\s*\n", r"[^x]*\n", r"(?s:.)\n", r"a|b\n", r"\D\n", r"[\W]\n", r"a\n?", r"(?:a\n)+",
                r"a(?=\n)", r"\n\n", r"[\n]a\n", r"[\x00-\x7f]\n", r"(a)\1\n"]
    found = one_line_terminals([(p, p) for p in may_span])
    assert not found
    one_line = [r"a\n", r"[^\n]*\n", r"[^\s]\n", r"\d+\r?\n", r"(?:a|b\t)\n", r"(?:a\n|b\r?\n)", r".\n",
                r"(?![^\n]*\t)[^\n]*\n", r"[\w\d]\n"]
    assert one_line_terminals([(p, p) for p in one_line]) == frozenset(one_line)
