"""The optimised path (one-pass parse, one timer per report, diagnostics born with their path
and severity, prose read once per report) gives exactly the findings of the previous path,
kept as a test-only oracle (tests/oracle.py: ReferenceLinter): 1 000 builder reports with
random defects in their tables, prose, headings and lines, linted by every rule both ways."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import build_report, edit_lines, template_for
from oracle import ReferenceLinter, findings, reference_section_shingles, section_shingles
from govlint.config.settings import Config
from govlint.read.text import InputError
from govlint.run.engine import Linter

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# A configured severity, so that the findings born with it are checked too.
CONFIG = dict(severity={"GL201": "warning", "GL601": "info", "GL801": "error"})
FAST = Linter(Config(**CONFIG))
REFERENCE = ReferenceLinter(Config(**CONFIG), digests=False)

PLACES = ["杭州市西湖区", "宁波市海曙区", "温州市鹿城区", "北京市海淀区", "上海市浦东新区", "广州市天河区"]
# Prose, with the kinds of defects the rules look for: years, brackets, punctuation, doubled
# words, confusable words, enumerations, personal data, counts that disagree with the tables,
# document numbers, numeral zero, other places' names, percentages.
SENTENCES = [
    "本年度，本机关共收到政府信息公开申请{n}件，其中自然人申请{m}件。",
    "全年主动公开政府信息{n}条，较上年增长{m}%。",
    "{y}年，我区认真落实《中华人民共和国政府信息公开条例》。",
    "按照杭政办〔{y}〕{m}号文件要求，做好公开工作。",
    "按照杭政办[{y}]{m}号文件要求，做好公开工作。",
    "二〇{yy}年，本机关组织培训{n}场次（参训人员{m}人次。",
    "二O{yy}年公开工作取得新进展)。",
    "一是加强组织领导；三是强化监督检查；二是完善制度。",
    "本机关的的政务公开工作稳步推进,公开质量不断提高.",
    "联系人：张三，电话13812345678，身份证号330106198001011234。",
    "因政府信息公开工作被纠错{n}件，行政诉讼{m}件。",
    "本年度未收到政府信息公开申请，无行政复议、行政诉讼情况。",
    "{place}政务公开工作做到了应公开尽公开。",
    "收到申请{n}件，办结{m}件，结转下年度继续办理{k}件。",
    "主动公开规范性文件{n}件，其中新制发{m}件，废止{k}件。",
    "行政处罚{n}件，行政许可{m}件，收费金额{k}.5万元。",
    "下一步，将进一步加强政务公开标准化规范化建设。",
    "本年度政府信息公开工作年度报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    "本报告根据《条例》要求编制。", "联系电话：0571-12345678。", "如对本报告有疑问，请与我们联系。",
    "本报告电子版可在门户网站下载。", "全文包括总体情况等六个部分。",
]


def _cell_keys(year: int) -> list[str]:
    template = template_for(year)
    return sorted({k for r in template.relations for k in r.left + r.right})


@st.composite
def defective_reports(draw) -> str:
    year = draw(st.sampled_from([2019, 2020, 2021, 2022]))
    place = draw(st.sampled_from(PLACES))
    results = {"open": {"natural": draw(st.integers(0, 90)), "business": draw(st.integers(0, 9))},
               "cannot_3": {"natural": draw(st.integers(0, 9))}}
    cells = {}
    for key in draw(st.lists(st.sampled_from(_cell_keys(year)), max_size=3, unique=True)):
        cells[key] = draw(st.sampled_from(["", "无", "-2", "３", "1,000", "12", "0", "若干", str(draw(st.integers(0, 99)))]))

    def prose():
        out = []
        for _ in range(draw(st.integers(0, 4))):
            chosen = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4))
            out.append("".join(s.format(n=draw(st.integers(0, 120)), m=draw(st.integers(0, 40)),
                                         k=draw(st.integers(0, 9)), y=draw(st.sampled_from([year, year - 1, year + 1])),
                                         yy=str(year)[2:], place=draw(st.sampled_from(PLACES))) for s in chosen))
        return out

    headings = {}
    if draw(st.booleans()):
        headings[draw(st.integers(1, 6))] = draw(st.sampled_from([None, "三、依申请公开情况", "总体情况", "五、存在的问题"]))
    order = draw(st.sampled_from([None, None, None, [1, 2, 4, 3, 5, 6], [2, 1, 3, 4, 5, 6]]))
    text = build_report(year=year, place=place, results=results, carry_next={"natural": draw(st.integers(0, 5))},
                        review=tuple(draw(st.integers(0, 4)) for _ in range(4)), cells=cells,
                        prose={1: prose(), 5: prose(), 6: prose()}, headings=headings, order=order,
                        newline=draw(st.sampled_from(["\n", "\n", "\r\n"])))
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 3))):          # a few lines moved, doubled or dropped
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        edit_lines(lines, draw(st.sampled_from(["delete", "repeat", "swap", "tab"])), i, j)
    return "\n".join(lines)


def _lint(linter, text: str):
    try:
        result = linter.lint_text(text, "report.txt")
    except InputError as e:
        return ("refused", str(e)), None
    return findings(result), result


@settings(max_examples=1000, **SETTINGS)
@given(defective_reports())
def test_the_optimised_path_finds_what_the_previous_path_finds(text):
    """Every rule's findings, and what the corpus rules (GL7xx) will read of the prose."""
    (fast, result), (reference, before) = _lint(FAST, text), _lint(REFERENCE, text)
    assert fast == reference
    if result is not None:
        assert section_shingles(result.digest) == reference_section_shingles(before.report)


def test_the_oracle_is_not_trivially_equal():
    """The comparison sees findings: a defective report has some, with path and severity set."""
    text = build_report(year=2021, cells={"t3.open.natural": "无"}, prose={1: ["本机关的的工作,稳步推进."]})
    fast, reference = _lint(FAST, text)[0], _lint(REFERENCE, text)[0]
    assert fast == reference and len(fast) >= 3
    assert {f[0] for f in fast} == {"report.txt"}
    assert any(f[7] == "GL601" and f[9] == "info" for f in fast)


def test_a_findings_json_object_is_what_dataclasses_asdict_gave():
    """Diagnostic.to_dict writes the fields out by hand (no deep copy): the same keys in the
    same order and the same values as asdict, so a new field cannot be forgotten."""
    from dataclasses import asdict, fields

    from govlint.results.diagnostic import Diagnostic, Fix, Location
    for d in (Diagnostic("a.txt", 1, 2, 1, 5, 1, 4, "GL201", "row-total", "error", "m"),
              Diagnostic("a.docx", 3, 1, 3, 2, 9, 10, "GL301", "blank-cell", "warning", "m", Fix("0"),
                         Location(table=1, row=2, col=3, quote="q"))):
        expected = asdict(d)
        expected["fix"] = {"replacement": d.fix.replacement, "applicability": d.fix.applicability} if d.fix else None
        expected["location"] = d.location.to_dict() if d.location else None
        assert list(d.to_dict().items()) == list(expected.items())
        assert list(d.to_dict()) == [f.name for f in fields(Diagnostic)]
