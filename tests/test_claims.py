"""GL404 contradicted-claim: builder reports whose tables contradict a sentence of our own."""
from __future__ import annotations

import pytest

from builder import build_report, find_line
from govlint.run.engine import Linter

RESULTS = {"open": {"natural": 5}}


def lint(sentence: str, section: int = 1, **kwargs):
    text = build_report(results=RESULTS, prose={section: [sentence]}, **kwargs)
    return text, Linter(select=["GL404"]).lint_text(text).diagnostics


def at(text: str, d) -> str:
    return text[d.offset:d.end_offset]


def test_all_done_while_cases_carry_over():
    sentence = "本年度收到的政府信息公开申请均已办结。"
    text, found = lint(sentence, carry_next={"natural": 2})
    (d,) = found
    assert (d.code, d.rule, d.severity) == ("GL404", "contradicted-claim", "error")
    assert (d.line, d.column, at(text, d)) == (find_line(text, sentence), sentence.index("均已办结") + 1, "均已办结")
    assert "表三“四、结转下年度继续办理”总计为 2" in d.message


@pytest.mark.parametrize("sentence, claim, named", [
    ("全年未发生因政府信息公开引起的行政复议。", "未发生因政府信息公开引起的行政复议", ["表四“行政复议”的“总计”为 1"]),
    ("本年度无行政复议、行政诉讼案件。", "无行政复议、行政诉讼", ["表四“行政复议”的“总计”为 1"]),
])
def test_no_review_while_table_four_has_one(sentence, claim, named):
    text, found = lint(sentence, review=(1, 0, 0, 0))
    (d,) = found
    assert (d.column, at(text, d)) == (sentence.index(claim) + 1, claim)
    assert all(n in d.message for n in named)


def test_no_suit_while_table_four_has_suits():
    sentence = "本机关未发生行政诉讼。"
    text, found = lint(sentence, direct=(0, 0, 0, 1), after=(1, 0, 0, 0))
    (d,) = found
    assert at(text, d) == "未发生行政诉讼"
    assert "表四“未经复议直接起诉”的“总计”为 1" in d.message and "表四“复议后起诉”的“总计”为 1" in d.message


def test_all_upheld_while_some_corrected_or_pending():
    sentence = "行政复议案件均获维持。"
    text, found = lint(sentence, review=(2, 1, 0, 1))
    (d,) = found
    assert at(text, d).endswith("均获维持")
    assert "表四“行政复议”的“结果纠正”为 1" in d.message and "“尚未审结”为 1" in d.message


def test_suits_all_won_while_one_corrected():
    sentence = "涉及本机关的行政诉讼全部胜诉。"
    text, found = lint(sentence, direct=(1, 1, 0, 0))
    (d,) = found
    assert "表四“未经复议直接起诉”的“结果纠正”为 1" in d.message


def test_no_correction_claim_while_corrected():
    sentence = "全年未发生被行政复议纠错的情形。"
    text, found = lint(sentence, review=(1, 1, 0, 0))
    (d,) = found
    assert "表四“行政复议”的“结果纠正”为 1" in d.message


@pytest.mark.parametrize("sentence, kwargs", [
    ("本年度收到的政府信息公开申请均已办结。", {}),                                       # nothing carried over
    ("除2件结转下年度继续办理外，其余申请均已办结。", {"carry_next": {"natural": 2}}),
    ("本年度申请未全部办结。", {"carry_next": {"natural": 2}}),
    ("人大建议、政协提案均已办结。", {"carry_next": {"natural": 2}}),
    ("2018年收到的申请均已办结。", {"carry_next": {"natural": 2}}),                    # another year
    ("全年未发生行政复议和行政诉讼。", {}),
    ("全年未发生因政府信息公开引起的行政复议。", {"direct": (1, 0, 0, 0)}),              # suits only
    ("未发生被行政复议纠错或行政诉讼败诉的情形。", {"review": (2, 0, 0, 0), "direct": (1, 0, 0, 0)}),
    ("行政复议案件均获维持。", {"review": (3, 0, 0, 0)}),
    ("已审结的行政复议案件均获维持。", {"review": (3, 0, 0, 1)}),
    ("申请人对无法提供的答复不服申请行政复议。", {"review": (1, 0, 0, 0)}),
])
def test_silent(sentence, kwargs):
    assert lint(sentence, **kwargs)[1] == []


def test_blank_or_text_cells_are_not_compared():
    text = build_report(results=RESULTS, prose={1: ["全年无行政复议。"]},
                        cells={"t4.counts.review_total": "", "t4.counts.review_upheld": "无"})
    assert Linter(select=["GL404"]).lint_text(text).diagnostics == []
