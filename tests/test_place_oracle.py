"""GL501 place-name: searches rewritten for speed, checked against the ones they replace on
generated text (real place names, near misses, wrong-level suffixes such as 拱墅市)."""
from __future__ import annotations

import dataclasses
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model.gazetteer import load
from govlint.model.gazetteer.checks import PlaceChecker, _OwnPlace
from govlint.model.gazetteer import mentions
from govlint.model.gazetteer.mentions import StemEnds, has_suffix, suffixed_lines
from govlint.model.gazetteer.names import MENTION_SUFFIXES, SUFFIX_ENDS
from govlint.model.gazetteer.wordfind import char_class, heads_pattern

import place_searches as searches

PLACES = ["拱墅区", "杭州市", "浙江省", "和睦街道", "延边朝鲜族自治州", "长阳土家族自治县", "广西壮族自治区",
          "香港特别行政区", "三宫回族乡", "阿拉善盟", "鄂托克旗", "大兴安岭地区", "衢州市"]
PIECES = ["拱墅", "杭州", "浙江", "和睦", "延边", "长阳", "广西", "香港", "三宫", "阿拉善", "鄂托克", "大兴安岭", "衢州",
          "拱", "墅", "场", "域", "政府", "，", "。", "、", "（", "）", "原", "《", "》", "a", " ", "全", "本", "地",
          "街", "道", "道路", "街区", "和睦道",
          *MENTION_SUFFIXES, "地区", "自治", "特别", "族", "自治县", "回族乡", "新区"]


def _old_pattern(own: _OwnPlace) -> re.Pattern:
    """The pattern _OwnPlace compiled before it searched without one (the oracle)."""
    return re.compile(re.escape(own.stem) + "(" + "|".join(map(re.escape, own.wrong)) + ")")


def _texts(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))


@pytest.mark.parametrize("name", PLACES)
def test_own_place_search_finds_what_the_pattern_found(name):
    own = _OwnPlace(name)
    pattern = _old_pattern(own)
    texts = [*_texts(3000, sum(map(ord, name))), f"{own.stem}市{own.stem}区{own.stem}{own.stem}县",
             f"{own.stem}{own.stem}自治区", f"{own.stem}地区{own.stem}特别行政区"]
    for text in texts:
        assert list(own.misspelt(text)) == [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)], text


# -- the lines with a suffix character, found in the report's lines joined --------------------
LINE_CHARS = [*SUFFIX_ENDS, *"街拱墅杭州浙江和睦十千南口可意感愿（）():，。a1 \n", "\u3000", "𨟠"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.text(st.sampled_from(LINE_CHARS), max_size=30), max_size=12))
def test_suffixed_lines_are_the_lines_has_suffix_passes(texts):
    """has_suffix, with 街 for 道 (which ends no suffix but 街道: test_place_search checks the
    data; test_check_lines_finds_what_check_line_finds_line_by_line the findings)."""
    assert suffixed_lines(texts) == [i for i, text in enumerate(texts)
                                     if has_suffix(text.replace("道", "")) or "街" in text]


@pytest.mark.parametrize("own", [["浙江省", "杭州市", "拱墅区"], ["衢州市"], ["延边朝鲜族自治州"]])
def test_check_lines_finds_what_check_line_finds_line_by_line(own):
    checker = PlaceChecker(2021, own)
    rng = random.Random(len(own))
    reports = [[t for t in _texts(rng.randint(0, 30), rng.randrange(10 ** 6))] for _ in range(200)]
    found = 0
    for texts in reports:
        expected = [(i, vars(f)) for i, text in enumerate(texts) for f in checker.check_line(text)]
        assert [(i, vars(f)) for i, f in checker.check_lines(texts)] == expected, texts
        found += len(expected)
    assert found > 50, found            # the texts do hold findings


STREET_PIECES = ["拱墅", "和睦", "西湖", "浙江", "衢洲", "街道", "街", "道", "道路", "，", "原", "政府", "a"]


def test_check_lines_reads_the_lines_whose_only_suffix_is_a_street():
    """A line whose only suffix character is 道 (拱墅街道): suffixed_lines seeks 街 for it."""
    checker = PlaceChecker(2021, ["浙江省", "杭州市", "拱墅区"])
    rng = random.Random(7)
    texts = ["".join(rng.choice(STREET_PIECES) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    expected = [(i, vars(f)) for i, text in enumerate(texts) for f in checker.check_line(text)]
    assert [(i, vars(f)) for i, f in checker.check_lines(texts)] == expected
    assert sum(set(texts[i]) & set(SUFFIX_ENDS) == {"道"} for i, _ in expected) > 20     # such lines do hold findings


# -- the stem finder and with_leads: one character class first, not a look-ahead or a choice --
def _old_finder_iter(finder, text, start=0, end=None):
    """WordFinder.iter as it was: the pairs found by a look-ahead tried at every character."""
    words, longer = finder.words, finder._longer
    firsts, seconds = char_class(w[0] for w in words), char_class(w[1] for w in words)
    size = len(text) if end is None else min(end, len(text))
    found = []
    for at in range(start, size - 1):
        pair = text[at: at + 2]
        if not re.fullmatch(f"[{firsts}][{seconds}]", pair) or pair not in finder._starts:
            continue
        for length in longer.get(pair, ()):
            if at + length <= size and text[at: at + length] in words:
                found.append((at + length - 1, length))
        if pair in words:
            found.append((at + 1, 2))
    return sorted(found, key=lambda hit: (hit[0], -hit[1]))


def _old_with_leads(stem_ends, text):
    """StemEnds.with_leads as it was: one alternative per first character (heads_pattern)."""
    return searches.with_leads_by(stem_ends, heads_pattern(stem_ends._heads | stem_ends._leads), text)


@pytest.fixture(scope="module")
def gaz():
    return load()


SEARCH_PIECES = ["拱墅", "杭州", "浙江", "长阳", "延边", "衢洲", "毫州", "杨州", "新区", "自治", "特别", "族", "土家",
                 "各族", "地区", "街道", "苏木", "东乡", "新", "自", "地", "特", "，", "a", "拱", "州", "洲", *SUFFIX_ENDS]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SEARCH_PIECES), max_size=25), st.integers(0, 30), st.integers(0, 60))
def test_stem_finder_finds_what_the_look_ahead_found(gaz, pieces, start, length):
    text = "".join(pieces)
    finder = gaz.finder
    assert finder.iter(text) == _old_finder_iter(finder, text)
    assert finder.iter(text, start, start + length) == _old_finder_iter(finder, text, start, start + length)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SEARCH_PIECES), max_size=25))
def test_with_leads_finds_what_the_choice_of_first_characters_found(gaz, pieces):
    text = "".join(pieces)
    checker = PlaceChecker(2021, ["衢州市"], gazetteer=gaz)
    assert searches.with_leads(checker._stem_ends, text) == _old_with_leads(checker._stem_ends, text)


# -- with_leads' loop: each match's character made a string only when it may count ---------
LEADS = ["州", "洲", "衢洲", "毫", "毫州", "杨州", "区", "市", "新", "新区", "拱墅", "自", "特别", "族", "务城"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SEARCH_PIECES + ["务城", "服务"]), max_size=25), st.sets(st.sampled_from(LEADS), max_size=5))
def test_with_leads_finds_what_two_searches_of_their_own_find(gaz, pieces, leads):
    """The oracle: the stem ends of StemEnds.__call__ (heads_pattern, then the stem tails) and
    the places heads_pattern(leads) matches, leads of one character too."""
    text = "".join(pieces)
    ends = StemEnds(gaz, leads)
    assert searches.with_leads(ends, text) == (searches.stem_ends_in(ends, text), [m.start() for m in heads_pattern(leads).finditer(text)])


# -- county-level parts: the stem's written forms kept once per process ----------------------
def _part_lines(gaz, seed: int, count: int):
    """Lines of stems (county-level, some with townships of the same name) and suffixes,
    known or not, some followed by a character that makes an ordinary word (市场, 区域)."""
    rng = random.Random(seed)
    stems = sorted(gaz._stems)
    tails = [*MENTION_SUFFIXES, "地区", "新区", "自治州", "林区", "矿区", "场", "域", "城", "村", "", "", "，", "和"]
    for _ in range(count):
        yield "".join(rng.choice(stems) + rng.choice(tails) for _ in range(rng.randint(1, 8)))


def test_county_parts_are_those_the_suffixes_tried_in_turn_gave(gaz):
    """The same parts, their candidates the same Division objects, also after the township
    memo was cleared (which makes the townships' Division objects anew)."""
    found = 0
    for number, line in enumerate(_part_lines(gaz, 3, 3000)):
        if number % 500 == 250:
            gaz._towns.clear()
        for lo, hi in ((0, len(line)), (1, len(line) - 2)):
            fast = [vars(p) for p in mentions._county_parts(line, gaz, lo, hi)]
            assert fast == [vars(p) for p in searches.county_parts(line, gaz, lo, hi)], line
            found += sum(p["kind"] == "unknown" for p in fast)
    assert found > 500           # wrong suffixes too, not only known names and bare stems


# -- what a known name means, remembered by its candidates per checker -----------------------
@pytest.mark.parametrize("year", [2021, 1995, 2000])
def test_meant_remembered_is_meant_worked_out(gaz, year, monkeypatch):
    """Findings with PlaceChecker._meant's memo are those of _meant_of asked each time, on
    lines that write names of this year, gone ones and new ones, alone and in chains."""
    lines = [line + "，原" + line[:4] + "，" + line for line in _part_lines(gaz, year, 1500)]
    # Names gone by then, alone (far away: not grounded) and written under their units (linked,
    # the candidates narrowed): a memo keyed by the name alone, or not by whether the part is
    # linked, would give one the other's answer.
    gone = [d for d in gaz.records() if d.level == "c" and d.end is not None and d.end < year][::40]
    lines += [line for d in gone for line in (d.name, gaz.path(d), d.name)]
    checker = PlaceChecker(year, ["浙江省", "杭州市", "拱墅区"], gazetteer=gaz)
    fast = [[vars(f) for f in checker.check_line(line)] for line in lines * 2]
    assert checker._meant_memo
    monkeypatch.setattr(PlaceChecker, "_meant", PlaceChecker._meant_of)
    slow = [[vars(f) for f in PlaceChecker(year, ["浙江省", "杭州市", "拱墅区"], gazetteer=gaz).check_line(line)]
            for line in lines * 2]
    assert fast == slow
    assert sum(map(len, slow)) > 100


# -- parts taken as they are when none overlaps another -----------------------------------
def _plain(part) -> dict:
    """A part's fields, its candidates as their fields: a township's Division is made anew
    when the township memo is cleared, which may happen between two searches."""
    return {**vars(part), "candidates": [dataclasses.astuple(d) for d in part.candidates]}


@pytest.mark.parametrize("extra", [(), ("钱塘新区", "拱墅区和睦", "区和")])
def test_parts_are_those_taken_by_priority(gaz, extra):
    rng = random.Random(len(extra))
    towns = sorted(set(gaz.township_stems()))[::50]
    lines = [line + rng.choice(towns) + rng.choice(["镇", "乡", "街道", "回族乡"]) + rng.choice(["", "拱墅区", "和睦"])
             for line in _part_lines(gaz, 11, 2000)]
    overlapping = 0
    for line in lines:
        fast = [_plain(p) for p in mentions.find_parts(line, gaz, extra)]
        slow = [_plain(p) for p in searches.find_parts(line, gaz, extra)]
        assert fast == slow, line
        overlapping += len(slow) < len(mentions._county_parts(line, gaz, 0, len(line))) + len(
            mentions._township_parts(line, gaz, 0, len(line)))
    assert overlapping > 200         # lines where parts overlap, and some are left out
