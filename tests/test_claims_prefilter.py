"""GL404 searches a sentence for a claim only when it holds the words every match of that
claim holds (claims._DONE_WORDS …, pattern_words.needed_words); the oracle searches every
sentence for every claim, as the rule did before."""
from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.rules import claims
from govlint.rules.claims import ContradictedClaim

# Pieces of sentences that make, break or take back claims, and glue around them.
PIECES = ["均已办结", "全部办结", "均按时办结", "已全部办结", "办结", "申请", "政府信息公开申请", "建议",
          "未发生", "没有", "无", "有无", "未收到", "行政复议", "行政诉讼", "和", "、", "以及", "被", "因",
          "信息公开", "引起的", "纠错", "纠正", "败诉", "均获维持", "全部胜诉", "都", "维持", "胜诉", "均",
          "全部", "已审结", "除", "其余", "未全部", "并非", "复议", "诉讼", "起诉", "，", "；", "。", "本年度",
          "2019年", "2020年", "情形", "案件", "的", "获"]
SENTENCES = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def _claims_unguarded(rule, sentence):
    with mock.patch.object(claims, "holds_needed_words", lambda text, words: True):
        return list(rule._claims(sentence))


@settings(max_examples=500, deadline=None)
@given(st.lists(SENTENCES, min_size=20, max_size=20))
def test_claims_are_those_of_every_search(sentences):
    rule = ContradictedClaim()
    found = [list(rule._claims(s)) for s in sentences]
    assert found == [_claims_unguarded(rule, s) for s in sentences]


def test_the_pieces_make_every_claim():
    """Sentences of the oracle's pieces make each claim (the oracle is not all claimless)."""
    rule = ContradictedClaim()
    made = {c[2] for s in ("本年度政府信息公开申请均已办结。", "未发生行政复议和行政诉讼", "未发生被行政复议纠错情形",
                           "行政复议均获维持") for c in rule._claims(s)}
    assert {"均已办结", "未发生行政复议和行政诉讼", "未发生被行政复议纠错情形"} <= made
    assert any("维持" in m for m in made)
