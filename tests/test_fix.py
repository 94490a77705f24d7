"""govlint --fix and --diff: safe fixes applied to .txt and .docx without touching
anything else, and nothing written by --diff."""
from __future__ import annotations

import codecs
import os
import zipfile
from collections import Counter
from copy import deepcopy
from pathlib import Path

import docx
import pytest
from lxml import etree

from builder import build_report
from docx_builder import render_docx
from govlint.cli import main
from govlint.results.diagnostic import Diagnostic, Fix
from govlint.run.engine import Linter, LintResult
from govlint.results.fixes import OVERLAP, fix_result, plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

# Fixable defects of every kind the current rules fix safely, in our own wording.
DEFECTS = dict(
    year=2019, place="杭州市西湖区",
    cells={"t3.new.natural": "", "t3.carried.business": "\u3000", "t4.counts.review_upheld": "\u00a0",
           "t3.carry_next.research": "０"},
    prose={1: ["2019年，西湖市收到申请228件,其中予以公开10件。"],
           5: ["下一步，西湖市将继续加强培训；西湖县域内的培训另行安排。"]},
)


@pytest.fixture(scope="module")
def linter():
    return Linter()


def _fixable(result):
    return [d for d in result.diagnostics if d.fix is not None and d.fix.safe]


def _key(d):
    return d.code, d.message


def _assert_fixed_are_gone(before, after):
    fixed = Counter(_key(d) for d in _fixable(before))
    left = Counter(_key(d) for d in after.diagnostics)
    assert fixed and not (set(fixed) & set(left)), set(fixed) & set(left)


# ---------------------------------------------------------------- .txt
TEXT_FORMS = {
    "utf-8, LF": ("utf-8", b"", "\n"),
    "utf-8 with BOM, CRLF": ("utf-8", codecs.BOM_UTF8, "\r\n"),
    "GB18030, CRLF": ("gb18030", b"", "\r\n"),
    "UTF-16LE with BOM, LF": ("utf-16-le", codecs.BOM_UTF16_LE, "\n"),
    "utf-8, lone CR": ("utf-8", b"", "\r"),
}


@pytest.mark.parametrize("form", list(TEXT_FORMS))
def test_fix_text_changes_only_the_fixed_spans(tmp_path, linter, form):
    encoding, bom, newline = TEXT_FORMS[form]
    text = build_report(newline=newline, **DEFECTS)
    original = bom + text.encode(encoding)
    path = tmp_path / "report.txt"
    path.write_bytes(original)
    before = linter.lint_file(path)
    outcome = fix_result(before)
    assert outcome.refused == [] and len(outcome.applied) == len(_fixable(before))
    # Byte for byte: the original bytes between the fixed spans, the replacements encoded in them.
    expected, pos = [bom], 0
    for d in sorted(outcome.applied, key=lambda d: d.offset):
        expected += [text[pos:d.offset].encode(encoding), d.fix.replacement.encode(encoding)]
        pos = d.end_offset
    expected.append(text[pos:].encode(encoding))
    assert path.read_bytes() == b"".join(expected)
    after = linter.lint_file(path)
    _assert_fixed_are_gone(before, after)
    assert {d.code for d in outcome.applied} >= {"GL301", "GL501"}
    assert not list(tmp_path.glob("*.govlint-tmp"))


def test_place_words_that_are_not_the_place_are_left(tmp_path, linter):
    path = tmp_path / "report.txt"
    path.write_text(build_report(**DEFECTS), encoding="utf-8")
    fix_result(linter.lint_file(path))
    text = path.read_text(encoding="utf-8")
    assert "西湖县域内" in text and "西湖市" not in text and "228件，其中" in text


# ---------------------------------------------------------------- .docx
def _split_place_paragraph(path: Path) -> Path:
    """Add a paragraph where 西湖市 is split over two runs of different formatting, as Word
    often writes it."""
    document = docx.Document(str(path))
    anchor = [p for p in document.paragraphs if p.text.startswith("六、")][0]
    paragraph = anchor.insert_paragraph_before("")
    paragraph.add_run("2020年，")
    bold = paragraph.add_run("西湖")
    bold.bold = True
    italic = paragraph.add_run("市将编制新的公开目录。")
    italic.italic = True
    document.save(str(path))
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _c14n(element) -> bytes:
    return b"" if element is None else etree.tostring(element, method="c14n")


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))


def _rprs(p) -> list[bytes]:
    return [_c14n(r.find("w:rPr", NS)) for r in p.iter(f"{{{W}}}r")]


def _expected_fix(text: str) -> str:
    if not text.strip(" \u3000\u00a0"):
        return "0"
    return text.replace("０", "0").replace("西湖市", "西湖区").replace("件,其", "件，其")


def _skeleton(root):
    """The document without the contents of its paragraphs: body, tables, rows, cells."""
    root = deepcopy(root)
    for p in root.iter(f"{{{W}}}p"):
        for child in list(p):
            p.remove(child)
    return _c14n(root)


def test_fix_docx_changes_only_the_runs_that_hold_the_fixed_text(tmp_path, linter):
    path = _split_place_paragraph(render_docx(build_report(**DEFECTS), tmp_path / "report.docx"))
    parts_before = _parts(path)
    before = linter.lint_file(path)
    outcome = fix_result(before)
    assert outcome.refused == [] and len(outcome.applied) == len(_fixable(before))
    parts_after = _parts(path)
    # Every part of the package but the body is byte-identical; so is its order.
    assert list(parts_after) == list(parts_before)
    assert {k: v for k, v in parts_after.items() if k != "word/document.xml"} == \
           {k: v for k, v in parts_before.items() if k != "word/document.xml"}
    old = etree.fromstring(parts_before["word/document.xml"])
    new = etree.fromstring(parts_after["word/document.xml"])
    assert _skeleton(old) == _skeleton(new)                   # tables, cells, merges, section untouched
    old_ps, new_ps = list(old.iter(f"{{{W}}}p")), list(new.iter(f"{{{W}}}p"))
    assert len(old_ps) == len(new_ps)
    changed = 0
    for a, b in zip(old_ps, new_ps):
        if _c14n(a) == _c14n(b):
            continue
        changed += 1
        assert _text(b) == _expected_fix(_text(a))
        assert _c14n(a.find("w:pPr", NS)) == _c14n(b.find("w:pPr", NS))
        if _text(a):
            assert _rprs(a) == _rprs(b)                        # every run keeps its formatting
        else:                                                  # an empty cell: one run, formatted as the mark
            assert _rprs(b) == [_c14n(a.find("w:pPr/w:rPr", NS))]
    regions = {(d.location.paragraph, d.location.table, d.location.row, d.location.col) for d in outcome.applied}
    assert changed == len(regions)
    after = linter.lint_file(path)
    _assert_fixed_are_gone(before, after)
    split = [p for p in docx.Document(str(path)).paragraphs if p.text.startswith("2020年")][0]
    assert [r.text for r in split.runs] == ["2020年，", "西湖区", "将编制新的公开目录。"]
    assert [r.bold for r in split.runs] == [None, True, None] and split.runs[2].italic


def test_a_fix_that_would_cross_a_paragraph_is_not_applied(tmp_path, linter):
    text = build_report(year=2019, cells={"t3.new.natural": "1\n2"})
    path = render_docx(text, tmp_path / "report.docx")
    result = linter.lint_file(path)
    cell = result.report.model.get("t3.new.natural").node
    s = cell.span
    crossing = Diagnostic(str(path), s.line, s.column, s.end_line, s.end_column, s.offset, s.end_offset,
                          "GL302", "non-numeric-cell", "error", "test", Fix("12"))
    data = path.read_bytes()
    outcome = fix_result(LintResult(str(path), [crossing], result.report))
    assert outcome.applied == [] and "跨越" in outcome.refused[0][1]
    assert path.read_bytes() == data


def test_overlapping_and_unsafe_fixes_are_left():
    def d(start, end, replacement, safe=True, code="GL301"):
        return Diagnostic("x", 1, start + 1, 1, end + 1, start, end, code, "r", "error", "m", Fix(replacement, safe))
    same, again, inside, unsafe, later = d(0, 3, "a"), d(0, 3, "a", code="TT999"), d(1, 2, "b"), \
        d(5, 6, "c", safe=False), d(7, 7, "0")
    edits, refused = plan([inside, same, again, unsafe, later])
    assert [(e.start, e.end, e.replacement, len(e.diagnostics)) for e in edits] == [(0, 3, "a", 2), (7, 7, "0", 1)]
    assert refused == [(inside, OVERLAP)]


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path, linter, monkeypatch):
    path = tmp_path / "report.txt"
    path.write_text(build_report(**DEFECTS), encoding="utf-8")
    data = path.read_bytes()
    result = linter.lint_file(path)

    def refuse(*_):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(os, "replace", refuse)
    outcome = fix_result(result)
    assert "无法写入" in outcome.error and outcome.applied == []
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


# ---------------------------------------------------------------- the command line
def _copies(tmp_path):
    text = build_report(**DEFECTS)
    txt = tmp_path / "report.txt"
    txt.write_text(text, encoding="utf-8")
    word = render_docx(text, tmp_path / "report.docx")
    return txt, word


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path, capsys):
    txt, word = _copies(tmp_path)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (txt, word)}
    assert main(["--diff", str(txt), str(word)]) == 1
    out = capsys.readouterr().out
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (txt, word)} == before
    assert "-下一步，西湖市将继续" in out and "+下一步，西湖区将继续" in out
    assert "@@ 表2 第4行第2列 @@\n-（空白）\n+0" in out
    assert "可自动修复" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx", "report.txt"]


def test_fix_writes_and_reports_what_was_fixed_and_what_remains(tmp_path, capsys):
    txt, word = _copies(tmp_path)
    with txt.open("a", encoding="utf-8") as f:     # a defect without a safe fix stays
        f.write("本年度共收到申请(含电话申请）5件。\n")
    status = main(["--fix", str(txt), str(word)])
    out = capsys.readouterr().out
    assert "已修复" in out and "GL301 blank-cell" in out and "GL501 place-name" in out
    assert "西湖市" not in txt.read_text(encoding="utf-8")
    assert main(["--diff", str(txt), str(word)]) == 0          # nothing left to fix safely
    assert "可自动修复 0 处" in capsys.readouterr().out
    assert status in (0, 1)


def test_fix_that_cannot_write_exits_2_and_changes_nothing(tmp_path, capsys, monkeypatch):
    txt, _ = _copies(tmp_path)
    data = txt.read_bytes()

    def refuse(*_):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(os, "replace", refuse)
    assert main(["--fix", str(txt)]) == 2
    err = capsys.readouterr().err
    assert "无法写入" in err and "Traceback" not in err
    assert txt.read_bytes() == data


def test_summary_names_what_was_fixed_and_why_some_were_not():
    from govlint.results.fixes import FixOutcome, summary

    def d(code, rule):
        return Diagnostic("a.txt", 1, 1, 1, 2, 0, 1, code, rule, "error", "m", Fix("x"))
    outcomes = [FixOutcome("a.txt", applied=[d("GL301", "blank-cell"), d("GL301", "blank-cell"),
                                              d("GL501", "place-name")],
                           refused=[(d("GL601", "punctuation-width"), OVERLAP)]),
                FixOutcome("b.txt")]
    text = summary(outcomes, remaining=4, write=True)
    assert text.startswith("已修复 3 处（1 个文件）：GL301 blank-cell 2 处、GL501 place-name 1 处")
    assert f"1 处有修复建议但未能自动修复（{OVERLAP}）" in text and "剩余 4 个问题" in text
    assert summary(outcomes[1:], remaining=0, write=False) == "可自动修复 0 处（0 个文件）"
