"""The fast paths of the prose rules (issue 17) against the paths they replaced, kept here
as oracles: each fast path only skips text where the old one found nothing."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.rules import typography

SETTINGS = dict(max_examples=600, deadline=None)

DOC_TEXT = st.lists(st.sampled_from(list("国办发函字令〔〕[]【】()（）［］第号 012349杭政，。") + ["2019", "19", "014"]),
                    max_size=30).map("".join)


@settings(**SETTINGS)
@given(DOC_TEXT)
def test_document_numbers_need_the_tail_the_prefilter_looks_for(text):
    """GL603 passes over a paragraph without 〔年份〕序号号: DOC_NUMBER never matches there."""
    if not typography._DOC_NUMBER_TAIL.search(text):
        assert typography.DOC_NUMBER.search(text) is None


def test_the_document_number_prefilter_lets_numbers_through():
    for text in ("国办发[2019]14号", "杭政办〔19〕第014号", "浙政发（2020） 3 号"):
        assert typography._DOC_NUMBER_TAIL.search(text) and typography.DOC_NUMBER.search(text)


@settings(**SETTINGS)
@given(st.text(st.sampled_from(list("〇零○OＯ0０一二三四五六七八九十年 度")), max_size=30))
def test_chinese_years_need_nian(text):
    """GL604 passes over a paragraph without 年."""
    if "年" not in text:
        assert typography.CN_YEAR.search(text) is None
