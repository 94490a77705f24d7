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
