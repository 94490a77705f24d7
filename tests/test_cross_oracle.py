"""GL401-GL404 fast paths (issue 17, round 13) against the code they replaced, kept here as
oracles: each rewritten helper gives what the old one gave, on phrases and paragraphs built
from the words the rules look for, cut and joined at random."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model import quantities

SETTINGS = dict(max_examples=1500, deadline=None)

# Field words, their pieces and their neighbours (新收到: two words that overlap).
_FIELD_PIECES = sorted({w[i:j] for w in quantities.FIELD_WORDS for i in range(len(w)) for j in range(i + 1, len(w) + 1)}
                       | {piece for _, p in quantities.FIELD_PATTERNS for piece in re.findall(r"[\u4e00-\u9fff]+", p)})
PHRASE = st.lists(st.sampled_from(_FIELD_PIECES + list(quantities.SUBUNIT_WORDS) + list(quantities.WHOLE_MARKERS)
                                  + ["收到", "新收到", "申请", "政府信息公开", "上年度", "下一年", "法人", "或", "规章",
                                     "、", "的", "数量", "为", "共计", "”", " ", "件", "去年", "比", "其中"]),
                  max_size=9).map("".join)


def _old_first_field(phrase: str) -> str | None:
    """field_of's pick before round 13: every pattern's needed words in turn, after one
    search for any field word."""
    if not quantities._FIELD_WORD.search(phrase):
        return None
    for name, search, words in quantities._FIELDS_WORDS:
        if quantities.holds_needed_words(phrase, words) and search(phrase):
            return name
    return None


def _old_is_part(phrase: str) -> bool:
    if not any(w in phrase for w in quantities.SUBUNIT_WORDS):
        return False
    return not any(m in phrase for m in quantities.WHOLE_MARKERS)


@settings(**SETTINGS)
@given(PHRASE)
def test_first_field_tries_only_the_patterns_its_words_key(phrase):
    """_first_field tries the patterns keyed by the field words findall reports (and those
    of words overlapping them): it picks what trying every pattern in turn picks."""
    assert quantities._first_field(phrase) == _old_first_field(phrase)
    assert quantities._first_field(phrase) == next((n for n, p in quantities._FIELDS if p.search(phrase)), None)


def _merged(a: str, b: str) -> list[str]:
    """`a` and `b` written so that they share characters, at each shift where they can."""
    out = []
    for shift in range(1, len(a)):
        if b.startswith(a[shift:]):
            out.append(a[:shift] + b)
    return out


def test_first_field_on_overlapping_field_words():
    """Two field words sharing characters (新收到), findall reporting only the first, before
    the tails the patterns end in: every pair of words at every shift."""
    tails = ["", "了申请", "的申请", "申请", "件", "的政府信息公开申请数量为", "答复了申请", "提出的", "”数"]
    words = list(quantities.FIELD_WORDS) + ["法人或其他组织", "规章和规范性文件", "上年结转", "结转下年度"]
    tried = 0
    for a in words:
        for b in words:
            for merged in _merged(a, b) + [a + b]:
                for tail in tails:
                    phrase = merged + tail
                    assert quantities._first_field(phrase) == _old_first_field(phrase), phrase
                    tried += 1
    assert tried > 2000


def test_every_field_pattern_is_keyed_by_a_field_word():
    """No pattern is left to be tried on every phrase, and the overlapping pair 新收/收到
    keys the patterns of both."""
    assert quantities._UNKEYED == ()
    names = [name for name, _, _ in quantities._FIELDS_WORDS]
    assert {names[i] for i in quantities._PATTERNS_OF_WORD["新收"]} == {"new", "received"}
    assert quantities._FIELD_WORD.findall("新收到了申请") == ["新收"]
    assert quantities._first_field("新收到了申请") == _old_first_field("新收到了申请") == "received"


def test_overlap():
    assert quantities._overlap("新收", "收到") and quantities._overlap("收到", "新收")
    assert quantities._overlap("行政复议", "复议") and quantities._overlap("ab", "ab")
    assert not quantities._overlap("予以公开", "部分公开") and not quantities._overlap("ab", "cd")


@settings(**SETTINGS)
@given(PHRASE)
def test_is_part_searches_what_the_substring_tests_found(phrase):
    assert quantities.is_part(phrase) == _old_is_part(phrase)


def _overlap_by_shifts(a: str, b: str) -> bool:
    """_overlap as first written: every placement of `b` against `a` that shares a character."""
    return any(all(a[i] == b[i - shift] for i in range(max(0, shift), min(len(a), len(b) + shift)))
               for shift in range(1 - len(b), len(a)))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="收新到申请公开", min_size=1, max_size=6), st.text(alphabet="收新到申请公开", min_size=1, max_size=6))
def test_overlap_equals_the_test_of_every_shift(a, b):
    assert quantities._overlap(a, b) == _overlap_by_shifts(a, b)
