"""GL501 searches for stems only in the clauses where a stem ends before a suffix's first
character or a look-alike may be written (PlaceChecker._clauses; with extra names, those that
hold a suffix character: mentions.suffix_clauses). Its findings are those of the search over
the whole line, kept here as the oracle, on many generated lines; and the data keeps the
promises that makes safe: every suffix ends in SUFFIX_ENDS, no name holds a separator."""
from __future__ import annotations

import random
import re

import pytest

from govlint.model.gazetteer import checks, load
from govlint.model.gazetteer import mentions as mentions_module
from govlint.model.gazetteer.checks import PlaceChecker
from govlint.model.gazetteer.lookalikes import for_gazetteer
from govlint.model.gazetteer.names import MENTION_SUFFIXES, SUFFIX_ENDS, TOWNSHIP_SUFFIXES

import place_searches as searches

SEPARATOR = mentions_module._SEPARATOR


@pytest.fixture(scope="module")
def gaz():
    return load()


def _whole_line(self, text, marks=()):
    """The previous search: stems and look-alikes everywhere in the line, every line checked."""
    return [(0, len(text))], [(0, len(text))]


def _lines(gaz, rng, count):
    stems = sorted(gaz._stems)
    towns = sorted(set(gaz.township_stems()))[::7]
    variants = sorted(for_gazetteer(gaz).variants)
    suffixes = [*MENTION_SUFFIXES, "地区", "新区", "自治州", "州", "市场", "区域", "县城", "", "", ""]
    glue = ["，", "。", "、", "（", "）", "《", "》", " ", "\u3000", "原", "撤销", "的", "和", "在", "政府",
            "公开", "工作", "2021年", "A", "·", "—", "族", "回族", "杭州", "拱墅", "钱塘新区"]
    for _ in range(count):
        pieces = []
        for _ in range(rng.randint(1, 14)):
            roll = rng.random()
            if roll < 0.35:
                pieces.append(rng.choice(stems) + rng.choice(suffixes))
            elif roll < 0.5:
                pieces.append(rng.choice(towns) + rng.choice(TOWNSHIP_SUFFIXES))
            elif roll < 0.6:
                pieces.append(rng.choice(variants))
            elif roll < 0.7:
                pieces.append(rng.choice(stems))
            else:
                pieces.append(rng.choice(glue))
        yield "".join(pieces)


CHECKERS = [
    dict(year=2021, own_places=["浙江省", "杭州市", "拱墅区"]),
    dict(year=2016, own_places=["四川省"], change_year="error"),
    dict(year=2023, own_places=["衢州市"], extra_names=["钱塘新区", "大江东产业集聚区"], ignore=["拱墅市"]),
    dict(year=2019, own_places=["广西壮族自治区"], extra_names=["G60科创走廊", "临江·高新区"]),
    dict(year=None, own_places=[]),
]


@pytest.mark.parametrize("options", CHECKERS)
def test_findings_are_those_of_the_whole_line_search(gaz, options, monkeypatch):
    checker = PlaceChecker(gazetteer=gaz, **options)
    lines = list(_lines(gaz, random.Random(len(str(options))), 1500))
    fast = [[vars(f) for f in checker.check_line(line)] for line in lines]
    monkeypatch.setattr(checks, "has_suffix", lambda text: True)
    monkeypatch.setattr(PlaceChecker, "_clauses", _whole_line)
    slow = [[vars(f) for f in checker.check_line(line)] for line in lines]
    assert fast == slow
    assert sum(map(len, slow)) > 10           # the lines do hold findings


def test_clauses_cover_every_suffix_and_stop_at_separators():
    text = "浙江省杭州市，本机关在拱墅区的工作。公开信息（杭州市）"
    assert [text[a:b] for a, b in mentions_module.suffix_clauses(text)] == ["浙江省杭州市", "本机关在拱墅区的工作", "杭州市"]
    assert mentions_module.suffix_clauses("本机关公开信息，工作") == []
    assert mentions_module.suffix_clauses("临江·高新区", ["临江·高新区"]) == [(0, 6)]


def test_clauses_around_the_given_characters():
    text = "浙江省杭州市，本机关在拱墅区的工作。公开信息（杭州市）"
    assert [text[a:b] for a, b in mentions_module.clauses_around(text, [13, 2, 4, 23])] == \
        ["浙江省杭州市", "本机关在拱墅区的工作", "杭州市"]
    assert mentions_module.clauses_around(text, []) == []
    assert mentions_module.clauses_around("杭州", [0, 1]) == [(0, 2)]


def test_stem_ends_are_where_a_suffixed_part_ends_its_stem(gaz):
    """Every county part with a suffix the whole-line search finds ends its stem at a place
    stem_ends gives (on the generated lines: stems with every suffix, glued to prose)."""
    ends = mentions_module.stem_ends(gaz)
    for line in _lines(gaz, random.Random(3), 3000):
        found = set(searches.stem_ends_in(ends, line))
        for part in mentions_module._county_parts(line, gaz, 0, len(line)):
            assert not part.suffix or part.start + len(part.stem) - 1 in found, (line, part)
    assert searches.stem_ends_in(ends, "拱墅区，全市，杭州拱墅") == [1]


def test_lookalike_anchors_hold_every_variant(gaz):
    lookalikes = for_gazetteer(gaz)
    for line in _lines(gaz, random.Random(4), 3000):
        anchors = searches.anchors(lookalikes, line)
        for start, end, variant in lookalikes.find(line):
            assert start + variant.at in anchors, (line, variant)
    assert searches.anchors(lookalikes, "推进政务公开，务城区") == [7]


def test_one_search_finds_stem_ends_and_lookalike_anchors(gaz):
    """StemEnds.with_leads gives what the two searches it replaces gave (the oracle)."""
    lookalikes = for_gazetteer(gaz)
    ends = mentions_module.stem_ends(gaz, lookalikes.leads)
    lines = [*_lines(gaz, random.Random(5), 3000), "推进政务公开，务城区", "衢洲市柯城区，拱墅市", "杭州州市"]
    for line in lines:
        assert searches.with_leads(ends, line) == (searches.stem_ends_in(ends, line), searches.anchors(lookalikes, line)), line


def test_every_written_suffix_ends_in_a_suffix_character(gaz):
    county = {entry.split(":")[0] for found in gaz._stems.values() for entry in found.split()}
    township = {suffix for stem in gaz.township_stems() for suffix in gaz.townships(stem)}
    written = county | township | set(MENTION_SUFFIXES) | {"地区"}
    assert {s for s in written if s[-1] not in SUFFIX_ENDS} == set()
    # suffixed_lines seeks 街 for 道 (mentions._LINE_MARKS)
    assert {s for s in written if s.endswith("道") and not s.endswith("街道")} == set()


def test_no_name_holds_a_separator(gaz):
    township = {suffix for stem in gaz.township_stems() for suffix in gaz.townships(stem)}
    names = [*gaz._stems, *gaz.township_stems(), *township,
             *(entry.split(":")[0] for found in gaz._stems.values() for entry in found.split())]
    names += list(for_gazetteer(gaz).variants)          # look-alikes are searched in the clauses too
    assert [n for n in names if SEPARATOR.search(n)] == []
    assert all(variant[-1] in SUFFIX_ENDS for variant in for_gazetteer(gaz).variants)


def _historical_before(text: str, start: int) -> bool:
    """checks._historical as it was: the pattern and the counts over a copy of the line's start."""
    before = text[:start]
    return bool(checks._HISTORICAL.search(before)) or before.count("《") > before.count("》")


def test_historical_is_what_it_was():
    rng = random.Random(5)
    alphabet = list("原撤销并旧《》\n杭州区 ")
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for start in range(len(text) + 1):
            assert checks._historical(text, start) == _historical_before(text, start), (text, start)


def test_lookalikes_found_with_the_changed_character_test_are_those_of_the_finder_alone(gaz, monkeypatch):
    """Lookalikes.find passes over a clause without a changed character (洲, 毫 …): the
    finder's pass over every clause, kept as the oracle, finds the same variants."""
    lookalikes = for_gazetteer(gaz)
    lines = list(_lines(gaz, random.Random(17), 3000))
    spans = [mentions_module.suffix_clauses(line) for line in lines]
    fast = [list(lookalikes.find(line, s)) for line, s in zip(lines, spans)]
    monkeypatch.setattr(lookalikes, "_changed", re.compile(""))       # matches in every clause
    slow = [list(lookalikes.find(line, s)) for line, s in zip(lines, spans)]
    assert fast == slow
    assert sum(map(len, slow)) > 100          # the lines do hold variants


def _clauses_by_with_leads(self, text, marks=()):
    """PlaceChecker._clauses as it was: StemEnds.with_leads reading the whole line."""
    ends, variants = searches.with_leads(self._stem_ends, text)
    return mentions_module.clauses_around(text, ends + variants), mentions_module.clauses_around(text, variants)


@pytest.mark.parametrize("options", [o for o in CHECKERS if not o.get("extra_names")])
def test_marked_ends_find_what_with_leads_found(gaz, options, monkeypatch):
    """MarkedEnds reads only around the suffix characters: the clauses of its places are
    among those of StemEnds.with_leads, and the findings are those of the clauses
    with_leads chose."""
    checker = PlaceChecker(gazetteer=gaz, **options)
    lines = list(_lines(gaz, random.Random(len(str(options)) + 1), 1500))
    marked = checker._marked_ends
    for line in lines:
        ends, variants = marked(line, mentions_module.line_marks([line]).get(0, ()))
        all_ends, all_variants = searches.with_leads(checker._stem_ends, line)
        assert set(ends) <= set(all_ends), line
        clauses = mentions_module.clauses_around
        assert set(clauses(line, variants)) <= set(clauses(line, all_variants)), line
    fast = [[vars(f) for f in checker.check_line(line)] for line in lines]
    monkeypatch.setattr(PlaceChecker, "_clauses", _clauses_by_with_leads)
    slow = [[vars(f) for f in checker.check_line(line)] for line in lines]
    assert fast == slow
    assert sum(map(len, slow)) > 3             # the lines do hold findings
