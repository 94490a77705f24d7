"""The template detection of read_model (template_model._Detector: the own labels read once
per list of templates) against the former per-call detection, built on own_labels_found, on
generated reports of both templates with their tables mixed and their labels damaged."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from builder import build_report
from govlint.model.template_model import _detector, _locate_tables, _own_labels, own_labels_found
from govlint.read.text import from_text
from govlint.run.engine import Linter
from govlint.read import parse_source

LINTER = Linter()
TEMPLATES = LINTER.registry.templates


def _former(tables, templates, key=None):
    """_detect_template as it was: own_labels_found, then the best score if it is alone."""
    found = own_labels_found(tables, templates, key)
    scores = [len(found[t.key]) for t in templates]
    best = max(scores, default=0)
    if best == 0 or scores.count(best) > 1:
        return None
    return templates[scores.index(best)]


def _labels() -> tuple[list[str], list[str]]:
    """Every template's row labels as written, and the labels only one template has (what a
    damaged cell may read)."""
    rows = {r.label for t in TEMPLATES for spec in t.tables for r in spec.rows}
    rows |= {r.label for t in TEMPLATES for spec in t.tables for g in spec.groups for r in g.rows}
    own = {original for key in (None, "t2", "t3", "t4") for labels in _own_labels(TEMPLATES, key).values()
           for _, original, _ in labels}
    return sorted(filter(None, rows)), sorted(own)


LABELS, OWN = _labels()


def _report(rng: random.Random) -> str:
    """A report whose tables come from either template's report, with cells replaced by
    labels of either template or dropped."""
    texts = [build_report(year=year).split("\n") for year in (2019, 2021)]
    lines = texts[rng.randint(0, 1)]
    other = texts[rng.randint(0, 1)]
    cells = [i for i, line in enumerate(lines) if line.startswith("\t")]
    for _ in range(rng.randint(0, 40)):
        at = rng.choice(cells)
        action = rng.random()
        if action < 0.3:
            lines[at] = "\t" + rng.choice(LABELS)
        elif action < 0.5:       # an own label, maybe with another ordinal (1、 for 1.)
            label = rng.choice(OWN)
            lines[at] = "\t" + (label.replace(".", "、", 1) if rng.random() < 0.5 else label)
        elif action < 0.8 and at < len(other) and other[at].startswith("\t"):
            lines[at] = other[at]
        else:
            lines[at] = "\t"
    return "\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_detector_agrees_with_the_former_detection(rng):
    document = parse_source(from_text(_report(rng), "report.txt"), TEMPLATES)
    tables = _locate_tables(document, TEMPLATES[0])
    detector = _detector(TEMPLATES)
    assert detector.detect(tables) is _former(tables, TEMPLATES)
    for key, table in tables.items():
        assert detector.detect_one(table, key) is _former({key: table}, TEMPLATES, key)
    for subset in ({k: t for k, t in tables.items() if k != "t4"}, {k: t for k, t in tables.items() if k == "t2"}):
        assert detector.detect(subset) is _former(subset, TEMPLATES)


def test_the_oracle_meets_both_templates_and_none():
    """The reports above are detected as either template and as none (a tie or no label)."""
    rng = random.Random(3)
    seen = set()
    for _ in range(200):
        document = parse_source(from_text(_report(rng), "report.txt"), TEMPLATES)
        tables = _locate_tables(document, TEMPLATES[0])
        found = _detector(TEMPLATES).detect(tables)
        seen.add(found.key if found else None)
        if "t3" in tables:
            alone = _detector(TEMPLATES).detect_one(tables["t3"], "t3")
            seen.add(("t3", alone.key if alone else None))
    assert {"2019", "2021", None, ("t3", "2019"), ("t3", "2021")} <= seen, seen
