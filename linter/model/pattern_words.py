"""The words every match of a regular expression holds, read from the pattern's parse, so
that a search that cannot match is skipped by a few substring tests (`str.__contains__`,
which runs through Chinese text many times faster than the regex engine's scan).

    needed_words(re.compile("本(?:年度)?报告.{0,8}(?:根据|依据)"))  ->  (("报告",), ("根据", "依据"))

Each group lists alternatives: a match holds at least one word of every group. Only what
the pattern must match is read — literal runs of its main sequence and of the groups in it
written once (no ?, * or {m,n} on them), and a group of alternatives each a literal word —
and the rest (optional parts, classes, repeats) is passed over; a pattern with flags that
make a literal match other characters (IGNORECASE) needs nothing. Passing over more only
makes the test weaker, never wrong: a text lacking a group's every word holds no match.

Reading a pattern's parse costs about 0.6 M instructions, and govlint's modules read ~27
patterns as they are imported: ~17 M instructions, 4 % of a one-file check. What was read is
remembered by (pattern, flags), and kept between runs of the command line (`prefill`,
`keep`, like pattern_cache.py) in the user's private cache, in a file named by Python's
version and this module's source: a change of either means reading the patterns again.
"""
from __future__ import annotations

import re

from govlint import user_cache

try:
    from re import _parser as _sre          # Python 3.11+
except ImportError:                         # pragma: no cover - Python 3.9, 3.10
    import sre_parse as _sre                # type: ignore[no-redef]

Words = tuple[tuple[str, ...], ...]


def _well_formed(key, words) -> bool:
    return user_cache.pattern_key(key) and type(words) is tuple and all(
        type(g) is tuple and all(type(w) is str for w in g) for g in words)


# (pattern, flags) -> its needed words, read in this process or kept by earlier runs.
_memo = user_cache.KeptDict("words", __name__, _well_formed, 1000)
_known: dict[tuple[str, int], Words] = _memo.entries
_kept: set[tuple[str, int]] = _memo.kept


def needed_words(pattern: re.Pattern) -> Words:
    """The groups of alternative words every match of `pattern` holds (see the module)."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return ()
    key = (pattern.pattern, pattern.flags)
    words = _known.get(key)
    if words is None:
        words = _known[key] = _read(pattern)
    return words


def _read(pattern: re.Pattern) -> Words:
    groups: list[tuple[str, ...]] = []
    _sequence(_sre.parse(pattern.pattern, pattern.flags), groups)
    return tuple(dict.fromkeys(tested for group in groups for tested in _as_tested(group)))


def prefill() -> None:
    """Remember the words kept by earlier runs (before the modules that read them are imported)."""
    _memo.load()


def keep() -> None:
    """Write what this run read when some of it was not kept yet."""
    _memo.store()


def _as_tested(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A group as holds_needed_words tests it at least cost, with the same answer: without
    the words that hold another of its words (联系电话 holds 电话: a text with it has 电话),
    and after the part all of its words share (统计, in 统计期限|数据统计), which a text lacking
    it lacks them all: one scan of the text rather than one per word."""
    kept = tuple(w for w in words if not any(o != w and o in w for o in words))
    shared = _shared_part(kept) if len(kept) > 1 else ""
    return [(shared,), kept] if len(shared) > 1 else [kept]


def _shared_part(words: tuple[str, ...]) -> str:
    """The longest string every one of `words` holds ("" if none)."""
    shortest = min(words, key=len)
    for size in range(len(shortest), 0, -1):
        for start in range(len(shortest) - size + 1):
            part = shortest[start:start + size]
            if all(part in w for w in words):
                return part
    return ""


def with_characters(groups: Words) -> Words:
    """`groups` led by single characters the words need, for holds_needed_words to test
    first: a test for one character (memchr) runs through Chinese text many times faster than
    one for a word of several (~5 instructions a character), and a text lacking the
    character lacks the word. A group of words of several characters gets a group of the
    last character of each of them (a text with one of the words has its last character);
    the groups of one character come first, the others after them, each as it was (all are
    needed, so their order changes nothing but the cost)."""
    guards = [tuple(dict.fromkeys(word[-1] for word in words)) for words in groups
              if all(len(word) > 1 for word in words)]
    single = [words for words in groups if all(len(word) == 1 for word in words)]
    several = [words for words in groups if not all(len(word) == 1 for word in words)]
    return tuple(dict.fromkeys(single + guards + several))


def holds_needed_words(text: str, groups: Words) -> bool:
    """Whether `text` holds a word of every group (False: the pattern cannot match it)."""
    for words in groups:
        for word in words:
            if word in text:
                break
        else:
            return False
    return True


def _sequence(items, groups: list[tuple[str, ...]]) -> None:
    """The needed words of a sequence that must match whole: its runs of literals, and what
    the groups written once in it need."""
    run: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            groups.append(("".join(run),))
            run = []
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            if not add_flags and not del_flags:
                alternatives = _alternatives(body)
                if alternatives:
                    groups.append(alternatives)
                else:
                    _sequence(body, groups)
        elif op is _sre.IN or op is _sre.BRANCH:
            alternatives = _alternatives([(op, av)])
            if alternatives:
                groups.append(alternatives)
    if run:
        groups.append(("".join(run),))


def _alternatives(items) -> tuple[str, ...]:
    """The words of a part that is one of several literal words (根据|依据, [如若]); () when
    it is anything else."""
    items = list(items)
    if len(items) != 1:
        return ()
    op, av = items[0]
    if op is _sre.IN:
        if all(o is _sre.LITERAL for o, _ in av):
            return tuple(chr(a) for _, a in av)
        return ()
    if op is _sre.BRANCH:
        words = []
        for branch in av[1]:
            branch = list(branch)
            if not branch or not all(o is _sre.LITERAL for o, _ in branch):
                return ()
            words.append("".join(chr(a) for _, a in branch))
        return tuple(words)
    return ()
