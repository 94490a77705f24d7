"""GL502 year-mismatch: the statistics period, 本年度（…年） and table headings against the
report's year."""
from __future__ import annotations

import pytest

from builder import build_report, find_line
from govlint.config.settings import Config
from govlint.run.engine import Linter

LINTER = Linter(select=["GL502"])


def lint(text: str, linter: Linter = LINTER):
    return linter.lint_text(text).diagnostics


@pytest.mark.parametrize("year", [2019, 2021])
def test_statistics_period_of_another_year(year):
    sentence = f"本报告所列数据的统计期限为{year - 1}年1月1日至{year - 1}年12月31日。"
    text = build_report(year=year, prose={1: [sentence]})
    found = lint(text)
    assert [(d.code, d.rule, d.line) for d in found] == [("GL502", "year-mismatch", find_line(text, sentence))] * 2
    assert [d.column for d in found] == [sentence.index(str(year - 1)) + 1, sentence.rindex(str(year - 1)) + 1]
    assert all(text[d.offset:d.end_offset] == str(year - 1) for d in found)
    assert str(year) in found[0].message and "标题" in found[0].message


def test_only_the_end_of_the_period_wrong():
    sentence = "统计时间从2019年1月1日到2020年12月31日。"
    text = build_report(year=2019, prose={1: [sentence]})
    [d] = lint(text)
    assert d.column == sentence.index("2020") + 1


def test_this_year_in_brackets():
    sentence = "本年度（2018年），我区继续深化政务公开。"
    text = build_report(year=2019, prose={1: [sentence]})
    [d] = lint(text)
    assert (d.line, d.column) == (find_line(text, sentence), sentence.index("2018") + 1)


def test_table_caption_with_another_year():
    caption = "表三 2018年收到和处理政府信息公开申请情况"
    text = build_report(year=2019, prose={3: [caption]})
    [d] = lint(text)
    assert (d.line, d.column) == (find_line(text, caption), caption.index("2018") + 1)


@pytest.mark.parametrize("sentence, section", [
    ("本报告中所列数据统计时间从2019年1月1日到12月31日。", 1),
    ("本年度（2019年），我区继续深化政务公开。", 1),
    ("2020年将进一步加强政策解读。", 5),                                       # a plan for next year
    ("根据《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求。", 1),
    ("2018年共收到申请40件，本年有所增加。", 1),                              # a comparison
    ("表三 2019年收到和处理政府信息公开申请情况", 3),
])
def test_near_misses(sentence, section):
    assert lint(build_report(year=2019, prose={section: [sentence]})) == []


def test_year_from_configuration():
    sentence = "本报告所列数据的统计期限为2019年1月1日至2019年12月31日。"
    text = build_report(year=2019, prose={1: [sentence]})
    [d, _] = lint(text, Linter(Config(report={"year": 2020}), select=["GL502"]))
    assert "配置" in d.message


def test_table_cells_carrying_the_year_before_on_purpose():
    kwargs = dict(year=2019, carried={"natural": 1}, results={"open": {"natural": 1}})
    assert lint(build_report(cells={"t3.carried.natural": "2018年结转1件"}, **kwargs)) == []
    [d] = lint(build_report(cells={"t3.open.natural": "2018年度1件"}, **kwargs))
    assert "2018" in d.message
