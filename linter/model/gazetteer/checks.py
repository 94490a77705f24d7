"""The checks behind GL501 place-name, line by line: the report's own place written with
another suffix, a known stem with a wrong suffix, a chain whose parts do not nest, and a
division not valid in the report's year. Findings carry Chinese messages."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from govlint.results.diagnostic import Fix
from govlint.model.meta import places_in
from govlint.model.gazetteer import load
from govlint.model.gazetteer.lookalikes import Variant, for_gazetteer
from govlint.model.gazetteer.marks import marked_ends
from govlint.model.gazetteer.mentions import (BARE, EXTRA, UNKNOWN, Part, WrongParent, clauses_around, closest,
                                              has_suffix, line_marks, mentions, nests, stem_ends, suffix_clauses,
                                              word_follows)
from govlint.model.gazetteer.names import MENTION_SUFFIXES, TOWNSHIP_SUFFIXES, forms, split_name
from govlint.model.gazetteer.store import Division, Gazetteer

LEVEL_WORD = {"p": "省级行政区", "f": "地级行政区", "c": "县级行政区", "t": "乡级行政区"}
# Words right before a name that mark it as a former name on purpose (原江干区, 撤销下城区).
_HISTORICAL = re.compile(r"(?:原|撤销|撤并|撤|旧)$")
OK, CHANGE, LATE, EARLY = "ok", "change", "late", "early"
CHANGE_YEAR = ("warning", "error", "info", "ignore")
RECENT = 5          # years a former name competes with a valid namesake elsewhere
MEANT_MEMO_LIMIT = 1024     # candidate lists a checker remembers what they mean (PlaceChecker._meant)


@dataclass
class Finding:
    """A place-name problem in a line: its offsets, message and fix."""

    start: int
    end: int
    message: str
    fix: Fix | None = None
    severity: str | None = None      # None: the rule's severity


def status(division: Division, year: int | None) -> str:
    """ok in the year; change: the year it came or went (both names occur, and year-end
    lists may be a year off); late: gone before; early: not yet there."""
    if division.township or year is None:
        return OK
    if (division.start <= year or division.start <= 1981) and (division.end is None or year < division.end):
        return OK
    if year == division.end or year == division.start - 1:
        return CHANGE
    return LATE if division.end is not None and year > division.end else EARLY


class PlaceChecker:
    def __init__(self, year: int | None, own_places: list[str], extra_names=(), ignore=(),
                 change_year: str = "warning", gazetteer: Gazetteer | None = None):
        if change_year not in CHANGE_YEAR:
            raise ValueError(f"选项 change_year 的值“{change_year}”无效（可用：{'、'.join(CHANGE_YEAR)}）")
        self.gazetteer = gazetteer or load()
        self.year = year
        self.extra_names = list(extra_names)
        self.ignore = set(ignore)
        self.change_year = change_year
        self.lookalikes = for_gazetteer(self.gazetteer)
        self._stem_ends = stem_ends(self.gazetteer, self.lookalikes.leads)
        self._marked_ends = marked_ends(self.gazetteer, self._stem_ends, self.lookalikes.finder.words)
        # A title that misspells the place (衢洲市) still tells where the report is from.
        own_places = [self.lookalikes.corrected(p) for p in own_places]
        self.own = [_own_place(p) for p in own_places if split_name(p)]
        self.context = self._context("".join(own_places))
        self._meant_memo: dict[tuple, list[Division]] = {}

    @classmethod
    def for_report(cls, meta, options: dict) -> "PlaceChecker":
        places = places_in(options["own_place"]) if options.get("own_place") else meta.places
        key = (meta.year, tuple(places), tuple(options.get("extra_names", ())), tuple(options.get("ignore", ())),
               options.get("change_year", "warning"))
        try:
            return _checker(*key)
        except TypeError:           # an option value that cannot be a key: no sharing
            return cls(meta.year, places, *key[2:])

    def _context(self, own: str) -> frozenset[str]:
        """The codes of the units the report's own place lies in (empty when unknown or
        still ambiguous)."""
        candidates = _own_candidates(self.gazetteer, own)
        if candidates is None:
            return frozenset()
        own = [d for d in candidates if status(d, self.year) == OK] or list(candidates)
        lineages = [self.gazetteer.lineage(d) for d in own]
        return frozenset.intersection(*lineages) if lineages else frozenset()

    # -- one line ------------------------------------------------------------------------
    def check_lines(self, texts: list[str]) -> Iterator[tuple[int, Finding]]:
        """(index of the text, finding) of check_line over each text in turn; only the texts
        that hold a suffix character are read (line_marks: one search of them joined)."""
        for index, marks in line_marks(texts).items():
            for finding in self._check_line(texts[index], marks):
                yield index, finding

    def check_line(self, text: str) -> Iterator[Finding]:
        if not has_suffix(text):
            return iter(())     # every finding is about a name written with a suffix
        return iter(self._check_line(text, line_marks([text]).get(0, ())))

    def _check_line(self, text: str, marks) -> list[Finding]:
        """The findings of check_line in a text that holds a suffix character (or 街) at
        `marks` (line_marks). Most such lines hold no clause to search (全区, 市政府: no stem
        ends before the suffix) and no own place: they cost one search of their marks, not
        the generators and clause searches of a line with parts (seeds: 35 lines of 50)."""
        spans, variant_spans = self._clauses(text, marks)
        own = self._own_misspelt(text) if self._holds_own(text) else []
        if not spans and not variant_spans:
            return own          # no part and no look-alike to check
        return own + list(self._findings(text, own, spans, variant_spans))

    def _holds_own(self, text: str) -> bool:
        """The text holds the stem of an own place (else _own_misspelt finds nothing)."""
        for own in self.own:
            if own.stem in text:
                return True
        return False

    def _findings(self, text: str, own: list[Finding], spans, variant_spans) -> Iterator[Finding]:
        """The findings about the parts and look-alikes in the clauses (`spans`, `variant_spans`:
        _clauses), besides those of _own_misspelt (`own`), at whose starts none is made."""
        flagged = {finding.start for finding in own}
        parts, wrong = mentions(text, self.gazetteer, self.extra_names, spans) if spans else ([], [])
        for part in parts:
            if part.written not in self.ignore and part.start not in flagged:
                finding = self._check_part(text, part)
                if finding:
                    yield finding
        for pair in wrong:
            written = text[pair.upper.start: pair.lower.end]
            if written not in self.ignore and pair.lower.written not in self.ignore:
                yield self._wrong_parent(written, pair)
        for start, end, variant in self.lookalikes.find(text, variant_spans):
            if start in flagged or variant.written in self.ignore or word_follows(text, end, variant.suffix):
                continue
            finding = self._lookalike(start, end, variant, parts)
            if finding:
                yield finding

    def _clauses(self, text: str, marks=()) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The clauses to search for parts, and those to search for look-alikes: the ones
        where a stem ends before a suffix's first character or a look-alike may be written
        (Lookalikes.leads). The parts of any other clause could lead to no
        finding: they are bare stems and townships (a township alone is never reported; it is
        in a wrong chain only below a part with a suffix, and beside a look-alike). An extra
        name is a part in every clause, and may hold a separator: then every clause with a
        suffix character is searched. Only the places around the line's suffix characters
        (`marks`) are read (MarkedEnds)."""
        if self.extra_names:
            spans = suffix_clauses(text, self.extra_names)
            return spans, spans
        ends, variants = self._marked_ends(text, marks)
        if not variants:        # most lines: no look-alike (and most: no stem either)
            return (clauses_around(text, ends) if ends else []), []
        return clauses_around(text, ends + variants), clauses_around(text, variants)

    # -- a look-alike or same-sound character ------------------------------------------------
    def _lookalike(self, start: int, end: int, variant: Variant, parts: list[Part]) -> Finding | None:
        """衢洲市 for 衢州市: reported when the division meant lies in the report's own area
        or nests with the names written next to it (浙江省衢洲市, 衢洲市柯城区); a look-alike
        of a far-away name alone may be an ordinary word."""
        upper = [p for p in parts if p.end == start and p.kind not in (UNKNOWN, EXTRA)]
        lower = [p for p in parts if p.start == end and p.kind not in (UNKNOWN, EXTRA)]
        valid = [d for d in variant.divisions if status(d, self.year) == OK] or list(variant.divisions)
        grounded = [d for d in valid
                    if self.gazetteer.lineage(d) & self.context
                    or any(nests(self.gazetteer, x, d) for p in upper for x in p.candidates)
                    or any(nests(self.gazetteer, d, y) for p in lower for y in p.candidates)]
        if not grounded:
            return None
        best = closest(grounded, self.context, self.gazetteer)
        where = f"（{self.gazetteer.path(best[0], self.year)}）" if len({d.code for d in best}) == 1 else ""
        wrong, right = variant.written[variant.at], variant.right[variant.at]
        return Finding(start, end, f"“{variant.written}”应为“{variant.right}”{where}：“{wrong}”与“{right}”"
                                   f"{variant.why}，容易写错", Fix(variant.right, safe=False))

    def _own_misspelt(self, text: str) -> list[Finding]:
        """拱墅市 in a report of 拱墅区, unless that spelling is itself a county-level
        division valid in the report's year (朝阳市 beside 朝阳区)."""
        found = []
        for own in self.own:
            for start, end, suffix in own.misspelt(text):
                written = text[start:end]
                if written in self.ignore or word_follows(text, end, suffix):
                    continue
                if any(status(d, self.year) in (OK, CHANGE) for d in self.gazetteer.divisions(own.stem, suffix)
                       if not d.township):
                    continue                # a real division of that year (or of a change year)
                found.append(Finding(start, end, f"“{written}”应为“{own.name}”：本报告单位所在地是{own.name}（见标题）",
                                     Fix(own.name)))
        return found

    def _check_part(self, text: str, part: Part) -> Finding | None:
        if part.kind in (EXTRA, BARE):
            return None
        if part.kind == UNKNOWN:
            candidates = closest(self._grounded(part), self.context, self.gazetteer)
            return self._wrong_suffix(part, candidates) if candidates else None
        if self.year is None or _historical(text, part.chain_start):
            return None
        candidates = self._meant(part)
        return self._out_of_year(part, candidates) if candidates else None

    def _meant(self, part: Part) -> list[Division]:
        """The divisions a known name most likely means in the report's year (_meant_of),
        remembered by its candidates (and whether it is linked, which _grounded reads): a
        report writes its own place and its city again and again, and a checker serves the
        reports of one place and year; working it out cost ~17 000 instructions a part."""
        key = (tuple(part.candidates), part.linked)
        meant = self._meant_memo.get(key)
        if meant is None:
            if len(self._meant_memo) >= MEANT_MEMO_LIMIT:
                self._meant_memo.clear()
            meant = self._meant_memo[key] = self._meant_of(part)
        return meant

    def _meant_of(self, part: Part) -> list[Division]:
        """The divisions a known name most likely means in the report's year. A namesake
        valid that year wins over a record gone (or not yet there) for years, however near
        (四川 writing 渝中区 means 重庆's, not 四川's until 1997); otherwise the nearest ones."""
        if any(d.township for d in part.candidates):
            return []
        valid = [d for d in part.candidates if status(d, self.year) == OK]
        if not valid:
            return closest(self._grounded(part), self.context, self.gazetteer)
        rivals = valid + [d for d in part.candidates if d not in valid and self._recent(d)]
        best = closest(rivals, self.context, self.gazetteer)
        return [] if any(d in valid for d in best) else best

    def _recent(self, division: Division) -> bool:
        """Gone or created within RECENT years of the report's year (names linger, and are
        anticipated, for a few years)."""
        if division.end is not None and division.end <= self.year:
            return self.year - division.end <= RECENT
        return division.start - self.year <= RECENT

    def _grounded(self, part: Part) -> list[Division]:
        """The candidates a finding may rest on: those of a chain that nests (吉林省长春市
        朝阳区), else those in the same province as the report's own place. A lone name
        far away is more often an ordinary word (创建平安县, 设立新区) than a place."""
        if part.linked:
            return part.candidates
        return [d for d in part.candidates if self.gazetteer.lineage(d) & self.context]

    # -- wrong suffix ---------------------------------------------------------------------
    def _wrong_suffix(self, part: Part, candidates: list[Division]) -> Finding | None:
        """A county-level-or-above stem written with a suffix none of its divisions has.
        Township suffixes are left alone: townships change 乡→镇→街道 with no history kept."""
        if part.suffix in TOWNSHIP_SUFFIXES:
            return None
        valid = [d for d in candidates if status(d, self.year) == OK]
        if len({d.code for d in valid}) != 1:      # several 新华区: which one is meant is unknown
            return None
        right = valid[0]
        where = self.gazetteer.path(right, self.year)
        return Finding(part.start, part.end,
                       f"“{part.written}”应为“{right.name}”：{right.name}是{LEVEL_WORD[right.level]}（{where}），"
                       f"没有“{part.written}”", Fix(right.name, safe=False))

    # -- not valid in the year --------------------------------------------------------------
    def _out_of_year(self, part: Part, candidates: list[Division]) -> Finding | None:
        if all(d.name.endswith("新区") and self.year < d.start for d in candidates):
            return None             # 两江新区, 滨海新区: zones long before they were divisions
        statuses = [status(d, self.year) for d in candidates]
        if OK in statuses:
            return None
        if CHANGE in statuses:
            if self.change_year == "ignore":
                return None
            division = candidates[statuses.index(CHANGE)]
            return Finding(part.start, part.end, self._change_message(part, division), None, self.change_year)
        division = max(candidates, key=lambda d: d.end or 0)
        if status(division, self.year) == EARLY:
            return Finding(part.start, part.end, f"“{part.written}”在{self.year}年尚未设立："
                                                 f"{self.gazetteer.path(division)}设立于{division.start}年")
        message, fix = self._gone_message(part, division)
        return Finding(part.start, part.end, message, fix)

    def _gone_message(self, part: Part, division: Division) -> tuple[str, Fix | None]:
        after = self.gazetteer.successors(division)
        head = f"“{part.written}”在{self.year}年已不存在：{self.gazetteer.path(division)}"
        if len(after) == 1 and after[0].name == division.name:
            home = self.gazetteer.path(after[0], self.year)[: -len(division.name)]
            return f"{head}已于{division.end}年改属{home}", None
        if len(after) == 1 and after[0].start == division.end:
            new = after[0].name
            if len(self.gazetteer.predecessors(after[0].code)) > 1:
                return f"{head}已于{division.end}年并入新设的{new}", None
            return f"{head}已于{division.end}年改为{new}，应写“{new}”", Fix(new, safe=False)
        if len(after) == 1:
            return f"{head}已于{division.end}年并入{after[0].name}", None
        if after:
            return f"{head}已于{division.end}年撤销，区域划归{'、'.join(d.name for d in after)}", None
        return f"{head}已于{division.end}年撤销", None

    def _change_message(self, part: Part, division: Division) -> str:
        where = self.gazetteer.path(division)
        if division.end == self.year:
            after = "、".join(d.name for d in self.gazetteer.successors(division))
            into = f"（调整为{after}）" if after else ""
            return f"“{part.written}”：{where}于{self.year}年调整{into}，本报告正值调整当年，请核实名称"
        return f"“{part.written}”：{where}设立于{division.start}年，本报告为{self.year}年度，请核实名称"

    # -- wrong parent ------------------------------------------------------------------------
    def _wrong_parent(self, written: str, pair: WrongParent) -> Finding:
        """A warning when the lower part is a township: townships have no history in the data,
        so one merged away since may share its name with a township elsewhere."""
        homes = []
        for d in pair.lower.candidates[:3]:
            home = self.gazetteer.path(d, self.year)[: -len(d.name)]
            if home and home not in homes:
                homes.append(home)
        township = all(d.township for d in pair.lower.candidates)
        message = (f"“{written}”的上下级关系有误：{pair.lower.written}属于{'、'.join(homes) or '其他地方'}，"
                   f"不在{pair.upper.written}" + ("（据现行乡级区划）" if township else ""))
        return Finding(pair.upper.start, pair.lower.end, message, None, "warning" if township else None)


@lru_cache(maxsize=128)
def _checker(year, places, extra_names, ignore, change_year) -> PlaceChecker:
    """A checker is only read once made: reports of one place and year (a batch of them)
    share one, instead of each compiling its own-place patterns and reading its place
    (~70 000 instructions), and each working out what its names mean (_meant). A batch of
    an area's offices over a few years meets more places and years than 32: 1 000 generated
    reports have 74, and an LRU of 32 made a checker for 409 of them (128: for 74)."""
    return PlaceChecker(year, list(places), extra_names, ignore, change_year)


@lru_cache(maxsize=64)
def _own_place(name: str) -> "_OwnPlace":
    """The _OwnPlace of a name, made once per process: a batch meets one office in several
    years (a new checker each), and making one costs ~15 000 instructions. Only read once made."""
    return _OwnPlace(name)


@lru_cache(maxsize=64)
def _own_candidates(gazetteer: Gazetteer, own: str) -> tuple[Division, ...] | None:
    """The divisions the last part of the own place (杭州市拱墅区) may be, whatever the year
    (None when it is no name with a suffix): the mention search behind PlaceChecker._context,
    ~150 000 instructions, once per place and process instead of once per place and year."""
    parts, _ = mentions(own, gazetteer)
    if not parts or parts[-1].kind in (BARE, UNKNOWN):
        return None
    return tuple(parts[-1].candidates)


class _OwnPlace:
    """The report's own place (拱墅区) and the suffixes its stem is not written with."""

    def __init__(self, name: str):
        written = forms(name)
        self.name, self.stem = name, written[0][0]
        right = {stem + suffix for stem, suffix in written}
        # In the order a regular expression stem(suffix|...) would try them (longest first),
        # but no pattern: compiling one cost ~85 000 instructions for each new place, more than
        # checking a whole report, and a batch of different offices meets a new place often.
        self.wrong = tuple(s for s in (*MENTION_SUFFIXES, "地区") if self.stem + s not in right)

    def misspelt(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, suffix) of each place the stem is written with a wrong suffix, left to
        right and not overlapping (what re.finditer of stem(wrong|...) finds)."""
        stem, wrong = self.stem, self.wrong
        found = []
        at = text.find(stem)
        while at >= 0:
            end = at + len(stem)
            if text.startswith(wrong, end):
                suffix = next(s for s in wrong if text.startswith(s, end))
                found.append((at, end + len(suffix), suffix))
                end += len(suffix)
            else:
                end = at + 1
            at = text.find(stem, end)
        return found


def _historical(text: str, start: int) -> bool:
    """原江干区, 撤销下城区, or inside a 书名号 title (an older document's name)."""
    # Without copying the line's start for each name: the words are at most two characters
    # (three with the line break $ may stand before), and str.count takes a range.
    return bool(_HISTORICAL.search(text, max(0, start - 3), start)) \
        or text.count("《", 0, start) > text.count("》", 0, start)
