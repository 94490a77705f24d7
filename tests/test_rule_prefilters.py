"""The fast paths of the prose rules (issue 17) against the paths they replaced, kept here
as oracles: a prefilter only skips text where the full pattern finds nothing, and a
rewritten helper gives what the old one gave."""
from __future__ import annotations

import random
from bisect import bisect_right
import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model import clauses, quantities
from govlint.model.joined_texts import JoinedTexts
from govlint.model.prose import prose_paragraphs
from govlint.read import read_input
from govlint.rules import cell_lookup, confusable_words, crosscheck, enumeration, language, personal_data, typography
from govlint.run.engine import Linter

SETTINGS = dict(max_examples=600, deadline=None)
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

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
    """GL604 passes over a paragraph without 年 after four numerals or white space."""
    if not typography._CN_YEAR_END.search(text):
        assert typography.CN_YEAR.search(text) is None


# Patterns as they were written before they were led by one class (the search skips to a
# place where that class matches; a pattern led by a repeat is tried at every character).
_CN_YEAR_BEFORE = re.compile(f"(?P<year>[{typography._YEAR_DIGITS}]{{4}})(?=\\s*年)")
_ELEVEN_DIGITS_BEFORE = re.compile(r"[0-9]{3}[\- ]?[0-9]{4}[\- ]?[0-9]{4}")


@settings(**SETTINGS)
@given(st.text(st.sampled_from(list("〇零○OＯ0０一二三四五六七八九十年 度")), max_size=30))
def test_chinese_years_are_found_as_before(text):
    assert [(m.span(), m.group("year")) for m in typography.CN_YEAR.finditer(text)] == \
        [(m.span(), m.group("year")) for m in _CN_YEAR_BEFORE.finditer(text)]


@settings(**SETTINGS)
@given(st.text(st.sampled_from(list("0123456789-  +８字X")), max_size=40))
def test_personal_numbers_are_looked_for_in_the_paragraphs_as_before(text):
    """GL804 searches a paragraph when it once counted eleven digits and searched."""
    before = sum(map(text.count, "0123456789")) >= 11 and _ELEVEN_DIGITS_BEFORE.search(text)
    now = personal_data._DIGITS.search(text)
    assert bool(now) == bool(before)
    assert not now or now.span() == before.span()


_DIGIT_PIECES = st.text(st.sampled_from(list("0123456789-  +８字X\n\t") + ["\U00020000", "\ud800"]), max_size=30)


@settings(**SETTINGS)
@given(st.lists(_DIGIT_PIECES, max_size=6))
def test_personal_numbers_are_looked_for_in_the_paragraphs_where_digits_matches(texts):
    """GL804 searches the paragraphs _eleven_digits finds in the prose joined as bytes: those
    where _DIGITS.search (the former test of each paragraph) finds eleven digits."""
    assert personal_data._eleven_digits(texts) == {i for i, text in enumerate(texts)
                                                   if personal_data._DIGITS.search(text)}


def _phrase_before_forwards(text: str, start: int) -> str:
    """The phrase before a number as it was first read: every break of the stretch read forwards."""
    begin = max(0, start - clauses.MAX_PHRASE)
    for m in clauses._PHRASE_BREAK.finditer(text, begin, start):
        if not (m.group() in ",:" and clauses._between_digits(text, m.start())):
            begin = m.end()
    return text[begin:start].strip(clauses._PAD)


@settings(**SETTINGS)
@given(st.text(st.sampled_from(list("，。；：、;！？!?\n（(,:0123456789１ \u3000\t申请件收到共")), max_size=200))
def test_the_phrase_before_a_number_is_the_one_read_forwards(text):
    reverse = text[::-1]
    for start in range(len(text) + 1):
        assert clauses._phrase_reversed(text, reverse, start) == _phrase_before_forwards(text, start)


class _Model:
    def __init__(self, keys):
        self.cells = {k: object() for k in keys}


KEY = st.text(st.sampled_from(list("t34.ab*?[]!-_")), max_size=10)


@settings(**SETTINGS)
@given(st.lists(KEY, max_size=30, unique=True), KEY)
def test_keyed_cells_are_those_fnmatchcase_selects(keys, pattern):
    model = _Model(keys)
    prefix = pattern.split("*", 1)[0]
    expected = [(k, c) for k, c in model.cells.items() if k.startswith(prefix) and fnmatchcase(k, pattern)]
    assert cell_lookup.keyed(model, pattern) == expected
    assert cell_lookup.matching(tuple(keys), pattern) == [k for k, _ in expected]    # (GL401's plans)


def _may_repeat(texts: list[str]) -> list[bool]:
    """For each text, whether GL801's fast test lets _clauses look at it."""
    repeated = language._repeated_clauses(language._CLAUSE_MARKS[0].join(texts))
    return [any(clause in text for clause in repeated) for text in texts]


CLAUSE_TEXT = st.text(st.sampled_from(list("甲乙丙丁") + list(language._CLAUSE_MARKS)), max_size=60)


@settings(**SETTINGS)
@given(st.lists(CLAUSE_TEXT, min_size=1, max_size=4))
def test_the_clause_repeat_test_misses_no_repeat(texts):
    """The fast test over all the texts may let a text through where no clause repeats,
    never keep one out where one does."""
    for text, may in zip(texts, _may_repeat(texts)):
        if language.RepeatedWord._clauses(text):
            assert may, text


def _clause_ends_before(text: str) -> set[str]:
    """_repeated_clauses as it was before it kept whole clauses: the last MIN_CLAUSE
    characters of every clause that ends the same as the clause before it."""
    for mark in language._CLAUSE_MARKS[1:]:
        text = text.replace(mark, language._CLAUSE_MARKS[0])
    ends = [body[-language.MIN_CLAUSE:] for body in text.split(language._CLAUSE_MARKS[0]) if body]
    return {end for end, after in zip(ends, ends[1:]) if end == after and len(end) == language.MIN_CLAUSE}


@settings(**SETTINGS)
@given(st.lists(CLAUSE_TEXT, min_size=1, max_size=4))
def test_the_clause_repeat_test_lets_through_no_more_than_before(texts):
    """The whole clauses the test keeps let a text through only where their last characters
    (what the test kept before) did."""
    ends = _clause_ends_before(language._CLAUSE_MARKS[0].join(texts))
    for text, may in zip(texts, _may_repeat(texts)):
        if may:
            assert any(end in text for end in ends), text


def _repeated_clauses_by_endswith(text: str) -> set[str]:
    """_repeated_clauses as it was before operator.contains picked the pairs to test:
    str.endswith on every pair of clauses in a row."""
    for mark in language._CLAUSE_MARKS[1:]:
        text = text.replace(mark, language._CLAUSE_MARKS[0])
    bodies = [body for body in text.split(language._CLAUSE_MARKS[0]) if body]
    return {body for before, body in zip(bodies, bodies[1:])
            if before.endswith(body) and len(body) >= language.MIN_CLAUSE}


# Clauses of two characters: one often holds the next one, at its end or elsewhere.
_TWO_CHAR_CLAUSES = st.lists(st.tuples(st.text(st.sampled_from("甲乙"), max_size=10),
                                       st.sampled_from(language._CLAUSE_MARKS + "\n")), max_size=12)


@settings(**SETTINGS)
@given(_TWO_CHAR_CLAUSES)
def test_repeated_clauses_are_those_str_endswith_finds(clauses):
    text = "".join(body + mark for body, mark in clauses)
    assert language._repeated_clauses(text) == _repeated_clauses_by_endswith(text)


@pytest.mark.parametrize("mark", list(language._CLAUSE_MARKS))
def test_the_clause_repeat_test_sees_a_repeat_after_every_mark(mark):
    text = f"我们推进政务公开工作{mark}推进政务公开工作。"
    assert language.RepeatedWord._clauses(text)
    assert _may_repeat(["前文没有重复。", text, "后文"]) == [False, True, False]


def _masked_before(text: str) -> list[bool]:
    """typography.masked as it was: the URL pattern run on every paragraph."""
    mask = [False] * len(text)
    for m in typography.URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]" and (
                text[end - 1] not in ")]" or text.count("(", m.start(), end) < text.count(")", m.start(), end)
                or text[end - 1] == "]"):
            end -= 1
        for i in range(m.start(), end):
            mask[i] = True
    return mask


URL_TEXT = st.lists(st.sampled_from(list("ahtpsfw.:/@-_x1，（）()]中文") + ["http://", "www.", "a@b.cn", "ftp://"]),
                    max_size=20).map("".join)


@settings(**SETTINGS)
@given(URL_TEXT)
def test_urls_need_what_the_url_prefilter_looks_for(text):
    """masked() and has_url() skip the URL pattern when the text has no ://, www. or @."""
    assert typography.has_url(text) == (typography.URL.search(text) is not None)
    assert typography.masked(text) == _masked_before(text)


PHRASE = st.lists(st.sampled_from(["收到", "新收", "申请", "政府信息公开", "予以公开", "部分", "不予", "公开", "结转", "下年",
                                   "上年", "度", "行政复议", "行政诉讼", "自然人", "法人", "其他组织", "规范性文件", "共",
                                   "的", "数量", "为", "”", " ", "，", "件", "处理", "其他", "无法提供", "区政府"]),
                  max_size=8).map("".join)


@settings(**SETTINGS)
@given(PHRASE)
def test_first_field_is_the_first_field_pattern_that_matches(phrase):
    """field_of tries a field's pattern only when the phrase holds the field's words (and any
    field word at all): the field it picks is still the first pattern's that matches."""
    first = next((name for name, p in quantities._FIELDS if p.search(phrase)), None)
    if first is not None:
        assert quantities.naming_a_field([phrase]) == {0}
    assert quantities._first_field(phrase) == first


APPROX_TEXT = st.text(st.sampled_from(list("约近超逾不足到以上左右多余\n 1件")), max_size=12)


@settings(**SETTINGS)
@given(APPROX_TEXT)
def test_approximate_words_are_those_the_patterns_found(text):
    """_approximate_before and the APPROX_AFTER test against the patterns they replaced."""
    before = re.compile(r"(?:约|近|超|逾|不足|不到)$")
    after = re.compile(r"以上|左右|多|余")
    for at in range(len(text) + 1):
        assert quantities._approximate_before(text, at) == bool(before.search(text, max(0, at - 2), at))
        assert text.startswith(quantities.APPROX_AFTER, at) == bool(after.match(text, at))


FIELD_PIECES = sorted({piece for _, p in quantities.FIELD_PATTERNS for piece in re.findall(r"[\u4e00-\u9fff]+", p)})
FIELD_TEXT = st.lists(st.sampled_from(FIELD_PIECES + ["申请", "共", "，", "12件", "３件", "的", "”", " "]),
                      max_size=10).map("".join)


@settings(**SETTINGS)
@given(FIELD_TEXT)
def test_every_field_match_holds_a_field_word(text):
    """GL401 skips a paragraph without FIELD_WORDS: no field pattern matches there, and so
    no count of it has a field."""
    if not quantities.naming_a_field([text]):
        assert not any(re.search(p, text) for _, p in quantities.FIELD_PATTERNS)
        assert all(quantities.field_of(q, text[q.sentence_start:q.start]) is None for q in quantities.quantities(text))


def test_field_words_let_fields_through():
    for text in ("全年共收到政府信息公开申请56件", "予以公开12件", "行政复议3件", "制发规范性文件4件"):
        assert quantities.naming_a_field([text]) == {0}
        assert any(quantities.field_of(q) for q in quantities.quantities(text))


_WRONG_WORDS = sorted({c.wrong for c in language.builtin_confusables()})
_EXTRA_WRONG = {"答複": "答复", "帐户": "账户", "公开栏目录": "公开目录"}      # keyed by characters not in _KEYS
_WRONG_PIECES = (_WRONG_WORDS + [w[:-1] for w in _WRONG_WORDS] + [w[1:] for w in _WRONG_WORDS] + list(_EXTRA_WRONG)
                 + list("，。截止至布署部暑一带路中华人民共和国公开栏目帐户\n") + ["“", "”"])


def _any_wrong(words) -> re.Pattern:
    """GL802's former prefilter: one regex alternation of the wrong forms, searched in each paragraph."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@settings(**SETTINGS)
@given(st.lists(st.lists(st.sampled_from(_WRONG_PIECES), max_size=12).map("".join), max_size=6))
def test_confusable_words_are_found_where_the_former_search_found_them(texts):
    """GL802 reads the paragraphs JoinedTexts.holding finds a keyed wrong form in: those the
    former search of each paragraph found one in, and the automaton finds one in no other."""
    rule = language.ConfusableWord({"extra": _EXTRA_WRONG})
    automaton, keyed = rule._build()
    words = [wrong for wrong, _ in automaton.items()]
    former = _any_wrong(words)
    assert JoinedTexts(texts).holding(keyed) == {i for i, text in enumerate(texts) if former.search(text)}
    for text in texts:
        assert bool(former.search(text)) == bool(list(automaton.iter_long(text)))


def test_confusable_words_keyed_by_their_own_characters():
    """Every wrong form is keyed by a character it holds; the built-in ones by one of _KEYS."""
    rule = language.ConfusableWord({"extra": _EXTRA_WRONG})
    _, keyed = rule._build()
    pairs = [(key, word, k) for key, words in keyed for word, k in words]
    assert sorted(word for _, word, _ in pairs) == sorted(set(_WRONG_WORDS) | set(_EXTRA_WRONG))
    assert all(word[k] == key for key, word, k in pairs)
    assert all(key in confusable_words._KEYS for key, word, _ in pairs if word in _WRONG_WORDS)


@settings(**SETTINGS)
@given(st.lists(st.sampled_from(["增长", "下降", "了", "约", "27.1", "5", "%", "％", "（", "(", "）", ")", "去年", "上年",
                                 "上一年", "同期", "为", "13152", "条", "件次", "同比", "较上年", "，", " "]),
                max_size=16).map("".join))
def test_growth_with_the_base_after_needs_the_words_gl403_looks_for(text):
    """GL403 passes over a paragraph without GROWTH_BASE_AFTER's needed words: it holds no match."""
    if not crosscheck.holds_needed_words(text, crosscheck._GROWTH_BASE_AFTER_WORDS):
        assert crosscheck.GROWTH_BASE_AFTER.search(text) is None


def test_growth_with_the_base_after_is_still_found():
    text = "同比增长27.1%（去年同期为13152条）"
    assert crosscheck.holds_needed_words(text, crosscheck._GROWTH_BASE_AFTER_WORDS)
    assert crosscheck.GROWTH_BASE_AFTER.search(text)


# ---------------------------------------------------------------- GL801 doubled units
# Han characters with the same lowest byte (一 U+4E00, 丐 U+4E10 … 伀 U+4F00), digits the
# pattern does not take, marks, a character outside the BMP and the separator of the joined texts.
UNIT_CHARS = list("一丁丐伀企工作进行的") + ["\U00020000", "\n"] + list("20，。 ")
UNIT_TEXTS = st.lists(st.text(st.sampled_from(UNIT_CHARS), max_size=40), max_size=6)


def _spans(matches):
    return [(m.start(), m.end()) for m in matches]


def _assert_doubled_units_kept(texts):
    """Trying _DOUBLED_HAN only at the candidate starts finds exactly what finditer finds."""
    starts = language._doubled_unit_starts(texts)
    assert set(starts) <= set(range(len(texts)))
    for i, text in enumerate(texts):
        positions = starts.get(i, [])
        assert positions == sorted(set(positions))
        expected = _spans(language._DOUBLED_HAN.finditer(text))
        assert _spans(language._doubled_han_at(text, positions)) == expected, text


@settings(**SETTINGS)
@given(UNIT_TEXTS)
def test_the_doubled_unit_test_misses_no_doubled_unit(texts):
    """GL801 tries _DOUBLED_HAN only where _doubled_unit_starts says; it misses no match."""
    _assert_doubled_units_kept(texts)


@settings(**SETTINGS)
@given(UNIT_TEXTS, st.integers(0, 5), st.integers(0, 40), st.integers(language.MIN_UNIT, language.MAX_UNIT))
def test_a_unit_doubled_anywhere_is_kept(texts, which, at, k):
    """Every unit length the pattern takes, doubled at any place of any of the texts."""
    texts = texts or [""]
    i = which % len(texts)
    text = texts[i]
    at = min(at, len(text))
    unit = "工作进行一丁丐伀"[:k]
    texts[i] = text[:at] + unit + unit + text[at:]
    _assert_doubled_units_kept(texts)
    assert language._doubled_unit_starts(texts).get(i)


def _unit_starts_run_by_run(texts: list[str]) -> dict[int, set[int]]:
    """_doubled_unit_starts as it was before one conversion served every length: for each
    length k, the starts of k zero bytes in a row in the lowest bytes XOR themselves k on."""
    joined = "\n".join(texts)
    n = len(joined)
    offsets = [0]
    for text in texts[:-1]:
        offsets.append(offsets[-1] + len(text) + 1)
    low = int.from_bytes(joined.encode("utf-32-le", "surrogatepass")[::4], "little")
    starts: dict[int, set[int]] = {}
    for k in range(language.MIN_UNIT, min(language.MAX_UNIT, n // 2) + 1):
        same = (low ^ (low >> 8 * k)).to_bytes(n, "little")
        at = same.find(b"\0" * k, 0, n - k)
        while at >= 0:
            i = bisect_right(offsets, at) - 1
            starts.setdefault(i, set()).add(at - offsets[i])
            at = same.find(b"\0" * k, at + 1, n - k)
    return starts


@settings(**SETTINGS)
@given(UNIT_TEXTS, st.integers(0, 5), st.integers(0, 40), st.integers(language.MIN_UNIT, language.MAX_UNIT))
def test_the_doubled_unit_starts_hold_those_found_length_by_length(texts, which, at, k):
    """Every start the former search (one conversion to bytes per unit length) gave is still
    a start, in texts with a unit doubled and without."""
    for doubled in (False, True):
        if doubled and texts:
            i = which % len(texts)
            unit = "工作进行一丁丐伀"[:k]
            texts[i] = texts[i][:at] + unit + unit + texts[i][at:]
        starts = language._doubled_unit_starts(texts)
        for i, former in _unit_starts_run_by_run(texts).items():
            assert former <= set(starts.get(i, ())), texts


@pytest.mark.parametrize("text", ["进行进行进行进行", "一一一一一一一一一一一一一一一一一一一一", "哈哈哈哈工作工作工作", "2020年20202020工作工作",
                                  "丐伀丐伀丐伀丐伀丐伀丐伀丐伀丐伀丐伀", "工作进行工作进行了工作进行工作进行"])
def test_long_runs_and_repeated_units_match_as_finditer_does(text):
    """Long zero runs give many candidates; the matches after the first must not overlap it."""
    _assert_doubled_units_kept(["前文", text, text + text, "后文"])


def _seed_prose():
    """Each seed report's prose paragraphs as GL801 reads them, as texts."""
    for path in sorted(SEEDS.glob("*.txt")):
        yield [p.text for p in prose_paragraphs(Linter().build_report(read_input(path)).document, title=True)]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not available")
def test_a_doubled_unit_in_seed_prose_is_kept():
    """Real prose: each seed's paragraphs with a unit of their own doubled at a random place."""
    rng = random.Random(801)
    for texts in _seed_prose():
        for _ in range(20):
            i = rng.randrange(len(texts))
            text = texts[i]
            k = rng.randint(language.MIN_UNIT, language.MAX_UNIT)
            at = rng.randrange(max(1, len(text) - k))
            mutated = texts[:i] + [text[:at + k] + text[at:]] + texts[i + 1:]
            _assert_doubled_units_kept(mutated)


@settings(**SETTINGS)
@given(st.text(st.sampled_from(list(language.DOUBLED_FUNCTION_WORDS) + list("目解平会于来就告且工，")), max_size=20))
def test_the_doubled_character_test_misses_no_doubled_character(text):
    """GL801 looks for a doubled function word only where one of _DOUBLED_PAIRS stands."""
    if language._DOUBLED_CHAR.search(text):
        assert any(pair in text for pair in language._DOUBLED_PAIRS)


# Function words, characters of the same lowest byte (U+xx84 as 的 U+7684 …), 00 and the separator.
PAIR_CHARS = list(language.DOUBLED_FUNCTION_WORDS) + [chr(ord(ch) ^ 0x100) for ch in language.DOUBLED_FUNCTION_WORDS] \
    + list("00工\n") + ["\U00020000"]


@settings(**SETTINGS)
@given(st.lists(st.text(st.sampled_from(PAIR_CHARS), max_size=30), max_size=6))
def test_the_texts_with_a_doubled_function_word_are_those_the_pairs_are_in(texts):
    """_doubled_char_texts (lowest bytes) picks the texts that hold one of _DOUBLED_PAIRS,
    as the nine substring searches it replaced did."""
    expected = {i for i, text in enumerate(texts) if any(pair in text for pair in language._DOUBLED_PAIRS)}
    assert language._doubled_char_texts(texts) == expected


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not available")
def test_doubled_function_words_in_seed_prose_are_found():
    rng = random.Random(802)
    for texts in _seed_prose():
        for _ in range(10):
            i = rng.randrange(len(texts))
            at = rng.randrange(len(texts[i]) + 1)
            pair = rng.choice(language._DOUBLED_PAIRS)
            mutated = texts[:i] + [texts[i][:at] + pair + texts[i][at:]] + texts[i + 1:]
            expected = {j for j, text in enumerate(mutated) if any(p in text for p in language._DOUBLED_PAIRS)}
            assert language._doubled_char_texts(mutated) == expected


# ---------------------------------------------------------------- GL803 anchors
ANCHOR_TEXT = st.lists(st.sampled_from(list("是（(、.．第）)一二三十0123456789 \u3000。，项[]") + ["[bookmark: x]"]),
                       max_size=30).map("".join)


@settings(**SETTINGS)
@given(ANCHOR_TEXT)
def test_the_anchor_search_finds_what_the_loop_over_every_occurrence_kept(text):
    """_OCCURRENCES finds each anchor where a marker may end in it: every occurrence of the
    literal, or with `back`, those with one of `back` right before (what the former loop
    over every str.find kept)."""
    for literal, _, back in enumeration.ANCHORS:
        every = [i for i in range(len(text)) if text.startswith(literal, i)]
        kept = [i for i in every if not back or (i and text[i - 1] in back)]
        assert [m.start() for m in enumeration._OCCURRENCES[literal].finditer(text)] == kept


@settings(**SETTINGS)
@given(ANCHOR_TEXT)
def test_the_lead_is_where_it_was(text):
    """_lead_at matches the bookmark at the start instead of substituting it."""
    before = re.compile(r"^\[bookmark: [^\]]*\]")
    pad = enumeration._LEADING_PAD
    assert enumeration._lead_at(text) == len(text) - len(before.sub("", text.lstrip(pad)).lstrip(pad))


# ---------------------------------------------------------------- GL601 half-width marks
@settings(**SETTINGS)
@given(st.lists(st.text(st.sampled_from(list(",;:?!()，；：？！（）工作丈\n") + ["\u4e2c", "\u4e3f"]), max_size=12),
                max_size=6))
def test_half_width_marks_are_found_in_the_paragraphs_holding_them(texts):
    """GL601 scans the paragraphs JoinedTexts.holding finds a half-width mark in: those the
    former substring tests of each paragraph (holds_any) let through."""
    assert JoinedTexts(texts).holding(typography._HALF_WIDTH_KEYED) == \
        {i for i, text in enumerate(texts) if quantities.holds_any(text, typography.HALF_WIDTH_MARKS)}


# ---------------------------------------------------------------- GL602 exact nesting
BRACKET_TEXTS = st.text(st.sampled_from(list("（）()〔〕[]［］【】《》“”‘’「」『』〈〉") + list("ab1）工 ")), max_size=30)


def _assert_nesting_test_agrees(text, start):
    if typography._nests_exactly(text, start):
        assert typography.scan_brackets(text, None, start)[1] == [], text


@settings(**SETTINGS)
@given(BRACKET_TEXTS, st.integers(0, 30))
def test_exact_nesting_means_no_bracket_problem(text, start):
    """GL602 skips scan_brackets where _nests_exactly holds: it would have found no problem."""
    _assert_nesting_test_agrees(text, min(start, len(text)))


@settings(**SETTINGS)
@given(st.lists(st.sampled_from(list(typography.PAIRS.items())), max_size=8), st.data())
def test_properly_nested_brackets_pass_the_nesting_test(pairs, data):
    """Random properly nested brackets (no ‘’): _nests_exactly holds, so the fast path is taken."""
    text = ""
    for opener, closer in pairs:
        if opener == "‘":
            continue
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + opener + "工" + closer + text[at:]
    assert typography._nests_exactly(text, 0)
    assert typography.scan_brackets(text, None)[1] == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not available")
def test_exact_nesting_on_seed_prose_and_broken_copies():
    """Real prose, as is and with one bracket dropped: the fast path never hides a problem."""
    rng = random.Random(602)
    for path in sorted(SEEDS.glob("*.txt")):
        for p in prose_paragraphs(Linter().build_report(read_input(path)).document, title=True):
            at = [m.start() for m in typography._BRACKET.finditer(p.text)]
            _assert_nesting_test_agrees(p.text, 0)
            if at:
                i = rng.choice(at)
                _assert_nesting_test_agrees(p.text[:i] + p.text[i + 1:], 0)
