"""Which terminals of the grammar match one line exactly: text ending in its only LF.

The driver (driver.py) counts the line breaks inside each token it matches, and a prose
line's paragraph looks for an LF inside its content (driver_nodes.py), for the rare token
that runs over several lines (a page number's \\s may match a line break). A terminal whose
regex can match an LF only as its last character needs neither: its token holds exactly one
line break, at its end (some 3 000 instructions a prose line, the str methods' argument
handling most of it). `one_line_terminals` reads that off the terminals' regexes (the
grammar stays where they come from), erring towards "may span lines" wherever it does not
know. tests/test_one_line.py checks it against matches of the regexes.
"""
from __future__ import annotations

import re
from re import _constants as C, _parser as P   # the regex parse tree, as re.compile reads it

from govlint import user_cache

_LF = ord("\n")


# (pattern, flags) -> whether its every match is one line, worked out in this process or kept
# by earlier runs of the command line (cli.py: prefill, keep): reading the terminals' regexes
# costs ~1 ms (~2.5 M instructions) of a one-report check's start-up.
_memo = user_cache.KeptDict("lines", __name__, lambda key, one: user_cache.pattern_key(key) and type(one) is bool,
                             100)


def prefill() -> None:
    """Remember what earlier runs worked out."""
    _memo.load()


def keep() -> None:
    """Write what this run worked out when some of it was not kept yet."""
    _memo.store()


def one_line_terminals(terminals, flags: int = 0) -> frozenset[str]:
    """The names of the (name, regex) `terminals` whose every match ends in an LF and holds
    no other."""
    entries = _memo.entries
    found = set()
    for name, pattern in terminals:
        one = entries.get((pattern, flags))
        if one is None:
            one = entries[(pattern, flags)] = _one_line(pattern, flags)
        if one:
            found.add(name)
    return frozenset(found)


def _one_line(pattern: str, flags: int) -> bool:
    """Whether every match of `pattern` ends in an LF and holds no other."""
    try:
        items = P.parse(pattern, flags).data
    except re.error:
        return False
    return _ends_in_only_lf(items, flags)


def _ends_in_only_lf(items: list, flags: int) -> bool:
    """Whether every match of the sequence `items` ends in an LF and holds no other."""
    if not items or any(_may_take_lf(item, flags) for item in items[:-1]):
        return False
    op, av = items[-1]
    if op is C.LITERAL:
        return av == _LF
    if op is C.BRANCH:
        return all(_ends_in_only_lf(alternative.data, flags) for alternative in av[1])
    if op is C.SUBPATTERN:
        return _ends_in_only_lf(av[3].data, (flags | av[1]) & ~av[2])
    return False


def _may_take_lf(item: tuple, flags: int) -> bool:
    """Whether the item (of a regex parse tree) may match text holding an LF (True where
    this does not know)."""
    op, av = item
    if op is C.LITERAL:
        return av == _LF
    if op is C.NOT_LITERAL:
        return av != _LF
    if op is C.IN:
        return _class_takes_lf(av)
    if op is C.CATEGORY:                           # \d \s \w ... outside a class
        return _CATEGORY_HOLDS_LF.get(av, True)
    if op is C.ANY:
        return bool(flags & re.DOTALL)
    if op in (C.ASSERT, C.ASSERT_NOT, C.AT):       # take no character
        return False
    if op is C.SUBPATTERN:
        return any(_may_take_lf(x, (flags | av[1]) & ~av[2]) for x in av[3].data)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        return any(_may_take_lf(x, flags) for x in av[2].data)
    if op is C.BRANCH:
        return any(_may_take_lf(x, flags) for alternative in av[1] for x in alternative.data)
    return True


# Whether the categories a character class may name (\d \D \s \S \w \W) hold an LF.
_CATEGORY_HOLDS_LF = {C.CATEGORY_DIGIT: False, C.CATEGORY_NOT_DIGIT: True, C.CATEGORY_SPACE: True,
                      C.CATEGORY_NOT_SPACE: False, C.CATEGORY_WORD: False, C.CATEGORY_NOT_WORD: True}


def _class_takes_lf(items: list) -> bool:
    """Whether the character class [...] (its parsed items) holds an LF."""
    negated = bool(items) and items[0][0] is C.NEGATE
    holds = False
    for op, av in items[1:] if negated else items:
        if op is C.LITERAL:
            holds = holds or av == _LF
        elif op is C.RANGE:
            holds = holds or av[0] <= _LF <= av[1]
        elif op is C.CATEGORY and av in _CATEGORY_HOLDS_LF:
            holds = holds or _CATEGORY_HOLDS_LF[av]
        else:
            return True
    return holds != negated
