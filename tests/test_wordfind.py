"""WordFinder (the place-name search) against the Aho-Corasick automaton it replaced: the
same (end, length) hits in the same order, on the gazetteer's stems, the look-alike variants
and made-up word sets, over many generated lines."""
from __future__ import annotations

import random

import ahocorasick
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model.gazetteer import load
from govlint.model.gazetteer.lookalikes import for_gazetteer
from govlint.model.gazetteer.wordfind import WordFinder


def automaton_hits(words, text):
    """The old search (pyahocorasick, STORE_LENGTH), kept here as the oracle."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for word in words:
        automaton.add_word(word)
    if not len(automaton):
        return []
    automaton.make_automaton()
    return list(automaton.iter(text))


@pytest.fixture(scope="module")
def stems():
    return sorted(load()._stems)


@pytest.fixture(scope="module")
def variants():
    return sorted(for_gazetteer(load()).variants)


def _lines(words, rng, count):
    """Lines made of pieces of words (whole, cut, overlapping) glued with prose characters."""
    glue = list("的了和在是公开政府信息工作市区县省镇乡街道州族自治一二三，。、（）《》 ") + ["𨟠", "a", "-", "]"]
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 25)):
            word = rng.choice(words)
            roll = rng.random()
            if roll < 0.4:
                parts.append(word)
            elif roll < 0.6:
                parts.append(word[rng.randrange(len(word)):])
            elif roll < 0.8:
                parts.append(word[: rng.randrange(1, len(word) + 1)])
            else:
                parts.append(rng.choice(glue))
        yield "".join(parts)


def _automaton(words):
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for word in words:
        automaton.add_word(word)
    automaton.make_automaton()
    return automaton


@pytest.mark.parametrize("which", ["stems", "variants"])
def test_same_hits_as_the_automaton_on_the_gazetteer(which, request):
    words = request.getfixturevalue(which)
    finder, automaton = WordFinder(words), _automaton(words)
    rng = random.Random(17)
    for line in _lines(words, rng, 3000):
        assert finder.iter(line) == list(automaton.iter(line)), line


def test_same_hits_on_the_seed_reports(stems):
    from pathlib import Path

    finder, automaton = WordFinder(stems), _automaton(stems)
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    for path in sorted(seeds.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert finder.iter(line) == list(automaton.iter(line))


ALPHABET = st.sampled_from(list("甲乙丙丁戊己庚辛-]^\\𨟠"))


@settings(max_examples=400, deadline=None)
@given(words=st.sets(st.text(ALPHABET, min_size=2, max_size=6), max_size=12),
       text=st.text(ALPHABET, max_size=60))
def test_same_hits_as_the_automaton_on_made_up_words(words, text):
    assert WordFinder(words).iter(text) == automaton_hits(words, text)


@settings(max_examples=400, deadline=None)
@given(words=st.sets(st.text(ALPHABET, min_size=2, max_size=6), max_size=12),
       text=st.text(ALPHABET, max_size=60), start=st.integers(0, 70), end=st.integers(0, 70))
def test_a_range_gives_the_hits_that_lie_inside_it(words, text, start, end):
    inside = [(last, length) for last, length in automaton_hits(words, text)
              if last - length + 1 >= start and last < end]
    assert WordFinder(words).iter(text, start, end) == inside


def test_no_words_finds_nothing_and_one_character_words_are_refused():
    assert WordFinder([]).iter("杭州市") == []
    with pytest.raises(ValueError):
        WordFinder(["杭"])
