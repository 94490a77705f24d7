"""The outline's closest-section search skips wordings whose upper bounds cannot beat the
best so far (issue 17), nor reach the ratio a heading needs (round 17); it must pick the
same section with the same ratio as comparing every wording in full, the code it replaced
(kept here as the oracle), whenever that ratio is the one needed or more, and None when
it is less."""
from __future__ import annotations

import difflib
import random

from govlint.model.templates.sections import SECTIONS
from govlint.syntax.labels import norm_label
from govlint.syntax.outline import _closest_section


def _old_closest_section(title: str):
    best = None
    for spec in SECTIONS:
        for wording in spec.titles + spec.former:
            wording = norm_label(wording)
            ratio = 1.0 if title == wording else difflib.SequenceMatcher(None, title, wording).ratio()
            if best is None or ratio > best[1]:
                best = (spec, ratio)
    return best


def _titles(rng: random.Random, count: int) -> list[str]:
    wordings = [norm_label(w) for spec in SECTIONS for w in spec.titles + spec.former]
    alphabet = sorted(set("".join(wordings)) | set("的和与及工作报告情况其他年度"))
    titles = list(wordings)
    for _ in range(count):
        chars = list(rng.choice(wordings))
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(chars) + 1)
            edit = rng.choice("dir")
            if edit == "d" and chars:
                del chars[min(at, len(chars) - 1)]
            elif edit == "i":
                chars.insert(at, rng.choice(alphabet))
            elif chars:
                chars[min(at, len(chars) - 1)] = rng.choice(alphabet)
        titles.append("".join(chars))
        titles.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))))
        # a report's title line: a wording run into other words, or not there at all
        titles.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) + rng.choice(wordings)
                      + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))))
    return titles


def _found(found):
    return None if found is None else (found[0].number, found[1])


def test_closest_section_same_as_full_comparison():
    rng = random.Random(17)
    for title in _titles(rng, 1500):
        old = _old_closest_section(title)
        # the ratios outline.py needs, and the best ratio itself (a ratio just reaching it counts)
        for needed in (0.72, 0.9, old[1], rng.random()):
            new = _closest_section(title, needed)
            assert _found(new) == (_found(old) if old[1] >= needed else None), (title, needed)


def test_closest_section_prefers_the_first_of_equals():
    # A wording twice among a section's wordings, or two sections alike, keep the first.
    for spec in SECTIONS:
        wording = norm_label(spec.titles[0])
        assert _closest_section(wording, 0.9)[0] is _old_closest_section(wording)[0]
