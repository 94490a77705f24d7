"""The extractor of quantities in Chinese prose and the phrase patterns that name table fields."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from govlint.model.clauses import sentence_spans
from govlint.model.quantities import chinese_number, field_of, is_part, quantities


def values(text):
    return [(q.value, q.unit) for q in quantities(text)]


def test_arabic_counts_with_units():
    assert values("共收到申请54件，予以公开20件，发布信息1,234条。") == [(54, "件"), (20, "件"), (1234, "条")]


def test_offsets_cover_number_and_unit():
    text = "本年新收223件，上年结转5件。"
    q = quantities(text)[0]
    assert (text[q.start:q.end], q.phrase) == ("223件", "本年新收")


def test_decimals_and_percentages():
    [amount, pct] = quantities("收费12.5万元，同比增长27.1%。")
    assert (amount.value, amount.unit) == (12.5, "万元")
    assert (pct.value, pct.unit, pct.percent, pct.decimals) == (27.1, "%", True, 1)


def test_full_width_digits_and_percent_sign():
    assert values("回应关切１２次，占３０％。") == [(12, "次"), (30, "%")]


def test_full_width_comma_separates_numbers():
    assert values("分别为100，200件。") == [(200, "件")]


def test_ten_thousand_multiplier():
    assert values("总浏览量13287万次。") == [(132870000, "次")]


def test_longer_units_win():
    assert values("培训260人次，来电16003件次。") == [(260, "人次"), (16003, "件次")]


@pytest.mark.parametrize("text, expected", [
    ("收到申请三件。", [(3, "件")]),
    ("制定十二条措施。", [(12, "条")]),
    ("开展两场培训。", [(2, "场")]),
    ("完成二十个项目。", [(20, "个")]),
    ("印发文件三份。", [(3, "份")]),
])
def test_chinese_numerals_that_count(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "依据《条例》第十二条规定。",      # an article, not a count
    "一次性告知。",                    # an adjective
    "保护个人隐私，统一标准。",
    "一是加强培训。",
    "2019年，本单位推进公开。",        # a year has no unit
    "电话0571-82988052，网址col1229617649。",
])
def test_what_is_not_a_count(text):
    assert values(text) == []


def test_bracketed_and_approximate():
    qs = quantities("主动公开18049条，比去年同期（13152条）增长，约260人次参加，联系20多个单位。")
    flags = [(q.value, q.bracketed, q.approximate) for q in qs]
    assert flags == [(18049, False, False), (13152, True, False), (260, False, True), (20, False, True)]


@pytest.mark.parametrize("text, expected", [("三", 3), ("十二", 12), ("二十", 20), ("一百零五", 105),
                                            ("两千", 2000), ("一二", None)])
def test_chinese_number(text, expected):
    assert chinese_number(text) == expected


def test_sentences():
    text = "甲。乙！丙"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["甲。", "乙！", "丙"]


@pytest.mark.parametrize("text, field", [
    ("全年共收到政府信息公开申请54件。", "received"),
    ("其中本年新收223件。", "new"),
    ("我办共收到依申请公开8件。", "received"),
    ("共受理政府信息公开申请56件。", "received"),
    ("上年结转5件。", "carried"),
    ("结转至下年办理6件。", "carry_next"),
    ("予以公开共74件。", "open"),
    ("“部分公开”的4件。", "partial"),
    ("不予公开23件。", "deny"),
    ("自然人申请206件。", "natural"),
    ("公民个人申请6件。", "natural"),
    ("法人或其他组织申请22件。", "org"),
    ("行政复议申请3件。", "review"),
    ("共收到行政复议申请3件。", "review"),
    ("共收到申请54件。", "received"),
    ("行政诉讼案件2件。", "suit"),
    ("制发规范性文件9件。", "normative"),
    ("公开规章及规范性文件21件。", "rules_normative"),
])
def test_fields(text, field):
    q = quantities(text)[0]
    assert field_of(q, text[:q.start], 2019) == field


@pytest.mark.parametrize("text", [
    "其中区政府收到政府信息公开申请16件。",     # a part of the unit
    "乡镇（街道）收到依申请公开19件。",
    "2018年共收到政府信息公开申请40件。",        # another year
    "比去年增加政府信息公开申请10件。",
    "收到政府信息公开申请约50件。",              # approximate
    "当面申请3件。",                              # no field
    "共收到群众来信5件。",
])
def test_no_field(text):
    q = quantities(text)[-1]
    assert field_of(q, text[:q.start], 2019) is None


def test_part_and_whole():
    assert is_part("其中区政府收到")
    assert not is_part("我街道共收到")
    assert not is_part("各部门共新收")


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["件", "条", "次", "万元", "%"]))
def test_any_number_reads_back(n, unit):
    text = f"共计{n:,}{unit}。"
    [q] = quantities(text)
    assert (q.value, q.unit, text[q.start:q.end]) == (n, unit, f"{n:,}{unit}")


def _old_first_field(phrase):
    """field_of's pick of a field before the needed-words prefilter: every pattern in turn."""
    from govlint.model.quantities import _FIELDS
    return next((name for name, pattern in _FIELDS if pattern.search(phrase)), None)


def test_first_field_matches_the_former_pattern_by_pattern_search():
    """_first_field (patterns tried only when the phrase holds their words) picks the same
    field as searching every pattern in order, on phrases built from the field words,
    connectives and tails, mutated at random."""
    import random
    from govlint.model.quantities import _first_field
    rng = random.Random(17)
    words = ["结转", "下", "一", "年", "度", "上", "新收", "到", "收到", "受理", "答复", "了", "的",
             "政府信息公开", "依申请公开", "信息公开", "申请", "予以公开", "部分公开", "不予公开",
             "无法提供", "不予处理", "其他处理", "自然人", "公民个人", "法人", "或", "和", "及",
             "其他组织", "提出", "行政复议", "行政诉讼", "规章", "与", "、", "规范性文件", "制发",
             "印发", "其中", "件", "数", "共", "为", "达", "类", "”", " ", "我局", "区政府", "办理"]
    tails = ["", "件", "共", "数量为", "的申请数", "” ", "类申请件数达到"]
    seen = set()
    for _ in range(20000):
        phrase = "".join(rng.choice(words) for _ in range(rng.randint(1, 6))) + rng.choice(tails)
        if rng.random() < 0.2 and phrase:
            at = rng.randrange(len(phrase))
            phrase = phrase[:at] + phrase[at + 1:]
        got = _first_field(phrase)
        assert got == _old_first_field(phrase), phrase
        seen.add(got)
    assert len(seen) > 12       # the phrases reach most fields, not only None
