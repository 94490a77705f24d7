"""The plugin engine and configuration: failing rules become GL000, selection by code, prefix
and name, severity overrides, plugins from govlint.toml, config discovery, bad configs."""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from builder import build_report, cell_line
from govlint.cli import main
from govlint.config.settings import Config, ConfigError, find_config, load_config
from govlint.run.engine import Linter
from govlint.plugins.registry import PluginError

CJK = re.compile(r"[\u4e00-\u9fff]")
ISSUE2 = {"GL101", "GL102", "GL103", "GL104", "GL105", "GL201", "GL202", "GL203", "GL204",
          "GL301", "GL302", "GL303", "GL304", "GL501"}

PLUGIN = '''
from govlint import Rule, hookimpl


class AlwaysRaises(Rule):
    """测试用规则：每次都出错。

    错误示例：无
    正确示例：无
    """

    code, name, severity = "TT9{n}1", "always-raises-{n}", "error"

    def check(self, report):
        yield from ()
        raise KeyError("没有这一格")


class SaysHello(Rule):
    """测试用规则：在标题处报告一条提示。

    错误示例：无
    正确示例：无
    """

    code, name, severity = "TT9{n}2", "says-hello-{n}", "warning"

    def check(self, report):
        yield self.diagnostic(report.document.title[0], "插件规则在此")


@hookimpl
def govlint_rules():
    return [AlwaysRaises, SaysHello]
'''


def _plugin(folder, n: int, name: str):
    path = folder / name
    path.write_text(PLUGIN.replace("{n}", str(n)), encoding="utf-8")
    return path


def _toml(folder, body: str):
    path = folder / "govlint.toml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def _report(folder, name="report.txt", **kwargs):
    path = folder / name
    path.write_text(build_report(**kwargs), encoding="utf-8")
    return path


def _json(capsys) -> list[dict]:
    return json.loads(capsys.readouterr().out)


# ---------------------------------------------------------------- a rule that raises
def test_raising_plugin_rule_becomes_one_gl000_and_the_run_goes_on(tmp_path, capsys):
    _plugin(tmp_path, 1, "my_rules_one.py")
    _toml(tmp_path, 'plugins = ["my_rules_one.py"]\n')
    path = _report(tmp_path, cells={"t3.new.natural": ""})
    status = main(["--format", "json", "--select", "GL000,GL301,TT911,TT912", str(path)])
    found = _json(capsys)
    assert status == 2
    internal = [d for d in found if d["code"] == "GL000"]
    assert len(internal) == 1
    assert "TT911" in internal[0]["message"] and "always-raises-1" in internal[0]["message"]
    assert "KeyError" in internal[0]["message"]
    assert internal[0]["rule"] == "internal-error" and internal[0]["severity"] == "error"
    codes = {d["code"] for d in found}
    assert {"GL301", "TT912"} <= codes


def test_raising_rule_in_process(tmp_path):
    _plugin(tmp_path, 2, "my_rules_two.py")
    config = load_config(_toml(tmp_path, 'plugins = ["my_rules_two.py"]\n'))
    result = Linter(config, select=["TT921", "TT922", "GL000"]).lint_text(build_report())
    assert [d.code for d in result.diagnostics].count("GL000") == 1
    assert result.internal_error
    assert "TT922" in [d.code for d in result.diagnostics]


def test_plugin_as_a_module_path(tmp_path, monkeypatch, capsys):
    package = tmp_path / "lib" / "province_rules_three"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    _plugin(package, 3, "zhejiang.py")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    work = tmp_path / "work"
    work.mkdir()
    _toml(work, 'plugins = ["province_rules_three.zhejiang"]\n')
    path = _report(work)
    assert main(["--format", "json", "--select", "TT932", str(path)]) == 0
    [d] = _json(capsys)
    assert (d["code"], d["rule"], d["severity"], d["line"]) == ("TT932", "says-hello-3", "warning", 2)
    assert main(["--explain", "TT932", "--config", str(work / "govlint.toml")]) == 0
    assert "province_rules_three.zhejiang" in capsys.readouterr().out


def test_list_rules_shows_config_plugins(tmp_path, capsys):
    _plugin(tmp_path, 4, "my_rules_four.py")
    config = _toml(tmp_path, 'plugins = ["my_rules_four.py"]\n')
    assert main(["--list-rules", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "TT941" in out and "says-hello-4" in out


def test_builtin_rules_come_from_entry_points():
    registry = Linter().registry
    origins = {code: registry.rules[code].origin for code in ISSUE2}
    assert origins["GL203"] == "arithmetic" and origins["GL101"] == "structure"
    assert origins["GL301"] == "cells" and origins["GL501"] == "place_names"
    assert {t.key for t in registry.templates} >= {"2019", "2021"}


# ---------------------------------------------------------------- selection
def _codes(linter: Linter) -> set[str]:
    return {r.code for r in linter.rules}


@pytest.mark.parametrize("select, expected", [
    (["GL203"], {"GL203"}),
    (["balance"], {"GL203"}),
    (["GL2"], {"GL201", "GL202", "GL203", "GL204"}),
    (["GL10", "blank-cell"], {"GL101", "GL102", "GL103", "GL104", "GL105", "GL301"}),
    (["gl304"], {"GL304"}),
])
def test_select_by_code_prefix_and_name(select, expected):
    codes = _codes(Linter(select=select))
    assert codes & ISSUE2 == expected
    assert all(any(c.startswith(s.upper()) or Linter().registry.rules[c].name == s for s in select) for c in codes)


@pytest.mark.parametrize("ignore, removed", [
    (["GL3"], {"GL301", "GL302", "GL303", "GL304"}),
    (["place-name"], {"GL501"}),
    (["GL203", "row-total"], {"GL201", "GL203"}),
])
def test_ignore_by_code_prefix_and_name(ignore, removed):
    codes = _codes(Linter(ignore=ignore))
    assert not codes & removed
    assert ISSUE2 - removed <= codes


def test_config_select_and_cli_ignore_combine(tmp_path, capsys):
    _toml(tmp_path, 'select = ["GL3"]\nignore = ["GL304"]\n')
    kwargs = dict(cells={"t3.new.natural": "", "t3.open.natural": "无", "t2.procurement.amount": "5"})
    path = _report(tmp_path, **kwargs)
    assert main(["--format", "json", "--ignore", "non-numeric-cell", str(path)]) == 1
    assert [(d["code"], d["line"]) for d in _json(capsys)] == [
        ("GL301", cell_line("t3.new.natural", **kwargs))]


def test_cli_select_replaces_config_select(tmp_path, capsys):
    _toml(tmp_path, 'select = ["GL3"]\n')
    path = _report(tmp_path, cells={"t3.new.natural": "", "t3.new.total": "5"})
    main(["--format", "json", "--select", "GL201", str(path)])
    assert {d["code"] for d in _json(capsys)} == {"GL201"}


# ---------------------------------------------------------------- severity
def test_severity_override_by_code_and_name(tmp_path, capsys):
    _toml(tmp_path, """
        select = ["GL3"]
        [severity]
        GL304 = "error"
        blank-cell = "info"
    """)
    path = _report(tmp_path, cells={"t3.new.natural": "", "t2.procurement.amount": "5"})
    assert main(["--format", "json", str(path)]) == 1
    assert {d["code"]: d["severity"] for d in _json(capsys)} == {"GL301": "info", "GL304": "error"}


def test_severity_override_decides_the_exit_status(tmp_path, capsys):
    _toml(tmp_path, 'select = ["GL3"]\n[severity]\nGL301 = "warning"\n')
    path = _report(tmp_path, cells={"t3.new.natural": ""})
    assert main(["--format", "json", str(path)]) == 0
    assert [d["severity"] for d in _json(capsys)] == ["warning"]


def test_rule_options_from_config(tmp_path):
    config = load_config(_toml(tmp_path, '[rules.place-name]\nignore = ["拱墅市"]\n'))
    text = build_report(place="杭州市拱墅区", prose={1: ["拱墅市在此是引用的原文。"]})
    assert Linter(config, select=["GL501"]).lint_text(text).diagnostics == []
    assert len(Linter(select=["GL501"]).lint_text(text).diagnostics) == 1


# ---------------------------------------------------------------- discovery
def test_config_is_found_upward_from_the_checked_file(tmp_path, capsys):
    _toml(tmp_path, 'ignore = ["GL301"]\n')
    deep = tmp_path / "二〇二〇" / "西湖区"
    deep.mkdir(parents=True)
    inner = _report(deep, cells={"t3.new.natural": ""})
    assert find_config(inner) == tmp_path / "govlint.toml"
    assert main(["--format", "json", "--select", "GL3", str(inner)]) == 0
    assert _json(capsys) == []


def test_nearest_config_wins(tmp_path, capsys):
    _toml(tmp_path, 'ignore = ["GL301"]\n')
    inner_dir = tmp_path / "sub"
    inner_dir.mkdir()
    _toml(inner_dir, 'select = ["GL301"]\n')
    path = _report(inner_dir, cells={"t3.new.natural": ""})
    assert main(["--format", "json", str(path)]) == 1
    assert [d["code"] for d in _json(capsys)] == ["GL301"]


def test_explicit_config_option(tmp_path, capsys):
    elsewhere = tmp_path / "cfg"
    elsewhere.mkdir()
    config = _toml(elsewhere, 'select = ["GL301"]\n[severity]\nGL301 = "warning"\n')
    path = _report(tmp_path, cells={"t3.new.natural": ""})
    assert main(["--format", "json", "--config", str(config), str(path)]) == 0
    assert [d["severity"] for d in _json(capsys)] == ["warning"]


def test_no_config_means_defaults(tmp_path):
    assert load_config(None) == Config()
    assert Config().select == ["ALL"]


# ---------------------------------------------------------------- bad configuration
@pytest.mark.parametrize("body, key", [
    ('selct = ["GL2"]\n', "selct"),
    ('select = "GL2"\n', "select"),
    ('ignore = [3]\n', "ignore"),
    ('select = ["GL9x"]\n', "GL9x"),
    ('[severity]\nGL304 = "fatal"\n', "severity.GL304"),
    ('[severity]\nno-such-rule = "error"\n', "no-such-rule"),
    ('[rules.place-name]\nignor = []\n', "ignor"),
    ('[rules.place-name]\nignore = "拱墅市"\n', "rules.place-name.ignore"),
    ('[rules.no-such-rule]\nx = 1\n', "no-such-rule"),
    ('[rules.place-name]\nchange_year = "loud"\n', "rules.place-name.change_year"),
    ('[report]\nyear = "2019"\n', "report.year"),
    ('[report]\ncity = "杭州"\n', "report.city"),
    ('select = ["GL2"\n', "TOML"),
    ('plugins = ["no_such_module_for_govlint"]\n', "no_such_module_for_govlint"),
    ('plugins = ["missing_plugin.py"]\n', "missing_plugin.py"),
])
def test_bad_config_is_named_and_exits_2(tmp_path, capsys, body, key):
    _toml(tmp_path, body)
    path = _report(tmp_path)
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert key in err and CJK.search(err) and "Traceback" not in err


def test_bad_config_raises_config_error_in_process(tmp_path):
    with pytest.raises(ConfigError, match="severity.GL304"):
        load_config(_toml(tmp_path, '[severity]\nGL304 = "loud"\n'))


def test_config_not_utf8(tmp_path, capsys):
    (tmp_path / "govlint.toml").write_bytes('select = ["GL2"]  # 规则\n'.encode("gbk"))
    path = _report(tmp_path)
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "UTF-8" in err and "Traceback" not in err


def test_plugin_that_fails_to_import(tmp_path, capsys):
    (tmp_path / "broken_plugin.py").write_text("import no_such_dependency_xyz\n", encoding="utf-8")
    _toml(tmp_path, 'plugins = ["broken_plugin.py"]\n')
    assert main([str(_report(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert "broken_plugin.py" in err and "Traceback" not in err


def test_plugin_with_a_duplicate_code(tmp_path):
    (tmp_path / "dup_plugin.py").write_text(textwrap.dedent('''
        from govlint import Rule, hookimpl

        class Copy(Rule):
            """重复代码的规则。"""
            code, name = "GL203", "balance-copy"

        @hookimpl
        def govlint_rules():
            return [Copy]
    '''), encoding="utf-8")
    config = load_config(_toml(tmp_path, 'plugins = ["dup_plugin.py"]\n'))
    with pytest.raises(PluginError, match="GL203"):
        Linter(config)


def test_raising_rule_does_not_stop_other_files(tmp_path, capsys):
    _plugin(tmp_path, 6, "my_rules_six.py")
    _toml(tmp_path, 'plugins = ["my_rules_six.py"]\n')
    first = _report(tmp_path, "a.txt", cells={"t3.new.natural": ""})
    second = _report(tmp_path, "b.txt", cells={"t3.carried.natural": ""})
    status = main(["--format", "json", "--select", "TT961,GL301", str(first), str(second)])
    found = _json(capsys)
    assert status == 2
    assert sorted((d["path"], d["code"]) for d in found) == sorted(
        [(str(first), "GL000"), (str(first), "GL301"), (str(second), "GL000"), (str(second), "GL301")])


def test_repository_config_documents_every_key_with_its_default():
    """The repository's govlint.toml is the defaults written out: loading it changes nothing."""
    import govlint.config.settings as config_module
    repo_toml = Path(__file__).resolve().parents[1] / "govlint.toml"
    text = repo_toml.read_text(encoding="utf-8")
    for key in sorted(config_module._TOP_KEYS):
        assert re.search(rf"^\[?{re.escape(key)}\b", text, re.M), key
    config = load_config(repo_toml)
    report = build_report(place="杭州市拱墅区", prose={1: ["拱墅市今年加强了公开。"]},
                          cells={"t3.new.natural": "", "t2.procurement.amount": "37"})
    with_file = Linter(config, select=sorted(ISSUE2)).lint_text(report).diagnostics
    default = Linter(Config(), select=sorted(ISSUE2)).lint_text(report).diagnostics
    assert [(d.code, d.line, d.severity) for d in with_file] == [(d.code, d.line, d.severity) for d in default]
    assert {d.code for d in default} == {"GL501", "GL301", "GL304"}


def test_report_year_from_config_decides_the_template_check(tmp_path):
    text = build_report(year=2020, title=["政府信息公开工作年度报告", "（杭州市西湖区）"])
    assert Linter(select=["GL104"]).lint_text(text).diagnostics == []
    config = load_config(_toml(tmp_path, "[report]\nyear = 2021\n"))
    result = Linter(config, select=["GL104"]).lint_text(text)
    assert result.report.meta.year_source == "config"
    assert [d.code for d in result.diagnostics] == ["GL104", "GL104"]     # tables 二 and 三


def test_findings_are_sorted_by_their_sort_key(tmp_path):
    """lint_source sorts by FILE_ORDER, which is TEXT_ORDER for findings of one path (finish
    gives every finding the source's); TEXT_ORDER reads what Diagnostic.sort_key gives."""
    from govlint.results.diagnostic import TEXT_ORDER
    result = Linter().lint_text("二0一九年，拱墅市进行进行了工作。（一是\n" * 3, str(tmp_path / "r.txt"))
    assert result.diagnostics
    assert all(TEXT_ORDER(d) == d.sort_key for d in result.diagnostics)
    assert result.diagnostics == sorted(result.diagnostics, key=lambda d: d.sort_key)
    assert {d.path for d in result.diagnostics} == {str(tmp_path / "r.txt")}


def test_findings_of_rules_keep_the_path_and_the_configured_severity(tmp_path):
    """finish returns the rules' findings as they were born when there is nothing to copy;
    with a configured severity they are made with it (and copied otherwise)."""
    text = "二0一九年，进行进行了工作。\n"
    plain = Linter().lint_text(text, "a.txt").diagnostics
    assert plain and {d.path for d in plain} == {"a.txt"}
    config = Config(severity={"GL801": "error"})
    graded = Linter(config).lint_text(text, "a.txt").diagnostics
    assert [(d.code, d.severity) for d in graded if d.code == "GL801"] == [("GL801", "error")]
    assert [d.code for d in graded] == [d.code for d in plain]
