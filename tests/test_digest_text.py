"""The digest's text helpers (govlint.model.similarity, unstock.unstock) against the plain
forms they replaced for speed (issue 17): sentences and clauses found by one findall are
those a split gives, and a paragraph loses the same stock sentences."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model.unstock import (_AFTER_A_BREAK, _AFTER_AN_END, _ANCHORED, _UNANCHORED, may_hold_stock, unstock,
                                 unstock_at_start, unstock_joined)
from govlint.model.pattern_words import holds_needed_words, needed_words, with_characters
from govlint.model.similarity import MIN_CLAUSE_CHARS, _DIGITS, clauses, sentence_texts
from govlint.model.templates.wording import STOCK_SENTENCES

# The pieces prose is made of here: sentence ends, clause breaks, blanks of every kind,
# digits, place names, and the words of the stock sentences.
PIECES = list("。；;！!？?，,：:、（）()“”\"‘’'《》〈〉〔〕【】[]…—-·/|") + [
    " ", "\u3000", "\u00a0", "\n", "\t", "\x1c", "\u2028", "12", "３", "2.5", "拱墅区", "拱墅", "字", "abc",
    "本报告根据条例编制", "全文包括总体情况", "统计期限为2020年", "如对本报告有疑问", "本年度报告电子版可在网站下载",
    "联系电话：", " 地址:", "邮箱", "传真 ："]
PROSE = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
MASKS = ("拱墅区", "拱墅")

_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")
# similarity._DIGITS as it was written before it was led by one class (the same matches).
_DIGITS_AS_BEFORE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:、！!？?\s\u3000\u00a0（）()“”\"‘’'《》〈〉〔〕【】\[\]…—\-·/|]+")


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def split_clauses(text: str, masks=()) -> list[str]:
    for name in masks:
        text = text.replace(name, "@")
    text = _DIGITS_AS_BEFORE.sub("#", text)
    return [c for c in _CLAUSE_BREAK.split(text) if len(c) >= MIN_CLAUSE_CHARS]


def unstock_sentence_by_sentence(text: str) -> str:
    sentences = split_sentences(text)
    kept = [s for s in sentences if not any(p.search(s) for p in STOCK_SENTENCES)]
    return text if len(kept) == len(sentences) and "".join(sentences) == text else "".join(kept)


@settings(max_examples=2000, deadline=None)
@given(PROSE)
def test_sentences_and_clauses_are_those_a_split_gives(text):
    assert sentence_texts(text) == split_sentences(text)
    assert clauses(text, MASKS) == split_clauses(text, MASKS)


@settings(max_examples=2000, deadline=None)
@given(PROSE)
def test_stock_sentences_are_left_out_as_before(text):
    assert unstock(text) == unstock_sentence_by_sentence(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(PROSE, max_size=6))
def test_a_section_passed_whole_loses_the_same_stock_sentences(paragraphs):
    whole = "\n".join(paragraphs)
    each = unstock if may_hold_stock(whole) else unstock_at_start
    assert [each(p) for p in paragraphs] == [unstock_sentence_by_sentence(p) for p in paragraphs]


def test_a_paragraph_without_any_stock_sentence_is_passed_without_its_sentences():
    # The shortcut is taken (the anchored stock patterns combine into one search)...
    assert _AFTER_AN_END.search("本年度共办理申请12件。") is None
    # ... and a paragraph it passes loses only the blanks after its last sentence.
    assert unstock("本年度共办理申请12件。 \u3000") == "本年度共办理申请12件。"
    assert unstock("本年度共办理申请12件 ") == "本年度共办理申请12件 "


def test_every_character_breaks_a_clause_or_not_as_before():
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        text = "一二三四五" + chr(code) + "六七八九十"
        assert clauses(text) == split_clauses(text), hex(code)


@settings(max_examples=2000, deadline=None)
@given(PROSE)
def test_digits_are_masked_as_before(text):
    assert _DIGITS.sub("#", text) == _DIGITS_AS_BEFORE.sub("#", text)


@settings(max_examples=3000, deadline=None)
@given(PROSE)
def test_a_text_without_a_patterns_needed_words_holds_no_match(text):
    # The searches skipped for want of their words (unstock._stock_anywhere, _stock_after_an_end)
    # find nothing in such a text.
    for pattern in (*_UNANCHORED, *_ANCHORED, _AFTER_AN_END):
        if not holds_needed_words(text, needed_words(pattern)):
            assert pattern.search(text) is None, pattern.pattern


# The words the stock patterns need, their characters and others, for the guard test below.
_WORD_PIECES = sorted({w for p in (*_UNANCHORED, _AFTER_AN_END) for g in needed_words(p) for w in g})
GUARD_TEXT = st.lists(st.sampled_from(_WORD_PIECES + sorted({ch for w in _WORD_PIECES for ch in w}) + list("工作，。")),
                      max_size=25).map("".join)


@settings(max_examples=3000, deadline=None)
@given(GUARD_TEXT)
def test_words_led_by_their_characters_answer_as_the_words_alone(text):
    """with_characters (unstock tests a section's words so) gives holds_needed_words the same answer."""
    for pattern in (*_UNANCHORED, *_ANCHORED, _AFTER_AN_END, re.compile("(?:电话|联系电话|传真)年"),
                    re.compile("(?:如|若)对本(?:疑问|意见)由")):
        groups = needed_words(pattern)
        assert holds_needed_words(text, with_characters(groups)) == holds_needed_words(text, groups), pattern.pattern


def test_words_are_led_by_their_last_characters():
    groups = needed_words(re.compile("本(?:年度)?报告.{0,8}(?:根据|依据)"))
    assert with_characters(groups) == (("本",), ("告",), ("据",), ("报告",), ("根据", "依据"))


def test_needed_words_are_read_from_the_parts_a_match_must_hold():
    assert needed_words(re.compile("本(?:年度)?报告.{0,8}(?:根据|依据)")) == (("本",), ("报告",), ("根据", "依据"))
    assert needed_words(re.compile("(?:如|若)对本")) == (("如", "若"), ("对本",))
    assert needed_words(re.compile("统计(?:期限|时间)|数据统计")) == ()      # a choice of two sequences
    assert needed_words(re.compile("(?:电子)?邮箱[:：]")) == (("邮箱",), (":", "："))
    assert needed_words(re.compile("a(?i:b)c")) == (("a",), ("c",))
    assert needed_words(re.compile("abc", re.IGNORECASE)) == ()
    # Tested at least cost: a word holding another left out, the part all share tested first.
    assert needed_words(re.compile("(?:电话|联系电话|传真)")) == (("电话", "传真"),)
    assert needed_words(re.compile("(?:统计期限|统计时间|数据统计)年")) == (("统计",), ("统计期限", "统计时间", "数据统计"), ("年",))
    # Every stock pattern needs some word: the shortcut is taken for all of them.
    assert all(needed_words(p) for p in (*_UNANCHORED, _AFTER_AN_END))


def test_spaces_spelled_out_are_what_backslash_s_matches():
    """similarity.SPACES stands for \\s in the clause breaks: the same characters, every one
    (a Unicode version that adds a space character makes this fail)."""
    from govlint.model.similarity import SPACES
    spaces = re.compile(f"[{SPACES}]")
    every = "".join(map(chr, range(0x110000)))
    assert re.findall(r"\s", every) == spaces.findall(every)


def _shingles_as_before(text, masks=(), skip=frozenset()):
    """similarity.shingles before it joined the hashes' bytes (an int per hash into array)."""
    from array import array
    from govlint.model.similarity import MAX_WEIGHT, shingle_hash
    found = clauses(text, masks)
    hashes = list(map(shingle_hash, found))
    if not skip.isdisjoint(hashes):
        kept = [(h, clause) for h, clause in zip(hashes, found) if h not in skip]
        hashes, found = [h for h, _ in kept], [clause for _, clause in kept]
    weights = list(map(len, found))
    if weights and max(weights) >= MAX_WEIGHT:
        weights = [w if w < MAX_WEIGHT else MAX_WEIGHT for w in weights]
    return array("q", hashes), array("H", weights)


SHINGLE_TEXT = st.lists(st.sampled_from(["全年共收到申请", "依申请公开", "政府信息", "杭州市", "12", "，", "。", "\n",
                                         "本机关", "主动公开政府信息", "件"]), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(SHINGLE_TEXT, st.sets(st.sampled_from(["全年共收到申请#件", "依申请公开政府信息", "主动公开政府信息", "本机关"])))
def test_shingles_are_what_they_were(text, skipped):
    from govlint.model.similarity import shingle_hash, shingles
    skip = frozenset(map(shingle_hash, skipped))
    assert shingles(text, ("杭州市",), skip) == _shingles_as_before(text, ("杭州市",), skip)
    assert shingles(text) == _shingles_as_before(text)


def test_long_clauses_weigh_at_most_max_weight():
    from govlint.model.similarity import MAX_WEIGHT, shingles
    text = "，".join(["政" * 70000, "府信息公开工作", "年" * 5])
    assert shingles(text) == _shingles_as_before(text)
    assert list(shingles(text)[1]) == [MAX_WEIGHT, 7, 5]


@settings(max_examples=2000, deadline=None)
@given(st.lists(PROSE, max_size=6))
def test_paragraphs_joined_at_once_are_those_unstocked_one_by_one(paragraphs):
    # unstock_joined's shortcut (one search of the joined text, no call per paragraph) gives
    # what unstock_at_start gives paragraph by paragraph, joined.
    whole = "\n".join(paragraphs)
    if not may_hold_stock(whole):
        assert unstock_joined(paragraphs, whole) == "\n".join(map(unstock_at_start, paragraphs))


def test_the_joined_shortcut_is_taken_and_left():
    kept = ["本年度共办理申请12件。", "下一步将持续推进。"]
    joined = "\n".join(kept)
    assert unstock_joined(kept, joined) is joined
    stock = ["本年度共办理申请12件。", "联系电话：123"]
    assert _AFTER_A_BREAK.search("\n".join(stock)) is not None
    assert unstock_joined(stock, "\n".join(stock)) == "本年度共办理申请12件。\n"
    ragged = ["本年度共办理申请12件。 ", "下一步将持续推进。"]
    assert unstock_joined(ragged, "\n".join(ragged)) == "本年度共办理申请12件。\n下一步将持续推进。"
