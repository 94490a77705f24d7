"""The fast paths of the prose rules of round 13 of issue 17 against the code they replaced,
kept here as oracles: each gives what the former code gave, on many generated inputs."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.rules import typography

SETTINGS = dict(max_examples=800, deadline=None)


def _spans(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


# Han characters that end an issuing office (发 函 …) and others, a run longer than an org,
# the brackets, digits, 第, 号 and white space of document numbers, and text around them.
DOC_TEXT = st.lists(st.sampled_from(list("国办发函字令〔〕[]【】()（）［］第号 012349杭政，。a") +
                                    ["2019", "19", "014", "浙江省人民政府办公厅关于", "国办发〔2019〕14号"]),
                    max_size=30).map("".join)


@settings(**SETTINGS)
@given(DOC_TEXT)
def test_document_numbers_are_found_as_by_the_whole_pattern(text):
    """GL603 tries DOC_NUMBER only before the matches of its tail: the same matches."""
    assert _spans(typography.doc_numbers(text)) == _spans(typography.DOC_NUMBER.finditer(text))


def test_document_numbers_after_each_other_and_long_offices():
    text = "依据国办发〔2019〕14号国办函[2020]3号和浙江省人民政府办公厅关于做好工作的通知发（2018）第014号"
    assert len(list(typography.doc_numbers(text))) == 3
    assert _spans(typography.doc_numbers(text)) == _spans(typography.DOC_NUMBER.finditer(text))
