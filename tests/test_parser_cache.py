"""The grammar's tables kept between runs: the same parser from the cache as built anew, and
a damaged, foreign or unwritable cache never breaks a run."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from govlint.grammar import GRAMMAR_PATH
from govlint.syntax import parser_cache
from govlint.syntax.lexer import LineLexer
from govlint.testing import build_report

OPTIONS = dict(parser="lalr", lexer=LineLexer, maybe_placeholders=False)
GRAMMAR = GRAMMAR_PATH.read_text(encoding="utf-8")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(folder))
    return folder


def _tree(p):
    return p.parse(build_report(year=2021, cells={"t3.new.natural": ""}) + "\n")


def test_the_cached_parser_parses_as_the_built_one(cache):
    built = parser_cache.load_or_build(GRAMMAR, **OPTIONS)
    (saved,) = cache.glob("parser-*.lark")
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    loaded = parser_cache.load_or_build(GRAMMAR, **OPTIONS)
    assert loaded is not built and _tree(loaded) == _tree(built)
    assert not list(cache.glob(".parser-*"))          # no temporary file left behind
    assert saved.exists()


def test_a_damaged_cache_file_is_rebuilt(cache):
    parser_cache.load_or_build(GRAMMAR, **OPTIONS)
    (saved,) = cache.glob("parser-*.lark")
    saved.write_bytes(b"not a pickle")
    again = parser_cache.load_or_build(GRAMMAR, **OPTIONS)
    assert _tree(again) is not None and saved.read_bytes() != b"not a pickle"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_others_can_write_is_not_loaded(cache, monkeypatch):
    parser_cache.load_or_build(GRAMMAR, **OPTIONS)
    cache.chmod(0o777)
    loaded = []
    monkeypatch.setattr(parser_cache.lark.Lark, "load", classmethod(lambda cls, f: loaded.append(f)))
    parser_cache.load_or_build(GRAMMAR, **OPTIONS)
    assert loaded == []


def test_a_different_grammar_never_meets_old_tables(cache):
    parser_cache.load_or_build(GRAMMAR, **OPTIONS)
    parser_cache.load_or_build(GRAMMAR + "\n// changed\n", **OPTIONS)
    assert len(list(cache.glob("parser-*.lark"))) == 2


def test_an_unusable_cache_folder_still_checks(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(build_report(), encoding="utf-8")
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(blocker / "sub")}
    run = subprocess.run([sys.executable, "-m", "govlint.cli", "--format", "json", str(report)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode in (0, 1) and run.stderr == ""


# ---------------------------------------------------------------- the driver's tables (parse_table.py)
from govlint.syntax import parse_table  # noqa: E402


@pytest.fixture
def fresh_tables():
    parse_table.tables.cache_clear()
    yield
    parse_table.tables.cache_clear()


def test_the_driver_tables_are_kept_and_read_back_without_lark(cache, fresh_tables, monkeypatch):
    made = parse_table.tables()
    (kept,) = cache.glob("tables-*.marshal")
    parse_table.tables.cache_clear()
    monkeypatch.setattr(parse_table, "lark_parser", lambda: pytest.fail("Lark asked although the tables are kept"))
    assert parse_table.tables() == made and kept.exists()
    assert made["row_starts"]           # the row shortcut was proven when the tables were made


def test_the_driver_tables_are_what_lark_computed(cache, fresh_tables):
    lark_parser = parse_table.lark_parser()
    assert parse_table.tables() == parse_table.from_lark(lark_parser)
    from govlint.syntax.lexer import _priority_order
    names = [t.name for t in sorted(lark_parser.terminals, key=_priority_order)]
    assert [name for name, _ in parse_table.tables()["terminals"]] == names


def test_damaged_driver_tables_are_made_again(cache, fresh_tables):
    made = parse_table.tables()
    (kept,) = cache.glob("tables-*.marshal")
    kept.write_bytes(b"\x00not marshal")
    parse_table.tables.cache_clear()
    assert parse_table.tables() == made
    kept.write_bytes(b"")
    parse_table.tables.cache_clear()
    assert parse_table.tables() == made


def test_a_warm_run_imports_no_lark(cache, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(build_report(), encoding="utf-8")
    probe = ("import sys; from govlint.cli import main; main(['--format', 'json', sys.argv[1]]); "
             "print(sorted(m for m in sys.modules if m == 'lark' or m.startswith('lark.')), file=sys.stderr)")
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(cache)}
    for _ in range(2):      # the first run fills the cache
        run = subprocess.run([sys.executable, "-c", probe, str(report)], capture_output=True, text=True, env=env,
                             timeout=300)
    assert run.stderr.strip() == "[]"
