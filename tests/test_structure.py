"""GL101–GL105: sections, their order and headings, the template version, table structure.
Each rule: a report that breaks it (code and line) and a near miss that stays silent, in
both templates."""
from __future__ import annotations

import pytest

from builder import build_report, cell_line, find_line
from govlint.run.engine import Linter
from govlint.model.templates.national import TEMPLATE_2019, TEMPLATE_2021

YEARS = [2019, 2021]
_LINTERS: dict[str, Linter] = {}


def found(text: str, code: str) -> list[tuple[str, int]]:
    linter = _LINTERS.setdefault(code, Linter(select=[code]))
    return [(d.code, d.line) for d in linter.lint_text(text).diagnostics]


def messages(text: str, code: str) -> list[str]:
    return [d.message for d in Linter(select=[code]).lint_text(text).diagnostics]


def heading_line(text: str, heading: str) -> int:
    return find_line(text, heading)


# ---------------------------------------------------------------- GL101 missing-section
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("dropped, anchor", [(6, "五、"), (5, "六、"), (1, "二、主动公开"), (4, "五、")])
def test_gl101_missing_section(year, dropped, anchor):
    text = build_report(year=year, headings={dropped: None})
    assert found(text, "GL101") == [("GL101", heading_line(text, anchor))]
    ordinal = "一二三四五六"[dropped - 1]
    assert f"缺少第{ordinal}部分" in messages(text, "GL101")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl101_two_sections_missing(year):
    text = build_report(year=year, headings={5: None, 6: None})
    line = heading_line(text, "四、政府信息公开行政复议")
    assert found(text, "GL101") == [("GL101", line), ("GL101", line)]


def test_gl101_findings_at_one_place_come_in_section_order():
    """Six missing sections reported at the same offset are listed 一 … 六, not in the
    code-point order of their messages (一 三 二 五 六 四)."""
    got = messages("会议纪要\n今天开了会。\n", "GL101")
    assert [m[3] for m in got] == list("一二三四五六"), got


@pytest.mark.parametrize("year", YEARS)
def test_gl101_two_sections_missing_in_section_order(year):
    text = build_report(year=year, headings={2: None, 3: None, 4: None})
    assert [m[3] for m in messages(text, "GL101")] == list("二三四")


@pytest.mark.parametrize("year", YEARS)
def test_gl101_near_miss_headings_without_ordinal_or_in_short_form(year):
    text = build_report(year=year, headings={5: "存在的主要问题及改进情况", 6: "其他需要报告的事项"},
                        prose={6: ["本年度没有其他需要报告的事项。"]})
    assert found(text, "GL101") == []
    assert found(text, "GL103") == [("GL103", heading_line(text, "存在的主要问题")),
                                    ("GL103", heading_line(text, "其他需要报告的事项"))]


# ---------------------------------------------------------------- GL102 section-order
@pytest.mark.parametrize("year", YEARS)
def test_gl102_sections_out_of_order(year):
    text = build_report(year=year, order=[1, 2, 3, 5, 4, 6])
    assert found(text, "GL102") == [("GL102", heading_line(text, "四、政府信息公开行政复议"))]
    assert "第四部分" in messages(text, "GL102")[0] and "第五部分" in messages(text, "GL102")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl102_first_section_last(year):
    text = build_report(year=year, order=[2, 3, 4, 5, 6, 1])
    assert found(text, "GL102") == [("GL102", heading_line(text, "一、总体情况"))]


@pytest.mark.parametrize("year", YEARS)
def test_gl102_near_miss_headings_quoted_in_prose(year):
    text = build_report(year=year, prose={
        5: ["对照“四、政府信息公开行政复议、行政诉讼情况”中的问题，我们将改进工作。"],
        6: ["一、总体情况已在上文说明。"]})
    assert found(text, "GL102") == []
    assert found(text, "GL101") == []


@pytest.mark.parametrize("year", YEARS)
def test_gl102_near_miss_a_missing_section_is_not_a_misorder(year):
    text = build_report(year=year, headings={4: None})
    assert found(text, "GL102") == []


# ---------------------------------------------------------------- GL103 section-heading
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("number, heading, expect", [
    (5, "存在的主要问题及改进情况", "缺少序号“五、”"),
    (5, "四、存在的主要问题及改进情况", "序号应为“五、”"),
    (2, "二、主动公开政府信息", "与模板用语不同"),
    (3, "三、收到和处理政府信息公开申请的情况", "与模板用语不同"),
    (1, "总体情况", "缺少序号“一、”"),
])
def test_gl103_heading_wrong(year, number, heading, expect):
    text = build_report(year=year, headings={number: heading})
    assert found(text, "GL103") == [("GL103", heading_line(text, heading))]
    assert expect in messages(text, "GL103")[0]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("number, heading", [(3, "三、依申请公开情况"), (6, "六、其他事项"), (1, "一、概述")])
def test_gl103_heading_in_place_with_other_wording(year, number, heading):
    """A 一、…六、 heading where its section belongs, worded unlike the template: the section is
    there (no GL101), its heading is wrong (GL103)."""
    text = build_report(year=year, headings={number: heading})
    assert found(text, "GL101") == []
    assert found(text, "GL103") == [("GL103", heading_line(text, heading))]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("number, heading, written", [
    (3, "3、收到和处理政府信息公开申请情况", "3、"),
    (3, "３．收到和处理政府信息公开申请情况", "３．"),
    (3, "三.收到和处理政府信息公开申请情况", "三."),
    (4, "第四部分 政府信息公开行政复议、行政诉讼情况", "第四部分"),
    (3, "第三部分", "第三部分"),
    (2, "二 主动公开政府信息情况", "二 "),
    (6, "## 六、其他需要报告的事项", "## 六、"),
    (1, "# 一、总体情况", "# 一、"),
])
def test_gl103_heading_with_another_ordinal_style(year, number, heading, written):
    """Another way of writing the ordinal: the section is there (GL103 at its heading),
    never a missing section reported at another line (GL101)."""
    text = build_report(year=year, headings={number: heading})
    assert found(text, "GL101") == [] and found(text, "GL102") == []
    assert found(text, "GL103") == [("GL103", heading_line(text, heading))]
    assert f"标题序号应写作“{'一二三四五六'[number - 1]}、”，实为“{written}”" in messages(text, "GL103")[0]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("number, heading", [
    (3, "三、依申请公开政府信息情况"), (3, "三、依申请公开政府信息和不予公开政府信息情况"),
    (4, "四、因政府信息公开申请行政复议、提起行政诉讼的情况"), (1, "一、概述")])
def test_gl103_heading_in_an_older_templates_wording(year, number, heading):
    text = build_report(year=year, headings={number: heading})
    assert found(text, "GL101") == [] and found(text, "GL102") == []
    assert found(text, "GL103") == [("GL103", heading_line(text, heading))]
    assert "2019 年以前报告的用语" in messages(text, "GL103")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl103_near_miss_numbered_items_and_markdown_captions(year):
    """3、… items inside a section and a ## 表二：… caption are not headings; the template's
    own headings stay silent."""
    text = build_report(year=year, prose={1: ["3、收到申请的办理情况", "2、主动公开政府信息情况"],
                                          2: ["## 表二：主动公开政府信息情况"]})
    assert found(text, "GL101") == [] and found(text, "GL102") == [] and found(text, "GL103") == []


@pytest.mark.parametrize("year", YEARS)
def test_gl101_near_miss_numbered_point_inside_a_section(year):
    """A 二、 point inside section 一 does not take the place of section 二."""
    text = build_report(year=year, prose={1: ["二、加强组织领导"]})
    assert found(text, "GL101") == [] and found(text, "GL103") == []
    assert found(text, "GL102") == []


@pytest.mark.parametrize("year", YEARS)
def test_gl103_fix_and_span_cover_the_heading(year):
    text = build_report(year=year, headings={6: "\u3000其他需要报告的事项"})
    [d] = Linter(select=["GL103"]).lint_text(text).diagnostics
    assert text[d.offset:d.end_offset] == "其他需要报告的事项"
    assert d.fix.replacement == "六、其他需要报告的事项"


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("heading", ["五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况",
                                     "\u3000五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况 "])
def test_gl103_near_miss_both_forms_of_section_five(year, heading):
    text = build_report(year=year, headings={5: heading})
    assert found(text, "GL103") == []


# ---------------------------------------------------------------- GL104 template-version
@pytest.mark.parametrize("year, template", [(2021, TEMPLATE_2019), (2022, TEMPLATE_2019), (2020, TEMPLATE_2021),
                                            (2019, TEMPLATE_2021)])
def test_gl104_tables_of_the_other_template(year, template):
    """Each table that follows the other template is reported at its first line: 二 (its
    columns) and 三 (（六）其他处理 in one row or three); 四 is the same in both."""
    text = build_report(year=year, template=template)
    assert found(text, "GL104") == [("GL104", find_line(text, "\t第二十条第（一）项")),
                                    ("GL104", find_line(text, "\t（本列数据的勾稽关系"))]
    first, second = messages(text, "GL104")
    assert str(year) in first and template.name in first and "表二" in first and "表三" in second
    assert "（六）其他处理" in second or "申请人无正当理由" in second
    assert found(text, "GL105") == [] and found(text, "GL202") == []     # each read by its own template


SECTION_HEADS = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议")


def _mixed(year: int, section: int, template, **kwargs) -> str:
    """A report of `year` whose section `section` (2 or 3, with its table) is that of a
    report by the other `template`."""
    base = build_report(year=year, **kwargs).split("\n")
    other = build_report(year=year, template=template, **kwargs).split("\n")

    def bounds(lines):
        start = next(i for i, line in enumerate(lines) if line.startswith(SECTION_HEADS[section - 2]))
        end = next(i for i, line in enumerate(lines) if line.startswith(SECTION_HEADS[section - 1]))
        return start, end
    (a, b), (c, d) = bounds(base), bounds(other)
    return "\n".join(base[:a] + other[c:d] + base[b:])


@pytest.mark.parametrize("year, template", [(2021, TEMPLATE_2019), (2020, TEMPLATE_2021)])
def test_gl104_mixed_report_table_two_of_the_other_template(year, template):
    """Table 二 by the other template, table 三 by the year's: one GL104 at table 二; table 三
    is read by its own template, so no table-structure or arithmetic finding follows."""
    text = _mixed(year, 2, template, results={"open": {"natural": 3}, "noproc_2": {"legal": 1}})
    assert found(text, "GL104") == [("GL104", find_line(text, "\t第二十条第（一）项"))]
    for code in ("GL105", "GL201", "GL202", "GL203"):
        assert found(text, code) == [], code


@pytest.mark.parametrize("year, template", [(2021, TEMPLATE_2019), (2019, TEMPLATE_2021)])
def test_gl104_mixed_report_table_three_of_the_other_template(year, template):
    text = _mixed(year, 3, template, results={"open": {"natural": 3}, "cannot_1": {"business": 2}})
    assert found(text, "GL104") == [("GL104", find_line(text, "\t（本列数据的勾稽关系"))]
    for code in ("GL105", "GL201", "GL202", "GL203"):
        assert found(text, code) == [], code


def test_gl104_a_row_of_the_other_template_is_reported_at_that_row():
    """A 2021 table 二 that keeps the 2019 template's 政府集中采购 block: GL104 at its
    heading and header rows (not GL105 无法识别的行)."""
    text = build_report(year=2021)
    fees_end = find_line(text, "\t行政事业性收费") + 2
    lines = text.split("\n")
    extra = ["\t第二十条第（九）项", "", "\t信息内容", "\t采购项目数量", "\t采购总金额", "",
             "\t政府集中采购", "\t3", "\t12万元", ""]
    text = "\n".join(lines[:fees_end] + extra + lines[fees_end:])
    assert found(text, "GL105") == []
    assert found(text, "GL104") == [("GL104", find_line(text, "\t第二十条第（九）项")),
                                    ("GL104", find_line(text, "\t政府集中采购"))]
    assert "“政府集中采购”一行是国办公开办函〔2019〕60号模板的写法" in messages(text, "GL104")[1]


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2024])
def test_gl104_near_miss_matching_template(year):
    assert found(build_report(year=year), "GL104") == []


def test_gl104_near_miss_unknown_year():
    text = build_report(year=2021, template=TEMPLATE_2019, title=["政府信息公开工作年度报告", "（杭州市西湖区）"])
    assert found(text, "GL104") == []


# ---------------------------------------------------------------- GL105 table-structure
def _row_bounds(lines: list[str], label: str) -> tuple[int, int]:
    """0-based [start, end) of the row whose cell is exactly `label`, its blank line included."""
    index = next(i for i, line in enumerate(lines) if line.strip("\t") == label)
    start = index
    while lines[start - 1].startswith("\t"):
        start -= 1
    end = index
    while lines[end].startswith("\t"):
        end += 1
    return start, end + 1


PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


@pytest.mark.parametrize("year", YEARS)
def test_gl105_missing_row(year):
    lines = build_report(year=year).split("\n")
    start, end = _row_bounds(lines, PARTIAL)
    text = "\n".join(lines[:start] + lines[end:])
    table_line = find_line(text, "\t（本列数据的勾稽关系")
    assert found(text, "GL105") == [("GL105", table_line)]
    assert "缺少“（二）部分公开" in messages(text, "GL105")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_duplicated_row(year):
    lines = build_report(year=year).split("\n")
    start, end = _row_bounds(lines, PARTIAL)
    text = "\n".join(lines[:end] + lines[start:end] + lines[end:])
    assert found(text, "GL105") == [("GL105", end + 1)]
    assert "重复出现" in messages(text, "GL105")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_extra_row_at_the_end(year):
    lines = build_report(year=year).split("\n")
    _, end = _row_bounds(lines, "四、结转下年度继续办理")
    text = "\n".join(lines[:end] + ["\t五、另行统计的申请", *["\t0"] * 7, ""] + lines[end:])
    assert found(text, "GL105") == [("GL105", end + 1)]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_an_extra_number_in_a_table_three_row_is_one_finding(year):
    """A cell too many shifts the label cells: the row's cell count is reported, once."""
    kwargs = dict(year=year, cells={"t3.deny_2.natural": "0\n\t0"})
    text = build_report(**kwargs)
    row_line = find_line(text, "2.其他法律行政法规禁止公开") - 2
    assert found(text, "GL105") == [("GL105", row_line)]
    assert "实有 11 个" in messages(text, "GL105")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_row_with_an_extra_cell(year):
    kwargs = dict(year=year, cells={"t4.counts.review_total": "0\n\t0"})
    text = build_report(**kwargs)
    first_cell = cell_line("t4.counts.review_upheld", **kwargs)
    assert found(text, "GL105") == [("GL105", first_cell)]
    assert "实有 16 个" in messages(text, "GL105")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_label_replaced_by_a_number(year):
    kwargs = dict(year=year)
    text = build_report(**kwargs).replace("\t3.危及“三安全一稳定”\n", "\t0\n")
    line = cell_line("t3.deny_3.natural", **kwargs) - 1
    assert found(text, "GL105") == [("GL105", line)]
    assert "3.危及“三安全一稳定”" in messages(text, "GL105")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_unknown_row_in_table_two(year):
    text = build_report(year=year).replace("\t行政处罚\n", "\t行政处分\n")
    assert found(text, "GL105") == [("GL105", find_line(text, "\t第二十条第（一）项")),
                                    ("GL105", find_line(text, "\t行政处分"))]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("group, first_row", [("第二十条第（一）项", "规章"), ("第二十条第（六）项", "行政处罚")])
def test_gl105_table_two_group_heading_missing(year, group, first_row):
    text = build_report(year=year).replace(f"\t{group}\n\n", "")
    assert found(text, "GL105") == [("GL105", find_line(text, f"\t{first_row}"))]
    assert group in messages(text, "GL105")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_header_label_missing(year):
    text = build_report(year=year).replace("\t结果纠正", "\t结果更正")
    assert found(text, "GL105") == [("GL105", find_line(text, "\t行政复议"))]
    assert "结果纠正" in messages(text, "GL105")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_table_two_column_header_wrong(year):
    header = "本年新制作数量" if year < 2021 else "本年制发件数"
    text = build_report(year=year).replace(f"\t{header}\n", "\t本年数量\n", 1)
    assert found(text, "GL105") == [("GL105", find_line(text, "\t本年数量") - 1)]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_table_missing(year):
    lines = build_report(year=year).split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    end = next(i for i, line in enumerate(lines) if line.startswith("五、"))
    text = "\n".join(lines[:start + 1] + ["本年度未发生行政复议和行政诉讼。"] + lines[end:])
    assert found(text, "GL105") == [("GL105", start + 1)]
    assert "找不到表四" in messages(text, "GL105")[0]


@pytest.mark.parametrize("year", YEARS)
def test_gl105_near_miss_label_spelling_variants(year):
    text = (build_report(year=year)
            .replace("\t商业企业", "\t商业\n企业")
            .replace("\t二、上年结转政府信息公开申请数量", "\t二、上年结转政府信息\n公开申请数量")
            .replace("\t（一）予以公开", "\t(一)予以公开")
            .replace("\t4.保护第三方合法权益", "\t４．保护第三方合法权益")
            .replace("\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "\t（二）部分公开"))
    assert found(text, "GL105") == []


@pytest.mark.parametrize("year", YEARS)
def test_gl105_near_miss_table_split_by_a_page_break(year):
    """A table that an export split in two (a paragraph between its rows) is one table."""
    lines = build_report(year=year).split("\n")
    start, _ = _row_bounds(lines, "（四）无法提供")
    text = "\n".join(lines[:start] + ["- 4 -", ""] + lines[start:])
    assert found(text, "GL105") == []


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("change, count", [("extra", 4), ("missing", 2)])
def test_gl105_table_two_row_with_the_wrong_number_of_cells(year, change, count):
    key = "t2.rules.made" if year < 2021 else "t2.rules.issued"
    lines = build_report(year=year, cells={key: "@@"}).split("\n")
    index = lines.index("\t@@")
    lines[index:index + 1] = ["\t7", "\t0"] if change == "extra" else []
    text = "\n".join(lines)
    assert found(text, "GL105") == [("GL105", find_line(text, "\t规章"))]
    assert f"实有 {count} 个" in messages(text, "GL105")[0]


def test_web_layout_table_row_is_not_taken_for_a_heading():
    """Copied as text, table 三's row 四、结转下年度继续办理 is a line of its own; when section 四's
    heading is worded unlike the template, that heading (not the row) is section 四."""
    from test_parse import _web_layout
    text = _web_layout(build_report(year=2019, headings={4: "四、复议诉讼情况"}))
    assert find_line(text, "四、结转下年度继续办理 0") < find_line(text, "四、复议诉讼情况")
    assert found(text, "GL103") == [("GL103", find_line(text, "四、复议诉讼情况"))]
    assert found(text, "GL101") == []


# ---------------------------------------------------------------- a table cut short
def _cut_after(text: str, label: str) -> tuple[str, int]:
    """The report up to the end of the table-三 row labelled `label` (the report ends
    mid-table), and the line where that row starts."""
    lines = text.split("\n")
    start, end = _row_bounds(lines, label)
    return "\n".join(lines[:end]) + "\n", start + 1


@pytest.mark.parametrize("year", YEARS)
def test_gl105_table_cut_short_names_the_missing_rows_at_its_last_row(year):
    full = build_report(year=year, results={"open": {"natural": 3}, "deny_1": {"business": 1}})
    text, row_line = _cut_after(full, "1.信访举报投诉类申请")
    assert found(text, "GL105") == [("GL105", 2), ("GL105", row_line)]    # 2: table 四 not found
    message = messages(text, "GL105")[1]
    assert "中断" in message and "“（五）不予处理 2.重复申请”" in message and "“（七）总计”" in message
    assert "“四、结转下年度继续办理”" in message
    if year >= 2021:
        assert "“（六）其他处理 3.其他”" in message
    # The missing rows are unknown, not 0: no arithmetic finding cascades from them.
    linter = Linter(select=["GL201", "GL202", "GL203", "GL204"])
    assert linter.lint_text(text).diagnostics == []


@pytest.mark.parametrize("year", YEARS)
def test_gl105_near_miss_a_whole_table_and_one_missing_middle_row(year):
    """A complete table is silent; one row missing inside it is named alone, and the
    relations that need that row are not checked (its cells are unknown)."""
    text = build_report(year=year, results={"partial": {"natural": 2}})
    assert found(text, "GL105") == []
    lines = text.split("\n")
    start, end = _row_bounds(lines, PARTIAL)
    text = "\n".join(lines[:start] + lines[end:])
    assert "中断" not in messages(text, "GL105")[0]
    assert Linter(select=["GL202", "GL203"]).lint_text(text).diagnostics == []
