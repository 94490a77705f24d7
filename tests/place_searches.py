"""GL501's whole-line searches as they were before MarkedEnds (linter/model/gazetteer/marks.py)
read only around a line's suffix characters, kept as test-only oracles: where a stem ends
before a suffix (StemEnds.__call__), that and where a look-alike may be written in one pass
(StemEnds.with_leads), and the look-alikes' anchors (Lookalikes.anchors); and the county-level
parts as found before the stems' written forms were kept (county_parts)."""
from __future__ import annotations

import re
from functools import lru_cache

from govlint.model.gazetteer import mentions
from govlint.model.gazetteer.lookalikes import Lookalikes
from govlint.model.gazetteer.mentions import StemEnds
from govlint.model.gazetteer.names import MENTION_SUFFIXES
from govlint.model.gazetteer.wordfind import char_class, heads_pattern

_heads_pattern = lru_cache(maxsize=16)(lambda heads: heads_pattern(heads))


def stem_ends_in(ends: StemEnds, text: str) -> list[int]:
    """The index of the last character of each stem written before a suffix it may take (a
    stem has two characters or more: the suffix after one starts at 2 or later)."""
    tails = ends._tails
    return [m.start() - 1 for m in _heads_pattern(ends._heads).finditer(text, 2) if text[m.start() - 2: m.start()] in tails]


def with_leads(ends: StemEnds, text: str) -> tuple[list[int], list[int]]:
    """What stem_ends_in gives, and the index of each place one of the leads is written."""
    return with_leads_by(ends, loose_heads_pattern(ends._heads | ends._leads), text)


def with_leads_by(ends: StemEnds, pattern: re.Pattern, text: str) -> tuple[list[int], list[int]]:
    """with_leads, the places a head or lead may start found by `pattern` (one that matches
    at each of them, and maybe at others: each is tested here)."""
    heads, leads, tails = ends._heads, ends._leads, ends._tails
    single = any(len(lead) == 1 for lead in leads)
    found: list[int] = []
    stems: list[int] = []
    for m in pattern.finditer(text):
        at = m.start()
        pair = text[at: at + 2]
        if pair in leads or single and pair[0] in leads:
            found.append(at)
        if at >= 2 and text[at - 2: at] in tails and (pair in heads or pair[0] in heads):
            stems.append(at - 1)
    return stems, found


@lru_cache(maxsize=16)
def loose_heads_pattern(heads: frozenset[str]) -> re.Pattern:
    """A pattern that matches (consuming one character) wherever one of `heads` (of one or
    two characters) starts, and at a few more places: where a first character of a head of
    two stands before any second character of one (heads_pattern matches at those only, as
    one alternative per first character, which the engine tries one by one)."""
    singles = char_class(h for h in heads if len(h) == 1)
    doubles = [h for h in heads if len(h) == 2]
    if not doubles:
        return re.compile(f"[{singles}]" if singles else "(?!)")
    firsts, seconds = char_class(h[0] for h in doubles), char_class(h[1] for h in doubles)
    if not singles:
        return re.compile(f"[{firsts}](?=[{seconds}])")
    return re.compile(f"[{singles}{firsts}](?:(?<=[{singles}])|(?=[{seconds}]))")


def anchors(lookalikes: Lookalikes, text: str) -> list[int]:
    """Where in the line a variant's changed character stands before the character that
    follows it in that variant: every variant written in the line holds one."""
    return [m.start() for m in _heads_pattern(lookalikes.leads).finditer(text)]


def county_parts(text: str, gazetteer, lo: int, hi: int) -> list:
    """mentions._county_parts as it was before Gazetteer.written_forms: each stem found tries
    its known suffixes, then every mention suffix, looking the divisions up each time."""
    parts = []
    for last, length in gazetteer.finder.iter(text, lo, hi):
        start, end = last - length + 1, last + 1
        stem = text[start:end]
        part = mentions._suffixed(text, gazetteer, stem, start, end, gazetteer.suffixes(stem), mentions.KNOWN) \
            or mentions._suffixed(text, gazetteer, stem, start, end, MENTION_SUFFIXES, mentions.UNKNOWN)
        if part is None:
            part = mentions.Part(start, end, stem, "", mentions.BARE, gazetteer.divisions(stem))
        parts.append(part)
    return parts


def find_parts(text: str, gazetteer, extra_names=(), spans=None) -> list:
    """mentions.find_parts as it was before it took the parts as they are when none overlaps
    another: the parts taken by priority, then put in text order."""
    hits = [mentions.Part(m.start(), m.end(), m.group(), "", mentions.EXTRA)
            for name in extra_names for m in re.finditer(re.escape(name), text)]
    for start, end in spans if spans is not None else ((0, len(text)),):
        hits += mentions._county_parts(text, gazetteer, start, end)
        hits += mentions._township_parts(text, gazetteer, start, end)
    hits.sort(key=lambda p: (mentions._PRIORITY[p.kind], p.start, p.start - p.end))
    taken: list = []
    used: set[int] = set()
    for part in hits:
        span = range(part.start, part.end)
        if not used.intersection(span):
            taken.append(part)
            used.update(span)
    taken.sort(key=lambda p: p.start)
    return taken
