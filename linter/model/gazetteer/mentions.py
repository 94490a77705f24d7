"""Finding place mentions in a line of text and tying chains (浙江省杭州市拱墅区) together.

A mention part is a stem from the gazetteer followed by a suffix: a known name (拱墅区), a
known stem with a suffix it is not known with (拱墅市: a wrong-suffix candidate), or a bare
county-level stem that only counts inside a chain (杭州拱墅区). Parts that touch form a
chain; in a chain each part should lie inside the one before it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import Iterable

from govlint.model.gazetteer.names import MENTION_SUFFIXES, SUFFIX_ENDS, TOWNSHIP_SUFFIXES, WORD_AFTER
from govlint.model.gazetteer.store import Division, Gazetteer

LONGEST_TOWNSHIP_STEM = 9           # tests/test_gazetteer.py checks the data against it
PEOPLES_SPAN = 14                   # longest 某族某族 between a township's stem and 乡 (checked too)
_TOWNSHIP_ANCHOR = re.compile("|".join(sorted(TOWNSHIP_SUFFIXES, key=len, reverse=True)))
KNOWN, UNKNOWN, BARE, EXTRA = "known", "unknown", "bare", "extra"
_SUFFIX_END = re.compile(f"[{re.escape(SUFFIX_ENDS)}]")
# What suffixed_lines seeks: SUFFIX_ENDS, with 街 for 道, which ends no suffix but 街道
# (tests/test_place_search.py checks the data), so no line it passes over holds a name to
# check. str.find of 道 (U+9053) reads the text's bytes for 0x53, the high byte of 区, 县,
# 发, 可 and every other U+53xx character, and tests the next forty characters one by one
# at each: on the generated reports 32 K instructions a report, 街 13 K.
_LINE_MARKS = SUFFIX_ENDS.replace("道", "街")
# Characters no stem or suffix holds (tests/test_place_search.py checks the data): parts that
# touch never have one between them, so a chain lies inside one clause between two of them.
_SEPARATORS = r"\x00-\x7f\s\u3000，。；：、！？…—·（）《》〈〉“”‘’【】〔〕［］「」『』"
_SEPARATOR = re.compile(f"[{_SEPARATORS}]")
_NO_SEPARATOR = re.compile(f"[^{_SEPARATORS}]*")
_PRIORITY = {EXTRA: 0, KNOWN: 1, UNKNOWN: 2, BARE: 3}


@dataclass(eq=False)
class Part:
    """A division name (or bare stem) found in a line, with the divisions it may be."""

    start: int
    end: int
    stem: str
    suffix: str                     # as written; "" for a bare stem
    kind: str                       # known | unknown | bare | extra
    candidates: list[Division] = field(default_factory=list)
    chain_start: int = -1           # where the chain the part belongs to starts
    linked: bool = False            # nests with a neighbour in its chain (杭州市|拱墅区)

    @property
    def written(self) -> str:
        return self.stem + self.suffix


@dataclass
class WrongParent:
    """Two names written together that do not nest (the upper one is not the lower one's)."""

    upper: Part
    lower: Part


def word_follows(text: str, at: int, suffix: str) -> bool:
    """拱墅区域, 和睦市场: the suffix's last character starts an ordinary word here."""
    return at < len(text) and text[at] in WORD_AFTER.get(suffix[-1], "")


def has_suffix(text: str) -> bool:
    """The text holds a suffix's last character: it may hold a place mention to check."""
    return _SUFFIX_END.search(text) is not None


def line_marks(texts: list[str]) -> dict[int, list[int]]:
    """By the index of each text that holds a suffix's last character (街 for 道:
    _LINE_MARKS), in order, the places in it of those characters (in no order).

    Found in the texts joined, one str.find per character of _LINE_MARKS (memchr in C, ~11
    instructions a character of Chinese text for all of them) instead of a character-class
    search of each text (~60): most of a report's lines hold none. Joined without a
    separator: `ends` (where each text ends) tells the text a position is in (the first
    that ends after it), empty texts too."""
    text = "".join(texts)
    find = text.find
    ends = list(accumulate(map(len, texts)))
    found: dict[int, list[int]] = {}
    for char in _LINE_MARKS:
        at = find(char)
        end = start = -1
        marks: list[int] = []
        while at >= 0:
            if at >= end:       # in another line than the last one found (the first is at 0)
                line = bisect_right(ends, at)
                end = ends[line]
                start = end - len(texts[line])
                marks = found.get(line) or found.setdefault(line, [])
            marks.append(at - start)
            at = find(char, at + 1)
    return {line: found[line] for line in sorted(found)}


def suffixed_lines(texts: list[str]) -> list[int]:
    """The indexes of the texts that hold a suffix's last character (has_suffix; 街 for
    道: _LINE_MARKS), in order (line_marks)."""
    return list(line_marks(texts))


def suffix_clauses(text: str, extra_names=()) -> list[tuple[int, int]]:
    """(start, end) of the clauses (runs between separators) that hold a suffix character.

    A finding needs a part written with a suffix (or a look-alike, which has one); a bare
    stem matters only in a chain with such a part, and a chain never crosses a separator.
    So the stem search (the costly part) runs only in these clauses, a fifth of the prose.
    The whole line counts as one clause if an extra name holds a separator."""
    size = len(text)
    if any(_SEPARATOR.search(name) for name in extra_names):
        return [(0, size)] if _SUFFIX_END.search(text) else []
    spans: list[tuple[int, int]] = []
    reverse = None
    at = 0
    while (suffix := _SUFFIX_END.search(text, at)) is not None:
        if reverse is None:
            reverse = text[::-1]        # the separator before: the first one after, read backwards
        before = _SEPARATOR.search(reverse, size - suffix.start())
        after = _SEPARATOR.search(text, suffix.end())
        at = after.start() if after else size
        spans.append((size - before.start() if before else 0, at))
    return spans


def clauses_around(text: str, places: Iterable[int]) -> list[tuple[int, int]]:
    """(start, end) of the clauses (runs between separators) that hold the characters at
    `places`, in text order, each once."""
    spans: list[tuple[int, int]] = []
    reverse = None
    size = len(text)
    for at in sorted(places):
        if spans and at < spans[-1][1]:
            continue                    # in the clause just found
        if reverse is None:
            reverse = text[::-1]        # the clause's start: its end in the line read backwards
        spans.append((size - _NO_SEPARATOR.match(reverse, size - 1 - at).end(), _NO_SEPARATOR.match(text, at).end()))
    return spans


class StemEnds:
    """Where a county-level stem may end right before a suffix it may be written with (拱墅|区,
    杭州|市, 长阳|土家族自治县): the first two characters of each suffix (`_heads`), the last
    two characters of each stem (`_tails`), and `leads` (Lookalikes.leads: where a look-alike
    may be written). MarkedEnds (marks.py) looks for them around a line's suffix characters;
    the whole-line searches it replaced are the tests' oracle (tests/place_searches.py)."""

    def __init__(self, gazetteer: Gazetteer, leads: Iterable[str] = ()):
        self._heads = frozenset(s[:2] for s in (*gazetteer.suffix_heads(), *MENTION_SUFFIXES))
        self._tails = gazetteer.stem_tails()
        self._leads = frozenset(leads)


@lru_cache(maxsize=4)
def stem_ends(gazetteer: Gazetteer, leads: frozenset[str] = frozenset()) -> StemEnds:
    """The gazetteer's StemEnds (with `leads`), made once per process."""
    return StemEnds(gazetteer, leads)


def find_parts(text: str, gazetteer: Gazetteer, extra_names=(), spans=None) -> list[Part]:
    """Non-overlapping mention parts of one line, in text order. With `spans`, stems are
    searched only in those (start, end) clauses (parts elsewhere are left out)."""
    hits = [Part(m.start(), m.end(), m.group(), "", EXTRA)
            for name in extra_names for m in re.finditer(re.escape(name), text)]
    for start, end in spans if spans is not None else ((0, len(text)),):
        hits += _county_parts(text, gazetteer, start, end)
        hits += _township_parts(text, gazetteer, start, end)
    if len(hits) < 2 or _apart(hits):
        return hits             # no part overlaps another (most lines): all are taken, in text order
    hits.sort(key=lambda p: (_PRIORITY[p.kind], p.start, p.start - p.end))
    taken: list[Part] = []
    used: set[int] = set()
    for part in hits:
        span = range(part.start, part.end)
        if not used.intersection(span):
            taken.append(part)
            used.update(span)
    taken.sort(key=lambda p: p.start)
    return taken


def _apart(parts: list[Part]) -> bool:
    """Sorts `parts` by start; whether none overlaps the next (then none overlaps another)."""
    parts.sort(key=_start)
    end = -1
    for part in parts:
        if part.start < end:
            return False
        end = part.end
    return True


_start = attrgetter("start")


def _county_parts(text: str, gazetteer: Gazetteer, lo: int, hi: int) -> list[Part]:
    """The county-level stems within text[lo:hi], each as a part (with its suffix if any):
    the first of the stem's written forms (Gazetteer.written_forms: known suffixes, then
    the other mention suffixes) that the text holds after it, not followed by a character
    that makes an ordinary word of it (word_follows)."""
    parts = []
    size = len(text)
    for last, length in gazetteer.finder.iter(text, lo, hi):
        start, end = last - length + 1, last + 1
        stem = text[start:end]
        ways, bare = gazetteer.written_forms(stem)
        for suffix, word_after, known, divisions in ways.get(text[end: end + 1], ()):
            after = end + len(suffix)
            if text.startswith(suffix, end) and not (after < size and text[after] in word_after):
                parts.append(Part(start, after, stem, suffix, KNOWN if known else UNKNOWN, list(divisions)))
                break
        else:
            parts.append(Part(start, end, stem, "", BARE, list(bare)))
    return parts


def _township_parts(text: str, gazetteer: Gazetteer, lo: int, hi: int) -> list[Part]:
    """Townships found back from their suffix written within text[lo:hi]. Before 族乡/族镇
    the peoples' names stand between stem and suffix (三宫回族乡), so the stem may end up to
    PEOPLES_SPAN earlier."""
    parts = []
    for anchor in _TOWNSHIP_ANCHOR.finditer(text, lo, hi):
        at = anchor.start()
        ends = range(at, max(at - PEOPLES_SPAN, 1) - 1, -1) if text[at - 1: at] == "族" else (at,)
        for end in ends:
            for length in range(min(LONGEST_TOWNSHIP_STEM, end), 1, -1):
                stem = text[end - length: end]
                known = gazetteer.townships(stem)
                if known:
                    part = _suffixed(text, gazetteer, stem, end - length, end,
                                     sorted(known, key=len, reverse=True), KNOWN)
                    if part is not None:
                        parts.append(part)
    return parts


def _suffixed(text, gazetteer, stem, start, end, suffixes, kind) -> Part | None:
    for suffix in suffixes:
        if text.startswith(suffix, end) and not word_follows(text, end + len(suffix), suffix):
            candidates = gazetteer.divisions(stem, suffix) if kind == KNOWN else \
                [d for d in gazetteer.divisions(stem) if not d.township]
            return Part(start, end + len(suffix), stem, suffix, kind, candidates)
    return None


def chains(parts: list[Part]) -> list[list[Part]]:
    """Runs of parts that touch (浙江省|杭州市|拱墅区)."""
    runs: list[list[Part]] = []
    for part in parts:
        if runs and runs[-1][-1].end == part.start:
            runs[-1].append(part)
        else:
            runs.append([part])
    return runs


def nests(gazetteer: Gazetteer, upper: Division, lower: Division) -> bool:
    """`lower` lies in `upper` (at any depth, at any time in the records)."""
    return bool(upper.code) and upper.code != lower.code and upper.code in gazetteer.lineage(lower)


def link(chain: list[Part], gazetteer: Gazetteer) -> tuple[list[Part], list[WrongParent]]:
    """Narrow the candidates of touching parts to the pairs that nest. Returns the parts that
    are mentions (a bare stem counts only when it nests with a neighbour) and the pairs
    written as parent and child that do not nest."""
    if len(chain) == 1:         # most chains: a part alone, nothing to narrow
        part = chain[0]
        part.chain_start = part.start
        return ([part] if part.kind != BARE else []), []
    for part in chain:
        part.chain_start = chain[0].start
    keep = {id(p) for p in chain if p.kind != BARE}
    wrong = []
    for upper, lower in zip(chain, chain[1:]):
        if EXTRA in (upper.kind, lower.kind) or UNKNOWN in (upper.kind, lower.kind):
            continue
        pairs = [(x, y) for x in upper.candidates for y in lower.candidates if nests(gazetteer, x, y)]
        if pairs:
            upper.candidates = list(dict.fromkeys(x for x, _ in pairs))
            lower.candidates = list(dict.fromkeys(y for _, y in pairs))
            keep.update((id(upper), id(lower)))
            upper.linked = lower.linked = True
        elif BARE not in (upper.kind, lower.kind) and _could_contain(upper, lower) \
                and not _moved_out(gazetteer, upper, lower):
            wrong.append(WrongParent(upper, lower))
    return [p for p in chain if id(p) in keep], wrong


def _moved_out(gazetteer: Gazetteer, upper: Part, lower: Part) -> bool:
    """A township now under a county that took it from `upper` (余杭区临平街道, written
    before 临平区 was split off): townships have no history of their own."""
    return any(y.township and x.code in gazetteer.former_lineage(y)
               for x in upper.candidates for y in lower.candidates)


def _could_contain(upper: Part, lower: Part) -> bool:
    return any(y.rank > x.rank for x in upper.candidates for y in lower.candidates)


def closest(candidates: list[Division], context: frozenset[str], gazetteer: Gazetteer) -> list[Division]:
    """The candidates nearest the report's own place (sharing the most units with it);
    all of them when none shares any."""
    if not context or len(candidates) < 2:
        return candidates
    scores = [len(gazetteer.lineage(d) & context) for d in candidates]
    best = max(scores)
    if best == 0:
        return candidates
    return [d for d, s in zip(candidates, scores) if s == best]


def mentions(text: str, gazetteer: Gazetteer, extra_names=(), spans=None) -> tuple[list[Part], list[WrongParent]]:
    """Every place mention in a line, and the chains whose parts do not nest (with `spans`,
    those in the clauses suffix_clauses gave: all the findings need)."""
    found: list[Part] = []
    wrong: list[WrongParent] = []
    for chain in chains(find_parts(text, gazetteer, extra_names, spans)):
        parts, bad = link(chain, gazetteer)
        found += parts
        wrong += bad
    return found, wrong
