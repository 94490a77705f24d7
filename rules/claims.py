"""GL404 contradicted-claim: a sweeping statement in the prose (均已办结, 未发生行政复议,
均获维持) that the report's own tables contradict. The claims are data below: what the
statement says, and which table cells must then be 0."""
from __future__ import annotations

import re

from govlint import hookimpl
from govlint.model.joined_texts import keyed_words
from govlint.model.pattern_words import holds_needed_words, needed_words
from govlint.model.prose import prose_holding, prose_paragraphs
from govlint.plugins.rule import Rule

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
# A statement is taken back by these in front of it: 未全部办结, 并非均获维持.
_NEGATED = re.compile(r"(?:未|没有|并非|不是|不能|尚未|未能|难以)\s*$")


def _t4(group: str, label: str, results: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((f"t4.counts.{group}_{key}", f"表四“{label}”的“{name}”") for key, name in results)


CARRY_NEXT = (("t3.carry_next.total", "表三“四、结转下年度继续办理”总计"),)
REVIEW = _t4("review", "行政复议", (("total", "总计"),))
SUIT = _t4("suit_direct", "未经复议直接起诉", (("total", "总计"),)) + _t4("suit_after", "复议后起诉", (("total", "总计"),))
_NOT_UPHELD = (("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))
_NOT_UPHELD_DECIDED = (("corrected", "结果纠正"), ("other", "其他结果"))
_CORRECTED = (("corrected", "结果纠正"),)


def _review(results):
    return _t4("review", "行政复议", results)


def _suits(results):
    return _t4("suit_direct", "未经复议直接起诉", results) + _t4("suit_after", "复议后起诉", results)


# 因政府信息公开（申请）引起的, 涉及本机关政府信息公开的 …: what may stand between 未发生 and 行政复议.
_ABOUT = (r"(?:(?:因|涉及|关于|针对)?(?:本(?:机关|单位|部门|街道|镇|乡))?(?:的)?(?:政府)?信息公开(?:申请|工作|事项|答复)?"
          r"(?:而)?(?:引起|引发|提起|产生|发生)?(?:的)?)?(?:被(?:申请|提起)?)?")
_NONE = r"(?:未发生|没有发生|未出现|没有出现|未收到|没有收到|未有|没有|(?<!有)无|未被提起|未涉及)"
CLAIM_NONE = re.compile(
    _NONE + _ABOUT + r"(?P<what>行政复议(?:(?:[和及与、或]|以及)(?:行政)?诉讼)?|行政诉讼(?:(?:[和及与、或]|以及)行政复议)?)"
    r"(?!纠错|纠正|败诉|撤销|确认违法|被纠)")
CLAIM_DONE = re.compile(r"(?:均已|全部|均|已全部|全部已|均按时|全部按时|均已按时|已全部按时|均在法定期限内)(?:予以)?办结")
CLAIM_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|得到|予以|以)?(?:维持|胜诉)")
CLAIM_NOT_CORRECTED = re.compile(_NONE + r"[^，。；;]{0,20}?(?:纠错|纠正|败诉)")
_CLAUSE_END = re.compile(r"[，,。；;]")
# The words every match of each claim holds (pattern_words): a sentence passes _PREFILTER with
# one of its words, most often 行政复议 or 办结 alone, and the claims whose words it lacks are
# not searched (each search is tried at every character of the sentence).
_DONE_WORDS, _NONE_WORDS, _UPHELD_WORDS, _NOT_CORRECTED_WORDS = (
    needed_words(CLAIM_DONE), needed_words(CLAIM_NONE), needed_words(CLAIM_UPHELD), needed_words(CLAIM_NOT_CORRECTED))
_PREFILTER = re.compile(r"办结|维持|胜诉|行政复议|行政诉讼|纠错|纠正")
# A character of each word of _PREFILTER, one seldom met elsewhere (结, not 办 of 办理): a
# paragraph without any holds no claim, and five substring tests tell it many times faster
# than the search for the words (tried at every character).
_PREFILTER_CHARACTERS = "结维胜议讼纠"
# _PREFILTER's words by those characters: the paragraphs holding one, found at once in the
# prose joined once per report (prose_holding), not by a search of each paragraph.
_PREFILTER_KEYED = keyed_words(_PREFILTER.pattern.split("|"), _PREFILTER_CHARACTERS)
# A 均已办结 about something else: suggestions, petitions, rectification, reviews.
_OTHER_MATTERS = re.compile(r"建议|提案|信访|投诉|举报|整改|督办|意见|留言|咨询|来信|复议|诉讼")
_EXCEPT = re.compile(r"除|其余|结转|以外|之外|外[，,]|尚未|未办结|正在办理|继续办理")


class ContradictedClaim(Rule):
    """正文中概括性的说法与报告自己的表格相矛盾：说申请“均已办结”，表三“四、结转下年度继续办理”
    却不是 0；说“未发生行政复议、行政诉讼”，表四却有案件；说复议、诉讼“均获维持”“全部胜诉”，
    表四却有“结果纠正”“其他结果”或“尚未审结”。

    为什么：这类一句话的结论最容易沿用往年的文字而忘了核对当年的表格，读者一对照就会发现矛盾。
    带有例外的说法（“除3件结转下年度办理外，其余均已办结”）、否定的说法（“未全部办结”）、说别的
    事项的（“人大建议、政协提案均已办结”）和写明其他年份的不检查；表格单元格空白或不是数字时也不比较。

    错误示例：本年度收到的政府信息公开申请均已办结。   （表三“四、结转下年度继续办理”总计为 2）
    正确示例：本年度收到的政府信息公开申请，除2件结转下年度继续办理外，其余均已办结。
    """

    code, name, severity = "GL404", "contradicted-claim", "error"

    def check(self, report):
        model, year = report.model, report.meta.year
        paragraphs = prose_paragraphs(report.document)
        for index in prose_holding(report.document, _PREFILTER_KEYED):
            paragraph = paragraphs[index]
            text = paragraph.text
            for s in _SENTENCE.finditer(text):
                sentence = s.group()
                if not _PREFILTER.search(sentence) or self._other_year(sentence, year):
                    continue
                for start, end, claim, cells in self._claims(sentence):
                    values = [(name, _number(model, key)) for key, name in cells]
                    if any(value is None for _, value in values):
                        continue        # the table does not say
                    found = [(name, value) for name, value in values if value]
                    if not found:
                        continue
                    named = "、".join(f"{name}为 {value:g}" for name, value in found)
                    yield self.diagnostic(paragraph.span_of(s.start() + start, s.start() + end),
                                          f"正文称“{claim}”，与表格不符：{named}，请核对正文或表格")

    @staticmethod
    def _other_year(sentence: str, year: int | None) -> bool:
        return year is not None and any(int(y) != year for y in _YEAR.findall(sentence))

    def _claims(self, sentence: str):
        """(start, end, the words claimed, the cells that must be 0) in one sentence."""
        for m in (CLAIM_DONE.finditer(sentence) if holds_needed_words(sentence, _DONE_WORDS) else ()):
            before = sentence[:m.start()]
            clause = re.split(r"[；;]", before)[-1]      # what is said to be done: the clause before
            if (_NEGATED.search(before) or "申请" not in clause or _OTHER_MATTERS.search(clause)
                    or _EXCEPT.search(sentence)):
                continue
            yield m.start(), m.end(), m.group(), CARRY_NEXT
        for m in (CLAIM_NONE.finditer(sentence) if holds_needed_words(sentence, _NONE_WORDS) else ()):
            what = m.group("what")
            cells = (REVIEW if "复议" in what else ()) + (SUIT if "诉讼" in what else ())
            yield m.start(), m.end(), m.group(), cells
        for m in (CLAIM_NOT_CORRECTED.finditer(sentence)
                  if holds_needed_words(sentence, _NOT_CORRECTED_WORDS) else ()):
            # 未发生被行政复议纠错或行政诉讼败诉情形: the clause says which results are meant.
            following = _CLAUSE_END.search(sentence, m.end())
            clause = sentence[m.start(): following.start() if following else len(sentence)]
            cells = ((_review(_CORRECTED) if re.search(r"复议[^，。；;]{0,4}(?:纠错|纠正)", clause) else ())
                     + (_suits(_CORRECTED) if "败诉" in clause else ()))
            if cells:
                yield m.start(), m.start() + len(clause), clause, cells
        for m in (CLAIM_UPHELD.finditer(sentence) if holds_needed_words(sentence, _UPHELD_WORDS) else ()):
            if _NEGATED.search(sentence[:m.start()]):
                continue
            before = sentence[:m.start()]
            review = "复议" in before or ("复议" in sentence and "诉讼" not in sentence and "胜诉" not in m.group())
            suit = "诉讼" in before or "胜诉" in m.group() or "起诉" in before
            if not (review or suit):
                continue
            decided = bool(re.search(r"已审结|审结的|已结案|已作出", before))
            results = _NOT_UPHELD_DECIDED if decided else _NOT_UPHELD
            cells = (_review(results) if review and "胜诉" not in m.group() else ()) + (_suits(results) if suit else ())
            yield m.start(), m.end(), sentence[max(0, m.start() - 8):m.end()].lstrip("，,；; "), cells


def _number(model, key: str) -> float | None:
    """The cell's number; None when the table does not say (missing, blank or text)."""
    cell = model.get(key)
    if cell is None or cell.node is None or not cell.number.numeric:
        return None
    return cell.number.value


@hookimpl
def govlint_rules():
    return [ContradictedClaim]
