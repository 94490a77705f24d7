"""GL501 place-name for the report's own place: the name in the title written elsewhere with
another administrative suffix. (The national gazetteer is tested elsewhere.)"""
from __future__ import annotations

import pytest

from builder import build_report, find_line
from govlint.config.settings import Config
from govlint.run.engine import Linter

YEARS = [2019, 2021]
LINTER = Linter(select=["GL501"])


def lint(text: str, linter: Linter = LINTER):
    return linter.lint_text(text).diagnostics


@pytest.mark.parametrize("year", YEARS)
def test_district_written_as_a_city(year):
    sentence = "今后，拱墅市将继续深化政务公开。"
    text = build_report(year=year, place="杭州市拱墅区", prose={5: [sentence]})
    [d] = lint(text)
    assert (d.code, d.line, d.rule) == ("GL501", find_line(text, sentence), "place-name")
    assert text[d.offset:d.end_offset] == "拱墅市"
    assert d.column == sentence.index("拱墅市") + 1
    assert d.fix.replacement == "拱墅区"
    assert "拱墅区" in d.message and "拱墅市" in d.message


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("wrong, right", [("拱墅县", "拱墅区"), ("杭州区", "杭州市"), ("杭州省", "杭州市")])
def test_other_wrong_suffixes(year, wrong, right):
    sentence = f"本年度{wrong}各部门按时公开了信息。"
    text = build_report(year=year, place="杭州市拱墅区", prose={1: [sentence]})
    [d] = lint(text)
    assert (d.line, text[d.offset:d.end_offset], d.fix.replacement) == (find_line(text, sentence), wrong, right)


@pytest.mark.parametrize("year", YEARS)
def test_street_written_as_a_town(year):
    sentence = "和睦镇办事处设有公开查阅点。"
    text = build_report(year=year, title=[f"{year}年政府信息公开工作年度报告", "（拱墅区和睦街道）"],
                        prose={1: [sentence]})
    assert [(d.code, d.line) for d in lint(text)] == [("GL501", find_line(text, sentence))]


@pytest.mark.parametrize("year", YEARS)
def test_every_occurrence_is_reported(year):
    sentence = "拱墅市门户网站和拱墅市各部门同步发布。"
    text = build_report(year=year, place="杭州市拱墅区", prose={2: [sentence]})
    found = lint(text)
    assert [(d.line, d.column) for d in found] == [(find_line(text, sentence), 1), (find_line(text, sentence), 9)]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("sentence", [
    "杭州市场监管部门配合做好公开工作。",
    "拱墅市场监管分局按时公开行政处罚信息。",
    "拱墅区域内各街道均已建立公开专栏。",
    "拱墅区政府门户网站全年发布信息。",
    "杭州市拱墅区人民政府办公室负责本报告的编制。",
    "全市各区县同步推进。",
])
def test_near_misses_stay_silent(year, sentence):
    text = build_report(year=year, place="杭州市拱墅区", prose={1: [sentence]})
    assert lint(text) == []


@pytest.mark.parametrize("year", YEARS)
def test_title_itself_is_not_checked(year):
    text = build_report(year=year, title=[f"{year}年拱墅区政府信息公开工作年度报告", "（杭州市拱墅区）"])
    assert lint(text) == []


@pytest.mark.parametrize("year", YEARS)
def test_ignore_option(year):
    text = build_report(year=year, place="杭州市拱墅区", prose={1: ["拱墅市一词在此为引用。"]})
    config = Config(rules={"place-name": {"ignore": ["拱墅市"]}})
    assert lint(text, Linter(config, select=["GL501"])) == []
    assert len(lint(text)) == 1


@pytest.mark.parametrize("year", YEARS)
def test_place_from_the_configuration(year):
    text = build_report(year=year, title=[f"{year}年政府信息公开工作年度报告"], prose={1: ["西湖市继续推进公开。"]})
    assert lint(text) == []
    config = Config(report={"place": "杭州市西湖区"})
    assert [(d.code, d.line) for d in lint(text, Linter(config, select=["GL501"]))] == [
        ("GL501", find_line(text, "西湖市继续"))]
