"""Start-up (issue 17): what a run imports, and what is kept between runs to start faster —
the compiled regular expressions (pattern_cache.py) must be exactly what `re` compiles, and
the help's width what argparse would compute."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from govlint import code_cache, pattern_cache
from govlint.cli_parser import terminal_columns
from govlint.testing import build_report

NOT_FOR_ONE_REPORT = ["lark", "rich", "importlib.metadata", "email", "multiprocessing", "concurrent.futures",
                      "govlint.server.settings", "govlint.read.docx", "govlint.results.fixes", "govlint.model.digest",
                      "govlint.model.similarity", "govlint.run.corpus", "shutil", "hashlib"]
NOT_FOR_VERSION = ["dataclasses", "govlint.run.engine", "govlint.server.settings", "difflib", "shutil"]


def _run(code: str, *args, cache, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, env=env,
                          timeout=300, cwd=cwd)


def _imported(argv: list, names: list[str], cache) -> list[str]:
    """The modules of `names` a second run of `govlint argv` imports (the first fills the
    cache), run in a folder that has not changed for an hour (it is on sys.path: `-c`)."""
    work = cache.parent / "work"
    work.mkdir(exist_ok=True)
    hour_ago = time.time() - 3600
    os.utime(work, (hour_ago, hour_ago))
    probe = ("import sys\nfrom govlint.cli import main\ntry:\n    main(sys.argv[2:])\nexcept SystemExit:\n    pass\n"
             "names = sys.argv[1].split(',')\n"
             "print([n for n in names if n in sys.modules], file=sys.stderr)\n")
    for _ in range(2):       # the first run fills the cache
        run = _run(probe, ",".join(names), *argv, cache=cache, cwd=work)
    return eval(run.stderr.strip().splitlines()[-1])


def test_a_warm_one_report_check_imports_only_what_it_needs(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(build_report(cells={"t3.new.natural": ""}), encoding="utf-8")
    assert _imported(["--color", "never", report], NOT_FOR_ONE_REPORT, tmp_path / "cache") == []


def test_version_imports_nothing_of_the_engine(tmp_path):
    assert _imported(["--version"], NOT_FOR_VERSION, tmp_path / "cache") == []


@pytest.mark.parametrize("columns", [None, "40", "x", "0", "-5", "+90", " 77 "])
def test_the_help_is_as_wide_as_argparse_would_make_it(columns, monkeypatch):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns


# ---------------------------------------------------------------- pattern_cache
PROBE = """
import re, sys
from govlint import pattern_cache
pattern_cache.prefill()
import govlint.cli_check, govlint.rules.language, govlint.rules.typography, govlint.model.quantities
from govlint.syntax.driver import driver
driver()
re.compile(r"(?P<a>x)(?P<b>y)?|[一二三四五六七八九十]+", re.I | re.M)
re.compile(rb"\\d+(?P<n>[a-z]*)")
pattern_cache.keep()
print(len(pattern_cache._loaded))
"""


def _fill(probe: str, cache, kind: str) -> subprocess.CompletedProcess:
    """A first run of `probe`, which writes the cache file of `kind` (regex, code)."""
    first = _run(probe, cache=cache)
    assert first.returncode == 0, first.stderr
    assert list(cache.glob(f"{kind}-*.marshal"))
    return first


@pytest.mark.skipif(not pattern_cache._usable(), reason="CPython 3.11 or later")
def test_prefilled_patterns_are_what_re_compiles(tmp_path):
    cache = tmp_path / "cache"
    assert _fill(PROBE, cache, "regex").stdout.strip() == "0"
    check = PROBE.replace("pattern_cache.keep()\nprint(len(pattern_cache._loaded))", "print(len(pattern_cache._prefilled))") + """
from re import _compiler
samples = ["一二三 xy XY", "第 2 页\\n", "\\t12\\n", "abc 123 def", "（一）概述\\n", "[bookmark: a]\\n", ""]
for key in pattern_cache._prefilled:
    kind, pattern, flags = key
    kept, fresh = re._cache[key], _compiler.compile(pattern, flags)
    assert kept == fresh and kept.groupindex == fresh.groupindex and kept.groups == fresh.groups, pattern
    for sample in samples:
        text = sample if kind is str else sample.encode()
        a, b = kept.search(text), fresh.search(text)
        assert (a and (a.span(), a.lastgroup, a.groups())) == (b and (b.span(), b.lastgroup, b.groups())), pattern
print("checked")
"""
    second = _run(check, cache=cache)
    assert second.returncode == 0, second.stderr
    count, checked = second.stdout.split()
    assert int(count) > 100 and checked == "checked"


@pytest.mark.skipif(not pattern_cache._usable(), reason="CPython 3.11 or later")
def test_a_damaged_pattern_file_is_ignored(tmp_path):
    cache = tmp_path / "cache"
    _run(PROBE, cache=cache)
    (kept,) = cache.glob("regex-*.marshal")
    for damage in (b"\x00garbage", b"", kept.read_bytes()[:1000]):
        kept.write_bytes(damage)
        run = _run("from govlint import pattern_cache\npattern_cache.prefill()\nimport re\n"
                   "print(re.compile('[一二]+').match('一二').end())", cache=cache)
        assert run.returncode == 0 and run.stdout.strip() == "2", run.stderr


def test_a_pattern_re_would_not_rebuild_alike_is_not_kept():
    key = (str, "a+", 0)
    other = re.compile("b+")           # not what "a+" compiles to
    assert pattern_cache._program(key, other) is None
    assert pattern_cache._program(key, re.compile("a+")) is not None


# ---------------------------------------------------------------- code_cache
CODE_PROBE = """
from govlint import code_cache
code_cache.prefill()
import dataclasses
import govlint.cli_check, govlint.run.batch, govlint.model.digest

@dataclasses.dataclass(frozen=True)
class Probe:
    a: int
    b: str = "x"

p = Probe(1)
assert Probe.__init__.__annotations__ == {"a": int, "b": str, "return": None}, Probe.__init__.__annotations__
assert p == Probe(1, "x") and hash(p) == hash(Probe(1)) and repr(p) == "Probe(a=1, b='x')"
try:
    p.a = 2
except dataclasses.FrozenInstanceError:
    pass
else:
    raise AssertionError("not frozen")

import collections, typing
Pair = collections.namedtuple("Pair", "x y")
assert Pair(1, y=2) == (1, 2) and Pair._make([3, 4]).y == 4 and repr(Pair(1, 2)) == "Pair(x=1, y=2)"


class Named(typing.NamedTuple):
    a: "int | None"
    b: "list[Named]" = []


assert Named(1).b == [] and typing.get_type_hints(Named) == {"a": int | None, "b": list[Named]}
for _ in range(2):      # a text that is no expression fails each time, as with compile itself
    try:
        typing.ForwardRef("1 +")
    except SyntaxError:
        pass
    else:
        raise AssertionError("no SyntaxError")
assert ("eval", "1 +") not in code_cache._codes
code_cache.keep()
print(len(code_cache._kept))
"""


@pytest.mark.skipif(not code_cache._usable(), reason="CPython 3.11 or later")
def test_kept_code_is_what_the_builtins_compile(tmp_path):
    cache = tmp_path / "cache"
    first = _fill(CODE_PROBE, cache, "code")
    check = CODE_PROBE.replace("code_cache.keep()\nprint(len(code_cache._kept))", """
modes = set()
for mode, text in code_cache._kept:
    assert code_cache._codes[(mode, text)] == compile(text, "<string>", mode), text
    modes.add(mode)
assert modes == {"exec", "eval"}, modes
print(len(code_cache._kept))
""")
    second = _run(check, cache=cache)
    assert second.returncode == 0, second.stderr
    assert int(second.stdout) == int(first.stdout) > 100      # the second run read them all back


@pytest.mark.skipif(not code_cache._usable(), reason="CPython 3.11 or later")
def test_a_damaged_code_file_is_ignored(tmp_path):
    cache = tmp_path / "cache"
    _run(CODE_PROBE, cache=cache)
    (kept,) = cache.glob("code-*.marshal")
    whole = kept.read_bytes()
    import marshal
    for damage in (b"\x00garbage", b"", whole[:1000], marshal.dumps({"def f(): pass": 1}),
                   marshal.dumps({("eval", "1"): 1}), marshal.dumps([1, 2])):
        kept.write_bytes(damage)
        run = _run(CODE_PROBE, cache=cache)
        assert run.returncode == 0, run.stderr


# ---------------------------------------------------------------- pattern_words, scan_guard
# What runs of the command line keep in a user_cache.KeptDict besides the compiled code: a
# probe that fills the dictionary as a run does (module `kept`), the expression that works
# out an entry afresh (for `pattern`, `flags`), and how many entries the probe makes at least.
KEPT = {
    "words": ("""
from govlint.model import pattern_words as kept
kept.prefill()
import govlint.model.unstock, govlint.model.quantities, govlint.rules.crosscheck
""", "kept._read(re.compile(pattern, flags))", 11),
    "guards": ("""
from govlint.syntax import scan_guard as kept
kept.prefill()
from govlint import lint_text
lint_text("2021年政府信息公开工作年度报告\\n")
""", "kept._guarded(pattern, flags)", 2),
    "lines": ("""
from govlint.syntax import one_line as kept
kept.prefill()
from govlint import lint_text
lint_text("2021年政府信息公开工作年度报告\\n")
""", "kept._one_line(pattern, flags)", 10),
}


@pytest.mark.parametrize("kind", KEPT)
def test_kept_entries_are_what_working_them_out_gives(tmp_path, kind):
    probe, fresh, least = KEPT[kind]
    cache = tmp_path / "cache"
    first = _fill(probe + "kept.keep()\nprint(len(kept._memo.kept))\n", cache, kind)
    second = _run(probe + f"""
import re
for pattern, flags in kept._memo.kept:
    assert kept._memo.entries[(pattern, flags)] == {fresh}, pattern
print(len(kept._memo.kept))
""", cache=cache)
    assert second.returncode == 0, second.stderr
    assert int(second.stdout) == int(first.stdout) >= least      # the second run read them all back


@pytest.mark.parametrize("kind", KEPT)
def test_a_damaged_kept_file_is_ignored(tmp_path, kind):
    probe, _, least = KEPT[kind]
    cache = tmp_path / "cache"
    _run(probe + "kept.keep()\n", cache=cache)
    (kept,) = cache.glob(f"{kind}-*.marshal")
    import marshal
    for damage in (b"\x00garbage", b"", kept.read_bytes()[:100], marshal.dumps([("a", 0, (("b", 1),))]),
                   marshal.dumps({"a": 1}), marshal.dumps({("a", 0): 1}), marshal.dumps([1])):
        kept.write_bytes(damage)
        run = _run(probe + "print(len(kept._memo.entries))\n", cache=cache)
        assert run.returncode == 0 and int(run.stdout) >= least, run.stderr


# ---------------------------------------------------------------- the registry's quick look at modules
def test_the_plugin_manager_finds_the_hooks_pluggy_finds():
    import functools
    import types

    import pluggy

    from govlint import hookimpl
    from govlint.plugins import installed, registry

    odd = types.ModuleType("odd_plugin")

    @hookimpl
    def govlint_rules():
        return []

    class Marked:
        govlint_impl = {}

    def plain():
        pass

    odd.__dict__.update(govlint_rules=govlint_rules, Marked=Marked, plain=plain, number=3, text="x",
                        pattern=re.compile("a"), module=re, partial=functools.partial(plain),
                        static=staticmethod(govlint_rules), klass=classmethod(govlint_rules),
                        instance=Marked(), marked_partial=functools.partial(govlint_rules))
    modules = [ep.load() for ep in installed.entry_points()] + [odd]
    quick, plain_pluggy = registry._PluginManager("govlint"), pluggy.PluginManager("govlint")
    for module in modules:
        for name in dir(module):
            assert quick.parse_hookimpl_opts(module, name) == plain_pluggy.parse_hookimpl_opts(module, name), name


# ---------------------------------------------------------------- the collector during start-up
def test_the_collector_is_on_again_for_the_reports_and_the_server_with_a_larger_young_generation(tmp_path, monkeypatch):
    import gc

    from govlint import cli, collector
    from govlint.run.engine import Linter
    import govlint.server.command as serve

    report = tmp_path / "r.txt"
    report.write_text(build_report(), encoding="utf-8")
    frozen, seen = [], []
    monkeypatch.setattr(collector.gc, "freeze", lambda: frozen.append(True))   # not this test process's objects
    lint_source = Linter.lint_source
    monkeypatch.setattr(Linter, "lint_source", lambda self, source: seen.append(
        (gc.isenabled(), gc.get_threshold()[0])) or lint_source(self, source))
    monkeypatch.setattr(serve, "serve_command", lambda *a: seen.append((gc.isenabled(), gc.get_threshold()[0])) or 0)
    threshold = gc.get_threshold()
    try:
        for argv in (["--format", "json", str(report)], ["serve", "--port", "0"]):
            gc.set_threshold(700, *threshold[1:])
            collector.pause()
            assert not gc.isenabled()
            cli.main(argv)
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.set_threshold(*threshold)
    assert seen == [(True, collector.LINTING_THRESHOLD)] * 2 and frozen == [True, True]


@pytest.mark.skipif(not pattern_cache._usable(), reason="CPython 3.11 or later")
def test_the_oldest_patterns_give_way_to_new_ones(tmp_path):
    cache = tmp_path / "cache"
    code = ("import re, sys\nfrom govlint import pattern_cache\npattern_cache.MAX_KEPT = 5\npattern_cache.prefill()\n"
            "for word in sys.argv[1:]:\n    re.compile(word + '[一二]+')\npattern_cache.keep()\n"
            "print(sorted(k[1] for k in pattern_cache._prefilled if k[1].endswith('[一二]+')))")
    _run(code, "a", "b", "c", cache=cache)
    _run(code, "d", "e", "f", cache=cache)
    last = _run(code, cache=cache)
    assert last.stdout.strip() == str(sorted(w + "[一二]+" for w in "bcdef"))


# ---------------------------------------------------------------- the cache folder
def test_the_cache_keeps_a_few_files_of_each_kind(tmp_path, monkeypatch):
    from govlint import user_cache

    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path / "cache"))
    for n in range(user_cache.KEEP_PER_KIND + 3):
        user_cache.store(f"tables-{n:03d}.marshal", b"x")
        os.utime(tmp_path / "cache" / f"tables-{n:03d}.marshal", (1000 + n, 1000 + n))
    user_cache.store("regex-000.marshal", b"y")
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert [k for k in kept if k.startswith("tables-")] == [f"tables-{n:03d}.marshal" for n in range(3, 11)]
    assert "regex-000.marshal" in kept and user_cache.load("tables-010.marshal") == b"x"
