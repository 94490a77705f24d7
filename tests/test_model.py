"""The template model: which template the tables follow, and reading cells by label or
position, whatever the spacing, line breaks, digit and bracket widths."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder import build_report, cell_line, find_line
from govlint.run.engine import Linter
from govlint.model.templates.national import TEMPLATE_2019, TEMPLATE_2021

LINTER = Linter()
YEARS = [2019, 2021]


def _lint(text: str):
    return LINTER.lint_text(text)


def _model(text: str):
    return _lint(text).report.model


def _all_cells_read(model, template):
    """Every numeric cell of the template's tables is read from the report."""
    missing = [k for k, c in model.cells.items() if c.node is None]
    assert not missing, missing[:5]
    keys = {k for k in model.cells}
    for spec in template.tables:
        assert any(k.startswith(spec.key + ".") for k in keys), spec.key


# ---------------------------------------------------------------- template detection
@pytest.mark.parametrize("year, template", [(2019, TEMPLATE_2019), (2020, TEMPLATE_2019), (2021, TEMPLATE_2021),
                                            (2023, TEMPLATE_2021)])
def test_template_detected_from_the_tables(year, template):
    model = _model(build_report(year=year))
    assert model.detected is template
    assert model.template is template
    assert not model.issues
    _all_cells_read(model, template)


@pytest.mark.parametrize("tables, year", [(2019, 2021), (2021, 2020)])
def test_detection_follows_the_tables_not_the_year(tables, year):
    builder_template = TEMPLATE_2019 if tables == 2019 else TEMPLATE_2021
    text = build_report(year=year, template=builder_template)
    result = _lint(text)
    assert result.report.meta.year == year
    assert result.report.model.detected is builder_template
    assert not result.report.model.issues


def test_without_tables_the_year_picks_the_template():
    text = build_report(year=2021)
    start = find_line(text, "二、主动公开政府信息情况")
    end = find_line(text, "五、政府信息公开工作存在")
    lines = text.split("\n")
    bare = "\n".join(lines[:start] + [l for l in lines[start:end - 1] if not l.startswith("\t")] + lines[end - 1:])
    model = _model(bare)
    assert model.detected is None
    assert model.template is TEMPLATE_2021


def test_year_from_the_statistics_period_when_the_title_has_none():
    text = build_report(year=2020, title=["政府信息公开工作年度报告", "（杭州市西湖区）"],
                        prose={1: ["本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。"]})
    meta = _lint(text).report.meta
    assert (meta.year, meta.year_source) == (2020, "period")


def test_year_in_chinese_numerals_in_the_title():
    text = build_report(year=2021, title=["二〇二一年政府信息公开工作年度报告", "（杭州市西湖区）"])
    meta = _lint(text).report.meta
    assert (meta.year, meta.year_source) == (2021, "title")
    assert meta.places == ["杭州市", "西湖区"]


# ---------------------------------------------------------------- label tolerance
LABEL_VARIANTS = {
    "spaces in a label": lambda t: t.replace("\t一、本年新收政府信息公开申请数量", "\t一、本年新收 政府信息公开 申请数量"),
    "line break in a label": lambda t: t.replace("\t二、上年结转政府信息公开申请数量", "\t二、上年结转政府信息\n公开申请数量"),
    "header label broken": lambda t: t.replace("\t商业企业", "\t商业\n企业").replace("\t法律服务机构", "\t法律服务\n机构"),
    # in the table's labels only: in the prose, half-width brackets are GL601's finding
    "half-width brackets": lambda t: "\n".join(
        line.replace("（", "(").replace("）", ")") if line.startswith("\t") else line for line in t.split("\n")),
    "full-width digits": lambda t: t.replace("\t1.属于国家秘密", "\t１．属于国家秘密").replace("\t3.补正后", "\t３.补正后"),
    "other ordinal punctuation": lambda t: t.replace("\t2.重复申请", "\t2、重复申请"),
    "padding around a label": lambda t: t.replace("\t（一）予以公开", "\t\u3000（一）予以公开 "),
    "U+3000 inside a label": lambda t: t.replace("\t四、结转下年度继续办理", "\t四、结转下年度\u3000继续办理"),
}


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("variant", sorted(LABEL_VARIANTS))
def test_label_variants_read_cleanly(year, variant):
    original = build_report(year=year, results={"open": {"natural": 2}, "cannot_3": {"business": 1}},
                            carry_next={"natural": 1})
    text = LABEL_VARIANTS[variant](original)
    assert text != original
    result = _lint(text)
    assert result.diagnostics == []
    model = result.report.model
    assert not model.issues
    assert model.get("t3.new.natural").number.value == 3
    assert model.get("t3.cannot_3.business").number.value == 1
    assert model.get("t3.carry_next.total").number.value == 1
    _all_cells_read(model, TEMPLATE_2019 if year < 2021 else TEMPLATE_2021)


@pytest.mark.parametrize("year", YEARS)
def test_cells_are_read_at_their_lines(year):
    model = _model(build_report(year=year))
    for key in ("t3.new.natural", "t3.deny_8.total", "t3.result_total.other_org", "t4.counts.suit_after_total",
                "t2.rules." + ("made" if year < 2021 else "issued")):
        assert model.get(key).node.span.line == cell_line(key, year=year), key


# ---------------------------------------------------------------- positional fallback
def _strip_table3_labels(text: str, header_rows: int = 3) -> str:
    """Table 三 with every label cell of its data rows removed: only the seven numbers are left."""
    lines = text.split("\n")
    start = find_line(text, "三、收到和处理政府信息公开申请情况")
    end = find_line(text, "四、政府信息公开行政复议、行政诉讼情况") - 1
    body: list[str] = []
    row: list[str] = []
    seen = 0
    for line in lines[start:end]:
        if line.startswith("\t"):
            row.append(line)
            continue
        if row:
            seen += 1
            body += row if seen <= header_rows else row[-7:]
            row = []
        body.append(line)
    return "\n".join(lines[:start] + body + lines[end:])


@pytest.mark.parametrize("year", YEARS)
def test_unlabelled_rows_are_read_by_position(year):
    kwargs = dict(year=year, results={"open": {"natural": 3}, "noproc_2": {"legal": 2}})
    text = _strip_table3_labels(build_report(**kwargs))
    model = _model(text)
    assert model.get("t3.new.natural").number.value == 3
    assert model.get("t3.noproc_2.legal").number.value == 2
    assert model.get("t3.result_total.total").number.value == 5
    assert all(issue.message.startswith("表三") for issue in model.issues)


@pytest.mark.parametrize("year", YEARS)
def test_unlabelled_rows_are_still_checked(year):
    kwargs = dict(year=year, results={"open": {"natural": 3}}, cells={"t3.open.total": "4"})
    original = build_report(**kwargs)
    text = _strip_table3_labels(original)
    found = {(d.code, d.line) for d in _lint(text).diagnostics}
    # the labels are gone, so the lines move: find the 4 in its row by the row's first number
    line = find_line(text, "\t4")
    assert ("GL201", line) in found


def test_label_cells_holding_numbers_fall_back_on_position():
    """A sub-item label cell that holds 0 instead of its label (as some exports do): the row
    is still read where it stands, the label is reported once, and its numbers are checked."""
    kwargs = dict(year=2019, results={"deny_2": {"natural": 1}})
    text = build_report(**kwargs).replace("\t2.其他法律行政法规禁止公开\n", "\t0\n")
    result = _lint(text)
    model = result.report.model
    assert model.get("t3.deny_2.natural").number.value == 1
    assert model.get("t3.deny_2.natural").node.span.line == cell_line("t3.deny_2.natural", **kwargs)
    label_line = cell_line("t3.deny_2.natural", **kwargs) - 1
    assert [(d.code, d.line) for d in result.diagnostics] == [("GL105", label_line)]
    assert "2.其他法律行政法规禁止公开" in result.diagnostics[0].message


# ---------------------------------------------------------------- units typed into cells
@pytest.mark.parametrize("raw, value, unit", [
    ("2009.54万元", 2009.54, "万元"), ("251000元", 251000, "元"), ("1,234", 1234, None),
    ("１２", 12, None), ("12 万元", 12, "万元"),
])
def test_amount_cells_with_units(raw, value, unit):
    model = _model(build_report(year=2019, cells={"t2.procurement.amount": raw}))
    number = model.get("t2.procurement.amount").number
    assert (number.value, number.unit) == (value, unit)


def test_count_cell_with_a_unit_counts():
    text = build_report(year=2019, results={"open": {"natural": 3}}, cells={"t3.open.natural": "3件"})
    result = _lint(text)
    assert result.report.model.get("t3.open.natural").number.value == 3
    assert not [d for d in result.diagnostics if d.code.startswith("GL2")]


def test_2021_fee_amount_in_wan_yuan():
    model = _model(build_report(year=2021, cells={"t2.fees.amount": "3.5"}))
    cell = model.get("t2.fees.amount")
    assert cell.number.value == 3.5 and cell.column.unit == "万元"


@pytest.mark.parametrize("year, group, first_item", [
    (2019, "（三）不予公开", "1.属于国家秘密"), (2021, "（三）不予公开", "1.属于国家秘密"),
    (2021, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")])
def test_group_label_on_a_row_of_its_own_keeps_the_numbers(year, group, first_item):
    """（三）不予公开 written on its own row above its sub-items: one structure finding, and
    the first sub-item's numbers are still read and checked (no arithmetic false alarm)."""
    row = "deny_1" if group.startswith("（三）") else "other_1"
    kwargs = dict(year=year, results={row: {"natural": 1, "legal": 2}})
    text = build_report(**kwargs).replace(f"\t\n\t{group}\n\t{first_item}\n", f"\t{group}\n\n\t\n\t\n\t{first_item}\n")
    result = _lint(text)
    assert result.report.model.get(f"t3.{row}.legal").number.value == 2
    assert [d.code for d in result.diagnostics] == ["GL105"]


# ---------------------------------------------------------------- tables of a shape read before
def _cells(model):
    return [(k, c.table, c.row_label, c.column.key, c.number, c.unread, c.node.span if c.node else None)
            for k, c in model.cells.items()]


def _count_reads(monkeypatch) -> list:
    """The tables read row by row from now on (not from a kept reading: Reader.read)."""
    from govlint.model.table_reading import GridReader, GroupedReader
    reads: list[str] = []
    for reader in (GridReader, GroupedReader):
        monkeypatch.setattr(reader, "_read", lambda self, read=reader._read: reads.append(self.spec.key) or read(self))
    return reads


@pytest.mark.parametrize("year", YEARS)
def test_a_table_shape_read_before_gives_what_a_fresh_read_gives(year, monkeypatch):
    from govlint.model.table_reading import Reader
    _model(build_report(year=year, results={"open": {"natural": 3}}))
    reads = _count_reads(monkeypatch)
    text = build_report(year=year, results={"open": {"natural": 7}, "deny_2": {"legal": 2}})
    kept = _model(text)
    assert reads == []                       # other numbers, the same shapes: nothing read again
    monkeypatch.setattr(Reader, "_shape", lambda self, texts: None)
    fresh = _model(text)
    assert sorted(reads) == ["t2", "t3", "t4"]
    assert _cells(kept) == _cells(fresh)
    assert kept.issues == fresh.issues == []


SEEDS = sorted(Path("/work/shared/seeds").glob("*.txt"))


@pytest.mark.skipif(not SEEDS, reason="no seed reports")
def test_seed_tables_read_from_kept_readings_are_read_as_afresh(monkeypatch):
    """Each seed report read twice (the second time from the readings kept the first time,
    where a table had nothing to report) gives the cells, in the same order, and the
    structure issues that a fresh read of every table gives."""
    from govlint.model.table_reading import Reader
    from govlint.read import read_input

    def models():
        return [LINTER.build_report(read_input(p)).model for p in SEEDS]

    models()
    kept = models()
    monkeypatch.setattr(Reader, "_shape", lambda self, texts: None)
    fresh = models()
    for a, b in zip(kept, fresh):
        assert _cells(a) == _cells(b)
        assert [(i.node.span, i.message) for i in a.issues] == [(i.node.span, i.message) for i in b.issues]


def test_a_table_with_findings_is_read_from_its_kept_reading_when_the_numbers_read_are_alike(monkeypatch):
    """A table with structure issues is read again only when a number the reading looked
    at as text (here one in a label's place, quoted by the finding) is written otherwise."""
    text = build_report(year=2019).replace("\t2.其他法律行政法规禁止公开\n", "\t0\n")
    first = _lint(text).diagnostics
    reads = _count_reads(monkeypatch)
    assert _lint(text).diagnostics == first != []
    assert "t3" not in reads
    row = "\t\n\t\n\t0\n" + "\t0\n" * 7            # the row whose label cell reads 0
    assert row in text
    values = _lint(text.replace(row, "\t\n\t\n\t0\n" + "\t9\n" * 7)).report.model  # other values only
    assert "t3" not in reads
    assert values.cells["t3.deny_2.natural"].number.value == 9
    second = _lint(text.replace(row, "\t\n\t\n\t5\n" + "\t0\n" * 7)).diagnostics   # another number
    assert "t3" in reads
    assert any("实为“5”" in d.message for d in second)
