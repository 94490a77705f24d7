"""Reports in text without the Tika layout (linter/plain_tables.py, linter/plain_text.py):
the same report rendered one cell per line, with space-separated rows and as Markdown gives
the same findings as in the Tika layout; garbled tables give a structure finding, never a
finding on a misread value."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from builder import build_report
from govlint.run.engine import Linter
from govlint.results.fixes import apply_edits, plan
from govlint.syntax.parser import parse
from govlint.syntax.plain_tables import PlainTable
from govlint.read.text import from_text
from render_layouts import LAYOUTS, cell_per_line, markdown, space_separated

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
ARITHMETIC_OR_CELL = ("GL2", "GL3", "GL4")

# Builder reports with defects; the blank cells only where a layout shows them.
DEFECTS = {
    "clean-2019": dict(year=2019, results={"open": {"natural": 3}}, carried={"natural": 1}),
    "clean-2021": dict(year=2021, results={"open": {"natural": 3}, "other_3": {"business": 2}},
                       review=(1, 0, 0, 1), after=(0, 1, 0, 0)),
    "wrong-totals-2019": dict(year=2019, results={"deny_3": {"natural": 2}},
                              cells={"t3.new.total": 99, "t3.result_total.natural": 7}),
    "wrong-totals-2021": dict(year=2021, results={"cannot_1": {"legal": 4}}, review=(1, 1, 0, 0),
                              cells={"t3.carry_next.total": 5, "t4.counts.review_total": 3}),
    "text-in-cell-2021": dict(year=2021, cells={"t3.carried.natural": "无", "t2.fees.amount": "12.5"}),
    "text-in-cell-2019": dict(year=2019, cells={"t3.open.research": "—"}),
}
BLANKS = {
    "blank-2019": dict(year=2019, results={"open": {"natural": 3}}, cells={"t3.open.business": ""}),
    "blank-2021": dict(year=2021, cells={"t3.deny_2.legal": "", "t3.new.total": ""}),
}


def _lint(text: str):
    return Linter().lint_text(text).diagnostics


def _findings(text: str) -> Counter:
    """(code, message, text at the finding) of each finding except table structure, whose
    wording differs by layout; GL105 counts only as present or not."""
    out = Counter()
    for d in _lint(text):
        if d.code == "GL105":
            out[("GL105",)] = 1
        else:
            out[(d.code, d.message, text[d.offset:d.end_offset].strip())] += 1
    return out


@pytest.mark.parametrize("name", sorted(DEFECTS))
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_builder_report_same_findings_in_every_layout(name, layout):
    tika = build_report(**DEFECTS[name])
    expected = _findings(tika)
    assert expected == _findings(LAYOUTS[layout](tika)), layout


@pytest.mark.parametrize("name", sorted(BLANKS))
def test_blank_cells_read_from_empty_markdown_cells(name):
    tika = build_report(**BLANKS[name])
    expected = _findings(tika)
    assert any(key[0] == "GL301" for key in expected)
    assert expected == _findings(markdown(tika))


@pytest.mark.parametrize("name", sorted(BLANKS))
@pytest.mark.parametrize("render", [cell_per_line, space_separated])
def test_blank_cell_invisible_in_a_layout_is_a_structure_finding(name, render):
    """Without a visible empty cell the row has a cell too few: GL105, and no number is guessed."""
    codes = [d.code for d in _lint(render(build_report(**BLANKS[name])))]
    assert "GL105" in codes
    assert not any(c.startswith(ARITHMETIC_OR_CELL) for c in codes)


def test_tables_read_in_every_layout():
    tika = build_report(year=2021)
    for render in LAYOUTS.values():
        document = parse(from_text(render(tika)))
        assert [t.spec_key for t in document.tables()] == ["t2", "t3", "t4"]
        assert all(isinstance(t, PlainTable) for t in document.tables())


def test_tika_layout_keeps_its_own_tables():
    document = parse(from_text(build_report(year=2021)))
    assert document.tables() and not any(isinstance(t, PlainTable) for t in document.tables())
    assert document.prose is None


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_cell_spans_are_the_cell_text_in_the_file(layout):
    text = LAYOUTS[layout](build_report(year=2019, cells={"t3.open.natural": 12}))
    document = parse(from_text(text))
    cells = [c for t in document.tables() for r in t.rows for c in r.cells]
    assert cells
    for cell in cells:
        assert text[cell.span.offset:cell.span.end_offset] == cell.text
        line = text.split("\n")[cell.span.line - 1]
        assert line[cell.span.column - 1:cell.span.end_column - 1] == cell.text


def test_blank_markdown_cell_is_an_empty_span_the_fix_fills():
    text = markdown(build_report(year=2021, cells={"t3.carried.business": ""}))
    result = Linter().lint_text(text)
    blank = [d for d in result.diagnostics if d.code == "GL301"]
    assert len(blank) == 1 and blank[0].offset == blank[0].end_offset
    fixed = apply_edits(text, plan(blank)[0])
    line = fixed.split("\n")[blank[0].line - 1]
    assert "| 0 |" in line and line.startswith("| 二、上年结转")
    assert not [d for d in _lint(fixed) if d.code == "GL301"]


# ---------------------------------------------------------------- garbled near misses
def _t3_line(text: str, label: str) -> int:
    return next(i for i, line in enumerate(text.split("\n")) if line.lstrip("| ").startswith(label))


def _garble(text: str, label: str, change) -> str:
    lines = text.split("\n")
    i = _t3_line(text, label)
    lines[i:i + 1] = change(lines[i])
    return "\n".join(lines)


NEAR_MISSES = {
    # a number too few / too many in a row
    "too-few": lambda line: [line.rsplit(" ", 1)[0]],
    "too-many": lambda line: [line + " 0"],
    # the label on one line, its numbers on the next, under another label's row
    "label-apart": lambda line: [line.split(" ", 1)[0], "备注 " + line.split(" ", 1)[1]],
    # the label's words broken across rows
    "label-broken": lambda line: [line[:6], line[6:]],
}


@pytest.mark.parametrize("garble", sorted(NEAR_MISSES))
def test_garbled_row_is_a_structure_finding_not_a_misread(garble):
    tika = build_report(year=2021, results={"open": {"natural": 5}}, carried={"natural": 2})
    text = _garble(space_separated(tika), "一、本年新收", NEAR_MISSES[garble])
    codes = [d.code for d in _lint(text)]
    assert "GL105" in codes
    assert not any(c.startswith(ARITHMETIC_OR_CELL) for c in codes), codes


def test_garbled_markdown_rows_labels_apart_from_numbers():
    tika = build_report(year=2019, results={"deny_1": {"natural": 4}})
    text = markdown(tika)
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if "1.属于国家秘密" in line)
    cells = lines[i].split("|")
    lines[i:i + 1] = ["（三）不予公开", "1.属于国家秘", "密", "|" + "|".join(cells[4:])]
    codes = [d.code for d in _lint("\n".join(lines))]
    assert "GL105" in codes
    assert not any(c.startswith(ARITHMETIC_OR_CELL) for c in codes), codes


def test_garbled_blank_cell_is_not_taken_for_a_blank():
    """In a table with unplaceable text, an empty cell may be a cell that slid away."""
    text = markdown(build_report(year=2021, results={"open": {"natural": 5}}))
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith("| 四、结转下年度"))
    lines[i] = lines[i].replace("| 0 |  |  |", "|  |  |  |", 1)
    lines.insert(i, "5")
    codes = [d.code for d in _lint("\n".join(lines))]
    assert "GL105" in codes and "GL301" not in codes


# ---------------------------------------------------------------- headings, page numbers, wrapped lines
def test_markdown_headings_and_emphasis_are_headings():
    tika = build_report(year=2021)
    text = markdown(tika).replace("## 三、", "## **三、", 1).replace("申请情况\n", "申请情况**\n", 1)
    document = parse(from_text(text))
    assert [s.number for s in document.sections] == [1, 2, 3, 4, 5, 6]
    assert document.sections[2].heading.text == "三、收到和处理政府信息公开申请情况"
    assert document.title and document.title[0].text.endswith("年度报告")
    assert not [d for d in _lint(text) if d.code.startswith("GL1")]


WRAPPED = """2021年政府信息公开工作年度报告
一、总体情况
本年度，本单位认真贯彻政府信息公开条例（以下简称《条例》），按照上级统一部署，扎实推进
政务公开工作，全年共收到政府信息公开申请5件（含网上申请2件），全部在法定期限内答复。本
单位主动公开各类政府信息（包括文件、通知和动态信息）共计120条，其中网站发布80条、微信
— 2 —
发布40条，进一步提升了政府信息公开的质量和效果，为社会公众提供了更加便捷的服务渠道。
"""


def test_wrapped_lines_form_one_paragraph_across_a_page_number():
    document = parse(from_text(WRAPPED))
    prose = [p for p in document.prose if p.kind == "text" and p not in document.title]
    assert len(prose) == 1 and "微信发布40条" in prose[0].text
    codes = [d.code for d in _lint(WRAPPED)]
    assert "GL602" not in codes and "GL402" not in codes
    # a sentence over a page number is read whole: parts that exceed the total are found
    broken = WRAPPED.replace("发布40条", "发布50条")
    found = [d for d in _lint(broken) if d.code == "GL402"]
    assert len(found) == 1 and broken[found[0].offset:found[0].end_offset] == "120条"


@pytest.mark.parametrize("furniture", ["- 2 -", "— 5 —", "第2页", "第 2 页 共 6 页", "2/6", "共6页第2页"])
def test_page_numbers_inside_a_table_and_a_sentence_are_furniture(furniture):
    text = space_separated(build_report(year=2021, results={"open": {"natural": 3}}))
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith("（二）部分公开"))
    lines.insert(i, furniture)
    text = "\n".join(lines)
    document = parse(from_text(text))
    assert any(p.kind == "page_number" and p.stripped == furniture for p in document.paragraphs())
    assert not [d for d in _lint(text) if d.code.startswith(("GL1", "GL2", "GL3"))]
    assert "GL602" not in [d.code for d in _lint(WRAPPED.replace("— 2 —", furniture))]


# ---------------------------------------------------------------- seed reports
def _seeds():
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not available")
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_seed_reports_in_every_layout(layout):
    """Every finding of the Tika text is found again, except on table rows that plain text
    cannot place: blank cells a layout hides (rows with a cell too few), and seed 002's rows
    whose label cell holds 0 instead of the label (Tika reads those by position). Those are
    a structure finding instead, never a guessed value; nothing is found that Tika does not."""
    for path in _seeds():
        tika = path.read_text(encoding="utf-8")
        expected, found = _findings(tika), _findings(LAYOUTS[layout](tika))
        assert not found - expected - Counter({("GL105",): 1}), (path.name, layout, found - expected)
        missing = expected - found
        if missing:
            assert ("GL105",) in found, path.name
            assert all(k[0].startswith(ARITHMETIC_OR_CELL) for k in missing), (path.name, layout, missing)
        if layout == "markdown" or not any(k[0] == "GL301" for k in expected):
            if path.name.startswith("002_"):
                continue     # its unlabelled rows: see above
            assert found == expected, (path.name, layout, found - expected, expected - found)
