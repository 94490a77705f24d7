"""GL8xx language: what a reviewer reads for in the prose — a word written twice by mistake
(GL801) and a known wrong form of a word or official name (GL802); an enumeration out of
order (GL803) is in enumeration.py. Only the report's prose is read (never table cells,
chart data, URLs); the word lists are data files in rules/data/ that govlint.toml and
plugins extend."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress
from operator import contains
from typing import NamedTuple

from govlint import hookimpl
from govlint.results.diagnostic import Fix
from govlint.model.joined_texts import JoinedTexts, keyed_words
from govlint.plugins.rule import Rule
from govlint.rules.confusable_words import Confusable, data_lines, extra_confusable, key_order, builtin_confusables
from govlint.rules.enumeration import is_basic_han, table_header_line
from govlint.rules.typography import has_url, joined_prose, masked


# ---------------------------------------------------------------- GL801
@lru_cache(maxsize=1)
def reduplications() -> frozenset[str]:
    return frozenset(line.strip() for line in data_lines("reduplications.txt"))


# Single characters whose doubling is checked: function words, which a slip of the keyboard
# doubles (的的, 和和) and which rarely meet themselves across two words. Each maps to the
# characters that, before or after the pair, make it two words (目的+的, 了+了解, 参与+与会):
# (characters ending a word in this character, characters starting a word with it).
DOUBLED_FUNCTION_WORDS = {
    "的": ("目有端标靶似别", "确"),
    "了": ("甚为除罢", "解结却然"),
    "和": ("平温缓调柔随谦祥协亲共饱总人求讲议附中暖应唱违", "谐平睦解蔼美气衷善顺畅"),
    "与": ("参给赋授付", "会其否时"),
    "及": ("涉以普危波顾提论不来惠触遍", "时早其格"),
    "在": ("存现所实正自内外潜健旨意志好重贵难关", "于线建职编岗校押逃场案册途"),
    "将": ("即必行终老大", "来军近就"),
    "被": ("棉", "告动申迫诉"),
    "并": ("合兼归吞", "且行重列联购非轨入存发举"),
}
_DOUBLED_CHAR = re.compile("([" + "".join(DOUBLED_FUNCTION_WORDS) + "])\\1")
# What _DOUBLED_CHAR needs: _doubled_char_texts finds the texts holding one, and the tests
# check it against these.
_DOUBLED_PAIRS = tuple(ch * 2 for ch in DOUBLED_FUNCTION_WORDS)
# A unit of MIN_UNIT to MAX_UNIT Chinese characters written twice back to back (进行进行).
MIN_UNIT, MAX_UNIT = 2, 8
_DOUBLED_HAN = re.compile(f"([\u4e00-\u9fff]{{{MIN_UNIT},{MAX_UNIT}}})\\1")
# After a doubled unit, these make the second copy the start of a longer word (工作工作量).
_WORD_SUFFIX = "化性量率者员型式"
# A clause of six or more characters repeated back to back, punctuation included.
_CLAUSE_MARKS = "，。；：、,;:！？!?"
_CLAUSE = re.compile(f"[^{_CLAUSE_MARKS}]+[{_CLAUSE_MARKS}]?")
MIN_CLAUSE = 6
SAFE_UNIT = 4      # dropping a repeat this short is safe; a longer one is left to the writer


class RepeatedWord(Rule):
    """同一个词或短语误写了两遍：“进行进行”“的的”“和和”，或一个六字以上的分句紧接着重复一遍。

    为什么：重复的字词多是修改时漏删的残留，读者一眼就能看出，显得报告未经校对。
    合法的叠词（紧紧、常常、一一、层层、人人……，“家家户户”“实实在在”一类 AABB 形式，
    “一步一步”一类“一X一X”）不报告，词表在 rules/data/reduplications.txt；单字只查
    “的、了、和、与、及、在、将、被、并”这些虚词，其他单字重叠大多是两个词相连（管理理念、
    工作作风）；跨两个词的虚词重叠（目的的实现、参与与监督）也不报告。数字和表格不检查。
    修正是删去重复的部分；四字以内的重复可由 --fix 自动删除，更长的重复请人工确认。

    错误示例：本年度进行进行了两次业务培训。
    正确示例：本年度进行了两次业务培训。
    """

    code, name, severity = "GL801", "repeated-word", "warning"

    def check(self, report):
        allowed = reduplications()
        paragraphs, joined = joined_prose(report.document)
        texts = [paragraph.text for paragraph in paragraphs]
        lowest = _lowest_bytes(texts, joined)
        unit_starts = _doubled_unit_starts(texts, lowest)
        # What a paragraph must hold for the other two finders to find anything, sought once
        # in all the prose (most reports hold none): a doubled function word, and a clause
        # that ends the clause before it too.
        pair_texts = _doubled_char_texts(texts, lowest)
        repeated_clauses = _repeated_clauses(_CLAUSE_MARKS[0].join(texts))
        for index, paragraph in enumerate(paragraphs):
            text = paragraph.text
            found = []
            if index in pair_texts:
                found += self._doubled_chars(text, allowed)
            if (starts := unit_starts.get(index)) is not None:
                found += self._doubled_units(text, allowed, starts)
            if repeated_clauses and any(map(text.__contains__, repeated_clauses)):
                found += self._clauses(text)
            if not found or table_header_line(text):
                continue
            found.sort()
            mask = masked(text) if has_url(text) else None
            taken = -1
            for start, end, unit in found:
                if start < taken or (mask and mask[start]):
                    continue        # inside a repeat already reported (的的 in a repeated clause)
                taken = end
                yield self.diagnostic(paragraph.span_of(start, end), f"“{unit}”重复了一遍，请删去重复的部分",
                                      Fix("", safe=len(unit) <= SAFE_UNIT))

    # Each finder returns (start, end, unit): text[start:end] is what dropping the repeat removes.
    @staticmethod
    def _doubled_chars(text: str, allowed: frozenset[str]) -> list[tuple[int, int, str]]:
        """A doubled function word (check runs it only where one of _DOUBLED_PAIRS stands:
        str's search is much faster than the regex engine's at every character)."""
        out = []
        for m in _DOUBLED_CHAR.finditer(text):
            ch, i = m.group(1), m.start()
            before = text[i - 1] if i else ""
            after = text[i + 2] if i + 2 < len(text) else ""
            ends, starts = DOUBLED_FUNCTION_WORDS[ch]
            if (before and before in ends) or (after and after in starts) or ch * 2 in allowed:
                continue        # 目的+的, 了+了解
            if _aabb(text, i):
                continue        # 实实在在
            out.append((i + 1, i + 2, ch))
        return out

    @staticmethod
    def _doubled_units(text: str, allowed: frozenset[str], starts: list[int]) -> list[tuple[int, int, str]]:
        out = []
        for m in _doubled_han_at(text, starts):
            unit = m.group(1)
            if len(set(unit)) == 1 or unit + unit in allowed:
                continue        # 哈哈哈哈; 研究研究
            if len(unit) == 2 and unit[0] == "一":
                continue        # 一步一步, 一件一件
            after = text[m.end(): m.end() + 1]
            if after and after in _WORD_SUFFIX:
                continue        # 工作工作量: 工作 + 工作量
            out.append((m.start() + len(unit), m.end(), unit))
        return out

    @staticmethod
    def _clauses(text: str) -> list[tuple[int, int, str]]:
        """A clause equal to the one before it, or to its end (我们推进X，推进X): the second one
        goes, with the mark between (check runs it only on a text that holds one of
        _repeated_clauses)."""
        out = []
        previous = None          # (body, end of body)
        for m in _CLAUSE.finditer(text):
            body = m.group().rstrip(_CLAUSE_MARKS)
            body_end = m.start() + len(body)
            if (previous and previous[0].endswith(body) and len(body) >= MIN_CLAUSE
                    and sum(1 for ch in body if is_basic_han(ch)) >= 4):
                out.append((previous[1], body_end, body))
            previous = (body, body_end)
        return out


class _Lowest(NamedTuple):
    """The texts joined by line breaks, its length, its characters' lowest bytes as one big
    integer (byte i: character i's), and that shifted by one character."""

    joined: JoinedTexts
    n: int
    low: int
    late: int


def _lowest_bytes(texts: list[str], joined: JoinedTexts | None = None) -> _Lowest:
    joined = joined or JoinedTexts(texts)
    low = int.from_bytes(joined.text.encode("utf-32-le", "surrogatepass")[::4], "little")
    return _Lowest(joined, len(joined.text), low, low >> 8)


_DOUBLED_SET = frozenset(DOUBLED_FUNCTION_WORDS)


def _doubled_char_texts(texts: list[str], lowest: _Lowest | None = None) -> set[int]:
    """The indices of the texts that hold one of _DOUBLED_PAIRS (a function word written
    twice): found where the lowest bytes of two characters in a row are equal (few places:
    a doubled character, 00 of a number, one pair in 256 by chance), each then tested, not
    nine searches through all the prose (~5 instructions a character each)."""
    joined, n, low, late = lowest or _lowest_bytes(texts)
    text = joined.text
    found: set[int] = set()
    if n < 2:
        return found
    same = (low ^ late).to_bytes(n, "little")     # byte i: 0 where low[i] == low[i + 1]
    at = same.find(0, 0, n - 1)
    while at >= 0:
        ch = text[at]
        if ch in _DOUBLED_SET and text[at + 1] == ch:
            found.add(joined.index(at))
        at = same.find(0, at + 1, n - 1)
    return found


def _doubled_unit_starts(texts: list[str], lowest: _Lowest | None = None) -> dict[int, list[int]]:
    """By the index of a text, the sorted positions where _DOUBLED_HAN may match (a superset
    of where it does), found with big-integer operations in C over all the texts at once
    (the regex tried at every character costs ~900 instructions a character).

    A unit of k written twice at p has characters p, p + 1 (and p + 2 when k > 2) equal to
    those k on, and so their lowest bytes. Those bytes as one integer XOR itself shifted by
    k characters, ORed with that shifted by one (and two) more, has a zero byte at each such
    p; ((d & 0x7F…) + 0x7F…) | d sets bit 7 of each nonzero byte (no carry crosses a byte),
    and the AND over every k leaves it clear at each candidate: one conversion to bytes (~14
    instructions a byte) for all lengths. Three characters: real prose repeats a word within
    eight often (行政复议、行政诉讼). Others (equal lowest bytes, digits: 2020; ~4 in 1 000
    characters of the seeds) fail the pattern at once. Texts without any are left out."""
    joined, n, low, late = lowest or _lowest_bytes(texts)
    if (top := min(MAX_UNIT, n // 2)) < MIN_UNIT:
        return {}
    low_7 = ((1 << 8 * n) - 1) // 0xFF * 0x7F          # 0x7F in each of n bytes
    shifted = [low, late] + [late >> 8 * k for k in range(1, top + 2)]     # by 0 … top + 2 characters
    nonzero = -1                                        # all ones: the AND's neutral
    for k in range(MIN_UNIT, top + 1):
        # byte i: 0 where i, i + 1 (and i + 2 when k > 2) equal i + k, i + k + 1 (i + k + 2)
        both = (low ^ shifted[k]) | (late ^ shifted[k + 1]) | (shifted[2] ^ shifted[k + 2] if k > 2 else 0)
        nonzero &= ((both & low_7) + low_7) | both            # bit 7 of byte i: set where both's is nonzero
    flags = (nonzero | low_7).to_bytes(n, "little")        # byte i: 0x7F at a candidate, else 0xFF
    starts: dict[int, list[int]] = {}
    at = flags.find(0x7F, 0, n - MIN_UNIT)
    while at >= 0:
        i, position = joined.locate(at)
        starts.setdefault(i, []).append(position)
        at = flags.find(0x7F, at + 1, n - MIN_UNIT)
    return starts


def _doubled_han_at(text: str, starts: list[int]):
    """The matches _DOUBLED_HAN.finditer(text) yields, trying the pattern only at `starts`
    (from _doubled_unit_starts): the leftmost start that matches, then on after its end."""
    end = 0
    for start in starts:
        if start >= end:
            m = _DOUBLED_HAN.match(text, start)
            if m:
                yield m
                end = m.end()


def _repeated_clauses(text: str) -> set[str]:
    """Every clause (of MIN_CLAUSE characters or more) that ends the clause before it too: a
    text where _clauses finds a repeat holds one of them (its second clause). C-level str
    methods only. The clauses' bodies are the runs of text between marks, as _CLAUSE reads
    them: every mark of _CLAUSE_MARKS (a repeat after ！？： is one too) becomes the first one,
    one split. Texts joined by a mark give the clauses of each text."""
    first = _CLAUSE_MARKS[0]
    for mark in _CLAUSE_MARKS[1:]:
        if mark in text:
            text = text.replace(mark, first)
    bodies = list(filter(None, text.split(first)))
    seconds = bodies[1:]
    # A clause ending the one before is in it: map calls operator.contains without the tuple
    # and argument parsing of str.endswith (~700 instructions), left to the few it passes.
    return {body for before, body in compress(zip(bodies, seconds), map(contains, bodies, seconds))
            if len(body) >= MIN_CLAUSE and before.endswith(body)}


def _aabb(text: str, i: int) -> bool:
    """The pair at i..i+1 is half of an AABB form (实实在在, 和和美美)."""
    before = i >= 2 and text[i - 2] == text[i - 1] and is_basic_han(text[i - 1])
    after = i + 3 < len(text) and text[i + 2] == text[i + 3] and is_basic_han(text[i + 2])
    return before or after


# ---------------------------------------------------------------- GL802
class ConfusableWord(Rule):
    """词语或正式名称用了已知的错误写法：布署（部署）、按步就班（按部就班）、一如继往（一如既往）、
    “截止2023年底”（截至）、“一带一路”战略（倡议）、“中华人民共和国信息公开条例”（少了“政府”）等。

    为什么：错别字和过时、不规范的提法在公开的政府文件中格外显眼，公开工作检查和第三方评估都会
    逐一计数。词表（rules/data/confusables.tsv）的每一对都注明依据（《现代汉语词典》、
    《第一批异形词整理表》等），只收在任何语境中都算错的写法；本地区的词可在 govlint.toml 的
    [rules.confusable-word] 中用 extra 增加、用 allow 关掉，插件通过数据“confusable-words”增加
    （见 docs/plugins.md）。修正是换成正确写法。

    错误示例：截止2023年底，已按步就班完成全年工作布署。
    正确示例：截至2023年底，已按部就班完成全年工作部署。
    """

    code, name, severity = "GL802", "confusable-word", "warning"
    options = {"extra": {}, "allow": []}

    def __init__(self, options=None):
        super().__init__(options)
        self._automaton = None
        self._keyed = None

    def _build(self):
        """The automaton of the wrong forms, and the words keyed for JoinedTexts.holding, which
        finds the few paragraphs holding one (the automaton reads only those) by str.find in
        all the prose joined, not a regex alternation tried at every character (~100
        instructions a character) nor the automaton (~180)."""
        automaton = self._build_automaton()
        words = [wrong for wrong, _ in automaton.items()] if len(automaton) else []
        return automaton, keyed_words(words, key_order(words))

    def _build_automaton(self):
        import ahocorasick      # loaded only when this rule runs, as the gazetteer does
        pairs: dict[str, list[Confusable]] = {}
        entries = list(builtin_confusables())
        entries += [extra_confusable(item, "插件") for item in (self.data.get("confusable-words") or {}).items()]
        entries += [extra_confusable(item, "govlint.toml") for item in self.config["extra"].items()]
        allowed = set(self.config["allow"])
        for entry in entries:
            if entry.wrong and entry.wrong not in allowed and entry.wrong != entry.right:
                pairs.setdefault(entry.wrong, []).append(entry)
        automaton = ahocorasick.Automaton()
        for wrong, entries_ in pairs.items():
            automaton.add_word(wrong, (wrong, tuple(entries_)))
        if len(automaton):
            automaton.make_automaton()
        return automaton

    def check(self, report):
        if self._automaton is None:
            self._automaton, self._keyed = self._build()
        automaton = self._automaton
        if not len(automaton):
            return
        paragraphs, joined = joined_prose(report.document)
        for index in sorted(joined.holding(self._keyed)):
            paragraph = paragraphs[index]
            text = paragraph.text
            mask = None
            taken = -1
            for end, (wrong, entries) in automaton.iter_long(text):
                start, stop = end - len(wrong) + 1, end + 1
                if start < taken:
                    continue
                entry = next((e for e in entries if e.fits(text, stop)), None)
                if entry is None:
                    continue
                if mask is None:
                    mask = masked(text) if has_url(text) else []
                if mask and mask[start]:
                    continue
                taken = stop
                where = f"（依据：{entry.source}）" if entry.source else ""
                yield self.diagnostic(paragraph.span_of(start, stop),
                                      f"“{wrong}”应写作“{entry.right}”{where}", Fix(entry.right))


@hookimpl
def govlint_rules():
    return [RepeatedWord, ConfusableWord]
