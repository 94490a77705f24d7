"""GL201–GL204: the relations of tables 三 and 四. Each rule: a report that breaks it (code
and line of the total that disagrees, the message naming the cells and sums), and a near
miss that stays silent, in both templates."""
from __future__ import annotations

import pytest

from builder import build_report, cell_line
from govlint.run.engine import Linter

YEARS = [2019, 2021]
ARITHMETIC = ["GL201", "GL202", "GL203", "GL204"]
LINTER = Linter(select=["GL2"])

# A report with numbers in several rows and columns, all reconciling.
BASE = dict(results={"open": {"natural": 7, "business": 2}, "partial": {"natural": 1},
                     "deny_4": {"research": 1}, "cannot_1": {"natural": 3, "other_org": 1},
                     "noproc_2": {"natural": 2}},
            carried={"natural": 2, "business": 1}, carry_next={"natural": 1},
            review=(2, 1, 0, 1), direct=(1, 0, 0, 0), after=(0, 0, 1, 0))


def lint(year: int, cells: dict | None = None, **changes):
    kwargs = {**BASE, **changes, "year": year}
    text = build_report(cells=cells, **kwargs)
    return LINTER.lint_text(text).diagnostics, kwargs


def line_of(key: str, kwargs) -> int:
    return cell_line(key, **kwargs)


def by_code(diagnostics, code):
    return [d for d in diagnostics if d.code == code]


@pytest.mark.parametrize("year", YEARS)
def test_base_report_reconciles(year):
    diagnostics, _ = lint(year)
    assert diagnostics == []


# ---------------------------------------------------------------- GL201 row-total
@pytest.mark.parametrize("year", YEARS)
def test_gl201_row_total_differs(year):
    diagnostics, kwargs = lint(year, cells={"t3.open.total": "10"})
    [d] = by_code(diagnostics, "GL201")
    assert d.line == line_of("t3.open.total", kwargs)
    assert "（一）予以公开" in d.message
    assert "总计 10" in d.message and "7 + 2 + 0 + 0 + 0 + 0" in d.message and "= 9" in d.message


@pytest.mark.parametrize("year", YEARS)
def test_gl201_applicant_cell_changed(year):
    diagnostics, kwargs = lint(year, cells={"t3.carried.business": "3"})
    assert [(d.code, d.line) for d in by_code(diagnostics, "GL201")] == [
        ("GL201", line_of("t3.carried.total", kwargs))]


def test_gl201_row_of_the_2021_split_other_item():
    results = {**BASE["results"], "other_3": {"legal": 2}}
    diagnostics, kwargs = lint(2021, cells={"t3.other_3.total": "1"}, results=results)
    assert [(d.code, d.line) for d in by_code(diagnostics, "GL201")] == [
        ("GL201", line_of("t3.other_3.total", kwargs))]
    assert "3.其他" in by_code(diagnostics, "GL201")[0].message


@pytest.mark.parametrize("year", YEARS)
def test_gl201_near_miss_full_width_and_units(year):
    diagnostics, _ = lint(year, cells={"t3.open.natural": "７", "t3.open.total": "9件"})
    assert by_code(diagnostics, "GL201") == []


# ---------------------------------------------------------------- GL202 column-total
@pytest.mark.parametrize("year", YEARS)
def test_gl202_column_total_differs(year):
    diagnostics, kwargs = lint(year, cells={"t3.result_total.natural": "12"})
    [d] = by_code(diagnostics, "GL202")
    assert d.line == line_of("t3.result_total.natural", kwargs)
    assert "“自然人”列" in d.message and "（七）总计 12" in d.message and "13" in d.message


@pytest.mark.parametrize("year", YEARS)
def test_gl202_sub_item_changed(year):
    diagnostics, kwargs = lint(year, cells={"t3.cannot_1.other_org": "2", "t3.cannot_1.total": "6"})
    assert [(d.code, d.line) for d in by_code(diagnostics, "GL202")] == [
        ("GL202", line_of("t3.result_total.other_org", kwargs)),
        ("GL202", line_of("t3.result_total.total", kwargs))]


def test_gl202_counts_the_three_2021_other_items():
    results = {**BASE["results"], "other_1": {"natural": 1}, "other_2": {"natural": 1}}
    diagnostics, kwargs = lint(2021, cells={"t3.other_2.natural": "2", "t3.other_2.total": "2"}, results=results)
    assert [(d.code, d.line) for d in by_code(diagnostics, "GL202")] == [
        ("GL202", line_of("t3.result_total.natural", kwargs)),
        ("GL202", line_of("t3.result_total.total", kwargs))]


@pytest.mark.parametrize("year", YEARS)
def test_gl202_near_miss_other_handling(year):
    row = "other" if year < 2021 else "other_3"
    results = {**BASE["results"], row: {"nonprofit": 4}}
    diagnostics, _ = lint(year, results=results)
    assert by_code(diagnostics, "GL202") == []


# ---------------------------------------------------------------- GL203 balance
@pytest.mark.parametrize("year", YEARS)
def test_gl203_balance_fails(year):
    # 一 + 二 = 3 + 1 but (七)总计 + 四 = 3 + 0: new application counted, carry-over forgotten.
    results = {"open": {"natural": 3}}
    diagnostics, kwargs = lint(year, results=results, carried={"natural": 1}, carry_next={},
                               cells={"t3.new.natural": "3", "t3.new.total": "3"})
    found = [(d.code, d.line) for d in by_code(diagnostics, "GL203")]
    assert found == [("GL203", line_of("t3.result_total.natural", kwargs)),
                     ("GL203", line_of("t3.result_total.total", kwargs))]
    message = by_code(diagnostics, "GL203")[0].message
    assert "“自然人”列" in message and "（3 + 0）= 3" in message and "（3 + 1）= 4" in message


@pytest.mark.parametrize("year", YEARS)
def test_gl203_carry_next_changed(year):
    diagnostics, kwargs = lint(year, cells={"t3.carry_next.business": "1", "t3.carry_next.total": "2"})
    assert [(d.code, d.line) for d in by_code(diagnostics, "GL203")] == [
        ("GL203", line_of("t3.result_total.business", kwargs)),
        ("GL203", line_of("t3.result_total.total", kwargs))]


@pytest.mark.parametrize("year", YEARS)
def test_gl203_near_miss_carry_over_on_both_sides(year):
    diagnostics, _ = lint(year, carried={"natural": 5, "legal": 1}, carry_next={"natural": 4, "legal": 1},
                          results={"open": {"natural": 1}})
    assert diagnostics == []


# ---------------------------------------------------------------- GL204 review-total
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("group, name", [("review", "行政复议"), ("suit_direct", "未经复议直接起诉"),
                                         ("suit_after", "复议后起诉")])
def test_gl204_review_total_differs(year, group, name):
    key = f"t4.counts.{group}_total"
    diagnostics, kwargs = lint(year, cells={key: "9"})
    [d] = by_code(diagnostics, "GL204")
    assert d.line == line_of(key, kwargs)
    assert name in d.message and "总计 9" in d.message


@pytest.mark.parametrize("year", YEARS)
def test_gl204_message_gives_the_sum(year):
    diagnostics, _ = lint(year, cells={"t4.counts.review_pending": "3"})
    [d] = by_code(diagnostics, "GL204")
    assert "总计 4" in d.message and "2 + 1 + 0 + 3" in d.message and "= 6" in d.message


@pytest.mark.parametrize("year", YEARS)
def test_gl204_near_miss_every_group_filled(year):
    diagnostics, _ = lint(year, review=(3, 2, 1, 4), direct=(2, 2, 0, 1), after=(1, 0, 0, 5))
    assert by_code(diagnostics, "GL204") == []


# ---------------------------------------------------------------- blanks in relations
@pytest.mark.parametrize("year", YEARS)
def test_blank_total_is_named_as_probably_missing(year):
    diagnostics, kwargs = lint(year, cells={"t4.counts.review_total": ""})
    [d] = by_code(diagnostics, "GL204")
    assert d.line == line_of("t4.counts.review_total", kwargs)
    assert "空白" in d.message and "漏填" in d.message and "行政复议·总计" in d.message


@pytest.mark.parametrize("year", YEARS)
def test_blank_part_is_named_as_probably_missing(year):
    diagnostics, kwargs = lint(year, cells={"t3.carried.natural": ""})
    [d] = [d for d in by_code(diagnostics, "GL203") if "自然人" in d.message]
    assert d.line == line_of("t3.result_total.natural", kwargs)
    assert "二、上年结转政府信息公开申请数量" in d.message and "空白" in d.message and "漏填" in d.message


@pytest.mark.parametrize("year", YEARS)
def test_near_miss_blank_cells_where_the_numbers_are_zero(year):
    """A blank counts as 0: blanks among zeros break no relation (GL301 reports them)."""
    blanks = {"t3.deny_1.natural": "", "t3.deny_1.total": "", "t4.counts.suit_direct_other": "",
              "t3.carried.legal": ""}
    diagnostics, _ = lint(year, cells=blanks)
    assert diagnostics == []


@pytest.mark.parametrize("year", YEARS)
def test_text_in_a_relation_is_named(year):
    diagnostics, _ = lint(year, cells={"t3.open.business": "二"})
    [d] = by_code(diagnostics, "GL201")
    assert "“二”不是数字" in d.message


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("code", ARITHMETIC)
def test_each_rule_can_be_selected_alone(year, code):
    cells = {"GL201": {"t3.open.total": "10"}, "GL202": {"t3.result_total.natural": "12"},
             "GL203": {"t3.new.natural": "1", "t3.new.total": "4"},
             "GL204": {"t4.counts.review_total": "3"}}[code]
    kwargs = {**BASE, "year": year}
    text = build_report(cells=cells, **kwargs)
    assert {d.code for d in Linter(select=[code]).lint_text(text).diagnostics} == {code}
