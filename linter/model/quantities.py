"""Quantities in Chinese prose: 228件, 1,234条, 27.1%, 13287万次, 三件, 十二条, and the
phrase each belongs to (the words of its clause in front of the number).

    for q in quantities("全区共收到政府信息公开申请54件，其中区政府收到16件。"):
        q.value, q.unit, q.phrase, q.start, q.end     # 54, 件, 全区共收到政府信息公开申请, …

Offsets are character offsets into the text given, so a rule maps them to a span with
`Paragraph.span_of(q.start, q.end)`. What a phrase means (收到申请 → table 三 一、本年新收) is
data too: `FIELD_PATTERNS` names the table fields a count can refer to, `SUBUNIT_WORDS` /
`WHOLE_MARKERS` tell a count of a part of the reporting unit (区政府收到16件) from one of the
whole, and `field_of` applies them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .clauses import SENTENCE_BREAKS, _BracketDepth, _phrase_reversed
from .joined_texts import JoinedTexts, keyed_words
from .pattern_words import holds_needed_words, needed_words
from .prose import prose_holding

# Longest first: 人次 before 次, 万元 before 元.
UNITS = ("人次", "件次", "万元", "亿元", "元", "件", "条", "次", "篇", "个", "项", "场", "份", "%", "％")
COUNT_UNITS = ("人次", "件次", "件", "条", "次", "篇", "个", "项", "场", "份")   # Chinese numerals only with these
# Characters that, right after a unit, make a word rather than a count (一次性, 个人, 条例, 项目).
_WORD_AFTER = {"次": "性", "个": "人体别案", "条": "例龙款文", "项": "目", "场": "所景地合", "份": "额"}

_UNIT = "|".join(map(re.escape, UNITS))
# Both patterns start with the class of their first character, which lets the regex engine
# skip ahead fast (a pattern led by a repeat, [零…]+, or by a look-behind is tried at every
# character instead); what a look-behind for _NOT_BEFORE_NUMBER would say is checked in
# _quantity. Two shortcuts leave every match as it was (tests/test_quantity_oracle.py):
# - (?<!\d\d) after the first digit: no match starts right after a digit, for one would
#   start at that digit too, and finditer reports the leftmost (the character before a
#   search resumes ends the previous match: a unit, never a digit). A digit run that is not
#   a count (2023年) is then tried once, not once per digit.
# - the number atomic (?>…): a shorter number would be followed by a digit, "," or ".",
#   which nothing after the number can start with; not backtracking into it saves a try
#   of the rest per digit given back.
# The same two hold for _CHINESE's numerals (no unit starts with a numeral).
_ARABIC = re.compile(r"(?P<num>\d(?<!\d\d)(?>(?:[\d,]*\d)?(?:\.\d+)?))\s?(?P<about>多|余)?(?P<wan>万(?!元))?\s?"
                     r"(?P<unit>" + _UNIT + ")")
_NUMERAL = "[零〇两一二三四五六七八九十百千]"
_CHINESE = re.compile(r"(?P<cn>" + _NUMERAL + "(?<!" + _NUMERAL * 2 + ")(?>" + _NUMERAL + "*))(?P<cunit>"
                      + "|".join(COUNT_UNITS) + ")")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_NOT_BEFORE_NUMBER = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-/_@#")
_NOT_BEFORE_CHINESE = set("第万")
# Words that make a count approximate, right before it (大约, 超过, 将近 end in these too)
# and right after it. Tested with str methods: a regex call costs more on two characters.
APPROX_BEFORE = ("约", "近", "超", "逾", "不足", "不到")
APPROX_AFTER = ("以上", "左右", "多", "余")
_APPROX_LAST = set("".join(w[-1] for w in APPROX_BEFORE) + "\n")    # what _approximate_before needs before

# Full-width digits, decimal point and percent sign read as ASCII (never the full-width
# comma: 100，200件 is two numbers).
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_FULLWIDTH_CHARACTERS = "０１２３４５６７８９．％"


class Quantity(NamedTuple):
    """A count or share in the prose. A named tuple: immutable (the rules share one reading
    of a paragraph) and cheaper to make than a frozen dataclass (hundreds a report)."""

    value: int | float
    unit: str                 # one of UNITS ("%" for percentages, full-width ％ folded)
    text: str                 # as written: "1,234件", "三件"
    start: int                # offsets into the text: number and unit
    end: int
    number_end: int           # where the number (and 万) ends, before the unit
    phrase: str               # the clause in front of the number: 其中本年新收
    sentence_start: int       # where its sentence starts
    bracketed: bool           # inside （…） or (…): an aside, e.g. a base 比去年同期（13152条）
    approximate: bool         # 约260人次, 20多个, 13万余条

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    @property
    def decimals(self) -> int:
        """Digits shown after the decimal point (27.1% → 1)."""
        number = self.text[: self.number_end - self.start]
        return len(number.split(".", 1)[1].rstrip("万 ")) if "." in number else 0


@lru_cache(maxsize=1024)     # more than the paragraphs of one report: the rules read it in turn
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity with a unit in `text`, in order. Cached: the rules that read a
    paragraph's numbers share one reading of it."""
    # Full-width forms read as ASCII; the same length, so offsets stay true.
    folded = text.translate(_FULLWIDTH_DIGITS) if holds_any(text, _FULLWIDTH_CHARACTERS) else text
    matches = list(_ARABIC.finditer(folded))
    chinese = list(_CHINESE.finditer(folded))
    if chinese:
        matches = sorted(matches + chinese, key=_start_of)
    return _read(folded, matches) if matches else ()


def _start_of(m: re.Match) -> int:
    return m.start()


def _read(text: str, matches: list[re.Match]) -> tuple[Quantity, ...]:
    """The quantities of the matches, in order. Where each one's sentence starts, whether a
    bracket is open there and its phrase are found from its own position (str.rfind of the
    sentence marks the text holds, a search back through the reversed text): scanning the
    whole paragraph for sentence marks and brackets first cost more than all of that."""
    out: list[Quantity] = []
    marks = [c for c in SENTENCE_BREAKS if c in text]
    depth = _BracketDepth(text) if "（" in text or "(" in text else None
    reverse = text[::-1]
    sentence_start = 0          # the matches come in order: a sentence starts no earlier
    for m in matches:
        read = _read_arabic(text, m) if m.re is _ARABIC else _read_chinese(text, m)
        if read is None:
            continue
        value, unit, start, number_end, about = read
        end = m.end()
        for c in marks:
            at = text.rfind(c, sentence_start, start) + 1
            if at:
                sentence_start = at
        approximate = (about or (start > 0 and text[start - 1] in _APPROX_LAST and _approximate_before(text, start))
                       or text.startswith(APPROX_AFTER, end))
        out.append(_new_tuple(Quantity, (value, unit, text[start:end], start, end, number_end,
                                         _phrase_reversed(text, reverse, start), sentence_start,
                                         depth is not None and depth.at(start) > 0, approximate)))
    return tuple(out)


_new_tuple = tuple.__new__      # Quantity(...) without its __new__ in Python: the same tuple


def _read_arabic(text: str, m: re.Match) -> tuple | None:
    """(value, unit, start, number_end, about) of an _ARABIC match; None: not a count."""
    start = m.start()
    number, about, wan, unit = m.groups()
    if "," in number and not _GROUPED.fullmatch(number):
        cut = number.rindex(",") + 1        # 3,5件: only 5件 is a count
        number, start = number[cut:], start + cut
    if start and text[start - 1] in _NOT_BEFORE_NUMBER:
        return None
    return _arabic(number, wan is not None), "%" if unit in ("%", "％") else unit, start, m.start(4), about is not None


def _read_chinese(text: str, m: re.Match) -> tuple | None:
    """(value, unit, start, number_end, about) of a _CHINESE match; None: not a count."""
    start = m.start()
    if start and text[start - 1] in _NOT_BEFORE_CHINESE:
        return None
    numerals, unit = m.groups()
    end = m.end()
    after = text[end: end + 1]
    if after and after in _WORD_AFTER.get(unit[-1], ""):
        return None
    value = chinese_number(numerals)
    if value is None:
        return None
    return value, unit, start, m.start(2), False


def _approximate_before(text: str, start: int) -> bool:
    """约, 不足 … right before `start` (also with a line break between: the pattern this
    replaced ended in $, which matches before a final newline too)."""
    window = text[max(0, start - 2): start]
    return window.endswith(APPROX_BEFORE) or (window.endswith("\n") and window[:-1].endswith(APPROX_BEFORE))


def _arabic(digits: str, wan: bool) -> int | float:
    plain = digits.replace(",", "")
    value: int | float = float(plain) if "." in plain else int(plain)
    if wan:
        value = value * 10000
        if isinstance(value, float) and value.is_integer():
            value = int(value)
    return value


_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_POWER = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105; None for what is not a number."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            if digit is not None and _CN_DIGIT[ch] != 0:
                return None          # 一二 is not a quantity
            digit = _CN_DIGIT[ch] if _CN_DIGIT[ch] else None
        elif ch in _CN_POWER:
            total += (1 if digit is None else digit) * _CN_POWER[ch]
            digit = None
        else:
            return None
    return total + (digit or 0) if (total or digit) else None


# ---------------------------------------------------------------- what a count refers to
# A phrase ends in one of these patterns followed by TAIL. Fields are the counts of the
# whole reporting unit that tables 二, 三 and 四 hold; more specific patterns come first.
TAIL = r"[”\"’」]?(?:的|类)?(?:申请)?(?:件|案件)?(?:数量|数)?(?:共计|共|合计|总计|累计|为|达到|达)?\s*$"
_INFO = r"(?:政府信息公开|依申请公开|信息公开)?"
FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("carry_next", r"结转(?:至|到)?下(?:一)?年(?:度)?(?:继续)?(?:办理)?"),
    ("carried", r"上(?:一)?年(?:度)?结转(?:的)?" + _INFO + "(?:申请)?"),
    ("new", r"新收(?:到)?(?:的)?" + _INFO + "(?:申请)?"),
    # 收到 is written both for the new applications and for new + carried-over ones
    ("received", r"收到(?:了)?(?:的)?(?:(?:政府信息公开|依申请公开)(?:的)?(?:申请)?|申请)"),
    ("received", r"受理(?:答复)?(?:了)?(?:的)?(?:(?:政府信息公开|依申请公开)(?:的)?(?:申请)?|申请)"),
    ("open", r"予以公开"),
    ("partial", r"部分公开"),
    ("deny", r"不予公开"),
    ("cannot", r"无法提供"),
    ("noproc", r"不予处理"),
    ("other_result", r"其他处理"),
    ("natural", r"(?:自然人|公民个人)(?:提出)?(?:的)?"),
    ("org", r"法人(?:或|和|及)其他组织(?:提出)?(?:的)?"),
    ("review", r"行政复议(?:申请)?"),
    ("suit", r"行政诉讼"),
    ("rules_normative", r"规章(?:及|和|与|、)(?:行政)?规范性文件"),
    ("normative", r"(?:制发|出台|公开|发布|印发|其中)?(?:的)?(?:行政)?规范性文件"),
)
_FIELDS = tuple((name, re.compile("(?:" + p + ")" + TAIL)) for name, p in FIELD_PATTERNS)
# Each field pattern with the words every match of it holds (pattern_words): field_of tries
# a pattern only when the phrase holds them, a few substring tests instead of a regex search
# per pattern; the order, and so which field wins, stays FIELD_PATTERNS'.
_FIELDS_WORDS = tuple((name, pattern.search, needed_words(pattern)) for name, pattern in _FIELDS)
# Every match of a field pattern holds one of these words (tests/test_rule_prefilters.py
# checks it on generated phrases): a paragraph without any holds no count field_of can
# name, and GL401 need not read its numbers. (A phrase is part of the paragraph with
# full-width digits folded; no word here holds a digit.)
FIELD_WORDS = ("结转", "新收", "收到", "受理", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理",
               "自然人", "公民个人", "其他组织", "行政复议", "行政诉讼", "规范性文件")
_FIELD_WORD = re.compile("|".join(FIELD_WORDS))
# A character of each of FIELD_WORDS, one seldom met elsewhere in the prose (他 of 其他处理 and
# 其他组织, not 理 of 管理): a paragraph without any holds no field word.
FIELD_CHARACTERS = "转收受予分供他然民议讼性"


def holds_any(text: str, characters: str) -> bool:
    """Whether `text` holds one of `characters`: a substring test per character, which runs
    through Chinese text (memchr on the character's low byte) many times faster than a regex
    search for a class or an alternation of words (tried at every character)."""
    for ch in characters:
        if ch in text:
            return True
    return False


_FIELD_KEYED = keyed_words(FIELD_WORDS, FIELD_CHARACTERS)


def naming_a_field(texts: list[str]) -> set[int]:
    """The indices of the texts holding one of FIELD_WORDS: the others hold no count that can
    name a table field (their numbers are not read). Sought in all at once (JoinedTexts.holding:
    some 100 instructions a character less than _FIELD_WORD's search of each text)."""
    return JoinedTexts(texts).holding(_FIELD_KEYED)


def paragraphs_naming_a_field(document) -> list[int]:
    """naming_a_field of the document's prose (prose_paragraphs), in order (prose_holding)."""
    return prose_holding(document, _FIELD_KEYED)

# Words in a phrase that make the count one of a part of the unit (区政府收到16件), unless
# the phrase also says it is the whole (共, 全区, 我街道, 各部门).
SUBUNIT_WORDS = ("区政府", "市政府", "县政府", "镇政府", "区直部门", "部门", "乡镇", "镇乡", "街道",
                 "单位", "本级", "村", "社区", "机关")
WHOLE_MARKERS = ("各", "全", "我", "共", "合计", "总计", "累计", "本单位", "本机关", "本部门", "本街道", "本镇", "本乡")
# Words that make a count one of another year or of a change, not of this year's table.
OTHER_TIME = re.compile(r"去年|上年(?!度?结转)|上一年(?!度?结转)|同期|同比|比|较|增加|减少|增长|下降")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def field_of(q: Quantity, sentence_text: str = "", year: int | None = None) -> str | None:
    """The table field the count `q` states for the whole reporting unit, or None when it
    names no field, belongs to a part of the unit, another year, or is approximate.
    `sentence_text` is the sentence up to the quantity (for the year check)."""
    if q.approximate or q.bracketed or q.percent:
        return None
    phrase = q.phrase
    # Most counts name no field: _first_field's one search for the field words passes over them.
    field = _first_field(phrase)
    if field is None or is_part(phrase) or OTHER_TIME.search(phrase):
        return None
    if year is not None and any(int(y) != year for y in _YEAR.findall(sentence_text)):
        return None
    return field


def _key_words(words) -> frozenset[str]:
    """The FIELD_WORDS one of which a text matched by a pattern with these needed words
    holds: those within the words of its first group whose every word holds one (every match
    holds a FIELD_WORDS word: tests/test_rule_prefilters.py). Empty: no such group."""
    for group in words:
        within = [[f for f in FIELD_WORDS if f in w] for w in group]
        if all(within):
            return frozenset(f for fs in within for f in fs)
    return frozenset()


def _overlap(a: str, b: str) -> bool:
    """Whether `a` and `b` can share a character of a text (one placed at some shift against
    the other, the characters they share equal): findall, reporting matches that do not
    overlap, may report `a` where `b` stands too. One holds the other, or one ends with the
    other's start; tested by str methods in C (a test per shift and character, in Python,
    cost every start-up ~20 M instructions, 5 % of a one-report check)."""
    if set(a).isdisjoint(b):        # most pairs of field words
        return False
    return a in b or b in a or any(a.endswith(b[:n]) or b.endswith(a[:n]) for n in range(1, min(len(a), len(b))))


def _field_keys() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """For each FIELD_WORDS word, the index in _FIELDS_WORDS of each pattern a phrase in
    which findall reports the word may match (the patterns keyed by it or by a word that
    overlaps it); and the patterns keyed by none, which any phrase may match."""
    keys = [_key_words(words) for _, _, words in _FIELDS_WORDS]
    overlapping = {w: frozenset(u for u in FIELD_WORDS if _overlap(w, u)) for w in FIELD_WORDS}
    by_word = {w: tuple(i for i, k in enumerate(keys) if not k.isdisjoint(overlapping[w])) for w in FIELD_WORDS}
    return by_word, tuple(i for i, k in enumerate(keys) if not k)


_PATTERNS_OF_WORD, _UNKEYED = _field_keys()
_FIELD_WORDS_IN = _FIELD_WORD.findall
_CANDIDATES: dict[tuple[str, ...], tuple[int, ...]] = {}    # the field words found -> patterns to try


def _first_field(phrase: str) -> str | None:
    """The name of the first of FIELD_PATTERNS that matches `phrase`, or None. Only the
    patterns keyed by a field word the phrase holds are tried (one findall of the words, then
    the few patterns they key, in FIELD_PATTERNS' order), not every pattern's words in turn."""
    found = tuple(_FIELD_WORDS_IN(phrase))
    candidates = _CANDIDATES.get(found)
    if candidates is None:
        if len(_CANDIDATES) > 4096:     # combinations of field words: few in real prose
            _CANDIDATES.clear()
        indices = set(_UNKEYED).union(*(_PATTERNS_OF_WORD[w] for w in found))
        candidates = _CANDIDATES[found] = tuple(sorted(indices))
    for i in candidates:
        name, search, words = _FIELDS_WORDS[i]
        if holds_needed_words(phrase, words) and search(phrase):
            return name
    return None


# is_part's words as one search each: a phrase is short, where one regex search costs less
# than a substring test per word (each some 500 instructions of call overhead).
_SUBUNIT = re.compile("|".join(map(re.escape, SUBUNIT_WORDS))).search
_WHOLE = re.compile("|".join(map(re.escape, WHOLE_MARKERS))).search


def is_part(phrase: str) -> bool:
    """区政府收到 → True; 我街道共收到, 各部门共新收 → False."""
    return _SUBUNIT(phrase) is not None and _WHOLE(phrase) is None
