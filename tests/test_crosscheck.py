"""GL401 text-table-mismatch, GL402 sum-of-parts, GL403 percentage: our own sentences,
in whole reports built with tests/builder.py where the tables matter."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from builder import build_report, find_line
from govlint.run.engine import Linter

# Table 三 of the built reports: 一 new 57 natural + 2 business = 59, 二 carried 2 (natural),
# （一）22, （二）4, （三）1 + 2 = 3, （四）30, （六）1, 四 carry-next 1; table 四: 行政复议 3,
# 行政诉讼 1 + 1.
RESULTS_2019 = {"open": {"natural": 20, "business": 2}, "partial": {"natural": 4}, "deny_4": {"natural": 1},
                "deny_5": {"natural": 2}, "cannot_1": {"natural": 30}, "other": {"natural": 1}}
TABLES = dict(carried={"natural": 2}, carry_next={"natural": 1}, review=(1, 1, 0, 1), direct=(1, 0, 0, 0),
              after=(0, 1, 0, 0))


def results(year: int) -> dict:
    if year < 2021:
        return RESULTS_2019
    return {**{k: v for k, v in RESULTS_2019.items() if k != "other"}, "other_3": {"natural": 1}}


def report(year: int, sentences: list[str], **kwargs) -> str:
    return build_report(year=year, results=results(year), prose={1: sentences}, **{**TABLES, **kwargs})


def lint(text: str, code: str):
    return Linter(select=[code]).lint_text(text).diagnostics


YEARS = [2019, 2021]

# ---------------------------------------------------------------- GL401

CORRECT = ("全年共收到政府信息公开申请59件，上年结转2件，结转下年度继续办理1件。予以公开22件，部分公开4件，"
           "不予公开3件，无法提供30件，其他处理1件。自然人申请57件，法人或其他组织申请2件。"
           "共受理政府信息公开申请61件。发生行政复议3件，行政诉讼2件。")


@pytest.mark.parametrize("year", YEARS)
def test_prose_that_agrees_with_the_tables_is_silent(year):
    assert lint(report(year, [CORRECT]), "GL401") == []


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("sentence, wrong, table_value", [
    ("全年共收到政府信息公开申请58件。", "58件", "59"),
    ("本年度共收到申请58件。", "58件", "59"),
    ("本年新收政府信息公开申请61件。", "61件", "59"),      # 新收 never counts carried-over ones
    ("上年结转3件。", "3件", "2"),
    ("结转下年度继续办理2件。", "2件", "1"),
    ("“予以公开”的21件。", "21件", "22"),
    ("不予公开4件。", "4件", "3"),           # （三） is the sum of its sub-items
    ("其他处理2件。", "2件", "1"),           # one row in 2019, three sub-items in 2021
    ("发生行政复议4件。", "4件", "3"),
    ("行政诉讼案件1件。", "1件", "2"),
    ("法人或其他组织申请5件。", "5件", "2"),
])
def test_count_that_differs_from_the_table(year, sentence, wrong, table_value):
    text = report(year, [sentence])
    [d] = lint(text, "GL401")
    assert (d.code, d.rule, d.line) == ("GL401", "text-table-mismatch", find_line(text, sentence))
    assert d.column == sentence.index(wrong) + 1
    assert text[d.offset:d.end_offset] == wrong
    assert f"为 {table_value}" in d.message


@pytest.mark.parametrize("sentence", ["共受理政府信息公开申请59件。", "共受理政府信息公开申请61件。",
                                      "全年共收到政府信息公开申请61件，其中本年新收59件，上年结转2件。"])
def test_received_may_count_carried_over_applications(sentence):
    assert lint(report(2019, [sentence]), "GL401") == []


def test_received_that_fits_no_reading():
    text = report(2019, ["共受理政府信息公开申请70件。"])
    [d] = lint(text, "GL401")
    assert "59" in d.message and "61" in d.message


@pytest.mark.parametrize("sentence", ["自然人申请57件。", "自然人申请59件。"])   # 一, or 一 + 二
def test_natural_persons_with_or_without_carried_over(sentence):
    assert lint(report(2019, [sentence]), "GL401") == []


@pytest.mark.parametrize("sentence", [
    "其中区政府收到政府信息公开申请16件，乡镇收到依申请公开19件。",     # parts of the unit
    "2018年共收到政府信息公开申请40件。",                               # another year
    "收到政府信息公开申请比去年增加10件。",
    "共收到政府信息公开申请约60件。",                                   # approximate
    "（其中2件为上年结转）",
])
def test_near_misses_stay_silent(sentence):
    assert lint(report(2019, [sentence]), "GL401") == []


def test_blank_table_cell_is_not_compared():
    text = report(2019, ["予以公开99件。"], cells={"t3.open.total": ""})
    assert lint(text, "GL401") == []


def test_normative_documents_against_table_two():
    fine = report(2019, ["制发规范性文件5件。"], cells={"t2.normative.made": 5})
    assert lint(fine, "GL401") == []
    wrong = report(2019, ["制发规范性文件6件。"], cells={"t2.normative.made": 5, "t2.normative.published": 5,
                                                         "t2.normative.total": 5})
    [d] = lint(wrong, "GL401")
    assert "规范性文件" in d.message and text_at(wrong, d) == "6件"
    cleanup = report(2019, ["清理规范性文件6件。"], cells={"t2.normative.made": 5})
    assert lint(cleanup, "GL401") == []


def text_at(text: str, d) -> str:
    return text[d.offset:d.end_offset]


# ---------------------------------------------------------------- GL402

def lint_prose(text: str, code: str):
    """Lint a short text: an opening line, then `text` on line 2."""
    return lint("本年度政务公开情况如下。\n" + text + "\n", code)


def lint_402(text: str):
    return lint_prose(text, "GL402")


def test_parts_summing_to_more_than_the_total():
    sentence = "共主动公开信息100条，其中网站发布60条、微博发布30条、微信发布20条。"
    [d] = lint_402(sentence)
    assert (d.code, d.rule, d.line, d.column) == ("GL402", "sum-of-parts", 2, sentence.index("100条") + 1)
    assert "110" in d.message


def test_exhaustive_parts_must_sum_to_the_total():
    [d] = lint_402("共主动公开信息120条，其中网站发布60条、微博发布30条、其他方式发布20条。")
    assert "其他" in d.message and "110" in d.message


def test_connector_starting_the_next_sentence():
    text = "主动公开政府信息100条，比去年同期（90条）增长11.1%。其中：网站发布60条、其他方式发布30条。"
    [d] = lint_402(text)
    assert (d.line, d.column) == (2, text.index("100条") + 1)


@pytest.mark.parametrize("sentence", [
    "共主动公开信息120条，其中网站发布60条、微博发布30条。",                   # not exhaustive, less
    "共主动公开信息110条，其中网站发布60条、微博发布30条、其他方式发布20条。",
    "全区共受理依申请公开228件，其中本年新收223件，上年结转5件，结转至下年办理6件。",  # a second breakdown
    "主动公开政府信息779条，其中规范性文件9件，政策解读18件。",                # other units
    "共受理申请56件（其中2件为上年结转）。",
    "共收到申请120件，其中网上申请100件；予以公开80件，部分公开40件。",     # the parts end at ；
    "发布解读稿件10篇，其中主要负责人解读3篇。",                              # no total word
    "共发布回应关切316次，其中新闻发布会10场、意见征求20次、民意反馈68条。",
])
def test_sum_of_parts_near_misses(sentence):
    assert lint_402(sentence) == []


# ---------------------------------------------------------------- GL403

def lint_403(text: str):
    return lint_prose(text, "GL403")


def test_growth_that_does_not_follow_from_its_numbers():
    sentence = "主动公开政府信息18049条，比去年同期（13152条）增长27.1%。"
    [d] = lint_403(sentence)
    assert (d.code, d.rule, d.line) == ("GL403", "percentage", 2)
    assert (d.column, d.end_column) == (sentence.index("27.1%") + 1, sentence.index("27.1%") + 6)
    assert "37.2%" in d.message


@pytest.mark.parametrize("sentence", [
    "主动公开政府信息18049条，比去年同期（13152条）增长37.2%。",
    "主动公开政府信息18049条，比去年同期（13152条）增长37.3%。",      # within one unit of the last digit
    "收到申请54件，比上年（64件）下降15.6%。",
    "收到申请54件，同比下降15.6%。",                                   # no base given
    "收到申请54件，同比下降15.6%（去年为64件）。",
])
def test_growth_near_misses(sentence):
    assert lint_403(sentence) == []


def test_growth_with_the_base_after_it():
    [d] = lint_403("收到申请54件，同比增长15.6%（去年为64件）。")
    assert "下降" in d.message


def test_share_of_the_whole_in_the_same_paragraph():
    fine = "共收到申请54件。当面申请3件，占5.56%；网上申请17件，占31.48%；信函申请34件，占62.97%。"
    assert lint_403(fine) == []
    wrong = "共收到申请54件。当面申请3件，占6.56%。"
    [d] = lint_403(wrong)
    assert d.column == wrong.index("6.56%") + 1 and "5.56%" in d.message


@pytest.mark.parametrize("sentence", [
    "共收到申请54件。予以公开20件，占已办结申请的40%。",   # the whole is another number
    "共收到申请54件，办结50件，其中予以公开20件，占40%。",  # 20 of the 50
    "按期办结率100%，满意率99.9%。",
    "当面申请3件，占5%。",                                  # no whole stated
])
def test_share_near_misses(sentence):
    assert lint_403(sentence) == []


def test_report_prose_only_not_tables_or_title():
    wrong = "全年共收到政府信息公开申请58件，比去年同期（13152件）增长27.1%"
    text = build_report(year=2019, results=RESULTS_2019, title=["2019年政府信息公开工作年度报告", wrong],
                        cells={"t3.new.natural": wrong}, **TABLES)
    assert lint(text, "GL403") == [] and lint(text, "GL401") == []
    in_prose = build_report(year=2019, results=RESULTS_2019, prose={1: [wrong + "。"]}, **TABLES)
    assert [d.code for d in lint(in_prose, "GL403") + lint(in_prose, "GL401")] == ["GL403", "GL401"]


# ---------------------------------------------------------------- prose written from the tables

counts = st.integers(min_value=0, max_value=300)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(open_=counts, partial=counts, deny=counts, cannot=counts, business=counts, carried=st.integers(0, 20),
       year=st.sampled_from(YEARS), wrong=st.integers(1, 9))
def test_prose_written_from_the_tables_is_silent_and_a_changed_count_is_not(
        open_, partial, deny, cannot, business, carried, year, wrong):
    results = {"open": {"natural": open_, "business": business}, "partial": {"natural": partial},
               "deny_4": {"natural": deny}, "cannot_1": {"natural": cannot}}
    new = open_ + partial + deny + cannot + business - carried
    assume(new >= 0 and open_ + partial + deny + cannot >= carried)
    received = new + carried
    share = f"{(open_ + business) / received * 100:.2f}" if received else "0"
    sentences = [
        f"全年共收到政府信息公开申请{received}件，其中本年新收{new}件，上年结转{carried}件。",
        f"予以公开{open_ + business}件，占{share}%；部分公开{partial}件，不予公开{deny}件，无法提供{cannot}件。",
        f"法人或其他组织申请{business}件。",
    ]
    kwargs = dict(year=year, results=results, carried={"natural": carried})
    text = build_report(prose={1: sentences}, **kwargs)
    assert [d for code in ("GL401", "GL402", "GL403") for d in lint(text, code)] == []
    changed = sentences[1].replace(f"不予公开{deny}件", f"不予公开{deny + wrong}件")
    text = build_report(prose={1: [changed]}, **kwargs)
    [d] = lint(text, "GL401")
    assert text[d.offset:d.end_offset] == f"{deny + wrong}件"
