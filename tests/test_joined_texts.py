"""JoinedTexts: every position of the joined text that is not a separator maps back to its
text and the same character there."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model.joined_texts import JoinedTexts


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="甲乙。\n1", max_size=6), max_size=6), st.sampled_from(["\n", "。"]))
def test_each_position_maps_back_to_its_text(texts, separator):
    joined = JoinedTexts(texts, separator)
    assert joined.text == separator.join(texts)
    mapped = [(i, at) for i, text in enumerate(texts) for at in range(len(text))]
    located = [joined.locate(p) for p in range(len(joined.text))]
    # Inside a text: that text and the same character; past its end: the separator after it.
    assert [(i, at) for i, at in located if at < len(texts[i])] == mapped
    assert all(joined.text[p] == separator for p, (i, at) in enumerate(located) if at == len(texts[i]))
    assert all(texts[i][at] == joined.text[p] for p, (i, at) in enumerate(located) if at < len(texts[i]))
    assert [joined.index(p) for p in range(len(joined.text))] == [i for i, _ in located]

def test_the_separator_is_one_character():
    with pytest.raises(ValueError):
        JoinedTexts(["a", "b"], "。\n")
