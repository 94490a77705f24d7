"""The grammar's Lark parser (built once per process) and the kind of line the grammar sees
a line as — used by the readers that write the text layout themselves (Word, PDF, web pages)
and by the plain-text pass, so that every reader classes a line exactly as the grammar does."""
from __future__ import annotations

import re
from functools import lru_cache

import lark

from govlint.grammar import GRAMMAR_PATH
from govlint.syntax.lexer import LineLexer

PAD = " \u3000\u00a0"
# The terminals that make a line a paragraph of some kind (or chart data), in the grammar's priority order.
_LINE_TERMINALS = [("PAGE_NUMBER", "page_number"), ("SECTION_LINE", "section"), ("SUBHEAD_LINE", "subheading"),
                   ("ITEM_LINE", "item"), ("POINT_LINE", "point"), ("CHART_LINE", "chart")]


@lru_cache(maxsize=1)
def parser() -> lark.Lark:
    # LineLexer yields the tokens Lark's contextual lexer would, faster; no
    # propagate_positions (the builder takes spans from the tokens' offsets). The tables
    # are kept between runs (parser_cache.py).
    from govlint.syntax.parser_cache import load_or_build
    return load_or_build(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr",
                         lexer=LineLexer, maybe_placeholders=False)


@lru_cache(maxsize=1)
def _line_patterns() -> list[tuple[re.Pattern, str]]:
    terminals = {t.name: t for t in parser().terminals}
    return [(re.compile(terminals[name].pattern.to_regexp()), kind) for name, kind in _LINE_TERMINALS]


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
