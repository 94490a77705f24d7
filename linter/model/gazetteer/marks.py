"""Where, around a line's suffix characters (mentions.line_marks), a part written with a
suffix ends its stem or a look-alike is written: the clauses GL501 searches for parts."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from govlint.model.gazetteer.mentions import StemEnds
from govlint.model.gazetteer.names import MENTION_SUFFIXES
from govlint.model.gazetteer.store import Gazetteer


class MarkedEnds:
    """What the former whole-line search (StemEnds.with_leads, now tests/place_searches.py)
    found that can lead to a finding, sought only around the
    suffix characters of a line (line_marks): where a stem ends before a suffix (a part with
    a suffix: the county-level ones are all a finding can be about), and where a look-alike
    (which ends in a suffix) is written. Each is a place with_leads gives too, as
    the same test decides it; the clauses that hold only its other places hold only bare
    stems and townships, which lead to no finding. No regular expression reads the line
    (~60 instructions a character, ~3 000 a match): a few slices and look-ups a suffix
    character, the suffixes and look-alikes looked up by their last two characters."""

    def __init__(self, gazetteer: Gazetteer, ends: StemEnds, variants: Iterable[str]):
        self._heads, self._tails = ends._heads, ends._tails
        suffixes: dict[str, set[int]] = {}
        for end, found in gazetteer.suffix_lengths().items():
            suffixes.setdefault(end, set()).update(found)
        for suffix in MENTION_SUFFIXES:
            suffixes.setdefault(suffix[-2:], set()).add(len(suffix))
        # A suffix of one character is a head of its own (StemEnds._heads holds it).
        self._single = frozenset(end for end in suffixes if len(end) == 1)
        self._variants = frozenset(variants)
        looks: dict[str, set[int]] = {}
        for word in self._variants:
            looks.setdefault(word[-2:], set()).add(len(word))
        # By the last two characters: (longer suffixes' lengths, look-alikes' lengths).
        self._longer = {end: (tuple(sorted(suffixes.get(end, ()))), tuple(sorted(looks.get(end, ()))))
                        for end in {*(e for e in suffixes if len(e) == 2), *looks}}

    def __call__(self, text: str, marks: Iterable[int]) -> tuple[list[int], list[int]]:
        """(the last character of each such stem, the last character of each look-alike)
        among the suffixes ending at `marks` (a 街 mark: at the 道 after it)."""
        heads, tails, single, longer, variants = self._heads, self._tails, self._single, self._longer, self._variants
        ends: list[int] = []
        found: list[int] = []
        for at in marks:
            last = text[at]
            if last == "街":
                if text[at + 1: at + 2] != "道":
                    continue
                at += 1
            stem = last in single and at >= 2 and text[at - 2: at] in tails
            if stem:
                ends.append(at - 1)
            entry = longer.get(text[at - 1: at + 1]) if at else None
            if entry is None:
                continue
            suffix_lengths, look_lengths = entry
            if not stem:
                for length in suffix_lengths:
                    head = at - length + 1
                    if head >= 2 and text[head - 2: head] in tails and (text[head: head + 2] in heads
                                                                       or text[head] in heads):
                        ends.append(head - 1)
                        break
            for length in look_lengths:
                if at + 1 >= length and text[at + 1 - length: at + 1] in variants:
                    found.append(at)
                    break
        return ends, found


@lru_cache(maxsize=4)
def marked_ends(gazetteer: Gazetteer, ends: StemEnds, variants: frozenset[str]) -> MarkedEnds:
    """The MarkedEnds of a gazetteer's StemEnds and look-alikes, made once per process."""
    return MarkedEnds(gazetteer, ends, variants)
