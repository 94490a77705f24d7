"""Renders an annual report in the Tika text layout from a few numbers, for tests.

    text = build_report(year=2019, results={"open": {"natural": 3}}, carried={"natural": 1})

Table 三 is made to reconcile by construction: totals are computed, and 一、本年新收 is
derived from the results, 二 and 四 (new = (七)总计 + 四 − 二). `cells` overrides any cell's
text by key ("t3.new.natural": "" leaves it blank), `prose` adds paragraphs to sections,
`headings` replaces section headings (None drops the section) and `order` reorders them.
The prose is our own wording, not taken from any real report.
"""
from __future__ import annotations

from govlint.model.templates.national import (APPLICANT_COLUMNS, T3_COLUMNS, TEMPLATE_2019, TEMPLATE_2021,
                                       _RESULT_KEYS, _T4_GROUPS)
from govlint.model.templates.sections import SECTIONS
from govlint.model.templates.spec import Template, cell_key

DEFAULT_PROSE = {
    1: ["本年度，本单位认真贯彻政府信息公开条例，按照统一部署推进政务公开工作。",
        "（一）主动公开情况。通过门户网站及时发布各类政府信息。"],
    2: [],
    3: [],
    4: [],
    5: ["一是公开内容还不够全面；二是解读形式较为单一。下一步将加强培训，提升公开质量。"],
    6: ["无"],
}


def template_for(year: int) -> Template:
    return TEMPLATE_2021 if year >= 2021 else TEMPLATE_2019


def table3_values(template: Template, results: dict[str, dict[str, int]] | None = None,
                  carried: dict[str, int] | None = None,
                  carry_next: dict[str, int] | None = None) -> dict[str, int]:
    """Every cell of table 三, reconciling: row totals, (七)总计, and 一 derived."""
    spec = template.table("t3")
    results = results or {}
    carried, carry_next = carried or {}, carry_next or {}
    rows = [r.key for r in spec.rows]
    result_rows = rows[rows.index("open"):rows.index("result_total")]
    unknown = set(results) - set(result_rows)
    if unknown:
        raise ValueError(f"not result rows of the {template.key} template: {sorted(unknown)}")
    values: dict[str, int] = {}
    cols = [c.key for c in APPLICANT_COLUMNS]
    for col in cols:
        total = 0
        for row in result_rows:
            v = results.get(row, {}).get(col, 0)
            values[cell_key("t3", row, col)] = v
            total += v
        values[cell_key("t3", "result_total", col)] = total
        values[cell_key("t3", "carried", col)] = carried.get(col, 0)
        values[cell_key("t3", "carry_next", col)] = carry_next.get(col, 0)
        new = total + carry_next.get(col, 0) - carried.get(col, 0)
        if new < 0:
            raise ValueError(f"column {col}: 二 exceeds (七)总计 + 四")
        values[cell_key("t3", "new", col)] = new
    for row in rows:
        values[cell_key("t3", row, "total")] = sum(values[cell_key("t3", row, c)] for c in cols)
    return values


def table4_values(review=(0, 0, 0, 0), direct=(0, 0, 0, 0), after=(0, 0, 0, 0)) -> dict[str, int]:
    values: dict[str, int] = {}
    for (group, _), counts in zip(_T4_GROUPS, (review, direct, after)):
        for key, v in zip(_RESULT_KEYS[:-1], counts):
            values[cell_key("t4", "counts", f"{group}_{key}")] = v
        values[cell_key("t4", "counts", f"{group}_total")] = sum(counts)
    return values


def table2_values(template: Template) -> dict[str, object]:
    values: dict[str, object] = {}
    for group in template.table("t2").groups:
        for row in group.rows:
            for col in group.columns:
                values[cell_key("t2", row.key, col.key)] = "12.5万元" if col.kind == "amount" else 0
    return values


def build_report(year: int = 2019, template: Template | None = None, place: str = "杭州市西湖区",
                 title: list[str] | None = None, results=None, carried=None, carry_next=None,
                 review=(0, 0, 0, 0), direct=(0, 0, 0, 0), after=(0, 0, 0, 0),
                 cells: dict[str, object] | None = None, prose: dict[int, list[str]] | None = None,
                 headings: dict[int, str | None] | None = None, order: list[int] | None = None,
                 newline: str = "\n") -> str:
    template = template or template_for(year)
    values: dict[str, object] = {}
    values.update(table2_values(template))
    values.update(table3_values(template, results, carried, carry_next))
    values.update(table4_values(review, direct, after))
    values.update(cells or {})
    lines: list[str] = [""]
    lines += title if title is not None else [f"{year}年政府信息公开工作年度报告", f"（{place}）"]
    lines.append("")
    texts = {n: list(DEFAULT_PROSE[n]) + list((prose or {}).get(n, [])) for n in range(1, 7)}
    tables = {2: _table2(template, values), 3: _table3(template, values), 4: _table4(values)}
    for number in order or range(1, 7):
        spec = SECTIONS[number - 1]
        heading = (headings or {}).get(number, _default_heading(spec, template))
        if heading is None:
            continue
        lines.append(heading)
        lines += texts[number]
        if number in tables:
            lines += tables[number] + ["", ""]
    return newline.join(lines) + newline


def _default_heading(spec, template: Template) -> str:
    title = spec.titles[0] if template.key == "2021" or len(spec.titles) == 1 else spec.titles[1]
    return f"{spec.ordinal}、{title}"


def _cells(*texts) -> list[str]:
    """One table row: a TAB line per cell (a cell text may hold line breaks), then a blank."""
    return ["\t" + str(t) for t in texts] + [""]


def _table2(template: Template, values) -> list[str]:
    out: list[str] = []
    for group in template.table("t2").groups:
        out += _cells(group.label)
        out += _cells("信息内容", *(c.label for c in group.columns))
        for row in group.rows:
            out += _cells(row.label, *(values[cell_key("t2", row.key, c.key)] for c in group.columns))
    return out


def _table3(template: Template, values) -> list[str]:
    spec = template.table("t3")
    out = _cells("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况")
    out += _cells("", "自然人", "法人或其他组织", "总计")
    out += _cells("", "", *(c.label for c in APPLICANT_COLUMNS[1:]), "")
    for row in spec.rows:
        labels = [label or "" for label in row.labels]
        out += _cells(*labels, *(values[cell_key("t3", row.key, c.key)] for c in T3_COLUMNS))
    return out


def _table4(values) -> list[str]:
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    out = _cells("行政复议", "行政诉讼")
    out += _cells(*results, "未经复议直接起诉", "复议后起诉")
    out += _cells("", "", "", "", "", *results, *results)
    keys = [cell_key("t4", "counts", f"{g}_{k}") for g, _ in _T4_GROUPS for k in _RESULT_KEYS]
    out += _cells(*(values[k] for k in keys))
    return out


def cell_line(key: str, **kwargs) -> int:
    """The 1-based line of a table cell in the report build_report(**kwargs) renders: the
    report is rendered again with a marker in that cell (same layout, same lines)."""
    marker = "@@CELL@@"
    cells = {**(kwargs.pop("cells", None) or {}), key: marker}
    return find_line(build_report(cells=cells, **kwargs), marker)


def find_line(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line number of the n-th line containing `needle`."""
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise ValueError(f"{needle!r} not found")
