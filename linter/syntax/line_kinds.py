"""The kind of line the grammar sees a line as — used by the readers that write the text
layout themselves (Word, PDF, web pages) and by the plain-text pass, so that every reader
classes a line exactly as the grammar does (its terminals, from parse_table.py without Lark);
and `parser()`, the grammar's Lark parser (the reference parse of tests and fuzzing)."""
from __future__ import annotations

import re
from functools import lru_cache

from govlint.syntax.parse_table import lark_parser as parser, tables   # noqa: F401  (parser: the reference)

PAD = " \u3000\u00a0"
# The terminals that make a line a paragraph of some kind (or chart data), in the grammar's priority order.
_LINE_TERMINALS = [("PAGE_NUMBER", "page_number"), ("SECTION_LINE", "section"), ("SUBHEAD_LINE", "subheading"),
                   ("ITEM_LINE", "item"), ("POINT_LINE", "point"), ("CHART_LINE", "chart")]


@lru_cache(maxsize=1)
def _line_patterns() -> list[tuple[re.Pattern, str]]:
    terminals = dict(tables()["terminals"])
    return [(re.compile(terminals[name]), kind) for name, kind in _LINE_TERMINALS]


def line_kind(line: str) -> str | None:
    """How the grammar classes a line: a Paragraph kind, "chart", or None for a blank line.
    Leading TABs are indentation typed with the Tab key (in the text layout they would
    start a table cell); a line with TABs after its first text is chart data, as in Tika's."""
    line = line.lstrip("\t")
    if not line.strip(PAD):
        return None
    line += "\n"
    for pattern, kind in _line_patterns():
        if pattern.fullmatch(line):
            return kind
    return "text"
