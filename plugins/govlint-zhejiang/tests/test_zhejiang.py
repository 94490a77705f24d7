"""The Zhejiang plugin's rules, on short reports written for these tests."""
from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from govlint import ConfigError
from govlint.config.settings import load_config
from govlint.run.engine import Linter
from govlint.testing import lint as govlint_lint
from govlint_zhejiang.regulations import edit_distance

STATEMENT = ("本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。本报告电子版可在某某区人民政府"
             "门户网站（www.example.gov.cn）“政府信息公开年报”栏目下载。如对本报告有疑问，"
             "请与某某区人民政府办公室联系（电话：0571-12345678）。")


def report(preamble: str = STATEMENT, body: str = "本年度，本单位依照《中华人民共和国政府信息公开条例》推进公开工作。") -> str:
    return f"某某区2021年政府信息公开工作年度报告\n\n{preamble}\n一、总体情况\n{body}\n"


def _installed() -> bool:
    return any(ep.value == "govlint_zhejiang" for ep in entry_points(group="govlint"))


def _plugins() -> list[str]:
    """The plugin is found through its entry point once installed; from the source tree, by name."""
    return [] if _installed() else ["govlint_zhejiang"]


def lint(text: str, toml: str | None = None, tmp_path: Path | None = None):
    if toml is None:
        return govlint_lint(text, select="ZJ", plugins=_plugins())
    (tmp_path / "govlint.toml").write_text(toml, encoding="utf-8")
    config = load_config(tmp_path / "govlint.toml")
    config.plugins = _plugins()
    return Linter(config, select=["ZJ"]).lint_text(text, "报告.txt").diagnostics


def test_a_report_that_states_everything_is_silent():
    assert lint(report()) == []


@pytest.mark.parametrize("drop, missing", [
    ("本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。", "统计期限"),
    ("本报告电子版可在某某区人民政府门户网站（www.example.gov.cn）“政府信息公开年报”栏目下载。", "电子版下载地址"),
    ("如对本报告有疑问，请与某某区人民政府办公室联系（电话：0571-12345678）。", "联系方式"),
])
def test_each_missing_item_is_named(drop, missing):
    (d,) = lint(report(STATEMENT.replace(drop, "")))
    assert d.code == "ZJ001" and d.rule == "preamble-statement" and d.severity == "warning"
    assert d.message.startswith(f"报告没有写明{missing}：")
    assert d.line == 1                       # points at the title


def test_a_report_with_no_statement_names_all_three():
    (d,) = lint(report(preamble="现将本年度情况报告如下："))
    assert "统计期限、电子版下载地址、联系方式" in d.message


def test_statement_later_in_the_report_counts():
    assert lint(report(preamble="现将本年度情况报告如下：", body=STATEMENT)) == []


def test_required_items_are_configurable(tmp_path):
    toml = '[rules.preamble-statement]\nrequire = ["period"]\n'
    text = report("本报告所列数据的统计期限为2021年1月1日至2021年12月31日。")
    assert lint(text, toml, tmp_path) == []
    assert [d.code for d in lint(text)] == ["ZJ001"]


def test_unknown_required_item_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigError, match="require 只能包含 period、download、contact，不能是 phone"):
        lint(report(), '[rules.preamble-statement]\nrequire = ["period", "phone"]\n', tmp_path)


@pytest.mark.parametrize("cited, right", [
    ("浙江省政府信息公开办法", "浙江省政府信息公开暂行办法"),          # near miss: 暂行 dropped
    ("中华人民共和国信息公开条例", "中华人民共和国政府信息公开条例"),   # near miss: 政府 dropped
    ("政府信息公开条例", "中华人民共和国政府信息公开条例"),             # known wrong form
])
def test_wrong_regulation_titles(cited, right):
    text = report(body=f"本单位依照《{cited}》的规定开展工作。")
    (d,) = lint(text)
    assert d.code == "ZJ002" and d.message == f"《{cited}》{'不是法规的正式名称' if cited == '政府信息公开条例' else '与法规的正式名称不符'}，应为《{right}》"
    line = text.splitlines()[d.line - 1]
    assert line[d.column - 1:d.end_column - 1] == cited
    assert d.fix.replacement == right and d.fix.safe is False


@pytest.mark.parametrize("body", [
    "依照《浙江省政府信息公开暂行办法》（以下简称《暂行办法》）和《条例》开展工作。",  # correct title, abbreviations
    "印发了《浙江省政府信息公开暂行办法实施细则》。",                            # another document about it
    "转发《浙江省人民政府办公厅关于印发2021年浙江省政务公开工作要点的通知》。",
    "订阅《今日某某》报纸。",
])
def test_correct_titles_and_other_documents_are_silent(body):
    assert lint(report(body=body)) == []


def test_zhejiang_table_renames_and_adds_titles(tmp_path):
    toml = ('[zhejiang]\nregulations = ["杭州市政府信息公开规定"]\n'
            'renamed = {"某某省旧办法名称" = "某某省新条例名称"}\n')
    text = report(body="依照《某某省旧办法名称》和《杭州市政府信息公开规则》开展工作。")
    found = lint(text, toml, tmp_path)
    assert [d.message for d in found] == ["《某某省旧办法名称》已被取代，应为《某某省新条例名称》",
                                          "《杭州市政府信息公开规则》与法规的正式名称不符，应为《杭州市政府信息公开规定》"]
    assert [d.message for d in lint(text)] == []        # without the table neither is known


@pytest.mark.parametrize("toml, message", [
    ('[zhejiang]\nportal = "x"\n', "zhejiang.portal 不是插件表 [zhejiang] 的选项"),
    ('[zhejiang]\nregulations = "杭州市政府信息公开规定"\n', "zhejiang.regulations 的类型应为 list"),
])
def test_bad_zhejiang_table_is_a_configuration_error(tmp_path, toml, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        lint(report(), toml, tmp_path)


def test_edit_distance():
    assert edit_distance("浙江省政府信息公开办法", "浙江省政府信息公开暂行办法") == 2
    assert edit_distance("", "ab") == 2 and edit_distance("ab", "ab") == 0


SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not available")
def test_on_the_seed_reports_only_the_missing_statements_are_reported():
    from govlint.config.settings import Config
    linter = Linter(Config(plugins=_plugins()), select=["ZJ"])
    found = {path.name: [d.code for d in linter.lint_file(path).diagnostics] for path in sorted(SEEDS.glob("*.txt"))}
    # 001 and 003 state period, download address and contact before 一、总体情况; the others do not.
    assert found == {"000_01be25d8335503fb.txt": ["ZJ001"], "001_7c0c16b0700ccf86.txt": [],
                     "002_023d0760ebeca292.txt": ["ZJ001"], "003_215b9b71b5ba8e4d.txt": [],
                     "004_054d4c4d902c56e6.txt": ["ZJ001"]}
