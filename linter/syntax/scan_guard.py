"""A scanner's alternation with its leading terminals behind one test of the first character.

A scanner (driver.py) tries the terminals its state accepts in Lark's order, each at the
line's first character; most lines are prose that starts with a character none of the
leading terminals (blank line, bookmark, cell line, page number, headings, items, points)
can start with, and only the last two (CHART_LINE, TEXT_LINE: any character but a TAB or
a line ending) match them. `guarded(pattern)` puts those leading terminals behind a
look-ahead for the characters they can start with, worked out from the regex itself (the
grammar stays where they come from): a prose line then costs one character-class test
instead of some 3 000 instructions of failed alternatives (a third of its scan). The match
is the same at every position: a terminal skipped cannot start with that character, and
the terminals are still tried in their order. tests/test_driver.py checks it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as C, _parser as P   # the regex parse tree, as re.compile reads it

from govlint import user_cache


# (pattern, flags) -> the guarded pattern, worked out in this process or kept by earlier runs
# of the command line (cli.py: prefill, keep): reading the scanners' regexes costs ~1 ms, a
# one-report check's start-up.
_memo = user_cache.KeptDict("guards", __name__, lambda key, guarded: user_cache.pattern_key(key)
                             and type(guarded) is str, 100)


def prefill() -> None:
    """Remember the guarded patterns kept by earlier runs."""
    _memo.load()


def keep() -> None:
    """Write what this run worked out when some of it was not kept yet."""
    _memo.store()


def guarded(pattern: str, flags: int = 0) -> str:
    """`pattern`, an alternation of named groups (a scanner), with the longest run of
    leading groups whose first characters are known put behind a look-ahead for them
    (itself when fewer than two such groups lead, or nothing follows them)."""
    key = (pattern, flags)
    found = _memo.entries.get(key)
    if found is None:
        found = _memo.entries[key] = _guarded(pattern, flags)
    return found


def _guarded(pattern: str, flags: int) -> str:
    if flags & re.IGNORECASE:
        return pattern
    marks = [m.start() for m in _NAMED.finditer(pattern)]
    if not marks or marks[0] != 0 or any(pattern[at - 1] != "|" for at in marks[1:]):
        return pattern
    pieces = [pattern[a:b - 1] for a, b in zip(marks, marks[1:])] + [pattern[marks[-1]:]]
    firsts: set[str] = set()
    lead = 0
    for piece in pieces:
        found = _piece_firsts(piece, flags)
        if found is None or found[1]:           # any character, or it may match nothing
            break
        firsts |= found[0]
        lead += 1
    if lead < 2 or lead == len(pieces):
        return pattern
    guard = "(?=[" + "".join(sorted(firsts)) + "])"
    return f"{guard}(?:{'|'.join(pieces[:lead])})|{'|'.join(pieces[lead:])}"


# Where a named group opens: a scanner's terminals, each a top-level alternative (a piece
# that is not, cut at a group inside it, does not parse: the pattern is then left as it is).
_NAMED = re.compile(r"\(\?P<\w+>")


@lru_cache(maxsize=None)
def _piece_firsts(piece: str, flags: int) -> tuple[frozenset[str], bool] | None:
    """_first_chars of one terminal's group (the scanners share most of them)."""
    try:
        found = _first_chars(P.parse(piece, flags).data)
    except re.error:
        return None
    return found and (frozenset(found[0]), found[1])


def _first_chars(items: list) -> tuple[set[str], bool] | None:
    """The class items a match of the sequence `items` can start with, and whether it can
    match the empty string; None when any character could start it (or it is not known)."""
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(re.escape(chr(av)))
            return out, False
        if op is C.IN:
            chars = _class_items(av)
            if chars is None:
                return None
            return out | chars, False
        if op in (C.ASSERT, C.ASSERT_NOT):      # a look-around takes no character
            continue
        if op is C.SUBPATTERN:
            group_flags = av[1] | av[2]
            if group_flags & re.IGNORECASE:
                return None
            found = _first_chars(av[3].data)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            found = _first_chars(av[2].data)
            if found is not None and av[0] == 0:
                found = found[0], True
        elif op is C.BRANCH:
            found = _branches(av[1])
        else:                                    # any character, anchors, back references...
            return None
        if found is None:
            return None
        out |= found[0]
        if not found[1]:
            return out, False
    return out, True


def _branches(alternatives: list) -> tuple[set[str], bool] | None:
    out: set[str] = set()
    empty = False
    for alternative in alternatives:
        found = _first_chars(alternative.data)
        if found is None:
            return None
        out |= found[0]
        empty = empty or found[1]
    return out, empty


_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s", C.CATEGORY_WORD: r"\w"}


def _class_items(items: list) -> set[str] | None:
    """The items of a character class [...] as written again; None for a negated class or
    an item not known here."""
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is C.RANGE:
            out.add(re.escape(chr(av[0])) + "-" + re.escape(chr(av[1])))
        elif op is C.CATEGORY and av in _CATEGORIES:
            out.add(_CATEGORIES[av])
        else:
            return None
    return out


def lf_only(pattern: str) -> str | None:
    """A scanner `pattern` that matches in a text without CR exactly what it matches there,
    cheaper: `\\r?` matches nothing there and a CR in a character class no character, so
    they are left out; a line's rest without TAB up to its LF (`[^\\t\\n]*\\n`, where each
    character is checked against the class, some 55 instructions) becomes a look-ahead for a
    TAB before the LF and a run to it (single-character scans, some 20 in all); CHART_LINE
    (a TAB inside the line) first looks for the TAB, so that a line without one fails it at
    once instead of after a scan. TEXT_LINE right after CHART_LINE needs no look-ahead: it
    is tried only where CHART_LINE failed, and on a line that starts with neither TAB nor LF
    that means no TAB before the LF (a third of the scanning of each prose line saved).
    None when a CR is left that this does not know to drop.
    tests/test_driver.py checks that both scanners match alike on LF texts."""
    fast = (pattern.replace("[^\t\r\n]+\t[^\r\n]*\r?\n", "(?=[^\n]*\t)[^\t\n]+\t[^\n]*\n")
            .replace("[^\t\r\n]*\r?\n", "(?![^\n]*\t)[^\n]*\n")
            .replace("\r?", "").replace("\r\n]", "\n]")
            .replace(_CHART_THEN_TEXT, _CHART_THEN_TEXT.replace("(?![^\n]*\t)", "")))
    return None if "\r" in fast else fast


# CHART_LINE and then TEXT_LINE in a scanner, as lf_only has rewritten them.
_CHART_THEN_TEXT = "(?P<CHART_LINE>(?=[^\n]*\t)[^\t\n]+\t[^\n]*\n)|(?P<TEXT_LINE>[^\t\n](?![^\n]*\t)[^\n]*\n)"
