"""--format sarif (validated against the official SARIF 2.1.0 schema), --format github and
--statistics."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from govlint.cli import main
from govlint.results.formats.github_format import annotation
from builder import build_report, cell_line, find_line

DATA = Path(__file__).parent / "data"
PLACE = "杭州市拱墅区"
# Two blank cells (GL301, fixable) and the own place written with the wrong suffix (GL501).
PROSE = {1: ["2019年，拱墅市推进政务公开，公开文件共计12件。"]}
REPORT = build_report(year=2019, place=PLACE, cells={"t3.new.natural": "", "t3.new.business": ""}, prose=PROSE)


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "报告 2019.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _run(capsys, *argv) -> tuple[int, str]:
    status = main([*map(str, argv)])
    return status, capsys.readouterr().out


def test_sarif_is_valid_against_the_official_schema(report, capsys):
    status, out = _run(capsys, "--format", "sarif", report)
    log = json.loads(out)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    assert status == 1
    assert log["version"] == "2.1.0"


def test_sarif_results_point_at_the_findings(report, capsys):
    _, out = _run(capsys, "--format", "sarif", report)
    run = json.loads(out)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_rule = {}
    for result in run["results"]:
        by_rule.setdefault(result["ruleId"], []).append(result)
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert sorted(by_rule) == ["GL301", "GL501"]
    place = by_rule["GL501"][0]
    region = place["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == find_line(REPORT, "拱墅市推进")
    assert REPORT.splitlines()[region["startLine"] - 1][region["startColumn"] - 1:region["endColumn"] - 1] == "拱墅市"
    assert place["level"] == "error"
    assert place["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "拱墅区"
    uri = place["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file://") and "%20" in uri    # absolute path as a file URI, space escaped
    blank_lines = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in by_rule["GL301"])
    assert blank_lines == [cell_line(key, year=2019, place=PLACE, prose=PROSE) for key in ("t3.new.natural", "t3.new.business")]
    fingerprints = {r["partialFingerprints"]["govlint/v1"] for r in run["results"]}
    assert len(fingerprints) == len(run["results"])     # two blank cells are told apart
    gl203 = next(r for r in rules if r["id"] == "GL203")
    assert gl203["name"] == "balance" and "错误示例" in gl203["fullDescription"]["text"]


def test_sarif_of_a_clean_report_has_no_results_but_lists_rules(tmp_path, capsys):
    path = tmp_path / "clean.txt"
    path.write_text(build_report(year=2021, place=PLACE), encoding="utf-8")
    status, out = _run(capsys, "--format", "sarif", path)
    run = json.loads(out)["runs"][0]
    assert status == 0 and run["results"] == [] and len(run["tool"]["driver"]["rules"]) > 10


def test_github_annotations(report, capsys):
    status, out = _run(capsys, "--format", "github", report)
    lines = out.splitlines()
    assert status == 1 and len(lines) == 3
    place_line = find_line(REPORT, "拱墅市推进")
    expected = next(line for line in lines if "GL501" in line)
    assert expected.startswith(f"::error file={report},line={place_line},col=")
    assert "title=GL501 place-name::“拱墅市”应为“拱墅区”" in expected
    assert all(line.startswith("::error ") for line in lines)


def test_github_annotation_escapes_what_would_end_the_command():
    from govlint.results.diagnostic import Diagnostic
    d = Diagnostic("a,b:c.txt", 3, 1, 3, 2, 10, 11, "GL304", "amount-unit", "info", "第一行\n100%")
    assert annotation(d) == ("::notice file=a%2Cb%3Ac.txt,line=3,col=1,endLine=3,endColumn=2,"
                             "title=GL304 amount-unit::第一行%0A100%25")


def test_statistics_counts_per_rule_most_frequent_first(report, capsys):
    status, out = _run(capsys, "--statistics", report)
    assert status == 1
    assert out.splitlines() == ["2\tGL301\t[*] blank-cell", "1\tGL501\t[*] place-name",
                                "共 3 个问题，涉及 2 条规则", "[*] 表示该规则的问题可用 govlint --fix 自动修正"]


def test_statistics_as_json(report, capsys):
    _, out = _run(capsys, "--statistics", "--format", "json", report)
    assert json.loads(out) == [{"code": "GL301", "name": "blank-cell", "count": 2, "fixable": True},
                               {"code": "GL501", "name": "place-name", "count": 1, "fixable": True}]


def test_word_documents_carry_their_word_location(tmp_path, capsys):
    pytest.importorskip("docx")
    from docx_builder import render_docx
    path = render_docx(REPORT, tmp_path / "report.docx")
    _, out = _run(capsys, "--format", "sarif", path)
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))).validate(log)
    place = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "GL501")
    assert place["properties"]["wordLocation"].startswith("段落")
    _, out = _run(capsys, "--format", "github", path)
    line = next(line for line in out.splitlines() if "GL501" in line)
    assert "::段落" in line and "“拱墅市”应为“拱墅区”" in line


# -- text: a table's blank cells as one line ------------------------------------------------
_BLANKS = {f"t3.{row}.{col}": "" for row in ("carried", "carry_next") for col in ("business", "research")}


def _kw():
    return dict(year=2021, cells={**_BLANKS, "t4.counts.review_upheld": ""},
                prose={1: ["2021年，拱墅市推进政务公开。"]}, place=PLACE)


BLANKS_REPORT = build_report(**_kw())


def test_text_shows_a_tables_blank_cells_as_one_line_where_the_first_is(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(BLANKS_REPORT, encoding="utf-8")
    status, out = _run(capsys, "--select", "GL301,GL501", path)
    lines = [line for line in out.splitlines() if line.startswith(f"{path}:")]
    first, last = cell_line("t3.carried.business", **_kw()), cell_line("t3.carry_next.research", **_kw())
    assert status == 1
    assert lines == [
        f"{path}:{find_line(BLANKS_REPORT, '拱墅市')}:7 GL501 “拱墅市”应为“拱墅区”：本报告单位所在地是拱墅区（见标题）",
        f"{path}:{first}:2 GL301 表三有 4 个空白单元格应填 0（第 {first}–{last} 行），govlint --fix 可一次填写",
        f"{path}:{cell_line('t4.counts.review_upheld', **_kw())}:2 GL301 表四“行政复议·结果维持”为空；没有数字时应填 0"]
    assert "错误 6 个" in out          # every blank cell still counts


def test_json_keeps_one_entry_per_blank_cell(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(BLANKS_REPORT, encoding="utf-8")
    _, out = _run(capsys, "--select", "GL301", "--format", "json", path)
    found = json.loads(out)
    assert len(found) == 5 and all(d["fix"] == {"replacement": "0", "applicability": "safe"} for d in found)


def test_text_near_miss_two_blank_cells_are_listed_one_by_one(report, capsys):
    _, out = _run(capsys, "--select", "GL301", report)
    assert out.count(" GL301 表三“一、本年新收") == 2 and "个空白单元格" not in out
