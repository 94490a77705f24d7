"""The command line: exit codes, the JSON contract, plain text output, rule listing and
explanation, folders, and bad input (a Chinese message and exit 2, never a traceback)."""
from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder import build_report, cell_line, find_line
from govlint import __version__
from govlint.cli import main

GOVLINT = str(Path(sys.executable).parent / "govlint")
ISSUE2 = "GL1,GL2,GL3,GL501"
CJK = re.compile(r"[\u4e00-\u9fff]")
JSON_KEYS = {"path": str, "line": int, "column": int, "end_line": int, "end_column": int, "offset": int,
             "end_offset": int, "code": str, "rule": str, "severity": str, "message": str}
SENTENCE = "今年，拱墅市各部门共收到申请。"
FLAWED = dict(year=2019, place="杭州市拱墅区", prose={1: [SENTENCE]}, results={"open": {"natural": 2}},
              cells={"t3.new.natural": "", "t2.procurement.amount": "37"})


def _write(folder: Path, text: str, name: str = "report.txt", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run([GOVLINT, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def _json_run(capsys, *args: str) -> tuple[int, list[dict]]:
    status = main(["--format", "json", *args])
    return status, json.loads(capsys.readouterr().out)


# ---------------------------------------------------------------- exit status
def test_exit_0_when_clean(tmp_path, capsys):
    path = _write(tmp_path, build_report(year=2021))
    assert main(["--select", ISSUE2, str(path)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_exit_0_with_only_warnings(tmp_path, capsys):
    path = _write(tmp_path, build_report(year=2019, cells={"t2.procurement.amount": "37"}))
    status, found = _json_run(capsys, "--select", ISSUE2, str(path))
    assert status == 0
    assert [(d["code"], d["severity"]) for d in found] == [("GL304", "warning")]


def test_exit_1_on_an_error(tmp_path, capsys):
    path = _write(tmp_path, build_report(**FLAWED))
    assert main(["--select", ISSUE2, str(path)]) == 1


def test_exit_2_when_one_of_several_files_is_missing(tmp_path, capsys):
    good = _write(tmp_path, build_report(**FLAWED))
    status, found = _json_run(capsys, "--select", ISSUE2, str(good), str(tmp_path / "missing.txt"))
    assert status == 2
    assert {d["path"] for d in found} == {str(good)}   # the readable file is still checked


def test_check_word_is_optional(tmp_path, capsys):
    path = _write(tmp_path, build_report(**FLAWED))
    _, with_word = _json_run(capsys, "check", "--select", ISSUE2, str(path))
    _, without = _json_run(capsys, "--select", ISSUE2, str(path))
    assert with_word == without and with_word


# ---------------------------------------------------------------- JSON contract
def test_json_keys_and_types(tmp_path, capsys):
    path = _write(tmp_path, build_report(**FLAWED))
    status, found = _json_run(capsys, "--select", ISSUE2, str(path))
    assert status == 1
    assert isinstance(found, list) and found
    for d in found:
        for key, kind in JSON_KEYS.items():
            assert type(d[key]) is kind, (key, d)
        assert list(d)[:len(JSON_KEYS) + 1] == [*JSON_KEYS, "fix"]
        assert d["path"] == str(path)
        assert re.fullmatch(r"GL\d{3}", d["code"])
        assert d["severity"] in ("error", "warning", "info")
        assert d["fix"] is None or (set(d["fix"]) == {"replacement", "applicability"}
                                  and isinstance(d["fix"]["replacement"], str)
                                  and d["fix"]["applicability"] in ("safe", "unsafe"))
        assert 1 <= d["line"] <= d["end_line"] and d["column"] >= 1 and 0 <= d["offset"] <= d["end_offset"]
    codes = {(d["code"], d["line"]) for d in found}
    assert codes == {("GL501", find_line(build_report(**FLAWED), SENTENCE)),
                     ("GL301", cell_line("t3.new.natural", **FLAWED)),
                     ("GL304", cell_line("t2.procurement.amount", **FLAWED)),
                     ("GL203", cell_line("t3.result_total.natural", **FLAWED)),
                     ("GL201", cell_line("t3.new.total", **FLAWED))}


def test_json_path_as_given(tmp_path, capsys, monkeypatch):
    _write(tmp_path, build_report(**FLAWED), "甲.txt")
    monkeypatch.chdir(tmp_path)
    _, found = _json_run(capsys, "--select", "GL501", "甲.txt")
    assert [d["path"] for d in found] == ["甲.txt"]


@pytest.mark.parametrize("encoding, newline", [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("gb18030", "\n"),
                                               ("utf-16", "\r\n")])
def test_json_columns_and_offsets_count_characters(tmp_path, capsys, encoding, newline):
    text = build_report(**FLAWED).replace("\n", newline)
    path = _write(tmp_path, text, encoding=encoding)
    _, found = _json_run(capsys, "--select", "GL501,GL301,GL201", str(path))
    place = next(d for d in found if d["code"] == "GL501")
    decoded = path.read_bytes().decode(encoding)
    decoded = decoded.lstrip("\ufeff")
    assert decoded[place["offset"]:place["end_offset"]] == "拱墅市"
    line = decoded.split(newline)[place["line"] - 1]
    assert line == SENTENCE
    assert line[place["column"] - 1:place["end_column"] - 1] == "拱墅市"
    assert place["column"] == SENTENCE.index("拱墅市") + 1 and place["end_line"] == place["line"]
    assert place["fix"] == {"replacement": "拱墅区", "applicability": "safe"}
    blank = next(d for d in found if d["code"] == "GL301")
    assert decoded[blank["offset"] - 1] == "\t" and blank["offset"] == blank["end_offset"]
    assert blank["fix"] == {"replacement": "0", "applicability": "safe"}
    total = next(d for d in found if d["code"] == "GL201")   # the row total that disagrees
    assert decoded[total["offset"]:total["end_offset"]] == "2"
    assert total["line"] == cell_line("t3.new.total", **FLAWED) and total["column"] == 2


def test_json_empty_array_when_clean(tmp_path, capsys):
    path = _write(tmp_path, build_report(year=2020))
    assert _json_run(capsys, "--select", ISSUE2, str(path)) == (0, [])


# ---------------------------------------------------------------- text output
def test_text_output_is_plain_when_piped(tmp_path):
    path = _write(tmp_path, build_report(**FLAWED))
    run = _run("--select", ISSUE2, str(path))
    assert run.returncode == 1
    assert "\x1b[" not in run.stdout
    heads = [l for l in run.stdout.splitlines() if l.startswith(str(path) + ":")]
    assert len(heads) == 5
    pattern = re.compile(re.escape(str(path)) + r":(\d+):(\d+) (GL\d{3}) (\S.*)$")
    parsed = [pattern.match(h) for h in heads]
    assert all(parsed), heads
    place = next(m for m in parsed if m.group(3) == "GL501")
    assert int(place.group(1)) == find_line(build_report(**FLAWED), SENTENCE)
    assert int(place.group(2)) == SENTENCE.index("拱墅市") + 1
    assert place.group(4).startswith("“拱墅市”")
    assert SENTENCE in run.stdout                       # the source line is shown
    assert "共发现" in run.stdout.splitlines()[-2]       # and a summary per severity
    assert run.stdout.splitlines()[-1] == "其中 2 处可用 govlint --fix 自动修正"   # GL301 0, GL501 拱墅区
    assert "错误 4 个" in run.stdout and "警告 1 个" in run.stdout


def test_no_color_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    path = _write(tmp_path, build_report(**FLAWED))
    main(["--select", "GL501", str(path)])
    out = capsys.readouterr().out
    assert "\x1b[" not in out and f"{path}:" in out


# ---------------------------------------------------------------- rules
def test_list_rules(capsys):
    assert main(["--list-rules"]) == 0
    out = capsys.readouterr().out
    for code, name in [("GL101", "missing-section"), ("GL203", "balance"), ("GL304", "amount-unit"),
                       ("GL501", "place-name"), ("GL000", "internal-error")]:
        assert re.search(rf"^{code}\s+{name}\s+(error|warning|info)\s+\S", out, re.M), code


@pytest.mark.parametrize("key", ["GL203", "balance", "gl203"])
def test_explain(capsys, key):
    assert main(["--explain", key]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GL203 balance")
    assert "错误示例" in out and "正确示例" in out and "为什么" in out


def test_explain_unknown_rule(capsys):
    assert main(["--explain", "TT999"]) == 2
    err = capsys.readouterr().err
    assert "TT999" in err and CJK.search(err)


def test_every_issue2_rule_explains_itself(capsys):
    for code in ["GL101", "GL102", "GL103", "GL104", "GL105", "GL201", "GL202", "GL203", "GL204",
                 "GL301", "GL302", "GL303", "GL304", "GL501"]:
        assert main(["--explain", code]) == 0
        out = capsys.readouterr().out
        assert out.startswith(code) and "错误示例" in out and "正确示例" in out, code


def test_version():
    run = _run("--version")
    assert run.returncode == 0
    assert run.stdout.strip() == f"govlint {__version__}"


# ---------------------------------------------------------------- folders
def test_folder_is_searched_for_txt(tmp_path, capsys):
    (tmp_path / "2019" / "拱墅区").mkdir(parents=True)
    one = _write(tmp_path / "2019" / "拱墅区", build_report(**FLAWED), "a.txt")
    two = _write(tmp_path, build_report(**FLAWED), "b.TXT")
    _write(tmp_path, "这不是报告", "notes.md")
    status, found = _json_run(capsys, "--select", "GL501", str(tmp_path))
    assert status == 1
    assert sorted({d["path"] for d in found}) == sorted({str(one), str(two)})


def test_a_file_in_a_folder_that_cannot_be_read_is_listed_and_exits_2(tmp_path, capsys):
    good = _write(tmp_path, build_report(**FLAWED), "a.txt")
    _write(tmp_path, "", "empty.doc")
    status = main(["--format", "json", "--select", "GL501", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 2
    assert {d["path"] for d in json.loads(out)} == {str(good)}
    assert "empty.doc" in err and "空" in err


# ---------------------------------------------------------------- bad input
def _fails(capsys, *args: str) -> str:
    """Run in-process (an uncaught exception fails the test); exit 2 with a Chinese message."""
    try:
        status = main(list(args))
    except SystemExit as e:      # argparse usage errors
        status = e.code
    out, err = capsys.readouterr()
    assert status == 2
    assert "Traceback" not in err + out
    assert CJK.search(err), err
    return err


def test_missing_file(tmp_path, capsys):
    err = _fails(capsys, str(tmp_path / "无此文件.txt"))
    assert "找不到" in err and "无此文件.txt" in err


def test_missing_directory(tmp_path, capsys):
    assert "找不到" in _fails(capsys, str(tmp_path / "nowhere" / "deeper"))


def test_empty_directory(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert "没有找到" in _fails(capsys, str(tmp_path / "empty"))


def test_empty_file(tmp_path, capsys):
    assert "空" in _fails(capsys, str(_write(tmp_path, "\n\n")))


@pytest.mark.parametrize("data, word", [(b"%PDF-1.5\n%\xe2\xe3", "PDF"),
                                        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "doc"),
                                        (bytes(range(256)) * 4, "文本")])
def test_not_a_text_file(tmp_path, capsys, data, word):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    assert word in _fails(capsys, str(path))


def test_bad_input_in_a_subprocess_has_no_traceback(tmp_path):
    run = _run(str(tmp_path / "无此文件.txt"))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "找不到" in run.stderr


def test_text_that_is_not_a_report(tmp_path, capsys):
    status, found = _json_run(capsys, "--select", ISSUE2, str(_write(tmp_path, "会议纪要\n今天开了会。\n")))
    assert status == 1 and "GL101" in {d["code"] for d in found}


def test_usage_errors(tmp_path, capsys):
    assert "报告" in _fails(capsys)
    assert "参数" in _fails(capsys, "--format", "xml", str(tmp_path))
    assert "GL9x" in _fails(capsys, "--select", "GL9x", str(_write(tmp_path, build_report())))


def test_options_after_the_check_word(tmp_path, capsys):
    path = _write(tmp_path, build_report(**FLAWED))
    assert main(["check", str(path), "--select", "GL501", "--format", "json"]) == 1
    assert [d["code"] for d in json.loads(capsys.readouterr().out)] == ["GL501"]


def test_parse_command_via_the_cli(tmp_path, capsys):
    assert main(["parse", str(_write(tmp_path, build_report(year=2021)))]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^  section 3 \d+:1 '三、收到和处理政府信息公开申请情况'$", out, re.M)
    assert "找不到" in _fails(capsys, "parse", str(tmp_path / "none.txt"))


def test_output_closed_early_gives_no_traceback(tmp_path):
    """`govlint … | head`: the reader goes away; no traceback on stderr."""
    keys = [f"t3.{row}.{col}" for row in ("new", "carried", "open", "partial", "deny_1", "deny_2", "cannot_1")
            for col in ("natural", "business", "research", "nonprofit", "legal", "other_org", "total")]
    for n in range(4):   # well over a pipe buffer of JSON
        _write(tmp_path, build_report(cells={k: "" for k in keys}), f"r{n}.txt")
    run = subprocess.run(f"'{GOVLINT}' --format json '{tmp_path}' | head -c 10", shell=True,
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


def test_bom_file_is_not_rejected(tmp_path, capsys):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + build_report(year=2021).encode("utf-16-le"))
    assert main(["--select", ISSUE2, str(path)]) == 0


def test_json_stays_valid_when_input_is_bad(tmp_path, capsys):
    """A submission system reads stdout as JSON even when a file cannot be read."""
    (tmp_path / "empty").mkdir()
    pdf = tmp_path / "scan.txt"
    pdf.write_bytes(b"%PDF-1.4\n")
    status = main(["--format", "json", str(tmp_path / "empty"), str(pdf), str(tmp_path / "gone.txt")])
    out, err = capsys.readouterr()
    assert status == 2 and json.loads(out) == []
    assert "PDF" in err and "找不到" in err and "没有找到" in err


def test_the_command_leaves_with_its_status_all_its_output_and_its_exit_handlers(tmp_path, capsys):
    """run() ends the process without tearing the interpreter down (cli._leave): the exit
    status, every line written (far more than a pipe holds) and the atexit handlers remain."""
    text = build_report(cells={"t3.new.natural": ""})
    for k in range(220):
        _write(tmp_path, text, name=f"r{k:03d}.txt")
    code = ("import atexit, sys\nfrom govlint.cli import run\n"
            "atexit.register(lambda: sys.stdout.write('atexit ran'))\nsys.argv[0] = 'govlint'\nrun()\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}    # output kept in buffers
    done = subprocess.run([sys.executable, "-c", code, "--format", "jsonl", "-j", "1", str(tmp_path)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300, env=env)
    assert main(["--format", "jsonl", "-j", "1", str(tmp_path)]) == done.returncode == 1
    expected = capsys.readouterr().out
    assert len(expected) > 70_000 and done.stdout == expected + "atexit ran"     # written at exit, flushed
