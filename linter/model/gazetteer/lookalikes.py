"""Division names written with one look-alike or same-sound character for another (衢洲市
for 衢州市), for GL501 place-name.

The pairs are data (lookalike_chars.tsv, each with its reason). From them every county-
level-and-above name gets its one-character variants; a variant that is itself a stem of
the gazetteer (a real name, which the other checks handle) is dropped. The variants,
written with their suffix, are found in a line by one WordFinder, built once per process on
the first line that needs it; which variants there are (`variant_plan`, ~35 ms) is worked
out once and kept between runs with the gazetteer's indexes (prepared.py).
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from govlint.model.gazetteer.names import MENTION_SUFFIXES, forms
from govlint.model.gazetteer.store import Division, Gazetteer
from govlint.model.gazetteer.wordfind import WordFinder

DATA_FILE = Path(__file__).with_name("lookalike_chars.tsv")


class Variant(NamedTuple):
    """A division name written with one look-alike or same-sound character."""

    written: str                 # 衢洲市
    right: str                   # 衢州市 (the name as the division is written with that suffix)
    at: int                      # index of the changed character in `written`
    suffix: str
    why: str                     # 同音 zhōu
    divisions: tuple[Division, ...]


@lru_cache(maxsize=1)
def pairs() -> dict[str, list[tuple[str, str]]]:
    """character -> [(character it is confused with, why)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        a, b, why = line.split("\t")[:3]
        out.setdefault(a, []).append((b, why))
        out.setdefault(b, []).append((a, why))
    return out


class Lookalikes:
    """The variants of a gazetteer and their finder. A Variant (with its Division records)
    is made the first time a text holds it: a check meets a handful of the ~1 000."""

    def __init__(self, gazetteer: Gazetteer):
        # The plan of the variants is kept between runs with the gazetteer (prepared.py).
        kept = gazetteer.kept.get("lookalikes") if gazetteer.kept else None
        self._gazetteer = gazetteer
        self._plan = kept if kept is not None else variant_plan(gazetteer)
        self._made: dict[str, Variant] = {}
        self.finder = WordFinder(self._plan)
        # The changed character and the one after it (the stem's next, or the suffix's
        # first): 务 is in 务城区 (婺城区), but most 务 are in 服务, 政务.
        self.leads = frozenset(written[planned[1]: planned[1] + 2] for written, planned in self._plan.items())

    @cached_property
    def _changed(self) -> re.Pattern | None:
        """Every variant holds its changed character, one of some thirty (洲, 毫, 杨 …): a
        clause without any of them holds no variant, and one search for them in C spares
        the finder's pass over three clauses in four. Compiled (~1 ms) on the first clause
        that may hold a variant."""
        changed = "".join(sorted({written[planned[1]] for written, planned in self._plan.items()}))
        return re.compile(f"[{re.escape(changed)}]") if changed else None

    @property
    def variants(self) -> dict[str, Variant]:
        """Every variant, by how it is written."""
        return {written: self.variant(written) for written in self._plan}

    def variant(self, written: str) -> Variant | None:
        made = self._made.get(written)
        if made is None:
            planned = self._plan.get(written)
            if planned is None:
                return None
            right, at, suffix, why, numbers = planned
            made = self._made[written] = Variant(written, right, at, suffix, why,
                                                 tuple(self._gazetteer.record_at(n) for n in numbers))
        return made

    def find(self, text: str, spans=None):
        """(start, end, Variant) of every variant written in the line (in the (start, end)
        spans when given: a variant ends in a suffix, so suffix_clauses hold them all)."""
        for begin, stop in spans if spans is not None else ((0, len(text)),):
            changed = self._changed
            if changed is None or changed.search(text, begin, stop) is None:
                continue
            for last, length in self.finder.iter(text, begin, stop):
                start = last - length + 1
                yield start, last + 1, self.variant(text[start: last + 1])

    def corrected(self, name: str) -> str:
        """The real name a place written as a look-alike means (衢洲市 -> 衢州市); else the name."""
        planned = self._plan.get(name)
        return planned[0] if planned else name


def variant_plan(gazetteer: Gazetteer) -> dict[str, tuple[str, str, int, str, tuple[int, ...]]]:
    """Every variant: written -> (right, at, suffix, why, the record numbers of its
    divisions), in the order they are found; plain data, so that it can be kept."""
    confused = pairs()
    found: dict[str, dict] = {}
    for number, division in enumerate(gazetteer.records()):
        if confused.keys().isdisjoint(division.name):
            continue                # no confusable character: no variant (a stem is part of the name)
        for stem, suffix in forms(division.name):
            if suffix not in MENTION_SUFFIXES:
                continue
            for i, ch in enumerate(stem):
                for other, why in confused.get(ch, ()):
                    variant = stem[:i] + other + stem[i + 1:]
                    if gazetteer.county_stem(variant) or gazetteer.townships(variant):
                        continue            # a real name: the other checks see it
                    entry = found.setdefault(variant + suffix, {"right": stem + suffix, "at": i,
                                                                "suffix": suffix, "why": why,
                                                                "divisions": []})
                    if entry["right"] == stem + suffix:
                        entry["divisions"].append(number)
                    else:
                        entry["ambiguous"] = True     # a variant of two names: which is meant is unknown
    return {w: (e["right"], e["at"], e["suffix"], e["why"], tuple(e["divisions"]))
            for w, e in found.items() if not e.get("ambiguous")}


@lru_cache(maxsize=4)
def for_gazetteer(gazetteer: Gazetteer) -> Lookalikes:
    return Lookalikes(gazetteer)

