"""The rules rewritten for speed (issue 17) against their former code, kept here as oracles:
on the seed reports' models with cells changed at random (blank, unread, missing, words,
full-width digits, other numbers), each rewritten rule gives the same findings, in the same
order, as the code it replaced."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from govlint.model.cell_numbers import read_number
from govlint.plugins.rule import Rule
from govlint.results.diagnostic import Fix
from govlint.rules import arithmetic, cell_lookup, cells
from govlint.run.engine import Linter

SEEDS = sorted(Path("/work/shared/seeds").glob("*.txt")) or sorted(
    (Path(__file__).parent / "data").glob("**/*.txt"))
RAW = ["", " ", "0", "12", "-3", "１２", "０", "无", "-", "/", "2009.54万元", "251000元", "1,234", "7.5", "12万",
       "-１", "-2.5万元", "３个"]


def _old_relation_check(rule, report):
    """RelationRule.check before the relations were grouped by kind per template."""
    model = report.model
    for relation in model.template.relations:
        if relation.kind != rule.name:
            continue
        left = [model.get(k) for k in relation.left]
        right = [model.get(k) for k in relation.right]
        both = left + right
        if any(c is None or c.unread or c.node is None for c in both):
            continue
        lsum, rsum = sum(c.value for c in left), sum(c.value for c in right)
        if abs(lsum - rsum) < 1e-9:
            continue
        target = (right + left)[0]
        yield rule.diagnostic(target.node, rule.message(relation, left, right, lsum, rsum))


def _old_present(report):
    return (c for c in report.model.cells.values() if c.node is not None)


def _old_blank(rule, report):
    for cell in _old_present(report):
        if cell.number.blank:
            yield rule.diagnostic(cell.node, f"{cells._where(cell)}为空；没有数字时应填 0", Fix("0"))


def _old_non_numeric(rule, report):
    for cell in _old_present(report):
        number = cell.number
        if not number.blank and not number.numeric:
            yield rule.diagnostic(cell.node, f"{cells._where(cell)}应为数字，实为“{number.text}”；没有时填 0")
        elif number.fullwidth:
            half = number.text.translate({0xFF10 + i: 0x30 + i for i in range(10)})
            yield rule.diagnostic(cell.node, f"{cells._where(cell)}“{number.text}”使用了全角数字，应写作“{half}”",
                                  Fix(half), severity="warning")


def _old_negative(rule, report):
    """NegativeCount.check before the cells were grouped once for the four GL30x rules."""
    for cell in _old_present(report):
        value = cell.number.value
        if value is not None and value < 0 and not cell.column.signed:
            yield rule.diagnostic(cell.node, f"{cells._where(cell)}为负数 {cell.number.text}；只有“本年增/减”可以为负数")


def _old_amount(rule, report):
    """AmountUnit.check before the cells were grouped once for the four GL30x rules."""
    for cell in _old_present(report):
        column, number = cell.column, cell.number
        if column.kind != "amount" or number.value is None:
            continue
        if column.unit and number.unit and number.unit != column.unit:
            yield rule.diagnostic(cell.node, f"{cells._where(cell)}“{number.text}”的单位是{number.unit}，"
                                             f"但表头规定单位为{column.unit}")
        elif not column.unit and not (number.unit or "").endswith("元") and number.value != 0:
            what = f"的单位“{number.unit}”不是金额单位" if number.unit else "没有注明单位"
            yield rule.diagnostic(cell.node, f"{cells._where(cell)}“{number.text}”{what}；请写明“元”或“万元”")


ORACLES = [(arithmetic.RowTotal, _old_relation_check), (arithmetic.ColumnTotal, _old_relation_check),
           (arithmetic.Balance, _old_relation_check), (arithmetic.ReviewTotal, _old_relation_check),
           (cells.BlankCell, _old_blank), (cells.NonNumericCell, _old_non_numeric),
           (cells.NegativeCount, _old_negative), (cells.AmountUnit, _old_amount)]


def _mutated(report, rng: random.Random):
    """The report with some of its cells changed."""
    model = report.model
    changed = dict(model.cells)
    some_node = next((c.node for c in changed.values() if c.node is not None), None)
    for key, cell in changed.items():
        if rng.random() > 0.15:
            continue
        what = rng.choice((0, 0, 0, 0, 0, 0, 0, 1, 2, 3))     # mostly another number
        if what == 0:
            changed[key] = replace(cell, number=read_number(rng.choice(RAW)), node=cell.node or some_node)
        elif what == 1:
            changed[key] = replace(cell, unread=not cell.unread)
        elif what == 2:
            changed[key] = replace(cell, node=None)
        else:
            del changed[key]
            break           # the dict changed size: stop here
    return replace(report, model=replace(model, cells=changed))


def _key(d):
    return (d.offset, d.end_offset, d.code, d.severity, d.message, d.fix)


@pytest.mark.skipif(not SEEDS, reason="no seed reports")
@pytest.mark.parametrize("rule_class, oracle", ORACLES, ids=lambda x: getattr(x, "code", ""))
def test_rewritten_rule_matches_its_former_code(rule_class, oracle):
    linter = Linter()
    rule: Rule = rule_class()
    rng = random.Random(17)
    for path in SEEDS:
        report = linter.build_report(linter_source(path))
        for _ in range(40):
            variant = _mutated(report, rng)
            assert [_key(d) for d in rule.check(variant)] == [_key(d) for d in oracle(rule, variant)]


def linter_source(path):
    from govlint.read import read_input
    return read_input(path)


# ---------------------------------------------------------------- GL401 helpers
def _old_value(cells_):
    """crosscheck._value before it was one loop."""
    if not cells_ or any(c is None or c.node is None for c in cells_):
        return None
    if any(not c.number.blank and not c.number.numeric for c in cells_):
        return None
    if not any(c.number.numeric for c in cells_):
        return None
    return sum(c.value for c in cells_)


def _old_keyed(model, pattern):
    """cell_lookup.keyed before the keys were searched joined: fnmatch's pattern key by key,
    and the pattern's start before its first * taken literally."""
    from fnmatch import translate
    import re
    prefix = pattern.split("*", 1)[0]
    match = re.compile(translate(pattern)).match
    return [(k, model.cells[k]) for k in filter(match, model.cells) if k.startswith(prefix)]


@pytest.mark.skipif(not SEEDS, reason="no seed reports")
def test_crosscheck_helpers_match_their_former_code():
    from govlint.rules import crosscheck
    linter = Linter()
    rng = random.Random(401)
    patterns = ["t3.deny_*.total", "t3.other*.total", "t2.normative.*", "t2.rules.*", "t3.new.total", "t4.*",
                "*", "t3.*.natural", "*total", "t3.new.?atural", "t[23].new.*", "t3.deny_*.*", "x.*"]
    for path in SEEDS:
        report = linter.build_report(linter_source(path))
        for _ in range(30):
            model = _mutated(report, rng).model
            for pattern in patterns:
                assert cell_lookup.keyed(model, pattern) == _old_keyed(model, pattern), pattern
            present = list(model.cells.values())
            for _ in range(30):
                picked = rng.sample(present, rng.randrange(0, 6)) + ([None] if rng.random() < 0.1 else [])
                rng.shuffle(picked)
                assert crosscheck._value(picked) == _old_value(picked)


def test_keys_with_a_newline_are_matched_one_by_one():
    from types import SimpleNamespace
    from govlint.rules import crosscheck
    model = SimpleNamespace(cells={"t3.a\nb.total": 1, "t3.deny_x.total": 2, "t3.deny_\n.total": 3, "": 4})
    for pattern in ["t3.deny_*.total", "t3.*", "*", "t3.a?b.total"]:
        assert cell_lookup.keyed(model, pattern) == _old_keyed(model, pattern), pattern
    assert cell_lookup.keyed(SimpleNamespace(cells={}), "*") == []


# ---------------------------------------------------------------- GL601/GL602 scan_brackets
def _old_scan_brackets(text, mask):
    """typography.scan_brackets before the stack kept the closer each opener wants."""
    from govlint.rules.typography import _BRACKET, _latin_apostrophe, CLOSING, KIN, LIST_MARKER, PAIRS
    stack, pairs, problems = [], [], []
    for m in _BRACKET.finditer(text):
        i, ch = m.start(), m.group()
        if mask[i]:
            continue
        if ch in PAIRS:
            if ch == "‘" and _latin_apostrophe(text, i):
                continue
            stack.append(i)
        elif ch in CLOSING:
            if ch == "’" and _latin_apostrophe(text, i):
                continue
            depth = next((d for d in range(len(stack) - 1, -1, -1)
                          if PAIRS[text[stack[d]]] in (ch, KIN.get(ch))), None)
            if depth is None:
                if not LIST_MARKER.search(text[:i]):
                    problems.append(("unopened", i, None))
                continue
            for d in stack[depth + 1:]:
                problems.append(("unclosed", d, None))
            opener = stack[depth]
            del stack[depth:]
            if PAIRS[text[opener]] == ch:
                pairs.append((opener, i))
            else:
                problems.append(("mixed", opener, i))
    problems += [("unclosed", i, None) for i in stack]
    return pairs, problems


def test_scan_brackets_matches_its_former_code():
    from govlint.rules.typography import CLOSING, PAIRS, masked, scan_brackets
    rng = random.Random(602)
    alphabet = list("".join(PAIRS) + "".join(CLOSING)) * 3 + list("公开申请件abcXY12，。；: ") + [
        "1）", "二）", "a)", "don’t", "‘x’", "http://a.cn/(x)", "www.gov.cn)", "a@b.cn"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        for mask in (masked(text), [rng.random() < 0.1 for _ in text]):
            assert scan_brackets(text, mask) == _old_scan_brackets(text, mask), text


def test_scan_brackets_without_a_mask_is_with_an_empty_one():
    from govlint.rules.typography import CLOSING, PAIRS, scan_brackets
    rng = random.Random(603)
    alphabet = list("".join(PAIRS) + "".join(CLOSING)) + list("公开1a，")
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 20)))
        assert scan_brackets(text, None) == _old_scan_brackets(text, [False] * len(text))


def _reordered(model, rng: random.Random):
    """The model with some keys dropped and its keys in another order (another layout)."""
    items = [(k, c) for k, c in model.cells.items() if rng.random() > 0.1]
    if rng.random() < 0.5:
        rng.shuffle(items)
    return replace(model, cells=dict(items))


def _expand(reading, model) -> list[tuple[str, list]]:
    """GL401's readings as the rule made them before the plans (cell_lookup.plan): the key
    patterns matched on each model; `{col}` expands over table 二's columns."""
    from govlint.rules.cell_lookup import cells_of, keyed
    if not any("{col}" in k for k in reading.keys):
        return [(reading.label, [c for pattern in reading.keys for c in cells_of(model, pattern)])]
    row_pattern = reading.keys[-1].replace("{col}", "*")
    out = []
    for key, cell in keyed(model, row_pattern):
        col = key.rsplit(".", 1)[1]
        keys = [k.replace("{col}", col) for k in reading.keys]
        out.append((reading.label.format(label=cell.column.label), [model.cells.get(k) for k in keys]))
    return out


@pytest.mark.skipif(not SEEDS, reason="no seed reports")
def test_gl401_reading_plans_match_expand():
    """crosscheck._readings (keys matched once per layout of the model's keys) against
    _expand, which matches the key patterns on each model, on layouts old and new."""
    from govlint.rules import crosscheck
    linter = Linter()
    rng = random.Random(4011)
    for path in SEEDS:
        report = linter.build_report(linter_source(path))
        for i in range(25):
            model = _mutated(report, rng).model
            if i % 2:
                model = _reordered(model, rng)
            layout = tuple(model.cells)
            for field in crosscheck.READINGS:
                expected = [r for reading in crosscheck.READINGS[field] for r in _expand(reading, model)]
                assert crosscheck._readings(model, layout, field) == expected, field
                assert crosscheck._readings(model, layout, field) == expected, field    # from the plan


@pytest.mark.skipif(not SEEDS, reason="no seed reports")
def test_cell_rules_in_turn_on_reports_in_turn():
    """The GL30x rules share one grouping of a model's cells (cells._groups, kept for the model
    last grouped): run in turn on reports in turn, and each alone, they find what their former
    code finds."""
    linter = Linter()
    rng = random.Random(30)
    pairs = [(cells.BlankCell(), _old_blank), (cells.NonNumericCell(), _old_non_numeric),
             (cells.NegativeCount(), _old_negative), (cells.AmountUnit(), _old_amount)]
    variants = [_mutated(linter.build_report(linter_source(path)), rng) for path in SEEDS for _ in range(6)]
    for variant in variants + variants[::-1]:
        for rule, oracle in rng.sample(pairs, rng.randrange(1, 5)):
            assert [_key(d) for d in rule.check(variant)] == [_key(d) for d in oracle(rule, variant)]
