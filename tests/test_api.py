"""The Python API for submission systems: lint_file/lint_text return frozen dataclasses, and
the hook script shown in README (section 插件与集成) refuses a report with errors."""
from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

import govlint
from govlint import ConfigError, Diagnostic, InputError, lint_file, lint_text
from builder import build_report

ROOT = Path(__file__).resolve().parents[1]
CLEAN = build_report(year=2021, place="杭州市拱墅区")
BLANK = build_report(year=2019, place="杭州市拱墅区", cells={"t3.new.natural": ""})


def readme_hook_script() -> str:
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 插件与集成"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_diagnostics_are_frozen_dataclasses():
    (d,) = lint_text(BLANK)
    assert isinstance(d, Diagnostic) and dataclasses.is_dataclass(d)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.message = "x"
    assert (d.code, d.rule, d.severity) == ("GL301", "blank-cell", "error")
    assert d.to_dict()["code"] == "GL301"


def test_config_path_select_and_ignore(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(BLANK, encoding="utf-8")
    (tmp_path / "govlint.toml").write_text('[severity]\nblank-cell = "warning"\n', encoding="utf-8")
    assert [d.severity for d in lint_file(path, tmp_path / "govlint.toml")] == ["warning"]
    assert lint_file(path, ignore=["GL3"]) == [] and lint_file(path, select=["GL2"]) == []
    (tmp_path / "govlint.toml").write_text("select = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="select"):
        lint_file(path, str(tmp_path / "govlint.toml"))
    with pytest.raises(InputError):
        lint_file(tmp_path / "missing.txt")
    assert set(govlint.__all__) >= {"lint_file", "lint_text", "Diagnostic", "InputError", "ConfigError"}


@pytest.mark.parametrize("content, status, says", [
    (CLEAN, 0, "检查通过"),
    (BLANK, 1, "报告有 1 个错误，未予提交"),
    (None, 2, "无法检查："),
])
def test_readme_hook_script_refuses_reports_with_errors(tmp_path, content, status, says):
    script = tmp_path / "check_submission.py"
    script.write_text(readme_hook_script(), encoding="utf-8")
    report = tmp_path / "report.txt"
    if content is None:
        report.write_bytes(b"\x00\x01\x02PK binary")
    else:
        report.write_text(content, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(report)], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path)
    assert done.returncode == status, done.stdout + done.stderr
    assert says in done.stdout and "Traceback" not in done.stderr
    if status == 1:
        assert "GL301" in done.stdout


@pytest.mark.parametrize("select", ["GL3,place-name", ["GL3", "place-name"], " GL3 , place-name ,", ("GL3", "place-name")])
def test_select_as_a_string_or_a_list(select):
    flawed = build_report(year=2019, place="杭州市拱墅区", prose={1: ["今年，拱墅市各部门共收到申请。"]},
                          cells={"t3.new.natural": ""})
    assert {d.code for d in lint_text(flawed, select=select)} == {"GL301", "GL501"}
    assert {d.code for d in lint_text(flawed, select=select, ignore="GL501")} == {"GL301"}
    assert {d.code for d in lint_text(flawed, select=select, ignore=["blank-cell"])} == {"GL501"}


def test_an_unknown_selector_is_a_config_error():
    with pytest.raises(ConfigError, match="GL9x"):
        lint_text(CLEAN, select="GL9x")


def test_fix_text_returns_the_fixed_text_and_the_applied_diagnostics():
    from govlint import fix_text
    fixed, applied = fix_text(BLANK)
    assert [(d.code, d.fix.replacement, d.fix.applicability) for d in applied] == [("GL301", "0", "safe")]
    (d,) = applied
    assert fixed == BLANK[:d.offset] + "0" + BLANK[d.end_offset:]
    assert lint_text(fixed) == []
    assert fix_text(CLEAN) == (CLEAN, [])
    assert fix_text(BLANK, ignore="GL301") == (BLANK, [])


def test_parse_file_gives_document_model_and_meta(tmp_path):
    from govlint import parse_file
    path = tmp_path / "r.txt"
    path.write_text(BLANK, encoding="utf-8")
    report = parse_file(path)
    assert [s.number for s in report.document.sections] == [1, 2, 3, 4, 5, 6]
    assert report.meta.year == 2019 and report.meta.places == ["杭州市", "拱墅区"]
    assert report.model is not None and report.source.path == str(path)
    with pytest.raises(InputError):
        parse_file(tmp_path / "missing.txt")


def test_readme_api_section_names_the_signatures():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Python API"):]
    for signature in ["lint_file(path, config=None, select=None, ignore=None)",
                      'lint_text(text, path="<text>", config=None, select=None, ignore=None)',
                      'fix_text(text, path="<text>", config=None, select=None, ignore=None, unsafe=False)',
                      "parse_file(path, config=None)"]:
        assert signature in section, signature
    import inspect
    assert list(inspect.signature(govlint.lint_file).parameters) == ["path", "config", "select", "ignore"]
    assert list(inspect.signature(govlint.fix_text).parameters) == ["text", "path", "config", "select", "ignore", "unsafe"]
    assert list(inspect.signature(govlint.parse_file).parameters) == ["path", "config"]
