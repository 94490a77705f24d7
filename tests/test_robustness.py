"""Whatever the input, govlint gives a normal result, or one line of Chinese on stderr and
exit 2 — never a traceback, never a hang. Each case runs the installed command in a
subprocess with a generous timeout: a bound against hangs, not a timing assertion."""
from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder import build_report

GOVLINT = str(Path(sys.executable).parent / "govlint")
CORE = "GL1,GL2,GL3,GL501"
CJK = re.compile(r"[\u4e00-\u9fff]")
TIMEOUT = 300
TEXT = build_report(year=2019, place="杭州市拱墅区", prose={1: ["今年，拱墅市各部门共收到申请。"]},
                    results={"open": {"natural": 2}}, cells={"t3.new.natural": ""})


def _govlint(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([GOVLINT, "--format", "json", "--select", CORE, *args], capture_output=True,
                          text=True, env=env, timeout=TIMEOUT)


def _findings(run: subprocess.CompletedProcess) -> list[tuple]:
    """A normal result: exit 0/1, JSON on stdout, nothing alarming on stderr."""
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    return [(d["code"], d["line"], d["column"], d["message"]) for d in json.loads(run.stdout)]


def _refused(run: subprocess.CompletedProcess) -> str:
    """A refusal: exit 2 and one line of Chinese on stderr."""
    assert run.returncode == 2, (run.returncode, run.stdout[:200])
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and CJK.search(lines[0]) and "Traceback" not in run.stderr, run.stderr
    return lines[0]


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> list[tuple]:
    path = tmp_path_factory.mktemp("plain") / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    found = _findings(_govlint(str(path)))
    assert {f[0] for f in found} >= {"GL201", "GL301", "GL501"}
    return found


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 with BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "utf-16-le with BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be with BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "lone cr": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "gbk with crlf": lambda t: t.replace("\n", "\r\n").encode("gbk"),
    "NUL padding at the end": lambda t: t.encode("utf-8") + b"\x00" * 512,
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_every_encoding_and_line_ending_gives_the_same_findings(tmp_path, expected, name):
    path = tmp_path / "report.txt"
    path.write_bytes(ENCODINGS[name](TEXT))
    assert _findings(_govlint(str(path))) == expected


REFUSED = {
    "empty": (b"", "空"),
    "only blank lines": (b" \r\n\n\t\n", "空"),
    "NUL bytes inside the text": (TEXT.encode("utf-8").replace("（一）".encode(), b"\x00\x00" + "（一）".encode()), "二进制"),
    "binary": (bytes(range(256)) * 64, "二进制"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(2000), "二进制"),
    "pdf": (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
    "old word": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".doc"),
    "neither utf-8 nor gb18030": (b"\xff\xfe\xfd" * 3 + "正文".encode("utf-8") + b"\x81\x20" * 50, None),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_is_not_a_report_text_gets_one_chinese_line(tmp_path, name):
    data, word = REFUSED[name]
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    run = _govlint(str(path))
    if run.returncode in (0, 1):      # decoded after all: then it must be a normal result
        _findings(run)
        return
    message = _refused(run)
    assert word is None or word in message


def test_a_50_mb_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.txt"
    line = "本年度，本单位持续推进政务公开工作，主动公开各类政府信息。\n".encode("utf-8")
    with path.open("wb") as f:
        f.write(TEXT.encode("utf-8"))
        f.write(line * (50_000_000 // len(line)))
    assert path.stat().st_size >= 50_000_000
    assert "过大" in _refused(_govlint(str(path)))


def test_a_file_of_one_huge_line_is_linted(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text("这是一行没有换行的文字，" * 100_000, encoding="utf-8")     # 1.2 M characters
    found = _findings(_govlint(str(path)))
    assert {f[0] for f in found} == {"GL101", "GL105"}    # no sections, no tables: nothing else
    assert all(f[1] == 1 for f in found)


def test_a_report_with_one_huge_line_in_it_is_linted(tmp_path, expected):
    path = tmp_path / "report.txt"
    path.write_text(TEXT + "文" * 1_000_000 + "\n", encoding="utf-8")
    assert _findings(_govlint(str(path))) == expected


def test_a_folder_without_reports(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.md").write_text("无", encoding="utf-8")
    assert "没有找到报告文件" in _refused(_govlint(str(tmp_path)))


def test_a_missing_file_and_a_path_through_a_file(tmp_path):
    (tmp_path / "plain.txt").write_text(TEXT, encoding="utf-8")
    assert "找不到" in _refused(_govlint(str(tmp_path / "absent.txt")))
    assert _refused(_govlint(str(tmp_path / "plain.txt" / "inside.txt")))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path):
    pipe = tmp_path / "report.txt"
    os.mkfifo(pipe)
    assert "不是普通文件" in _refused(_govlint(str(pipe)))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads any file: chmod cannot make one unreadable")
def test_an_unreadable_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        assert "权限" in _refused(_govlint(str(path)))
    finally:
        path.chmod(0o644)


def test_bad_files_in_a_folder_do_not_stop_the_others(tmp_path, expected):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    run = _govlint(str(tmp_path))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 2
    found = json.loads(run.stdout)
    assert [(d["code"], d["line"], d["column"], d["message"]) for d in found] == expected
