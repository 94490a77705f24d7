"""GL801 repeated-word, GL802 confusable-word, GL803 enumeration-order: our own sentences,
each firing case at its exact line and column, and near misses that must stay silent."""
from __future__ import annotations

import pytest

from builder import build_report, find_line
from govlint.config.settings import Config
from govlint.run.engine import Linter

INTRO = "本年度政务公开情况如下。\n"


def lint(code: str, *lines: str, config: Config | None = None):
    """Lint a short text whose lines 2… are `lines`."""
    text = INTRO + "\n".join(lines) + "\n"
    return text, Linter(config, select=[code]).lint_text(text).diagnostics


def spans(text: str, found) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, text[d.offset:d.end_offset]) for d in found]


def apply(text: str, found) -> str:
    for d in sorted(found, key=lambda d: -d.offset):
        text = text[:d.offset] + d.fix.replacement + text[d.end_offset:]
    return text


# ---------------------------------------------------------------- GL801
@pytest.mark.parametrize("sentence, repeat, fixed", [
    ("本年度进行进行了两次业务培训。", "进行", "本年度进行了两次业务培训。"),
    ("及时公开的的政府信息。", "的", "及时公开的政府信息。"),
    ("规章和和规范性文件全部公开。", "和", "规章和规范性文件全部公开。"),
    ("坚持公开为常态，不公开为例外不公开为例外，依法答复。", "不公开为例外", "坚持公开为常态，不公开为例外，依法答复。"),
    ("我们持续推进重点领域信息公开，持续推进重点领域信息公开，取得实效。", "持续推进重点领域信息公开",
     "我们持续推进重点领域信息公开，取得实效。"),
])
def test_repeat_is_reported_at_the_second_copy_and_dropped(sentence, repeat, fixed):
    text, found = lint("GL801", sentence)
    (d,) = found
    assert (d.code, d.rule, d.severity, d.line) == ("GL801", "repeated-word", "warning", 2)
    assert repeat in d.message
    assert apply(text, found) == INTRO + fixed + "\n"


def test_column_points_at_the_repeat():
    text, found = lint("GL801", "全年进行进行培训。")
    assert spans(text, found) == [(2, 5, "进行")]
    assert found[0].fix.safe


def test_long_repeat_fix_is_not_automatic():
    text, found = lint("GL801", "我们持续推进重点领域信息公开，持续推进重点领域信息公开，取得实效。")
    (d,) = found
    assert (d.column, text[d.offset:d.end_offset]) == (15, "，持续推进重点领域信息公开")
    assert d.fix.replacement == "" and not d.fix.safe


@pytest.mark.parametrize("mark", ["！", "？", "：", "!", "?", ":"])
def test_clause_repeated_after_an_exclamation_question_or_colon_mark(mark):
    text, found = lint("GL801", f"我们持续推进依法行政工作{mark}持续推进依法行政工作{mark}")
    (d,) = found
    assert text[d.offset:d.end_offset] == f"{mark}持续推进依法行政工作"


@pytest.mark.parametrize("sentence", [
    "紧紧围绕中心工作，常常深入基层，一一答复，层层压实责任，人人参与。",
    "天天更新，年年考核，步步推进，个个落实，渐渐形成制度，往往事半功倍。",
    "实实在在为群众办事，家家户户知晓政策，认认真真做好公开。",
    "一步一步推进，一件一件落实。",
    "围绕管理理念转变，改进工作作风，公开开展评议。",        # doubled characters across two words
    "为了了解群众需求，我们的确做了调研。",                  # 为了 + 了解
    "实现公开目的的关键在于落实。",                          # 目的 + 的
    "促进公众参与与监督，保持社会和谐与稳定。",              # 参与 + 与
    "现在在线办理的事项涉及及时答复。",                      # 现在 + 在线, 涉及 + 及时
    "下一步将将来的工作做好。",                              # not a slip: 将 + 将来
    "统计11件申请，2020年2021年均有增长。",                   # numbers
    "研究研究再决定。",                                     # allowed reduplication
    "开展业务工作工作量统计。",                              # 工作 + 工作量
    "访问http://www.example.gov.cn/aa/aa/index.html查看。",   # URL
])
def test_legitimate_doubling_is_silent(sentence):
    assert lint("GL801", sentence)[1] == []


def test_table_cells_and_table_headers_are_not_checked():
    text = build_report(cells={"t3.new.natural": "进行进行"}, prose={4: ["结果结果其他尚未", "总计总计"]})
    assert Linter(select=["GL801"]).lint_text(text).diagnostics == []


def test_in_a_built_report_the_line_is_exact():
    text = build_report(prose={2: ["全年主动公开政府信息信息，及时更新。"]})
    (d,) = Linter(select=["GL801"]).lint_text(text).diagnostics
    assert d.line == find_line(text, "全年主动公开政府信息信息")
    assert text[d.offset:d.end_offset] == "信息"


# ---------------------------------------------------------------- GL802
@pytest.mark.parametrize("sentence, wrong, right", [
    ("认真做好工作布署。", "布署", "部署"),
    ("各项工作按步就班推进。", "按步就班", "按部就班"),
    ("我们将一如继往做好公开。", "一如继往", "一如既往"),
    ("再接再励，推动公开工作迈上新台阶。", "再接再励", "再接再厉"),
    ("截止2023年底，共发布信息500条。", "截止", "截至"),
    ("截止 12月31日，均已答复。", "截止", "截至"),
    ("截止目前，无行政复议案件。", "截止", "截至"),
    ("服务“一带一路”战略，做好涉外信息发布。", "“一带一路”战略", "“一带一路”倡议"),
    ("根据《中华人民共和国信息公开条例》规定。", "中华人民共和国信息公开条例", "中华人民共和国政府信息公开条例"),
    ("依法答覆申请人。", "答覆", "答复"),
])
def test_wrong_form_is_reported_and_fixed(sentence, wrong, right):
    text, found = lint("GL802", sentence)
    (d,) = found
    assert (d.code, d.rule, d.severity, d.line, d.column) == ("GL802", "confusable-word", "warning", 2,
                                                              sentence.index(wrong) + 1)
    assert text[d.offset:d.end_offset] == wrong
    assert d.fix.replacement == right and d.fix.safe
    assert f"“{wrong}”应写作“{right}”" in d.message and "依据" in d.message


@pytest.mark.parametrize("sentence", [
    "在门户网站发布署名文章。",                 # 发布 + 署名
    "申请的截止日期为2023年12月31日。",          # 截止 as a deadline
    "报名截止，截止到2023年底共受理申请。",       # 截止到 is right
    "面对严峻工作形势。",                        # 严峻 + 工作
    "全部暑期值班安排已公开。",                  # 全部 + 暑期
    "推动“一带一路”倡议与区域战略对接。",
    "建设“一带一路”战略支点城市。",
    "根据《中华人民共和国政府信息公开条例》规定。",
])
def test_right_forms_are_silent(sentence):
    assert lint("GL802", sentence)[1] == []


def test_pairs_from_configuration_and_allow():
    config = Config(rules={"confusable-word": {"extra": {"帐户": "账户", "公开栏目录": {"right": "公开目录",
                                                                                   "source": "本地规定"}},
                                               "allow": ["布署"]}})
    text, found = lint("GL802", "开设帐户，更新公开栏目录，工作布署。", config=config)
    assert [(text[d.offset:d.end_offset], d.fix.replacement) for d in found] == [("帐户", "账户"),
                                                                                 ("公开栏目录", "公开目录")]
    assert "本地规定" in found[1].message


def test_pairs_from_a_plugin(monkeypatch):
    linter = Linter(select=["GL802"])
    for rule in linter.rules:
        rule.data = {"confusable-words": {"浙江政务服务网站": "浙江政务服务网"}}
    found = linter.lint_text(INTRO + "通过浙江政务服务网站公开。\n").diagnostics
    assert [(d.column, d.fix.replacement) for d in found] == [(3, "浙江政务服务网")]


def test_every_data_line_has_four_columns_and_a_source():
    from govlint.rules.confusable_words import DATA, builtin_confusables
    lines = [line for line in (DATA / "confusables.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines[0].split("\t") == ["wrong", "right", "context", "source"]
    assert all(len(line.split("\t")) == 4 for line in lines[1:])
    assert all(c.source and c.wrong != c.right for c in builtin_confusables())


def test_title_is_checked_and_cells_are_not():
    text = build_report(title=["2023年政府信息公开工作布署报告"], cells={"t3.new.natural": "布署"})
    found = Linter(select=["GL802"]).lint_text(text).diagnostics
    assert [d.line for d in found] == [find_line(text, "工作布署报告")]


# ---------------------------------------------------------------- GL803
@pytest.mark.parametrize("sentence, marker, words", [
    ("一是加强组织领导；二是完善工作制度；四是强化监督检查。", "四是", ["跳号", "“二是”之后是“四是”", "缺少“三是”"]),
    ("一是加强组织领导；二是完善制度；二是强化监督。", "二是", ["重复", "应为“三是”"]),
    ("（一）加强领导。（二）完善制度。（四）强化监督。", "（四）", ["缺少“（三）”"]),
    ("主要措施：1.加强领导；2.完善制度；2.强化监督。", "2.", ["重复", "应为“3.”"]),
    ("主要措施：1、加强领导；3、完善制度。", "3、", ["缺少“2、”"]),
    ("第一，加强领导；第二，完善制度；第四，强化监督。", "第四", ["缺少“第三”"]),
    ("（1）加强领导；（2）完善制度；（5）强化监督。", "（5）", ["缺少“（3）”、“（4）”"]),
])
def test_enumeration_out_of_order_in_a_paragraph(sentence, marker, words):
    text, found = lint("GL803", sentence)
    (d,) = found
    at = sentence.rindex(marker) if "重复" in words[0] else sentence.index(marker)
    assert (d.code, d.rule, d.severity, d.line, d.column) == ("GL803", "enumeration-order", "warning", 2, at + 1)
    assert text[d.offset:d.end_offset] == marker
    assert all(w in d.message for w in words), d.message
    assert d.fix is None


def test_a_swap_is_reported_at_both_numbers():
    text, found = lint("GL803", "一是加强领导；三是完善制度；二是强化监督。")
    assert [(text[d.offset:d.end_offset], "跳号" in d.message, "顺序颠倒" in d.message) for d in found] == [
        ("三是", True, False), ("二是", False, True)]


def test_order_reversed_is_named():
    text, found = lint("GL803", "一是加强领导；二是完善制度；三是落实责任；二是强化监督。")
    assert "顺序颠倒" in found[0].message and "应为“四是”" in found[0].message


def test_subheadings_continue_across_paragraphs_of_a_section():
    text = build_report(prose={1: ["（三）政府信息管理。规范发布流程。", "（三）平台建设。优化网站栏目。"]})
    found = Linter(select=["GL803"]).lint_text(text).diagnostics
    # The builder's section 一 has （一）; then （三） skips （二）, then （三） repeats.
    assert [(d.line, d.column) for d in found] == [(find_line(text, "（三）政府信息管理"), 1),
                                                   (find_line(text, "（三）平台建设"), 1)]


def test_paragraph_points_continue_and_restart():
    lines = ["一是加强领导。", "二是完善制度。", "四是强化监督。"]
    text, found = lint("GL803", *lines)
    assert spans(text, found) == [(4, 1, "四是")]


@pytest.mark.parametrize("lines", [
    ["一是加强领导；二是完善制度。", "一是公开内容不够全面；二是解读形式单一。"],   # a new paragraph restarts
    ["（一）存在问题。一是内容不全；二是形式单一。（二）改进措施。一是加强培训；二是完善制度。"],
    ["1、加强领导。一是健全机构；二是明确职责。", "2、完善制度。一是修订目录；二是规范流程。"],
    ["根据《条例》第二十条第（一）项、第（五）项规定主动公开。"],
    ["1、2、3月份共受理申请3件，增长1.5%。"],
    ["统一是前提，唯一是目标。"],
    ["第一时间发布，第一解读人职责落实，第三方评估。"],
    ["二是完善制度；三是强化监督。"],                                       # the first item may be elsewhere
    ["[bookmark: _GoBack]一是加强领导。", "二是完善制度。"],
])
def test_ordered_and_unrelated_numbers_are_silent(lines):
    assert lint("GL803", *lines)[1] == []


def test_a_new_section_restarts_subheadings_and_table_debris_is_skipped():
    prose = {1: ["（二）依申请公开。全年受理申请。"], 2: ["（一）规章。"], 3: ["（三）不", "（五）不予处理"]}
    text = build_report(prose=prose)
    assert Linter(select=["GL803"]).lint_text(text).diagnostics == []
