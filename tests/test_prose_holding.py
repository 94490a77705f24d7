"""GL401-GL404 read only the paragraphs holding their words, found once per report in the
prose joined (prose.prose_holding), not by a test of each paragraph in each rule; the
oracles are the tests each rule made of each paragraph before."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model import quantities
from govlint.model.joined_texts import JoinedTexts
from govlint.model.pattern_words import holds_needed_words, needed_words
from govlint.model.prose import prose_holding, prose_paragraphs
from govlint.rules import claims, crosscheck
from oracle import built_reports


def _connector(text: str) -> bool:
    """GL402's test of a paragraph before: the words every connector holds."""
    return holds_needed_words(text, needed_words(crosscheck.CONNECTORS))


def _percent(text: str) -> bool:
    """GL403's test of a paragraph before."""
    return "%" in text or "％" in text


def _claim(text: str) -> bool:
    """GL404's prefilter as a search of each paragraph."""
    return claims._PREFILTER.search(text) is not None


def _field(text: str) -> bool:
    return bool(quantities.naming_a_field([text]))


TESTS = [(crosscheck._CONNECTOR_KEYED, _connector), (crosscheck._PERCENT_KEYED, _percent),
         (claims._PREFILTER_KEYED, _claim), (quantities._FIELD_KEYED, _field)]
PIECES = ["其", "中", "其中", "其他", "主要", "包括", "主要包括", "要包", "括", "%", "％", "5", "件", "，", "。", "\n",
          "办结", "维持", "行政复议", "诉讼", "纠正", "结转", "新收", "收到", "规范性文件", "公开"]
TEXTS = st.lists(st.lists(st.sampled_from(PIECES), max_size=10).map("".join), max_size=8)


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_the_texts_holding_the_words_are_those_each_test_passes(texts):
    for keyed, test in TESTS:
        assert sorted(JoinedTexts(texts).holding(keyed)) == [i for i, text in enumerate(texts) if test(text)]


def test_prose_holding_gives_the_paragraphs_each_test_passes():
    """On the built seed reports (when present) and test data, in order; kept on the document,
    and read again once the document changed."""
    held = 0
    for path, report in built_reports():
        document = report.document
        for keyed, test in TESTS:
            expected = [i for i, p in enumerate(prose_paragraphs(document)) if test(p.text)]
            assert prose_holding(document, keyed) == expected, (path, keyed)
            held += len(expected)
        if document.blocks:
            document.blocks.pop()           # the cache's key changes: the prose is read again
            assert prose_holding(document, TESTS[0][0]) == \
                [i for i, p in enumerate(prose_paragraphs(document)) if _connector(p.text)]
    assert held > 20
