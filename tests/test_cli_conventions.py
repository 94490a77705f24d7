"""The command line's conventions, modelled on ruff: help per subcommand and every argparse
word in Chinese, a misspelt subcommand suggested, stdin, --exit-zero, -o, --exclude and
.gitignore, --show-files, --show-settings, --color, parse --format json, --list-rules as
JSON, and what --fix / --unsafe-fixes can do, told plainly."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path, PureWindowsPath

import pytest

from builder import build_report
from govlint.cli import main
from govlint.run.files import FileFilter, exclude_matches, normalize_pattern, parse_gitignore

FLAWED = dict(year=2019, place="杭州市拱墅区", prose={1: ["今年，拱墅市各部门共收到申请。"]},
              cells={"t3.new.natural": ""})
# argparse's English, none of which may reach a user.
ENGLISH = ["usage:", "options:", "optional arguments", "positional arguments", "show this help",
           "show program's version", "unrecognized arguments", "the following arguments are required",
           "invalid choice", "expected one argument", "expected at least one", "invalid int value",
           "invalid float value", "error:", "argument ", "choose from", "ambiguous option"]


def _status(args, capsys) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as e:
        status = e.code
    out, err = capsys.readouterr()
    return status, out, err


def _english(text: str) -> list[str]:
    return [e for e in ENGLISH if e in text]


# ---------------------------------------------------------------- help and errors in Chinese
@pytest.mark.parametrize("args, prog", [(["--help"], "govlint"), (["-h"], "govlint"), (["check", "--help"], "govlint check"),
                                        (["parse", "--help"], "govlint parse"), (["serve", "--help"], "govlint serve")])
def test_each_command_prints_its_own_help_in_chinese(capsys, args, prog):
    status, out, err = _status(args, capsys)
    assert status == 0 and err == ""
    assert out.startswith(f"用法：{prog} ")
    assert "选项：" in out and "显示帮助并退出" in out
    assert _english(out) == [], _english(out)


def test_the_helps_differ_by_command(capsys):
    helps = {c: _status([c, "--help"], capsys)[1] for c in ("check", "parse", "serve")}
    assert "--host" in helps["serve"] and "--host" not in helps["check"] and "--fix" not in helps["parse"]
    assert "--exclude" in helps["check"] and "--format {text,json}" in helps["parse"]
    top = _status(["--help"], capsys)[1]
    assert all(f"  {c}" in top for c in ("check", "parse", "serve")) and "govlint parse --help" in top


@pytest.mark.parametrize("args, says", [
    (["--bogus", "r.txt"], "无法识别的参数：--bogus"),
    (["--format", "xml", "r.txt"], "无效的选项 'xml'"),
    (["r.txt", "--select"], "参数 --select：需要一个值"),
    (["parse"], "缺少必需的参数：文件"),
    (["-j", "x", "r.txt"], "应为正整数"),
    (["--color", "maybe", "r.txt"], "无效的选项 'maybe'"),
    (["serve", "--port", "abc"], "参数 --port：无效的值 'abc'"),
    (["parse", "--format", "sarif", "r.txt"], "无效的选项 'sarif'"),
    (["check", "--host", "0.0.0.0", "r.txt"], "无法识别的参数：--host"),
])
def test_usage_errors_are_in_chinese(capsys, args, says):
    status, out, err = _status(args, capsys)
    assert status == 2 and says in err, err
    assert err.startswith("用法：govlint") and "参数错误" in err
    assert _english(err) == [], _english(err)


def test_a_misspelt_subcommand_is_suggested(capsys):
    status, _, err = _status(["chekc", "r.txt"], capsys)
    assert status == 2 and "未知的子命令“chekc”，是否想输入“check”？" in err
    assert "是否想输入“parse”" in _status(["prase", "r.txt"], capsys)[2]
    assert "是否想输入“serve”" in _status(["--format", "json", "serv"], capsys)[2]


def test_a_file_named_like_a_subcommand_is_still_a_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("chekc").write_text(build_report(**FLAWED), encoding="utf-8")
    status, out, err = _status(["--select", "GL301", "--format", "json", "chekc"], capsys)
    assert status == 1 and "未知的子命令" not in err
    assert [d["path"] for d in json.loads(out)] == ["chekc"]
    # an unknown word that is no subcommand's near miss is a path that is not there
    assert "找不到" in _status(["zzzz.txt"], capsys)[2]


# ---------------------------------------------------------------- stdin
def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_stdin_with_a_filename(monkeypatch, capsys, encoding):
    _stdin(monkeypatch, build_report(**FLAWED).encode(encoding))
    status, out, _ = _status(["--format", "json", "--select", "GL301,GL501", "-", "--stdin-filename",
                              "报告/拱墅区.txt"], capsys)
    found = json.loads(out)
    assert status == 1 and {d["code"] for d in found} == {"GL301", "GL501"}
    assert {d["path"] for d in found} == {"报告/拱墅区.txt"}


def test_stdin_without_a_filename_is_shown_as_a_dash(monkeypatch, capsys):
    _stdin(monkeypatch, build_report(**FLAWED).encode())
    status, out, _ = _status(["check", "-", "--select", "GL301"], capsys)
    assert status == 1 and out.startswith("-:")


def test_stdin_word_document_chosen_by_the_filename(monkeypatch, capsys, tmp_path):
    pytest.importorskip("docx")
    from docx_builder import render_docx
    data = render_docx(build_report(**FLAWED), tmp_path / "r.docx").read_bytes()
    _stdin(monkeypatch, data)
    status, out, _ = _status(["--format", "json", "--select", "GL301", "--stdin-filename", "r.docx", "-"], capsys)
    (d,) = json.loads(out)
    assert status == 1 and d["path"] == "r.docx" and d["location"]["table"] is not None


def test_stdin_finds_the_configuration_next_to_the_filename(monkeypatch, capsys, tmp_path):
    (tmp_path / "govlint.toml").write_text('[severity]\nblank-cell = "warning"\n', encoding="utf-8")
    _stdin(monkeypatch, build_report(**FLAWED).encode())
    status, out, _ = _status(["--format", "json", "--select", "GL301", "--stdin-filename",
                              str(tmp_path / "r.txt"), "-"], capsys)
    assert status == 0 and [d["severity"] for d in json.loads(out)] == ["warning"]


def test_stdin_fix_writes_the_fixed_report(monkeypatch, capsys):
    text = build_report(**FLAWED)
    _stdin(monkeypatch, text.encode())
    status, out, err = _status(["--fix", "--select", "GL301", "-"], capsys)
    assert status == 0 and "已修复 1 处" in err
    from govlint import fix_text
    assert out == fix_text(text, select="GL301")[0] != text


def test_stdin_cannot_be_mixed_with_paths(monkeypatch, capsys, tmp_path):
    _stdin(monkeypatch, b"")
    assert "不能与其他路径同时给出" in _status(["-", str(tmp_path)], capsys)[2]


# ---------------------------------------------------------------- exit status and output file
def test_exit_zero(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(build_report(**FLAWED), encoding="utf-8")
    assert _status([str(path)], capsys)[0] == 1
    status, out, _ = _status(["--exit-zero", str(path)], capsys)
    assert status == 0 and "GL301" in out
    assert _status(["--exit-zero", str(path), str(tmp_path / "gone.txt")], capsys)[0] == 2   # still 2


def test_output_file(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(build_report(**FLAWED), encoding="utf-8")
    target = tmp_path / "结果.json"
    status, out, _ = _status(["--format", "json", "-o", str(target), "--select", "GL301", str(path)], capsys)
    assert status == 1 and out == ""
    assert [d["code"] for d in json.loads(target.read_text(encoding="utf-8"))] == ["GL301"]
    status, out, _ = _status(["--output-file", str(target), "--select", "GL301", str(path)], capsys)
    assert out == "" and "\x1b[" not in target.read_text(encoding="utf-8")
    assert "共发现 错误 1 个" in target.read_text(encoding="utf-8")


# ---------------------------------------------------------------- which files a folder run checks
@pytest.fixture
def tree(tmp_path):
    report = build_report(year=2021)
    for name in ["2019/a.txt", "2019/草稿/b.txt", "2020/c.txt", "2020/c.bak.txt", "2020/keep.bak.txt",
                 ".venv/lib/x.txt", "build/d.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(report, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("# 生成的文件\n/build/\n*.bak.txt\n!keep.bak.txt\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    return tmp_path


def _files(capsys, root: Path, *args: str) -> set[str]:
    status, out, err = _status(["--show-files", *args, str(root)], capsys)
    assert status == 0, err
    return {Path(line).relative_to(root).as_posix() for line in out.splitlines()}


def test_show_files_honours_gitignore_and_the_default_exclusions(tree, capsys):
    assert _files(capsys, tree) == {"2019/a.txt", "2019/草稿/b.txt", "2020/c.txt", "2020/keep.bak.txt"}


def test_gitignore_below_the_folder_run_on(tree, capsys):
    (tree / "2019" / ".gitignore").write_text("草稿\n", encoding="utf-8")
    assert _files(capsys, tree / "2019") == {"a.txt"}
    assert _files(capsys, tree) == {"2019/a.txt", "2020/c.txt", "2020/keep.bak.txt"}


def test_no_respect_gitignore(tree, capsys):
    assert _files(capsys, tree, "--no-respect-gitignore") == {
        "2019/a.txt", "2019/草稿/b.txt", "2020/c.txt", "2020/c.bak.txt", "2020/keep.bak.txt", "build/d.txt"}


def test_exclude_and_extend_exclude(tree, capsys):
    assert _files(capsys, tree, "--extend-exclude", "草稿") == {"2019/a.txt", "2020/c.txt", "2020/keep.bak.txt"}
    assert _files(capsys, tree, "--extend-exclude", "2020/*.txt,a.txt") == {"2019/草稿/b.txt"}
    # --exclude replaces the default list: .venv is searched again
    assert ".venv/lib/x.txt" in _files(capsys, tree, "--exclude", "草稿")


def test_exclusions_apply_to_folder_runs_not_to_files_named(tree, capsys):
    status, out, _ = _status(["--show-files", str(tree / "2020" / "c.bak.txt")], capsys)
    assert status == 0 and out.strip() == str(tree / "2020" / "c.bak.txt")


def test_lint_run_skips_ignored_files(tree, capsys):
    status, out, _ = _status(["--format", "json", "--select", "GL101", str(tree)], capsys)
    assert status == 0 and json.loads(out) == []


def test_patterns_match_windows_paths():
    assert normalize_pattern("2019\\草稿\\*.txt", windows=True) == "2019/草稿/*.txt"
    assert normalize_pattern("2019\\*.txt", windows=False) == "2019\\*.txt"     # an escape on POSIX
    relative = PureWindowsPath("2019\\草稿\\b.txt")
    assert exclude_matches("2019/草稿/*.txt", relative) and exclude_matches("b.txt", relative)
    assert exclude_matches("**/草稿/*", relative) and not exclude_matches("2020/*", relative)
    filter_ = FileFilter(("2019\\草稿",), windows=True)
    assert filter_.exclude == ("2019/草稿",)
    (rule,) = parse_gitignore("草稿/\n")
    assert rule.matches(PureWindowsPath("2019\\草稿").as_posix(), True)
    assert not rule.matches(PureWindowsPath("2019\\草稿").as_posix(), False)


# ---------------------------------------------------------------- settings
def test_show_settings(tmp_path, capsys, monkeypatch):
    (tmp_path / "govlint.toml").write_text('ignore = ["GL304"]\n[severity]\nblank-cell = "warning"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(build_report(year=2021), encoding="utf-8")
    status, out, _ = _status(["--show-settings", "--select", "GL3", str(tmp_path / "r.txt")], capsys)
    assert status == 0
    assert f"# 配置文件：{(tmp_path / 'govlint.toml').resolve()}" in out
    assert 'select = ["GL3"]  # 来自命令行' in out and 'ignore = ["GL304"]' in out
    assert re.search(r"^GL301 blank-cell warning \{\}$", out, re.M)
    assert "GL304" not in out.split("# 启用的规则")[1].split("# 命令行")[0]
    assert "rule-time-limit = 10" in out and 'format = "text"' in out


# ---------------------------------------------------------------- colour
@pytest.mark.parametrize("color, no_color, coloured", [("always", False, True), ("always", True, True),
                                                       ("never", False, False), ("auto", False, False),
                                                       ("auto", True, False)])
def test_color(tmp_path, capsys, monkeypatch, color, no_color, coloured):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    path = tmp_path / "r.txt"
    path.write_text(build_report(**FLAWED), encoding="utf-8")
    _, out, _ = _status(["--color", color, "--select", "GL301", str(path)], capsys)
    assert ("\x1b[" in out) is coloured


# ---------------------------------------------------------------- parse --format json, --list-rules
def test_parse_as_json(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(build_report(year=2021), encoding="utf-8")
    status, out, _ = _status(["parse", "--format", "json", str(path)], capsys)
    (entry,) = json.loads(out)
    assert status == 0 and entry["path"] == str(path)
    tree = entry["tree"]
    assert tree["kind"] == "document"

    def walk(node):
        yield node
        for child in node.get("children", []):
            yield from walk(child)
    nodes = list(walk(tree))
    text = path.read_text(encoding="utf-8")
    for node in nodes:
        assert {"kind", "text", "span"} <= set(node)
        assert set(node["span"]) == {"line", "column", "end_line", "end_column", "offset", "end_offset"}
    sections = [n for n in nodes if n["kind"] == "section"]
    assert [s["number"] for s in sections] == [1, 2, 3, 4, 5, 6]
    assert sections[2]["text"] == "三、收到和处理政府信息公开申请情况"
    cells = [n for n in nodes if n["kind"] == "cell" and n["text"]]
    assert cells and all(n["text"] in text[n["span"]["offset"]:n["span"]["end_offset"] + 1] for n in cells)


def test_list_rules_as_json(capsys):
    status, out, _ = _status(["--list-rules", "--format", "json"], capsys)
    rules = {r["code"]: r for r in json.loads(out)}
    assert status == 0
    assert set(rules["GL301"]) == {"code", "name", "severity", "summary", "origin", "fixable", "applicability"}
    assert (rules["GL301"]["fixable"], rules["GL301"]["applicability"]) == (True, "safe")
    assert (rules["GL103"]["fixable"], rules["GL103"]["applicability"]) == (True, "unsafe")
    assert (rules["GL201"]["fixable"], rules["GL201"]["applicability"]) == (False, None)
    assert rules["GL501"]["origin"] == "place_names" and rules["GL501"]["summary"]


def test_rules_declare_the_fixes_they_offer(capsys):
    """Every fix a rule offers on the sample reports is declared by the rule (--list-rules)."""
    from govlint.run.engine import Linter
    linter = Linter()
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "examples").glob("*.txt"))]
    texts += [build_report(**FLAWED), build_report(year=2021, headings={6: "\u3000其他需要报告的事项"})]
    seen = set()
    for text in texts:
        for d in linter.lint_text(text).diagnostics:
            if d.fix is not None:
                declared = linter.registry.rules[d.code].fixable
                assert declared is not None, d.code
                assert not d.fix.safe or declared == "safe", d.code
                seen.add(d.code)
    assert {"GL301", "GL501", "GL103"} <= seen


# ---------------------------------------------------------------- fixes told plainly
HEADING = dict(year=2021, place="杭州市拱墅区", headings={6: "\u3000其他需要报告的事项"}, cells={"t3.new.natural": ""})


def test_text_output_tells_what_fix_and_unsafe_fixes_can_do(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(build_report(**HEADING), encoding="utf-8")
    _, out, _ = _status(["--select", "GL103,GL301", str(path)], capsys)
    assert out.splitlines()[-2:] == ["其中 1 处可用 govlint --fix 自动修正",
                                     "另有 1 处可用 --unsafe-fixes 修正（修正前请核对，见 govlint --fix --unsafe-fixes --diff）"]
    _, out, _ = _status(["--select", "GL103", str(path)], capsys)
    assert "其中" not in out and "另有 1 处可用 --unsafe-fixes" in out


def test_statistics_marks_only_safe_fixes(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(build_report(**HEADING), encoding="utf-8")
    _, out, _ = _status(["--statistics", "--select", "GL103,GL301", str(path)], capsys)
    assert "1\tGL103\tsection-heading" in out and "1\tGL301\t[*] blank-cell" in out
    assert out.splitlines()[-1] == "[*] 表示该规则的问题可用 govlint --fix 自动修正"
    _, out, _ = _status(["--statistics", "--select", "GL103", str(path)], capsys)
    assert "[*]" not in out


def test_json_fix_applicability(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(build_report(**HEADING), encoding="utf-8")
    _, out, _ = _status(["--format", "json", "--select", "GL103,GL301", str(path)], capsys)
    fixes = {d["code"]: d["fix"] for d in json.loads(out)}
    assert fixes == {"GL103": {"replacement": "六、其他需要报告的事项", "applicability": "unsafe"},
                     "GL301": {"replacement": "0", "applicability": "safe"}}


def test_unsafe_fixes_are_applied_only_when_asked_and_shown_first(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(build_report(**HEADING), encoding="utf-8")
    status, out, _ = _status(["--fix", "--select", "GL103,GL301", str(path)], capsys)
    assert "已修复 1 处" in out and "其他需要报告的事项" in path.read_text(encoding="utf-8")
    assert "六、其他需要报告的事项" not in path.read_text(encoding="utf-8")
    status, out, _ = _status(["--diff", "--unsafe-fixes", "--select", "GL103,GL301", str(path)], capsys)
    assert re.search(r"^\+.*六、其他需要报告的事项$", out, re.M)
    assert path.read_text(encoding="utf-8").count("六、其他需要报告的事项") == 0
    status, out, err = _status(["--fix", "--unsafe-fixes", "--select", "GL103,GL301", str(path)], capsys)
    assert "将应用 1 处不安全的修复" in err and "GL103" in err and "→ “六、其他需要报告的事项”" in err
    assert "六、其他需要报告的事项" in path.read_text(encoding="utf-8")
    assert status == 0 and "没有剩余问题" in out


def test_fix_text_with_unsafe():
    from govlint import fix_text
    text = build_report(**HEADING)
    fixed, applied = fix_text(text, select="GL103")
    assert fixed == text and applied == []
    fixed, applied = fix_text(text, select="GL103", unsafe=True)
    assert "六、其他需要报告的事项" in fixed and [d.code for d in applied] == ["GL103"]


def test_per_file_ignore_patterns_may_use_backslashes():
    """govlint.toml written on Windows: `"2019\\*.txt"` means the same as `"2019/*.txt"`."""
    from govlint.config.suppressions import path_matches
    assert path_matches("2019\\*.txt", "2019/a.txt", None) and path_matches("2019/*.txt", "2019/a.txt", None)
    assert not path_matches("2019\\*.txt", "2020/a.txt", None)
