"""GL1xx structure rules: the six sections, their order and headings, the template version
and the tables' rows, columns and labels."""
from __future__ import annotations

import difflib

from govlint import hookimpl
from govlint.results.diagnostic import Fix
from govlint.syntax.outline import split_heading
from govlint.plugins.rule import Rule
from govlint.model.templates.sections import SECTIONS
from govlint.syntax.labels import norm_label


class MissingSection(Rule):
    """模板规定的六个部分（一至六）缺少其中之一。

    为什么：年度报告须按统一格式包含全部六个部分；缺少部分即报告不完整，
    例如没有“六、其他需要报告的事项”时，读者无法知道是否另有事项。

    错误示例：报告写完“五、存在的主要问题及改进情况”即结束
    正确示例：其后还有“六、其他需要报告的事项”（没有事项也写“无”）
    """

    code, name, severity = "GL101", "missing-section", "error"

    def check(self, report):
        document = report.document
        found = {s.number for s in document.sections}
        for spec in SECTIONS:
            if spec.number in found:
                continue
            after = [s for s in document.sections if s.number > spec.number]
            at = after[0].heading if after else (document.sections[-1].heading if document.sections
                                                 else (document.title[0] if document.title else document))
            yield self.diagnostic(at, f"缺少第{spec.ordinal}部分“{spec.heading}”")


class SectionOrder(Rule):
    """六个部分都在，但顺序与模板不同。

    为什么：统一的顺序让读者和汇总人员能在同一位置找到同一内容。

    错误示例：“五、存在的主要问题及改进情况”写在“四、政府信息公开行政复议、行政诉讼情况”之前
    正确示例：按一、二、三、四、五、六的顺序排列
    """

    code, name, severity = "GL102", "section-order", "error"

    def check(self, report):
        highest = 0
        for section in report.document.sections:
            if section.number < highest:
                spec = SECTIONS[section.number - 1]
                previous = SECTIONS[highest - 1]
                yield self.diagnostic(section.heading, f"第{spec.ordinal}部分“{spec.titles[0]}”应在第"
                                                       f"{previous.ordinal}部分“{previous.titles[0]}”之前")
            highest = max(highest, section.number)


class SectionHeading(Rule):
    """部分标题缺少序号（一、…六、）、序号不对、序号写法与模板不同，或用语与模板不同
    （含 2019 年以前报告的旧用语）。

    为什么：标题是模板的一部分，审阅者按标题查找内容；“五”的长短两种写法
    （政府信息公开工作存在的主要问题及改进情况 / 存在的主要问题及改进情况）都符合要求。
    序号写作“3、”“三.”“第三部分”“三 ”或带 Markdown 标记“## 三、”时，仍认作该部分的标题
    （不报告缺少该部分），只报告标题写法。

    错误示例：存在的主要问题及改进情况          （缺少“五、”）
    错误示例：四、存在的主要问题及改进情况      （序号应为“五、”）
    错误示例：3、收到和处理政府信息公开申请情况  （序号应写作“三、”）
    错误示例：三、依申请公开政府信息情况        （旧模板用语）
    正确示例：五、存在的主要问题及改进情况
    """

    code, name, severity = "GL103", "section-heading", "error"
    fixable = "unsafe"

    def check(self, report):
        for section in report.document.sections:
            heading = section.heading
            stripped = heading.stripped
            number = section.number
            if (number, stripped) in _AS_TEMPLATE:
                continue        # as the template writes it: none of the findings below
            spec = SECTIONS[number - 1]
            parts = split_heading(stripped)
            ordinal, title = parts.ordinal, parts.title
            titles, formers = _WORDINGS[number - 1]
            title_key = norm_label(title)
            wording, former = titles.get(title_key), formers.get(title_key)
            if ordinal == spec.ordinal and parts.as_template and former is None and wording is not None:
                _as_template(number, stripped)
                continue
            expected = f"{spec.ordinal}、{wording or _closest(title, spec.titles)}"
            lead = len(heading.text) - len(heading.text.lstrip(" \u3000"))
            span = report.span(heading.span.offset + lead, heading.span.end_offset)
            fix = Fix(expected, safe=False)
            written = parts.prefix.strip(" \u3000") + (" " if parts.style == "spaced" else "")
            if ordinal is None:
                yield self.diagnostic(span, f"标题缺少序号“{spec.ordinal}、”，应为“{expected}”", fix)
            elif ordinal != spec.ordinal:
                yield self.diagnostic(span, f"标题序号应为“{spec.ordinal}、”，实为“{written}”；应为“{expected}”", fix)
            elif not parts.as_template:
                yield self.diagnostic(span, f"标题序号应写作“{spec.ordinal}、”，实为“{written}”；应为“{expected}”", fix)
            elif former is not None:
                yield self.diagnostic(span, f"标题“{heading.stripped}”是 2019 年以前报告的用语，应为“{expected}”", fix)
            elif wording is None:
                yield self.diagnostic(span, f"标题“{heading.stripped}”与模板用语不同，应为“{expected}”", fix)


def _first_by_key(wordings: tuple[str, ...]) -> dict[str, str]:
    """norm_label(w) -> the first of the wordings with that key: what
    next(w for w in wordings if norm_label(w) == key) finds, in one dict lookup."""
    found: dict[str, str] = {}
    for wording in wordings:
        found.setdefault(norm_label(wording), wording)
    return found


# Each section's (titles, former wordings) by their normalised keys, made once per process:
# GL103 looked each heading's key up by normalising every title of its section again.
_WORDINGS = tuple((_first_by_key(spec.titles), _first_by_key(spec.former)) for spec in SECTIONS)

# (section number, heading text) of headings found written as the template writes them: the
# template's six headings, which report after report repeats word for word (GL103 reads such
# a heading no further). Bounded: cleared when it grows past _MAX_AS_TEMPLATE.
_AS_TEMPLATE: set[tuple[int, str]] = set()
_MAX_AS_TEMPLATE = 512


def _as_template(number: int, text: str) -> None:
    if len(_AS_TEMPLATE) >= _MAX_AS_TEMPLATE:
        _AS_TEMPLATE.clear()
    _AS_TEMPLATE.add((number, text))


def _closest(title: str, titles: tuple[str, ...]) -> str:
    return max(titles, key=lambda t: difflib.SequenceMatcher(None, norm_label(title), norm_label(t)).ratio())


class TemplateVersion(Rule):
    """表格或表格中的行所用模板与报告年度不符：2021 年及以后的报告用了 2019 年模板，或反之；
    一份报告中各表所用模板不同时，逐表（逐行）报告。

    为什么：2019 年度、2020 年度报告按国办公开办函〔2019〕60号填报；2021 年度起按
    国办公开办函〔2021〕30号填报（表二改为本年制发件数/本年废止件数/现行有效件数等，
    删去政府集中采购，（六）其他处理分为三项）。用错模板，数据无法汇总比对。
    每张表按它实际所用的模板读取和核对，因此混用模板不会引出一连串的表格结构和勾稽错误。

    错误示例：2021年度报告的表二仍有“本年新制作数量”“政府集中采购”
    错误示例：2021年度报告的表三“（六）其他处理”只有一行         （应分为三项）
    错误示例：2021年度报告的表二第二十条第（九）项下有“政府集中采购”一行
    正确示例：2021年度报告的表二为“本年制发件数、本年废止件数、现行有效件数”
    """

    code, name, severity = "GL104", "template-version", "error"

    def check(self, report):
        model, year = report.model, report.meta.year
        if year is None:
            return
        expected = next((t for t in model.known_templates if t.applies_to(year)), None)
        if expected is None:
            return
        from govlint.model.template_model import own_labels_found

        for key, followed in model.followed.items():
            read = model.tables.get(key)
            if followed.applies_to(year) or read is None:
                continue
            shown = own_labels_found({key: read.node}, model.known_templates, key)[followed.key][:3]
            evidence = "、".join(f"“{label}”" for label in shown)
            yield self.diagnostic(read.node, f"这是 {year} 年度的报告，{read.spec.title.split()[0]}应按{expected.name}"
                                             f"的模板填报，但实际按{followed.name}的模板填报（{evidence}）")
        for row in model.foreign_rows:
            if row.template.applies_to(year):
                continue
            short = (expected.table(row.table) or model.template.table(row.table)).title.split()[0]
            yield self.diagnostic(row.node, f"这是 {year} 年度的报告，{short}应按{expected.name}的模板填报，"
                                            f"但{row.label}是{row.template.name}模板的写法")


class TableStructure(Rule):
    """模板表格（表二、表三、表四）的行、列或标签缺少、重复、多余，或一行的单元格数不对。

    为什么：表格的行列与模板一一对应，才能逐项核对和汇总；标签被数字覆盖、
    漏行或多出单元格，往往意味着数字填错了位置。

    表格中途中断（报告在表格中间结束）时，在最后一行报告一次，列出缺少的各行；
    缺少的单元格不按 0 参与勾稽关系的核对。

    错误示例：表三“（三）不予公开”下第一行的标签单元格填了 0，而不是“1.属于国家秘密”
    正确示例：标签单元格为“1.属于国家秘密”，其后七个单元格为数字
    错误示例：表三写到“（五）不予处理 1.信访举报投诉类申请”一行即结束
    正确示例：表三写完“四、结转下年度继续办理”一行
    """

    code, name, severity = "GL105", "table-structure", "error"

    def check(self, report):
        for issue in report.model.issues:
            yield self.diagnostic(issue.node, issue.message)


@hookimpl
def govlint_rules():
    return [MissingSection, SectionOrder, SectionHeading, TemplateVersion, TableStructure]
