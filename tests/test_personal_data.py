"""GL804 personal-data: made-up identity numbers (valid and invalid check characters) and
mobile numbers in our own sentences."""
from __future__ import annotations

import pytest

from builder import build_report, find_line
from govlint.run.engine import Linter
from govlint.rules.personal_data import id_checksum_ok, is_id_number

INTRO = "本年度政务公开情况如下。\n"
VALID_ID = "330106199003071236"       # made up; its check character is right
VALID_ID_X = "33010619850615002X"


def lint(sentence: str):
    text = INTRO + sentence + "\n"
    return text, Linter(select=["GL804"]).lint_text(text).diagnostics


def test_checksum():
    assert id_checksum_ok(VALID_ID) and id_checksum_ok(VALID_ID_X) and id_checksum_ok(VALID_ID_X.lower())
    assert not id_checksum_ok(VALID_ID[:-1] + "7")
    assert not is_id_number("330106199013071236")          # month 13
    assert not is_id_number("990106199003071236")          # no such province


@pytest.mark.parametrize("sentence, number, shown", [
    (f"申请人王某（身份证号{VALID_ID}）申请公开征收信息。", VALID_ID, "3301************36"),
    (f"经核实，申请人身份证号码为{VALID_ID_X}。", VALID_ID_X, "3301************2X"),
])
def test_identity_number_is_an_error(sentence, number, shown):
    text, found = lint(sentence)
    (d,) = found
    assert (d.code, d.rule, d.severity, d.line, d.column) == ("GL804", "personal-data", "error", 2,
                                                              sentence.index(number) + 1)
    assert text[d.offset:d.end_offset] == number
    assert shown in d.message and number not in d.message


@pytest.mark.parametrize("sentence, number", [
    ("申请人李某（手机13812345678）对答复不服。", "13812345678"),
    ("经办人张某的手机是139-1234-5678。", "139-1234-5678"),
    ("申请人的联系电话为15912345678，已电话告知。", "15912345678"),      # an applicant's, not the office's
])
def test_mobile_number_is_an_error(sentence, number):
    text, found = lint(sentence)
    (d,) = found
    assert (d.line, d.column, text[d.offset:d.end_offset]) == (2, sentence.index(number) + 1, number)
    assert "手机号码" in d.message and number.replace("-", "") not in d.message


@pytest.mark.parametrize("sentence", [
    f"申请人王某（身份证号{VALID_ID[:-1]}7）申请公开。",                 # check character wrong
    "本机关联系方式：地址杭州市某路1号，联系电话13812345678。",
    "如对本报告有疑问，请与区政府办公室联系（电话：0571-12345678，13812345678）。",
    "政务公开咨询电话：13812345678。",
    "统一社会信用代码为113301060024908413。",
    "全年办件编号从20230101000000001开始。",
    "共收到申请13812件，主动公开信息5678条。",
    "访问http://www.example.gov.cn/13812345678.html查看。",
    "本年度新收申请138123456789件。",                                   # twelve digits: not a mobile
])
def test_silent(sentence):
    assert lint(sentence)[1] == []


def test_table_cells_are_not_read_and_the_line_is_exact():
    text = build_report(cells={"t3.new.natural": "13812345678"},
                        prose={5: ["群众反映问题可拨打工作人员手机13912345678。"]})
    found = Linter(select=["GL804"]).lint_text(text).diagnostics
    assert [d.line for d in found] == [find_line(text, "工作人员手机")]
