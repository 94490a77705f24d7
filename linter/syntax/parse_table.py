"""The grammar's LALR parse table as plain data, for the one-pass driver (driver.py) and for
line_kind() — kept between runs in the user's cache (user_cache.py), so that a run neither
imports Lark (~20 ms) nor loads Lark's tables (~10 ms), and the proof that rows may be read in
one go (~2 ms) is made once.

The data is what Lark computed for grammar/report.lark with the line lexer — the table, the
terminals in Lark's priority order and, for each state, the alternation of the terminals it
accepts (what Lark's contextual lexer tries there) — read off Lark's parser by `from_lark`.
The kept file is named by a digest of the grammar, Python's version, the installed Lark
(where it is, its time and size) and this module's and lexer.py's source; when it is not
there, Lark's parser (parser_cache.py) is loaded or built and the data read off it again.

    {"start": state, "end": state, "flags": regex flags,
     "terminals": [(name, regexp)] in priority order,
     "actions": {state: {terminal or rule: (True, next state) | (False, (rule, size, plan))}},
     "goto": {state: {rule: state}},
     "scanners": [alternation], "scanner_of": {state: index into scanners},
     "row_starts": {state: state its row goes to}, "row_scanner": index or None}
"""
from __future__ import annotations

import importlib.util
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path

from govlint import user_cache
from govlint.grammar import GRAMMAR_PATH

# What a reduction does with the values of its right-hand side (Lark's tree shaping for this
# grammar): a terminal named _X is dropped, a rule named _x (Lark's helper rules for * and +)
# is spliced into its parent, any other rule becomes a node.
DROP, SPLICE, KEEP = 0, 1, 2
# The lines a row may hold, after its first cell line; a blank line ends it.
_INSIDE_ROW = frozenset({"_BLANK", "CELL_LINE", "PAGE_NUMBER", "TEXT_LINE"})
_SOURCES = (Path(__file__), Path(__file__).with_name("lexer.py"))


@lru_cache(maxsize=1)
def lark_parser():
    """Lark's parser for the grammar with the lean line lexer (LineLexer yields the tokens
    Lark's contextual lexer would, faster); no propagate_positions (the driver takes spans
    from the tokens' offsets). Lark's own tables are kept between runs (parser_cache.py)."""
    from govlint.syntax.lexer import LineLexer
    from govlint.syntax.parser_cache import load_or_build
    return load_or_build(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr",
                         lexer=LineLexer, maybe_placeholders=False)


@lru_cache(maxsize=1)
def tables() -> dict:
    """The parse table of the grammar, from the cache when it is there."""
    name = None
    try:
        name = f"tables-{_key()}.marshal"
        kept = user_cache.load(name)
        if kept is not None:
            data = marshal.loads(kept)
            if isinstance(data, dict) and data.get("grammar") == GRAMMAR_PATH.name:
                return data
    except Exception:       # damaged, or the key cannot be made: read it off Lark
        pass
    data = from_lark(lark_parser())
    if name is not None:
        try:
            user_cache.store(name, marshal.dumps(data))
        except ValueError:      # not plain data after all: no cache, the run goes on
            pass
    return data


def _key() -> str:
    spec = importlib.util.find_spec("lark")
    lark_file = os.stat(spec.origin)
    return user_cache.digest(GRAMMAR_PATH.read_bytes(), sys.version, spec.origin, str(lark_file.st_mtime_ns),
                             str(lark_file.st_size), *(path.read_bytes() for path in _SOURCES))


def from_lark(parser) -> dict:
    """The data of the module's docstring, read off Lark's parser for the grammar."""
    from lark.parsers.lalr_analysis import Shift

    from govlint.syntax.lexer import _priority_order
    table = parser.parser.parser.parser.parse_table
    terminals = sorted(parser.terminals, key=_priority_order)
    plans: dict = {}
    actions: dict[int, dict[str, tuple]] = {}
    goto: dict[int, dict[str, int]] = {}
    scanners: list[str] = []
    scanner_of: dict[int, int] = {}
    by_accepts: dict[frozenset, int] = {}
    for state, entries in table.states.items():
        shifts, gotos = {}, {}
        for symbol, (action, arg) in entries.items():
            symbol = str(symbol)              # plain data: Lark may hand out str subclasses
            if action is Shift:
                if symbol.isupper():          # a terminal (rules are lower case)
                    shifts[symbol] = (True, arg)
                else:
                    gotos[symbol] = arg
            else:
                plan = plans.get(arg)
                if plan is None:
                    plan = plans[arg] = (str(arg.origin.name), len(arg.expansion),
                                         tuple(DROP if s.is_term and s.name.startswith("_") else
                                               SPLICE if s.name.startswith("_") else KEEP
                                               for s in arg.expansion))
                shifts[symbol] = (False, plan)
        actions[state], goto[state] = shifts, gotos
        accepts = frozenset(map(str, entries))
        index = by_accepts.get(accepts)
        if index is None:
            chosen = [t for t in terminals if t.name in accepts]
            scanners.append("|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in chosen) or r"(?!)")
            index = by_accepts[accepts] = len(scanners) - 1
        scanner_of[state] = index
    data = {"grammar": GRAMMAR_PATH.name, "start": table.start_states["start"], "end": table.end_states["start"],
            "flags": parser.lexer_conf.g_regex_flags,
            "terminals": [(str(t.name), str(t.pattern.to_regexp())) for t in terminals],
            "actions": actions, "goto": goto, "scanners": scanners, "scanner_of": scanner_of}
    data["row_starts"], data["row_scanner"] = _row_plan(actions, goto, scanner_of)
    return data


# ---------------------------------------------------------------- reading a row in one go
def _row_plan(actions: dict, goto: dict, scanner_of: dict) -> tuple[dict[int, int], int | None]:
    """The states a table row starts from (CELL_LINE is shifted there) with the state its
    `row` goes to, and the scanner of the lines inside a row — for Driver._row, which reads a
    row in one go; no states (rows go line by line) when the grammar does not allow it."""
    row_starts: dict[int, int] = {}
    row_scanner = None
    for state, gotos in goto.items():
        cell = actions[state].get("CELL_LINE")
        if "row" in gotos and cell is not None and cell[0]:
            row_starts[state] = gotos["row"]
            row_scanner = scanner_of[cell[1]]
    if not _row_shortcut_holds(actions, goto, row_starts):
        return {}, row_scanner        # the grammar changed: the rows go line by line
    return row_starts, row_scanner


def _simulate(actions: dict, goto: dict, stack: list, kinds) -> list | None:
    """The state stack after the parse shifts the terminals `kinds` (None: an error)."""
    stack = list(stack)
    for kind in kinds:
        while True:
            action = actions[stack[-1]].get(kind)
            if action is None:
                return None
            shift, arg = action
            if shift:
                stack.append(arg)
                break
            origin, size, _ = arg
            if size:
                del stack[-size:]
            stack.append(goto[stack[-1]][origin])
    return stack


def _row_shortcut_holds(actions: dict, goto: dict, row_starts: dict[int, int]) -> bool:
    """In every state inside a row (up to 4 lines in) the parse accepts the same lines:
    blank, cell, page number, text; after the blank lines that end a row it accepts
    the lines the state its `row` goes to accepts (the shortcut lexes the next line in
    that state), and the row never ends the parse by itself."""
    if not row_starts:
        return False

    def terminals(state: int) -> frozenset:
        return frozenset(k for k in actions[state] if k != "$END")

    inner = ("CELL_LINE", "PAGE_NUMBER", "TEXT_LINE")
    for start, after_row in row_starts.items():
        paths = [("CELL_LINE",)]
        for _ in range(4):
            longer = []
            for path in paths:
                stack = _simulate(actions, goto, [start], path)
                if stack is None or terminals(stack[-1]) != _INSIDE_ROW:
                    return False
                for blanks in (1, 2):
                    ended = _simulate(actions, goto, [start], path + ("_BLANK",) * blanks)
                    if ended is None or terminals(ended[-1]) - {"_BLANK"} != terminals(after_row) - {"_BLANK"} \
                            or ("$END" in actions[ended[-1]]) != ("$END" in actions[after_row]):
                        return False
                longer.extend(path + (k,) for k in inner)
            paths = longer
    return True
