"""GL6xx typography: the checkable parts of GB/T 15834 (punctuation), GB/T 15835 (numerals)
and GB/T 9704 (document numbers) in the report's prose, title included; never in table
cells, chart data, URLs or e-mail addresses."""
from __future__ import annotations

import re

from govlint import hookimpl
from govlint.syntax.tree import Paragraph
from govlint.results.diagnostic import Fix
from govlint.model.joined_texts import JoinedTexts, keyed_words
from govlint.model import prose
from govlint.model.prose import prose_paragraphs
from govlint.plugins.rule import Rule

# URLs and e-mail addresses are written as they are: no rule here looks inside them.
URL = re.compile(r"(?:https?|ftp)://[!-~]+|www\.[A-Za-z0-9.\-]+[!-~]*|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# Characters that count as Chinese next to a punctuation mark: Han, and the full-width
# punctuation and quotes Chinese text uses around them.
HALF_WIDTH_MARKS = ",;:?!()"
_HALF_WIDTH_PUNCT = re.compile(r"[,;:?!]")        # found by the regex engine, not a loop over every character
_HALF_WIDTH_KEYED = keyed_words(HALF_WIDTH_MARKS, HALF_WIDTH_MARKS)     # each mark a word of its own
CJK_PUNCT_OPEN = "“‘《（〔【「『〈"
CJK_PUNCT_CLOSE = "”’》）〕】」』〉"


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def may_hold_url(text: str) -> bool:
    """False when URL cannot match: each of its forms has ://, www. or @. Three substring
    tests, where URL itself (an alternation the regex engine tries at every character) is
    among the costlier searches of the prose rules."""
    return "://" in text or "www." in text or "@" in text


def has_url(text: str) -> bool:
    return may_hold_url(text) and URL.search(text) is not None


def masked(text: str) -> list[bool]:
    """Per character: inside a URL or e-mail address. A URL's trailing ) or , that has no
    partner inside it belongs to the text around it."""
    mask = [False] * len(text)
    if not may_hold_url(text):
        return mask
    for m in URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]" and (
                text[end - 1] not in ")]" or text.count("(", m.start(), end) < text.count(")", m.start(), end)
                or text[end - 1] == "]"):
            end -= 1
        for i in range(m.start(), end):
            mask[i] = True
    return mask


def joined_prose(document) -> tuple[list[Paragraph], JoinedTexts]:
    """The report's prose (prose_paragraphs, title included) and its texts joined by line
    breaks, which GL601, GL801, GL802 and GL804 search: made once per document (~25 K
    instructions a seed report) and kept with it (prose.joined_prose)."""
    return prose_paragraphs(document, title=True), prose.joined_prose(document, title=True)


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in " \u3000":
        j += step
    return text[j] if 0 <= j < len(text) else ""


# ---------------------------------------------------------------- brackets, shared by GL601/GL602
PAIRS = {"（": "）", "(": ")", "〔": "〕", "[": "]", "［": "］", "【": "】", "《": "》", "“": "”", "‘": "’",
         "「": "」", "『": "』", "〈": "〉"}
CLOSING = {v: k for k, v in PAIRS.items()}
# The same bracket in the other width: ( … ） is one pair written in two widths.
KIN = {"(": "（", "（": "(", ")": "）", "）": ")", "[": "［", "［": "[", "]": "］", "］": "]"}
HALF_WIDTH = "()[]"
_BRACKET = re.compile("[" + re.escape("".join(PAIRS) + "".join(CLOSING)) + "]")
# A closer right after a list number at the start of a clause is a list marker: 1）, 二）, a)
LIST_MARKER = re.compile(r"(?:^|[。；;：:，,\s])\s*(?:[0-9０-９]{1,2}|[a-zA-Z]|[一二三四五六七八九十]{1,3})$")


def scan_brackets(text: str, mask: list[bool], start: int = 0):
    """Walk the brackets of one paragraph, from `start` (a caller that searched for the
    first bracket already passes where it is, not to search the text before it again).
    Returns (pairs, problems): pairs are matched (open, close) positions; problems are
    (kind, position, partner) with kind unclosed | unopened | mixed (an opener closed by the
    other width). `mask` (from `masked`) marks the characters inside URLs; None when the
    text holds none.

    The stack holds (position, the closer it wants); a closer that is what the innermost
    opener wants (most of them) pairs at once, the others look down the stack for an opener
    it or its other width closes (tests/test_rule_rewrites.py keeps the former code)."""
    stack: list[tuple[int, str]] = []
    pairs, problems = [], []
    for m in _BRACKET.finditer(text, start):
        i = m.start()
        if mask and mask[i]:
            continue
        ch = text[i]
        wanted = PAIRS.get(ch)
        if wanted is not None:
            if ch == "‘" and _latin_apostrophe(text, i):
                continue
            stack.append((i, wanted))
            continue
        if ch == "’" and _latin_apostrophe(text, i):
            continue
        if stack and stack[-1][1] == ch:
            pairs.append((stack.pop()[0], i))
            continue
        kin = KIN.get(ch)
        depth = len(stack) - 1
        while depth >= 0 and stack[depth][1] != ch and stack[depth][1] != kin:
            depth -= 1
        if depth < 0:
            if not LIST_MARKER.search(text[:i]):
                problems.append(("unopened", i, None))
            continue
        for d, _ in stack[depth + 1:]:
            problems.append(("unclosed", d, None))
        opener, wanted = stack[depth]
        del stack[depth:]
        if wanted == ch:
            pairs.append((opener, i))
        else:
            problems.append(("mixed", opener, i))
    problems += [("unclosed", i, None) for i, _ in stack]
    return pairs, problems


def _latin_apostrophe(text: str, i: int) -> bool:
    before, after = text[i - 1: i], text[i + 1: i + 2]
    return before.isascii() and before.isalpha() and (not after or (after.isascii() and after.isalpha()))


# ---------------------------------------------------------------- GL601
class PunctuationWidth(Rule):
    """中文之间使用了半角标点 , ; : ? ! ( )，应使用全角（GB/T 15834《标点符号用法》）。

    为什么：半角标点夹在汉字中间既不合国家标准，也显得排版粗糙；网址、电子邮箱、数字（1,234、9:00）、
    外文段落和表格中的内容不作检查。半角括号与全角括号混配的，由 GL602 报告。

    错误示例：全年共收到申请228件,其中本年新收223件。
    正确示例：全年共收到申请228件，其中本年新收223件。
    """

    code, name, severity = "GL601", "punctuation-width", "warning"
    fixable = "safe"

    def check(self, report):
        paragraphs, joined = joined_prose(report.document)
        # The few paragraphs holding a half-width mark, by str.find (memchr: no mark's byte is a
        # Han character's high byte) of each in all the prose, not 7 substring tests a paragraph.
        for index in sorted(joined.holding(_HALF_WIDTH_KEYED)):
            yield from self._scan(paragraphs[index])

    def _scan(self, paragraph: Paragraph):
        text = paragraph.text
        mask = masked(text)
        found = [i for i in (m.start() for m in _HALF_WIDTH_PUNCT.finditer(text))
                 if not mask[i] and self._between_chinese(text, i)]
        pairs, _ = scan_brackets(text, mask)
        for opener, closer in pairs:
            if text[opener] == "(" and self._chinese_content(text[opener + 1: closer]):
                found += [opener, closer]
        for i in sorted(found):
            yield self.diagnostic(paragraph.span_of(i, i + 1),
                                  f"中文中应使用全角标点“{FULL_WIDTH[text[i]]}”，不用半角“{text[i]}”",
                                  Fix(FULL_WIDTH[text[i]]))

    @staticmethod
    def _between_chinese(text: str, i: int) -> bool:
        left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
        return bool(left and right and (is_han(left) or left in CJK_PUNCT_CLOSE)
                    and (is_han(right) or right in CJK_PUNCT_OPEN))

    @staticmethod
    def _chinese_content(inner: str) -> bool:
        """Chinese inside the brackets: more Han characters than Latin letters."""
        han = sum(1 for ch in inner if is_han(ch))
        latin = sum(1 for ch in inner if ch.isascii() and ch.isalpha())
        return han > 0 and han > latin


# ---------------------------------------------------------------- GL602
class BracketBalance(Rule):
    """括号、引号、书名号（（）〔〕《》“”‘’【】及半角 ( ) [ ]）不成对：有开无合、有合无开，
    或半角开括号以全角闭括号闭合（及反之）。

    为什么：不成对的括号让读者分不清插入语在哪里结束，常见于复制粘贴或修改文字时漏删、漏补。
    列表序号“1）”不算缺少开括号。

    错误示例：根据《指导意见》（国办发〔2019〕54号、《实施意见》要求……
    正确示例：根据《指导意见》（国办发〔2019〕54号）、《实施意见》要求……
    """

    code, name, severity = "GL602", "bracket-balance", "error"
    fixable = "safe"

    def check(self, report):
        found = []
        for paragraph in prose_paragraphs(report.document, title=True):
            text = paragraph.text
            first = _BRACKET.search(text)
            if first:
                mask = masked(text) if may_hold_url(text) else None     # no list of len(text) Falses
                if mask is None and _nests_exactly(text, first.start()):
                    found.append((paragraph, []))
                else:
                    found.append((paragraph, scan_brackets(text, mask, first.start())[1]))
        _join_broken_lines(found)
        for paragraph, problems in found:
            for kind, at, partner in problems:
                yield self._report(paragraph, kind, at, partner)

    def _report(self, paragraph: Paragraph, kind: str, at: int, partner: int | None):
        text = paragraph.text
        ch = text[at]
        if kind == "unclosed":
            return self.diagnostic(paragraph.span_of(at, at + 1), f"“{ch}”没有对应的“{PAIRS[ch]}”")
        if kind == "unopened":
            return self.diagnostic(paragraph.span_of(at, at + 1), f"“{ch}”前面没有对应的“{CLOSING[ch]}”")
        other = text[partner]
        half = at if ch in HALF_WIDTH else partner
        message = f"半角与全角括号混用：“{ch}”以“{other}”闭合，应同为全角"
        return self.diagnostic(paragraph.span_of(half, half + 1), message, Fix(KIN[text[half]]))


_PAIR_STRINGS = tuple(opener + closer for opener, closer in PAIRS.items())


def _nests_exactly(text: str, start: int) -> bool:
    """True when every bracket from `start` on is closed by its own closer, properly nested,
    and the text has no ‘’ (which scan_brackets passes over as a Latin apostrophe): then
    scan_brackets finds no problem, and C-level str methods told so faster than its loop
    over every bracket. Removing adjacent opener-closer pairs until none is left is what
    its stack does when each closer is the one the innermost opener wants."""
    if "‘" in text or "’" in text:
        return False
    brackets = "".join(_BRACKET.findall(text, start))
    while brackets:
        before = len(brackets)
        for pair in _PAIR_STRINGS:
            brackets = brackets.replace(pair, "")
        if len(brackets) == before:
            return False
    return True


def _join_broken_lines(found: list) -> None:
    """A line break inside a bracket (a title or paragraph exported over two lines:
    “（杭州市” / “西湖区）”) is not an error: drop an opener left open at the end of one line
    together with the closer left unopened at the start of the next line."""
    for (first, a), (second, b) in zip(found, found[1:]):
        if second.span.line != first.span.end_line + 1:
            continue
        while True:
            open_at = [p for p in a if p[0] == "unclosed"]
            close_at = [p for p in b if p[0] == "unopened"]
            if not open_at or not close_at or PAIRS[first.text[open_at[-1][1]]] != second.text[close_at[0][1]]:
                break
            a.remove(open_at[-1])
            b.remove(close_at[0])


# ---------------------------------------------------------------- GL603
DOC_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,12}?[发函字令办复电规文报通告示呈])"
    r"(?P<open>[\[【(（［〔])\s*(?P<year>\d{4}|\d{2})\s*(?P<close>[\]】)）］〕])"
    r"\s*(?P<di>第)?\s*(?P<num>\d+)\s*号")
# What DOC_NUMBER needs after the issuing office, found fast (it starts with a bracket, not
# with any Han character): DOC_NUMBER is tried only in the few characters before one.
_DOC_NUMBER_TAIL = re.compile(r"[\[【(（［〔]\s*(?:\d{4}|\d{2})\s*[\]】)）］〕]\s*(?:第)?\s*\d+\s*号")
_ORG_MAX = 13           # the most characters DOC_NUMBER's org group takes


def doc_numbers(text: str):
    """The matches DOC_NUMBER.finditer(text) yields, DOC_NUMBER tried only from _ORG_MAX
    characters before each match of its tail to that match's end. Led by a lazy repeat of
    Han characters, DOC_NUMBER tried over a whole paragraph is tried at every Han character
    (most of GL603's cost). A match is an org of Han characters right before a tail (which
    holds none, nor overlaps another: only its first character is an opening bracket), so
    it lies in such a window, and the matches come in the order of their tails."""
    end = 0
    for tail in _DOC_NUMBER_TAIL.finditer(text):
        m = DOC_NUMBER.search(text, max(end, tail.start() - _ORG_MAX), tail.end())
        if m is not None:
            yield m
            end = m.end()


class DocNumberFormat(Rule):
    """发文字号不合 GB/T 9704《党政机关公文格式》的写法“机关代字〔年份〕序号号”：年份用了
    [ ]、【】、（）等括号（应为六角括号〔〕），年份只写两位，序号编了虚位（014号），或序号前加了“第”。

    为什么：发文字号是公文的唯一标识，写法不规范会让引用难以检索，也不合公文格式国家标准。

    错误示例：《通知》（国办发[2019]14号）
    正确示例：《通知》（国办发〔2019〕14号）
    """

    code, name, severity = "GL603", "doc-number-format", "error"
    fixable = "safe"

    def check(self, report):
        for paragraph in prose_paragraphs(report.document, title=True):
            text = paragraph.text
            if "号" not in text:
                continue
            mask = None
            for m in doc_numbers(text):
                if mask is None:
                    mask = masked(text)
                if mask[m.start("open")]:
                    continue
                found = self._problems(m)
                if found:
                    yield self._report(paragraph, m, found)

    @staticmethod
    def _problems(m: re.Match) -> list[str]:
        out = []
        if m.group("open") != "〔" or m.group("close") != "〕":
            out.append(f"年份应用六角括号“〔〕”，不用“{m.group('open')}{m.group('close')}”")
        if len(m.group("year")) == 2:
            out.append("年份应写全四位")
        if m.group("di"):
            out.append("序号前不加“第”")
        if len(m.group("num")) > 1 and m.group("num").startswith("0"):
            out.append("序号不编虚位（不在前面补 0）")
        return out

    def _report(self, paragraph: Paragraph, m: re.Match, problems: list[str]):
        written = m.group(0)[m.start("open") - m.start():]
        message = f"发文字号“{m.group('org')}{written}”格式不规范：" + "；".join(problems)
        fix = None
        if len(m.group("year")) == 4:
            fix = Fix(f"〔{m.group('year')}〕{int(m.group('num'))}号")
        return self.diagnostic(paragraph.span_of(m.start("open"), m.end()), message, fix)


# ---------------------------------------------------------------- GL604
BAD_ZERO = "0０OＯ○零"
_YEAR_DIGITS = "〇零○OＯ0０一二三四五六七八九"
# Four numerals before 年, led by one class (not a repeat of it), so that the search skips
# in C to a numeral instead of trying every character of the paragraph.
CN_YEAR = re.compile(f"(?P<year>[{_YEAR_DIGITS}][{_YEAR_DIGITS}]{{3}})(?=\\s*年)")
# The 年 of a CN_YEAR match: right after four numerals, or after white space. Led by the
# literal 年, which the search skips to (a numeral class is tested at every character and is
# most of the cost on the paragraphs of dates, 2020年, where 年 follows no Chinese year):
# a paragraph without it holds no CN_YEAR match.
_CN_YEAR_END = re.compile(f"年(?:(?<=[{_YEAR_DIGITS}]{{4}}年)|(?<=\\s年))")


class NumeralZero(Rule):
    """汉字数字表示的年份中，“零”写成了 0、O、○ 或“零”，应为“〇”（GB/T 15835《出版物上数字用法》：
    编号、年份中的零用“〇”，表示数量时才用“零”）。

    为什么：二0一九年、二O一九年混用了阿拉伯数字或拉丁字母，○（圆圈符号）也不是汉字“〇”。

    错误示例：二0一九年政府信息公开工作年度报告
    正确示例：二〇一九年政府信息公开工作年度报告
    """

    code, name, severity = "GL604", "numeral-zero", "warning"
    fixable = "safe"

    def check(self, report):
        for paragraph in prose_paragraphs(report.document, title=True):
            text = paragraph.text
            if not _CN_YEAR_END.search(text):
                continue                # CN_YEAR needs it
            for m in CN_YEAR.finditer(text):
                year = m.group("year")
                if m.start() and text[m.start() - 1] in _YEAR_DIGITS + "十":
                    continue            # five numerals or more: not a year
                if not any(ch in BAD_ZERO for ch in year) or not any(ch in "一二三四五六七八九" for ch in year):
                    continue
                fixed = "".join("〇" if ch in BAD_ZERO else ch for ch in year)
                bad = "、".join(sorted({f"“{ch}”" for ch in year if ch in BAD_ZERO}))
                yield self.diagnostic(paragraph.span_of(m.start("year"), m.end("year")),
                                      f"年份“{year}”中的零应写作“〇”，不用{bad}", Fix(fixed))


@hookimpl
def govlint_rules():
    return [PunctuationWidth, BracketBalance, DocNumberFormat, NumeralZero]
