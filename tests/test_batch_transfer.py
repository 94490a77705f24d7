"""What crosses between processes in a batch run, and how it is written: jsonl lines and the
json array laid out by hand are byte for byte what the JSON encoder writes, for any
diagnostic; a run with worker processes gives the same rendered lines, flags and digests as
one without; FileFilter with its memos skips what it skipped before."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from builder import build_report
from govlint.results.diagnostic import Diagnostic, Fix, Location
from govlint.results.formats.jsonl_format import LINES, _encode, lines, rendered
from govlint.run.batch import MIN_FILES_FOR_WORKERS, BatchSettings, Linters, collect_files, run_batch

# Text with what JSON escapes: quotes, backslashes, control characters, line separators,
# lone surrogates, and CJK.
TEXT = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=30) | \
    st.sampled_from(["", "表三“二、上年结转”行", '"\\\n\t\x00\x1f\x7f\u2028\ud800', "GL301"])
NUMBER = st.integers(min_value=-2, max_value=10 ** 12)
ODD_NUMBER = st.booleans() | st.integers(min_value=0, max_value=3)     # a bool is an int to Python


@st.composite
def diagnostics(draw) -> Diagnostic:
    fix = draw(st.none() | st.builds(Fix, TEXT, st.booleans()))
    location = draw(st.none() | st.builds(Location, st.none() | NUMBER, st.none() | NUMBER, st.none() | NUMBER,
                                          st.none() | NUMBER, TEXT, st.none() | NUMBER))
    return Diagnostic(draw(TEXT), draw(ODD_NUMBER | NUMBER), draw(NUMBER), draw(NUMBER), draw(ODD_NUMBER | NUMBER),
                      draw(NUMBER), draw(NUMBER), draw(TEXT), draw(TEXT), draw(TEXT), draw(TEXT), fix, location)


def line(d) -> str:
    return LINES.items([d])[0].removesuffix("\n")


@settings(max_examples=400, deadline=None)
@given(diagnostics())
def test_a_jsonl_line_is_what_the_json_encoder_writes(d):
    assert line(d) == _encode(d.to_dict())
    assert json.loads(line(d)) == d.to_dict()


@settings(max_examples=200, deadline=None)
@given(st.lists(diagnostics(), max_size=6), st.lists(st.sampled_from(["a.txt", "b.txt", 3]), min_size=6, max_size=6))
def test_a_files_lines_are_what_the_json_encoder_writes(found, paths):
    """Findings of one file and of several (the quoted path is kept from one finding to the
    next), one path not a string: each line as the encoder writes it."""
    from dataclasses import replace
    found = [replace(d, path=path) for d, path in zip(found, paths)]
    assert lines(_Result(found)) == "".join(_encode(d.to_dict()) + "\n" for d in found)


class _Result:
    def __init__(self, diagnostics):
        self.diagnostics = diagnostics


def _json_as_before(results, stream) -> None:
    """--format json as it was written before json_format laid the items out itself."""
    data = [d.to_dict() for result in results for d in result.diagnostics]
    json.dump(data, stream, ensure_ascii=False, indent=1)
    stream.write("\n")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(diagnostics(), max_size=3), max_size=4))
def test_the_json_array_is_what_json_dump_writes(reports):
    import io
    from govlint.results.formats.json_format import render
    results = [_Result(diagnostics) for diagnostics in reports]
    ours, before = io.StringIO(), io.StringIO()
    render(results, ours)
    _json_as_before(results, before)
    assert ours.getvalue() == before.getvalue()


def test_every_diagnostic_holds_its_fields_in_field_order():
    """The layout reads a Diagnostic's fields as its __dict__'s values (json_format
    _IN_FIELD_ORDER): however one is made, the dict holds them in field order."""
    import copy
    import pickle
    from dataclasses import fields, replace
    from govlint.plugins.rule import Rule
    from govlint.results.formats.json_format import _IN_FIELD_ORDER
    from govlint.syntax.tree import Span
    assert _IN_FIELD_ORDER
    names = [f.name for f in fields(Diagnostic)]
    made = Rule().diagnostic(Span(2, 3, 2, 5, 10, 12), "消息", Fix("x", False))
    built = Diagnostic("a.txt", 1, 1, 1, 2, 0, 1, "GL301", "blank-cell", "error", "m", None, Location(paragraph=3))
    for d in (made, built, replace(made, location=Location(page=1)), replace(built, path="b.txt"),
              pickle.loads(pickle.dumps(made)), copy.copy(built), copy.deepcopy(made)):
        assert list(d.__dict__) == names


@settings(max_examples=100, deadline=None)
@given(diagnostics())
def test_a_subclass_of_diagnostic_is_written_from_its_attributes(d):
    from dataclasses import dataclass, fields

    @dataclass(frozen=True)
    class Later(Diagnostic):
        note: str = ""

    sub = Later(*(getattr(d, f.name) for f in fields(Diagnostic)), note="n")
    assert line(sub) == line(d)


def test_a_field_the_encoder_cannot_write_fails_the_same_way():
    d = Diagnostic("x.txt", 1, 1, 1, 2, 0, 1, "GL301", "blank-cell", "error", object())
    from govlint.results.formats.json_format import ITEMS
    for write in (line, lambda d: _encode(d.to_dict()), lambda d: ITEMS.items([d])):
        try:
            write(d)
        except TypeError as e:
            assert "not JSON serializable" in str(e)
        else:
            raise AssertionError("a message that is not a string was written")


def _flawed(n: int) -> str:
    return build_report(year=2019 + 2 * (n % 2), results={"open": {"natural": n + 1}},
                        cells={"t3.new.business": "", "t3.open.total": str(n + 50)})


def test_workers_send_the_rendered_lines_of_an_in_process_run(tmp_path):
    for n in range(MIN_FILES_FOR_WORKERS + 3):
        (tmp_path / f"r{n:02d}.txt").write_text(_flawed(n), encoding="utf-8")
    files, _ = collect_files([str(tmp_path)])
    linters = Linters(BatchSettings(select=("GL1", "GL2", "GL3", "GL7")))
    serial = [o.result for o in run_batch(files, linters, jobs=1, ship=rendered)]
    parallel = [o.result for o in run_batch(files, linters, jobs=2, ship=rendered)]
    assert [r.text for r in parallel] == [r.text for r in serial]
    assert [(r.path, r.errors, r.internal_error) for r in parallel] == [(r.path, r.errors, r.internal_error)
                                                                        for r in serial]
    assert all(r.text and r.errors and r.digest is not None for r in parallel)
    # the template's cell keys and names, sent once per worker, are back in every digest
    assert len({r.digest.template for r in parallel}) == 2 and all(r.digest.keys and r.digest.names for r in parallel)
    # repr: a digest's blank cells are NaN, which equals nothing
    assert [repr(vars(r.digest)) for r in parallel] == [repr(vars(r.digest)) for r in serial]


def test_workers_send_the_lines_encoded_as_the_stream_writes_them(tmp_path):
    """--format jsonl to a UTF-8 stream: the workers send bytes, which are the text encoded;
    written to the stream's buffer they come out as the text written to the stream would."""
    import io
    from functools import partial
    from govlint.results.formats.jsonl_format import byte_stream, write_text
    for n in range(MIN_FILES_FOR_WORKERS + 1):
        (tmp_path / f"r{n:02d}.txt").write_text(_flawed(n), encoding="utf-8")
    files, _ = collect_files([str(tmp_path)])
    linters = Linters(BatchSettings(select=("GL1", "GL2", "GL3")))
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n")
    encoding = byte_stream(stream)
    assert encoding == ("utf-8", "strict")
    ship = partial(rendered, encoding=encoding[0], errors=encoding[1])
    serial = [o.result.text for o in run_batch(files, linters, jobs=1, ship=rendered)]
    parallel = [o.result.text for o in run_batch(files, linters, jobs=2, ship=ship)]
    assert parallel == [text.encode("utf-8") for text in serial]
    write_text("开头\n", stream)         # text and bytes interleaved keep their order
    for data in parallel:
        write_text(data, stream)
    write_text("结尾\n", stream)
    assert stream.buffer.getvalue().decode("utf-8") == "开头\n" + "".join(serial) + "结尾\n"


def test_only_a_utf8_stream_is_written_bytes():
    import io
    from govlint.results.formats.jsonl_format import byte_stream
    assert byte_stream(io.StringIO()) is None
    assert byte_stream(io.TextIOWrapper(io.BytesIO(), encoding="utf-16")) is None
    assert byte_stream(io.TextIOWrapper(io.BytesIO(), encoding="gb18030")) is None
    assert byte_stream(io.TextIOWrapper(io.BytesIO(), encoding="UTF8", errors="surrogateescape")) == (
        "UTF8", "surrogateescape")


def test_lines_that_cannot_be_encoded_stay_text():
    """A lone surrogate in a message: the text is sent, and writing it fails as it always did."""
    d = Diagnostic("x.txt", 1, 1, 1, 2, 0, 1, "GL301", "blank-cell", "error", "\ud800")
    shipped = rendered(type("R", (), {"path": "x.txt", "diagnostics": [d], "internal_error": False,
                                      "digest": None})(), encoding="utf-8")
    assert shipped.text == lines(_Result([d]))


@settings(max_examples=200, deadline=None)
@given(st.lists(diagnostics(), max_size=6), st.lists(st.sampled_from(["a.txt", "b.txt", "名\udcff.txt", 3]),
                                                      min_size=6, max_size=6),
       st.sampled_from([("utf-8", "strict"), ("UTF8", "surrogateescape"), ("utf-8", "replace"),
                        ("gb18030", "strict"), ("ascii", "backslashreplace")]))
def test_lines_sent_as_bytes_are_the_text_encoded(found, paths, encoding):
    """UTF-8 lines are written as bytes by the layout (Layout.encoded_items): the same bytes
    as the text encoded, or the text itself where it cannot be encoded."""
    from dataclasses import replace
    result = type("R", (), {"path": "x.txt", "diagnostics": [replace(d, path=p) for d, p in zip(found, paths)],
                            "internal_error": False, "digest": None})()
    try:
        text = lines(result)
    except TypeError:           # a path the encoder cannot write fails alike
        with pytest.raises(TypeError):
            rendered(result, *encoding)
        return
    try:
        expected = text.encode(*encoding)
    except UnicodeEncodeError:
        expected = text
    assert rendered(result, *encoding).text == expected


# ---------------------------------------------------------------- FileFilter: resolved folders remembered
def _skip_as_before(filter_, path, root, is_dir) -> bool:
    """FileFilter.skip as it was written before its per-folder memos (the reference)."""
    from govlint.run.files import _relative, exclude_matches
    relative = _relative(path, root)
    cwd_relative = _relative(path, Path.cwd())
    for pattern in filter_.exclude:
        if exclude_matches(pattern, relative) or (cwd_relative is not None and exclude_matches(pattern, cwd_relative)):
            return True
    return filter_.respect_gitignore and filter_.ignored_by_git(path, root, is_dir)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.parametrize("patterns", [("草稿", "*.bak.txt"), ("real.txt",), ("sub/*.txt", "**/link*", "real.txt"), ("*",), (),
                                      ("**/.",)])        # matches only the current folder, as "."
def test_file_filter_skips_what_it_skipped_before(tmp_path, monkeypatch, patterns):
    from govlint.run.files import FileFilter
    tree = tmp_path / "tree"
    for relative in ("a.txt", "草稿/b.txt", "sub/c.txt", "sub/d.bak.txt", "real.txt", "sub/deeper/e.txt"):
        (tree / relative).parent.mkdir(parents=True, exist_ok=True)
        (tree / relative).write_text("x", encoding="utf-8")
    (tree / "sub" / "link.txt").symlink_to(tree / "real.txt")        # a linked file: its target's name
    (tree / "linked").symlink_to(tree / "sub", target_is_directory=True)
    (tree / "sub" / ".gitignore").write_text("deeper/\n!keep.txt\n", encoding="utf-8")
    (tree / ".gitignore").write_text("*.bak.txt\n", encoding="utf-8")
    (tree / "sub" / "back").symlink_to(tree, target_is_directory=True)   # a link to the walk's own top
    for cwd, root in ((tmp_path, Path("tree")), (tree / "sub", Path("..")), (tree / "sub", tree),
                      (tmp_path.parent, tree), (tree, Path("linked")), (tree / "linked", Path("..")),
                      (tree / "linked", Path(".")), (tree / "sub" / "deeper", Path("../..")),
                      (tmp_path, Path("tree/sub")), (tree / "sub", Path("../sub"))):
        monkeypatch.chdir(cwd)
        filter_, walking, reference = FileFilter(patterns), FileFilter(patterns), FileFilter(patterns)
        met = [(folder, name, name in dirs) for folder, dirs, files in os.walk(root)
               for name in sorted(dirs + files)]
        assert met
        for folder, name, is_dir in met:
            path = Path(folder) / name
            expected = _skip_as_before(reference, path, root, is_dir)
            assert filter_.skip(path, root, is_dir) == expected, (cwd, root, path)
            assert walking.skip_entry(folder, root, name, is_dir) == expected, (cwd, root, path)
        for path in (root, Path(root, "."), Path(root, "sub", "..")):       # not entries of a walk
            assert filter_.skip(path, root, True) == _skip_as_before(reference, path, root, True), (cwd, root, path)


def test_spawned_workers_build_their_own_linters_and_send_the_same(tmp_path, monkeypatch):
    """Where there is no fork (Windows), workers are spawned: nothing is inherited, the first
    file is not linted ahead, and `ship` reaches them by its name."""
    import govlint.run.batch as batch
    for n in range(MIN_FILES_FOR_WORKERS):
        (tmp_path / f"r{n:02d}.txt").write_text(_flawed(n), encoding="utf-8")
    files, _ = collect_files([str(tmp_path)])
    linters = Linters(BatchSettings(select=("GL1", "GL2", "GL3", "GL7")))
    forked = [o.result for o in run_batch(files, linters, jobs=2, ship=rendered)]
    monkeypatch.setattr(batch, "_start_method", lambda: "spawn")
    spawned = [o.result for o in run_batch(files, linters, jobs=2, ship=rendered)]
    assert [(r.path, r.text, r.errors) for r in spawned] == [(r.path, r.text, r.errors) for r in forked]
    assert [repr(vars(r.digest)) for r in spawned] == [repr(vars(r.digest)) for r in forked]
    assert all(r.text and r.digest.keys and r.digest.names for r in spawned)
