"""A plugin mistake fails loudly, naming the plugin; a plugin test is three lines."""
from __future__ import annotations

import pytest

from govlint import PluginError, hookimpl, lint_text
from govlint.cli import main as run
from govlint.plugins.registry import load_registry
from govlint.testing import build_report, lint

GOOD_RULE = '''
from govlint import Rule, hookimpl


class Checked(Rule):
    """A rule with a docstring."""
    code, name, severity = {code!r}, {name!r}, "warning"

    def check(self, report):
        return ()
'''


def _plugin(tmp_path, body: str, name: str = "my_rules.py"):
    (tmp_path / name).write_text(body, encoding="utf-8")
    return str(tmp_path / name)


def _load_error(tmp_path, body: str) -> str:
    with pytest.raises(PluginError) as e:
        load_registry([_plugin(tmp_path, body)])
    return str(e.value)


def test_a_misspelt_hook_is_an_error_naming_the_plugin_and_the_hook(tmp_path):
    body = GOOD_RULE.format(code="ZJ101", name="checked") + "\n@hookimpl\ndef govlint_rule():\n    return [Checked]\n"
    message = _load_error(tmp_path, body)
    assert "my_rules.py" in message and "govlint_rule" in message and "不是 govlint 的钩子" in message
    assert "govlint_rules" in message      # the hooks it could have meant


@pytest.mark.parametrize("code, name, phrase", [
    ("ZJ1", "checked", "代码“ZJ1”不合规定"),
    ("zj101", "checked", "代码“zj101”不合规定"),
    ("GL999", "checked", "GL 留给 govlint"),
    ("ZJ101", "GL1", "名称“GL1”不合规定"),
    ("ZJ101", "Checked_Rule", "名称“Checked_Rule”不合规定"),
])
def test_bad_codes_and_names_are_refused(tmp_path, code, name, phrase):
    body = GOOD_RULE.format(code=code, name=name) + "\n@hookimpl\ndef govlint_rules():\n    return [Checked]\n"
    message = _load_error(tmp_path, body)
    assert phrase in message and "my_rules.py" in message


def test_a_rule_without_docstring_is_refused(tmp_path):
    body = GOOD_RULE.format(code="ZJ101", name="checked").replace('"""A rule with a docstring."""', "")
    body += "\n@hookimpl\ndef govlint_rules():\n    return [Checked]\n"
    assert "没有文档字符串" in _load_error(tmp_path, body)


def test_a_duplicate_name_is_refused(tmp_path):
    body = GOOD_RULE.format(code="ZJ101", name="balance") + "\n@hookimpl\ndef govlint_rules():\n    return [Checked]\n"
    assert "重名" in _load_error(tmp_path, body)


def test_a_good_plugin_loads(tmp_path):
    body = GOOD_RULE.format(code="ZJ101", name="checked") + "\n@hookimpl\ndef govlint_rules():\n    return [Checked]\n"
    registry = load_registry([_plugin(tmp_path, body)])
    assert registry.rules["ZJ101"].origin.endswith("my_rules.py")


def test_plugin_mistakes_exit_2_with_the_message(tmp_path, capsys):
    body = GOOD_RULE.format(code="GL999", name="checked") + "\n@hookimpl\ndef govlint_rules():\n    return [Checked]\n"
    _plugin(tmp_path, body)
    (tmp_path / "govlint.toml").write_text('plugins = ["my_rules.py"]\n', encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(build_report(), encoding="utf-8")
    assert run([str(report)]) == 2
    err = capsys.readouterr().err
    assert "GL 留给 govlint" in err and "Traceback" not in err


def test_a_selector_typed_on_the_command_line_is_blamed_on_the_command_line(tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text(build_report(), encoding="utf-8")
    (tmp_path / "govlint.toml").write_text('ignore = ["GL304"]\n', encoding="utf-8")
    assert run(["--select", "XX9", str(report)]) == 2
    err = capsys.readouterr().err
    assert "命令行" in err and "XX9" in err and "配置文件" not in err


def test_a_bad_selector_in_the_config_is_blamed_on_the_file(tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text(build_report(), encoding="utf-8")
    (tmp_path / "govlint.toml").write_text('select = ["XX9"]\n', encoding="utf-8")
    assert run([str(report)]) == 2
    err = capsys.readouterr().err
    assert "配置文件" in err and "govlint.toml" in err and "XX9" in err


def test_testing_helpers_run_the_installed_rules_with_options():
    text = build_report(year=2021, cells={"t3.new.natural": ""})
    found = lint(text, select="GL301")
    assert [d.code for d in found] == ["GL301"]
    assert lint(text, select=["GL3"], ignore="GL301") == []
    assert lint(build_report(year=2021), select="GL2") == []


def test_select_as_a_string_in_the_api():
    text = build_report(year=2021, cells={"t3.new.natural": ""})
    assert {d.code for d in lint_text(text, select="GL301,GL2")} == {"GL301"}
    assert hookimpl is not None
