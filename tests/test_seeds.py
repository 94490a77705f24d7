"""The seed reports (../shared/seeds, when present): for the rules of issue 2, every expected
finding is reported at its line and nothing else is — the comparison tools/check-seeds makes,
done in-process."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from govlint.run.engine import Linter

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
ISSUE2_RULES = ("missing-section", "section-order", "section-heading", "template-version", "table-structure",
                "row-total", "column-total", "balance", "review-total", "blank-cell", "non-numeric-cell",
                "negative-count", "amount-unit", "place-name")

pytestmark = pytest.mark.skipif(not (SEEDS / "expected.json").is_file(), reason="seed reports not available")


def _expected() -> dict:
    return json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))


def _seed_names() -> list[str]:
    return sorted(_expected()) if (SEEDS / "expected.json").is_file() else []


def _matches(expectation: dict, diagnostic) -> bool:
    if expectation["rule"] != diagnostic.rule:
        return False
    if "line" in expectation:
        return diagnostic.line == expectation["line"]
    first, last = expectation["lines"]
    return first <= diagnostic.line <= last


def _take(pool: list[dict], diagnostic) -> bool:
    for i, expectation in enumerate(pool):
        if _matches(expectation, diagnostic):
            del pool[i]
            return True
    return False


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(select=list(ISSUE2_RULES))


@pytest.mark.parametrize("name", _seed_names())
def test_seed_findings_of_issue2_rules(linter, name):
    expectation = _expected()[name]
    required = [e for e in expectation["required"] if e["rule"] in ISSUE2_RULES]
    allowed = [e for e in expectation["allowed"] if e["rule"] in ISSUE2_RULES]
    diagnostics = linter.lint_file(SEEDS / name).diagnostics
    unexpected = [d for d in sorted(diagnostics, key=lambda d: d.line)
                  if d.rule in ISSUE2_RULES and not _take(required, d) and not _take(allowed, d)]
    assert not [d for d in diagnostics if d.code == "GL000"]
    assert required == [], f"{name}: not reported: {required[:10]}"
    assert unexpected == [], f"{name}: unexpected: {[(d.rule, d.line, d.message) for d in unexpected[:10]]}"


def test_every_seed_is_covered():
    names = {p.name for p in SEEDS.glob("*.txt")}
    assert names and names == set(_expected())
