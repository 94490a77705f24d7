"""Plugins for real: the Zhejiang example plugin installed with pip into a temporary virtual
environment, found through its entry point (group `govlint`), listed with its origin,
selectable and ignorable by code, configured through its own [zhejiang] table; and a plugin
that fails to import named in a clear message (exit 2, no traceback).

The temporary environments see govlint and its dependencies through a .pth file pointing at
this interpreter's site-packages, so nothing is downloaded except the build backend pip
needs to build the plugin (from the configured package index)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "plugins" / "govlint-zhejiang"
STATEMENT = ("本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。本报告电子版可在某某区人民政府门户网站"
             "（www.example.gov.cn）下载。如对本报告有疑问，请与某某区人民政府办公室联系（电话：0571-12345678）。")


def make_venv(where: Path) -> Path:
    """A virtual environment that also sees this environment's packages (govlint included)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    base = sysconfig.get_paths()["purelib"]
    Path(site, "govlint-base.pth").write_text(f"import site; site.addsitedir({base!r})\n", encoding="utf-8")
    return python


def run(python: Path, *args, cwd: Path, check: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([str(python), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def govlint(python: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    return run(python, "-m", "govlint.cli", *map(str, args), cwd=cwd)


@pytest.fixture(scope="module")
def zj(tmp_path_factory) -> tuple[Path, Path]:
    """(python of a venv with govlint-zhejiang pip-installed, a work folder)."""
    base = tmp_path_factory.mktemp("zj")
    source = base / "govlint-zhejiang"       # build from a copy: pip writes build/ next to the sources
    shutil.copytree(PLUGIN, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    python = make_venv(base / "venv")
    run(python, "-m", "pip", "install", "-q", "--no-deps", str(source), cwd=base, check=True)
    work = base / "work"
    work.mkdir()
    return python, work


def _report(work: Path, preamble: str = "现将本年度情况报告如下：", body: str = "") -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from builder import build_report
    text = build_report(year=2021, place="杭州市拱墅区", prose={1: [body or "本年度推进政务公开。"]})
    title_end = text.index("一、总体情况")
    path = work / f"report-{len(list(work.glob('report-*.txt'))) + 1}.txt"
    path.write_text(text[:title_end] + preamble + "\n" + text[title_end:], encoding="utf-8")
    return path


def test_installed_as_a_distribution_with_an_entry_point(zj):
    python, work = zj
    probe = textwrap.dedent("""
        from importlib.metadata import distribution
        d = distribution("govlint-zhejiang")
        print([(ep.group, ep.name, ep.value) for ep in d.entry_points])
        import govlint_zhejiang; print(govlint_zhejiang.__file__)
    """)
    out = run(python, "-c", probe, cwd=work, check=True).stdout.splitlines()
    assert out[0] == "[('govlint', 'zhejiang', 'govlint_zhejiang')]"
    assert str(PLUGIN) not in out[1] and "site-packages" in out[1]    # the installed copy, not the checkout


def test_listed_with_its_origin(zj):
    python, work = zj
    done = govlint(python, "--list-rules", cwd=work)
    assert done.returncode == 0
    lines = {line.split()[0]: line for line in done.stdout.splitlines()}
    assert lines["ZJ001"].split()[1] == "preamble-statement" and lines["ZJ001"].endswith("[zhejiang]")
    assert lines["ZJ002"].split()[1] == "regulation-title" and lines["ZJ002"].endswith("[zhejiang]")
    assert "GL203" in lines                                    # the built-in rules are still there
    explain = govlint(python, "--explain", "ZJ002", cwd=work)
    assert explain.returncode == 0 and "错误示例" in explain.stdout and "来源：zhejiang" in explain.stdout


def test_rules_run_and_are_selectable_and_ignorable_by_code(zj):
    python, work = zj
    report = _report(work, body="依照《浙江省政府信息公开办法》开展工作。")
    codes = lambda done: sorted(line.split()[1] for line in done.stdout.splitlines() if ".txt:" in line)
    assert codes(govlint(python, report, cwd=work)) == ["ZJ001", "ZJ002"]
    assert codes(govlint(python, "--select", "ZJ001", report, cwd=work)) == ["ZJ001"]
    assert codes(govlint(python, "--select", "ZJ", "--ignore", "ZJ001", report, cwd=work)) == ["ZJ002"]
    assert codes(govlint(python, "--ignore", "ZJ", report, cwd=work)) == []
    clean = _report(work, preamble=STATEMENT)
    done = govlint(python, clean, cwd=work)
    assert done.returncode == 0 and codes(done) == []


def test_its_table_in_govlint_toml(zj, tmp_path):
    python, _ = zj
    shutil.copy(PLUGIN / "govlint.example.toml", tmp_path / "govlint.toml")
    report = _report(tmp_path, preamble=STATEMENT, body="依照《杭州市政府信息公开规则》开展工作。")
    assert govlint(python, report, cwd=tmp_path).returncode == 0       # the example config is valid
    text = (tmp_path / "govlint.toml").read_text(encoding="utf-8")
    (tmp_path / "govlint.toml").write_text(text.replace("regulations = []", 'regulations = ["杭州市政府信息公开规定"]'),
                                           encoding="utf-8")
    done = govlint(python, report, cwd=tmp_path)
    assert done.returncode == 1 and "应为《杭州市政府信息公开规定》" in done.stdout
    (tmp_path / "govlint.toml").write_text('[zhejiang]\nportal = "x"\n', encoding="utf-8")
    done = govlint(python, report, cwd=tmp_path)
    assert done.returncode == 2 and "zhejiang.portal 不是插件表 [zhejiang] 的选项" in done.stderr


def test_without_the_plugin_its_table_is_an_unknown_key(tmp_path):
    python = make_venv(tmp_path / "venv")
    (tmp_path / "govlint.toml").write_text("[zhejiang]\nregulations = []\n", encoding="utf-8")
    report = _report(tmp_path, preamble=STATEMENT)
    done = govlint(python, report, cwd=tmp_path)
    assert done.returncode == 2 and "未知的键 zhejiang" in done.stderr and "Traceback" not in done.stderr
    done = govlint(python, "--select", "ZJ001", report, cwd=tmp_path.parent)
    assert done.returncode == 2 and "ZJ001" in done.stderr


def test_the_plugins_own_tests_pass_against_the_installed_plugin(zj):
    python, work = zj
    done = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PLUGIN / "tests"), cwd=work)
    assert done.returncode == 0, done.stdout[-2000:]
    assert " passed" in done.stdout


def _broken_distribution(site: Path, name: str, module_source: str) -> None:
    """A distribution as pip would leave it: dist-info with an entry point, and its module."""
    dist = site / f"{name}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[govlint]\n{name} = {name}_plugin\n", encoding="utf-8")
    (site / f"{name}_plugin.py").write_text(module_source, encoding="utf-8")


@pytest.mark.parametrize("source, detail", [
    ("import module_that_is_not_installed\n", "ModuleNotFoundError"),
    ("raise RuntimeError('配置缺失')\n", "RuntimeError: 配置缺失"),
    ("def broken(:\n", "SyntaxError"),
])
def test_a_plugin_that_fails_to_import_is_named_without_a_traceback(tmp_path, source, detail):
    python = make_venv(tmp_path / "venv")
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                    cwd=tmp_path, check=True).stdout.strip())
    _broken_distribution(site, "brokenprov", source)
    report = _report(tmp_path, preamble=STATEMENT)
    for args in (["--list-rules"], [report]):
        done = govlint(python, *args, cwd=tmp_path)
        assert done.returncode == 2
        assert "无法加载插件“brokenprov”（brokenprov_plugin）" in done.stderr and detail in done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_plugin_listed_in_govlint_toml_that_does_not_exist(tmp_path):
    (tmp_path / "govlint.toml").write_text('plugins = ["govlint_nowhere"]\n', encoding="utf-8")
    report = _report(tmp_path, preamble=STATEMENT)
    done = run(Path(sys.executable), "-m", "govlint.cli", str(report), cwd=tmp_path)
    assert done.returncode == 2 and "无法加载插件“govlint_nowhere”" in done.stderr
    assert "Traceback" not in done.stderr


# --- the data and options hooks, with plugins given as .py files in govlint.toml -----------------

RULE_PLUGIN = '''
from govlint import Rule, hookimpl
from govlint.syntax.tree import Span


class Echo(Rule):
    """把插件数据与配置表写进一条提示（测试用）。"""
    code, name, severity = "TT001", "echo", "info"

    def check(self, report):
        yield self.diagnostic(Span(1, 1, 1, 2, 0, 1), repr((self.data.get("names"), self.data.get("aliases"),
                                                            self.settings.get("city"))))


@hookimpl
def govlint_rules():
    return [Echo]


@hookimpl
def govlint_options():
    return {"city": {"area-code": "0572", "extra": []}}


@hookimpl
def govlint_data():
    return {"names": ["甲"], "aliases": {"旧名": "新名"}}
'''
DATA_PLUGIN = '''
from govlint import hookimpl


@hookimpl
def govlint_data():
    return {DATA}
'''


def _two_plugins(tmp_path: Path, data: str, toml: str = ""):
    from govlint.config.settings import load_config
    from govlint.run.engine import Linter
    (tmp_path / "a_rules.py").write_text(RULE_PLUGIN, encoding="utf-8")
    (tmp_path / "b_data.py").write_text(DATA_PLUGIN.replace("{DATA}", data), encoding="utf-8")
    (tmp_path / "govlint.toml").write_text('plugins = ["a_rules.py", "b_data.py"]\n' + toml, encoding="utf-8")
    return Linter(load_config(tmp_path / "govlint.toml"), select=["TT"])


def test_data_from_several_plugins_is_merged_and_tables_are_configured(tmp_path):
    linter = _two_plugins(tmp_path, '{"names": ["乙"], "aliases": {"别名": "正名"}}', '[city]\nextra = ["x"]\n')
    (d,) = linter.lint_text("某某县2021年政府信息公开工作年度报告\n").diagnostics
    assert d.message == repr((["甲", "乙"], {"旧名": "新名", "别名": "正名"}, {"area-code": "0572", "extra": ["x"]}))


@pytest.mark.parametrize("data, toml, message", [
    ('{"names": {"乙": 1}}', "", "提供的数据“names”与已有数据类型不同"),
    ("['not a dict']", "", "govlint_data 应返回以字符串为键的字典"),
    ("{}", '[city]\narea-code = 572\n', "city.area-code 的类型应为 str"),
    ("{}", '[town]\nx = 1\n', "未知的键 town"),
])
def test_bad_contributions_and_tables_are_named(tmp_path, data, toml, message):
    from govlint.config.settings import ConfigError
    from govlint.plugins.registry import PluginError
    with pytest.raises((PluginError, ConfigError), match=re.escape(message)):
        _two_plugins(tmp_path, data, toml)


def test_two_plugins_may_not_claim_the_same_table(tmp_path):
    from govlint.plugins.registry import PluginError
    (tmp_path / "b_data.py").write_text("from linter import hookimpl\n\n\n@hookimpl\ndef govlint_options():\n"
                                        "    return {'city': {}}\n", encoding="utf-8")
    (tmp_path / "a_rules.py").write_text(RULE_PLUGIN, encoding="utf-8")
    (tmp_path / "govlint.toml").write_text('plugins = ["a_rules.py", "b_data.py"]\n', encoding="utf-8")
    from govlint.config.settings import load_config
    from govlint.run.engine import Linter
    with pytest.raises(PluginError, match=re.escape("声明的配置表 [city] 已由")):
        Linter(load_config(tmp_path / "govlint.toml"))
