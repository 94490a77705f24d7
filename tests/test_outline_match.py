"""The outline's closest-section search skips wordings whose upper bounds cannot beat the
best so far (issue 17); it must pick the same section with the same ratio as comparing
every wording in full, the code it replaced (kept here as the oracle)."""
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
    return titles


def test_closest_section_same_as_full_comparison():
    for title in _titles(random.Random(17), 1500):
        new, old = _closest_section(title), _old_closest_section(title)
        assert (new[0].number, new[1]) == (old[0].number, old[1]), title
