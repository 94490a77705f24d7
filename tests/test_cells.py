"""GL301–GL304: what a numeric cell holds. Each rule: a report that breaks it (code and
line) and a near miss that stays silent, in both templates where the rule applies."""
from __future__ import annotations

import pytest

from builder import build_report, cell_line
from govlint.run.engine import Linter

YEARS = [2019, 2021]
_LINTERS: dict[str, Linter] = {}


def lint(code: str, year: int, cells: dict, **kwargs):
    linter = _LINTERS.setdefault(code, Linter(select=[code]))
    text = build_report(year=year, cells=cells, **kwargs)
    return text, linter.lint_text(text).diagnostics


def table2_count_key(year: int) -> str:
    return "t2.rules.made" if year < 2021 else "t2.rules.issued"


# ---------------------------------------------------------------- GL301 blank-cell
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("padding", ["", " ", "\u00a0", "\u3000\u3000", " \u00a0\u3000"])
def test_gl301_blank_cells_in_every_table(year, padding):
    keys = [table2_count_key(year), "t3.new.legal", "t3.deny_6.total", "t4.counts.suit_after_upheld"]
    text, diagnostics = lint("GL301", year, {k: padding for k in keys})
    assert [(d.code, d.line) for d in diagnostics] == sorted(
        ("GL301", cell_line(k, year=year, cells={k: padding for k in keys})) for k in keys)
    for d in diagnostics:
        assert text[d.offset:d.end_offset] == padding
        assert d.fix.replacement == "0"


@pytest.mark.parametrize("year", YEARS)
def test_gl301_message_names_table_row_and_column(year):
    _, [d] = lint("GL301", year, {"t3.carried.business": ""})
    assert d.message.startswith("表三“二、上年结转政府信息公开申请数量”行“商业企业”列为空")


@pytest.mark.parametrize("year", YEARS)
def test_gl301_near_miss_zero_and_blank_label_cells(year):
    """The builder's table 三 has blank label cells (vertical merges) and header cells:
    only numeric cells count."""
    _, diagnostics = lint("GL301", year, {"t3.new.legal": "0", "t4.counts.review_total": " 0 "})
    assert diagnostics == []


# ---------------------------------------------------------------- GL302 non-numeric-cell
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("content", ["无", "-", "/", "—", "暂无", "若干"])
def test_gl302_text_in_a_numeric_cell(year, content):
    key = "t3.open.research"
    _, diagnostics = lint("GL302", year, {key: content})
    assert [(d.code, d.line, d.severity) for d in diagnostics] == [
        ("GL302", cell_line(key, year=year, cells={key: content}), "error")]
    assert f"实为“{content}”" in diagnostics[0].message


@pytest.mark.parametrize("year", YEARS)
def test_gl302_full_width_digits_are_a_warning_with_a_fix(year):
    key = "t4.counts.review_other"
    text, diagnostics = lint("GL302", year, {key: "１２"}, review=(0, 0, 12, 0))
    assert [(d.code, d.line, d.severity) for d in diagnostics] == [
        ("GL302", cell_line(key, year=year, review=(0, 0, 12, 0), cells={key: "１２"}), "warning")]
    assert diagnostics[0].fix.replacement == "12"
    assert text[diagnostics[0].offset:diagnostics[0].end_offset] == "１２"


def test_gl302_an_amount_written_with_wan_alone_is_a_number():
    """12.5万 is how many clerks write 12.5万元; it is a number, not text."""
    _, diagnostics = lint("GL302", 2019, {"t2.procurement.amount": "12.5万"})
    assert diagnostics == []


@pytest.mark.parametrize("year", YEARS)
def test_gl302_in_table_two(year):
    key = "t2.penalty.decisions"
    _, diagnostics = lint("GL302", year, {key: "无"})
    assert [(d.code, d.line) for d in diagnostics] == [("GL302", cell_line(key, year=year, cells={key: "无"}))]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("content", ["3件", "1,234", " 7 ", "0"])
def test_gl302_near_miss_numbers_with_units_or_padding(year, content):
    _, diagnostics = lint("GL302", year, {"t3.open.research": content})
    assert diagnostics == []


# ---------------------------------------------------------------- GL303 negative-count
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("key", ["t3.new.natural", "t4.counts.review_upheld", "t2.enforcement.decisions"])
def test_gl303_negative_count(year, key):
    _, diagnostics = lint("GL303", year, {key: "-2"})
    assert [(d.code, d.line) for d in diagnostics] == [("GL303", cell_line(key, year=year, cells={key: "-2"}))]
    assert "-2" in diagnostics[0].message


def test_gl303_negative_in_the_2021_repealed_column():
    _, diagnostics = lint("GL303", 2021, {"t2.normative.repealed": "−1"})
    assert [(d.code, d.line) for d in diagnostics] == [
        ("GL303", cell_line("t2.normative.repealed", year=2021, cells={"t2.normative.repealed": "−1"}))]


def test_gl303_near_miss_change_column_may_be_negative_2019():
    _, diagnostics = lint("GL303", 2019, {"t2.penalty.change": "-4", "t2.licensing.change": "−12"})
    assert diagnostics == []


@pytest.mark.parametrize("year", YEARS)
def test_gl303_near_miss_dash_is_not_a_negative_number(year):
    _, diagnostics = lint("GL303", year, {"t3.new.natural": "-"})
    assert diagnostics == []


# ---------------------------------------------------------------- GL304 amount-unit
@pytest.mark.parametrize("amount", ["452262835.43", "1,500", "37"])
def test_gl304_2019_amount_without_unit(amount):
    key = "t2.procurement.amount"
    _, diagnostics = lint("GL304", 2019, {key: amount})
    assert [(d.code, d.line, d.severity) for d in diagnostics] == [
        ("GL304", cell_line(key, year=2019, cells={key: amount}), "warning")]
    assert amount in diagnostics[0].message


@pytest.mark.parametrize("amount", ["452.3万元", "2009.54万元", "251000元", "0", "1.2亿元", "12.5万"])
def test_gl304_2019_near_miss_amounts_with_a_unit(amount):
    _, diagnostics = lint("GL304", 2019, {"t2.procurement.amount": amount})
    assert diagnostics == []


def test_gl304_2019_count_unit_is_not_a_money_unit():
    key = "t2.procurement.amount"
    _, diagnostics = lint("GL304", 2019, {key: "5件"})
    assert [(d.code, d.line) for d in diagnostics] == [("GL304", cell_line(key, year=2019, cells={key: "5件"}))]
    assert "件" in diagnostics[0].message and "没有注明单位" not in diagnostics[0].message


@pytest.mark.parametrize("amount, unit", [("2500元", "元"), ("0.25亿元", "亿元")])
def test_gl304_2021_unit_other_than_the_header(amount, unit):
    key = "t2.fees.amount"
    _, diagnostics = lint("GL304", 2021, {key: amount})
    assert [(d.code, d.line) for d in diagnostics] == [("GL304", cell_line(key, year=2021, cells={key: amount}))]
    assert f"单位是{unit}" in diagnostics[0].message and "万元" in diagnostics[0].message


@pytest.mark.parametrize("amount", ["3.5", "3.5万元", "0", "12,000.5", "3.5万"])
def test_gl304_2021_near_miss_header_unit(amount):
    _, diagnostics = lint("GL304", 2021, {"t2.fees.amount": amount})
    assert diagnostics == []


@pytest.mark.parametrize("year", YEARS)
def test_gl304_near_miss_counts_are_not_amounts(year):
    _, diagnostics = lint("GL304", year, {"t3.open.natural": "3件", table2_count_key(year): "14"})
    assert diagnostics == []
