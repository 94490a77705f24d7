"""The character prefilters (quantities.holds_any): a paragraph holding none of a rule's
characters holds none of the words its search looks for, so passing it over changes nothing."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model import quantities
from govlint.model.quantities import holds_any
from govlint.rules import claims, typography


def test_every_field_word_holds_a_field_character():
    for word in quantities.FIELD_WORDS:
        assert holds_any(word, quantities.FIELD_CHARACTERS), word


def test_every_claim_word_holds_a_claim_character():
    for word in claims._PREFILTER.pattern.split("|"):
        assert holds_any(word, claims._PREFILTER_CHARACTERS), word


@settings(max_examples=600, deadline=None)
@given(st.text(st.sampled_from(list(",;:?!()（），,。abc中文")), max_size=20))
def test_half_width_marks_are_found_as_by_the_class(text):
    assert holds_any(text, typography.HALF_WIDTH_MARKS) == any(ch in ",;:?!()" for ch in text)


def test_holds_any():
    assert holds_any("其中予以公开", "予") and not holds_any("", "予") and not holds_any("其中", "")
