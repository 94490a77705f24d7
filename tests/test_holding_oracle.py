"""JoinedTexts.holding (issue 17, round 15): the texts holding one of some words, found by
str.find of a key character of each word in all the texts joined, against what it replaced,
kept here as the oracle: a regex search of each text (GL401's former may_name_a_field, and an
alternation of the words in general)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model import quantities
from govlint.model.joined_texts import JoinedTexts, keyed_words
from govlint.rules import claims

SETTINGS = dict(max_examples=1500, deadline=None)

# Field words, their pieces, their key characters and neighbours, joined at random: texts
# where a word is cut, overlaps another (新收到), or stands at a text's start or end.
_PIECES = sorted({w[i:j] for w in quantities.FIELD_WORDS for i in range(len(w)) for j in range(i + 1, len(w) + 1)})
TEXT = st.lists(st.sampled_from(_PIECES + ["其他", "公开", "，", "。", " ", "\u3000", "申请", "件", "12", "收", "性"]),
                max_size=12).map("".join)
TEXTS = st.lists(TEXT, max_size=8)


def _old_naming(texts: list[str]) -> set[int]:
    """GL401's test of each paragraph before round 15 (may_name_a_field): a few substring
    tests, then a search for the field words."""
    field_word = re.compile("|".join(quantities.FIELD_WORDS))
    return {i for i, text in enumerate(texts)
            if quantities.holds_any(text, quantities.FIELD_CHARACTERS) and field_word.search(text) is not None}


@settings(**SETTINGS)
@given(TEXTS)
def test_naming_a_field_as_each_text_searched(texts):
    assert quantities.naming_a_field(texts) == _old_naming(texts)


@settings(**SETTINGS)
@given(words=st.lists(st.text(alphabet="abcab\u4e00", min_size=1, max_size=3), min_size=1, max_size=5, unique=True),
       keys=st.text(alphabet="abc\u4e00", min_size=1, max_size=4),
       texts=st.lists(st.text(alphabet="abc\u4e00 ", max_size=12), max_size=6))
def test_holding_as_an_alternation(words, keys, texts):
    if not all(any(k in w for k in keys) for w in words):
        with pytest.raises(ValueError):
            keyed_words(words, keys)
        return
    pattern = re.compile("|".join(map(re.escape, words)))
    expected = {i for i, text in enumerate(texts) if pattern.search(text)}
    assert JoinedTexts(texts).holding(keyed_words(words, keys)) == expected


def test_keyed_words():
    assert keyed_words(["结转", "新收", "收到"], "转收") == (("转", (("结转", 1),)), ("收", (("新收", 1), ("收到", 0))))
    assert JoinedTexts(["收到", "x", "新收到"]).holding(keyed_words(["新收", "收到"], "收")) == {0, 2}


_CLAIM_WORDS = claims._PREFILTER.pattern.split("|")
_CLAIM_PIECES = sorted({w[i:j] for w in _CLAIM_WORDS for i in range(len(w)) for j in range(i + 1, len(w) + 1)})
CLAIM_TEXTS = st.lists(st.lists(st.sampled_from(_CLAIM_PIECES + ["均已", "，", "。", " ", "办理", "未"]),
                                max_size=12).map("".join), max_size=8)


def _old_claim_paragraphs(texts: list[str]) -> set[int]:
    """GL404's test of each paragraph before round 15."""
    return {i for i, text in enumerate(texts)
            if quantities.holds_any(text, claims._PREFILTER_CHARACTERS) and claims._PREFILTER.search(text)}


@settings(**SETTINGS)
@given(CLAIM_TEXTS)
def test_claim_paragraphs_as_each_text_searched(texts):
    assert JoinedTexts(texts).holding(claims._PREFILTER_KEYED) == _old_claim_paragraphs(texts)
