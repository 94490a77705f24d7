"""The gazetteer in memory: divisions by name, by stem and by code, the lineage of each
division, and the stem finder that finds mentions in text.

Built from divisions.tsv (see its header; tools/build_gazetteer.py writes it).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from govlint.model.gazetteer.names import MENTION_SUFFIXES, WORD_AFTER
from govlint.model.gazetteer.wordfind import WordFinder
from govlint.model.text_memo import TextMemo


LEVEL_RANK = {"p": 0, "f": 1, "c": 2, "t": 3}
_GROUP = re.compile(rb"\n=([^\n]+)")
# Stems remembered at most (see Gazetteer.__init__); the data has some 40 000 township stems.
STEM_MEMO_LIMIT = 1 << 15


@dataclass(eq=False, slots=True)
class Division:
    """One name of one unit. County level and above: one record of history.csv
    (valid for start <= year < end; end None = current). Townships: current, no code."""

    name: str
    level: str                      # p f c t
    parent: str                     # parent code ("" for a province)
    code: str = ""
    start: int = 0
    end: int | None = None
    successors: str = ""
    abolished: bool = False         # township the MCA marks 撤销 (year unknown)

    @property
    def township(self) -> bool:
        return self.level == "t"

    @property
    def rank(self) -> int:
        return LEVEL_RANK[self.level]


_MARKS = (b"\n@records\n", b"\n@stems\n", b"\n@townships\n")


def _blocks(data: bytes) -> tuple[bytes, bytes, bytes]:
    """The @records and @stems blocks of the data, and the @townships block with the newline
    that ends its mark in front (a township line is then found as newline + stem + TAB); a
    block whose mark is missing is empty, as str.partition would cut them. Each is sliced out
    of the file's bytes once: partitioning copied the megabyte three times (~2 ms a check)."""
    starts: list[int] = []
    ends: list[int] = []
    for mark in _MARKS:
        found = data.find(mark, ends[-1] if ends else 0)
        if found < 0:
            break
        starts.append(found)
        ends.append(found + len(mark))
    records = data[ends[0]: starts[1] if len(starts) > 1 else len(data)] if ends else b""
    stems = data[ends[1]: starts[2] if len(starts) > 2 else len(data)] if len(ends) > 1 else b""
    towns = data[ends[2] - 1:] if len(ends) > 2 else b"\n"
    return records, stems, towns


class Gazetteer:
    """Lookups over divisions.tsv. Loading only cuts the file into its indexes; a record or
    a township is turned into a Division the first time a text mentions it.

    County level and above: a WordFinder over their stems finds them anywhere in a text, with or without suffix (杭州拱墅). Townships are always written with their
    suffix, so they are looked up backwards from a township suffix through groups keyed
    by the stem's last character.
    """

    def __init__(self, data: bytes, kept: dict | None = None):
        """`kept`: the indexes prepared from this same data in an earlier run (prepared.py);
        without it they are made from the data."""
        # Kept as bytes: the text has characters beyond the BMP (𨟠), which would make
        # one decoded str four bytes a character and every search over it slow.
        records, stems, self._towns_text = _blocks(data)
        self._lines = records.split(b"\n")
        self._records: list[Division | None] = [None] * len(self._lines)
        # Stem -> its divisions by written suffix. Asked for every stem-like piece of text
        # before a suffix, most of them no name at all: bounded, so memory stays flat over
        # a batch of thousands of different reports.
        self._by_stem: dict[str, dict[str, list[Division]]] = TextMemo(self._county_stem_of, STEM_MEMO_LIMIT)
        self._towns: dict[str, dict[str, list[Division]]] = TextMemo(self._townships_of, STEM_MEMO_LIMIT)
        self._suffixes: dict[str, tuple[str, ...]] = TextMemo(self._suffixes_of, STEM_MEMO_LIMIT)
        self._forms: dict[str, tuple] = TextMemo(self._forms_of, STEM_MEMO_LIMIT)
        self._lineage: dict[str, frozenset[str]] = {}
        self._before: dict[str, list[tuple[Division, bool]]] | None = None
        self.kept = kept
        if kept is not None:
            self._stems: dict[str, str] = kept["stems"]
            self._set_groups(*kept["groups"])
            self._codes: dict[bytes, list[int]] | None = kept["codes"]
            self._sorted: bool = kept["codes"] is None
            self.finder = kept["finder"]
            self._suffix_heads: frozenset[str] | None = kept["suffix_heads"]
            self._stem_tails: frozenset[str] | None = kept["stem_tails"]
            self._suffix_lengths: dict[str, tuple[int, ...]] | None = kept["suffix_lengths"]
            return
        cells = stems.decode("utf-8").replace("\n", "\t").split("\t")
        self._stems = dict(zip(cells[0::2], cells[1::2]))
        # group of stems ending in C -> (start, end) of its lines in the townships block
        marks = list(_GROUP.finditer(self._towns_text))
        ends = [m.start() for m in marks[1:]] + [len(self._towns_text)]
        chars = [m.group(1).decode("utf-8") for m in marks]
        if any(len(char) != 1 for char in chars) or len(set(chars)) != len(chars):
            raise ValueError("divisions.tsv: each township group is named by one character, once")
        self._set_groups("".join(chars),
                         array("I", [n for m, end in zip(marks, ends) for n in (m.end(), end)]).tobytes())
        codes = [line.partition(b"\t")[0] for line in self._lines]
        self._sorted = all(map(bytes.__le__, codes, codes[1:]))
        self._codes = None
        self.finder = WordFinder(self._stems)
        self._suffix_heads = self._stem_tails = self._suffix_lengths = None

    def _set_groups(self, chars: str, bounds: bytes) -> None:
        """The township groups: the last character of each group's stems (`chars`, one a
        group) and, two a group, the start and end of its lines in the townships block
        (`bounds`, unsigned ints in the machine's order). Kept in this form between runs:
        a dict of tuples read back cost ~7 M instructions of a one-report check, these two
        objects and the dict made here ~0.3 M."""
        self._group_chars, self._group_bounds = chars, bounds
        self._group_index = {char: 2 * i for i, char in enumerate(chars)}
        self._bounds = memoryview(bounds).cast("I")

    def _group(self, char: str) -> tuple[int, int]:
        """(start, end) of the lines of the township stems that end in `char`; (0, 0) for none."""
        at = self._group_index.get(char)
        return (0, 0) if at is None else (self._bounds[at], self._bounds[at + 1])

    def indexes(self) -> dict:
        """The indexes made from the data, for prepared.py to keep (the `kept` of __init__)."""
        return {"stems": self._stems, "groups": (self._group_chars, self._group_bounds),
                "codes": None if self._sorted else self._code_index(),
                "finder": self.finder, "suffix_heads": self.suffix_heads(), "stem_tails": self.stem_tails(),
                "suffix_lengths": self.suffix_lengths()}

    # -- county level and above ------------------------------------------------------
    def county_stem(self, stem: str) -> dict[str, list[Division]]:
        """County-level-and-above divisions written with this stem, by written suffix."""
        return self._by_stem[stem]

    def _county_stem_of(self, stem: str) -> dict[str, list[Division]]:
        found: dict[str, list[Division]] = {}
        for entry in self._stems.get(stem, "").split():
            suffix, number = entry.split(":")
            found.setdefault(suffix, []).append(self._record(int(number)))
        return found

    def suffix_heads(self) -> frozenset[str]:
        """The first two characters (the one of a one-character suffix) of every suffix a
        county-level stem is known with, those of its township namesakes included (as
        `suffixes` gives them). Working it out reads the townships of every stem, so it is
        kept between runs (prepared.py)."""
        if self._suffix_heads is None:
            self._suffix_heads = frozenset(s[:2] for stem in self._stems for s in self._suffixes_of(stem))
        return self._suffix_heads

    def suffix_lengths(self) -> dict[str, tuple[int, ...]]:
        """By its last two characters (the one of a one-character suffix), the lengths of
        the suffixes county-level stems are written with (土家族自治县: 6 under 治县),
        shortest first. Kept between runs (prepared.py): reading every stem's entries costs
        ~8 ms."""
        if self._suffix_lengths is None:
            lengths: dict[str, set[int]] = {}
            for entries in self._stems.values():
                for entry in entries.split():
                    suffix = entry.split(":")[0]
                    lengths.setdefault(suffix[-2:], set()).add(len(suffix))
            self._suffix_lengths = {end: tuple(sorted(found)) for end, found in lengths.items()}
        return self._suffix_lengths

    def stem_tails(self) -> frozenset[str]:
        """The last two characters of every county-level stem (every stem has two or more)."""
        if self._stem_tails is None:
            self._stem_tails = frozenset(stem[-2:] for stem in self._stems)
        return self._stem_tails

    def _record(self, number: int) -> Division:
        record = self._records[number]
        if record is None:
            fields = self._lines[number].decode("utf-8").split("\t")
            code, name, level, parent, start, end, successors = fields
            record = self._records[number] = Division(name, level, parent, code, int(start),
                                                      int(end) if end else None, successors)
        return record

    def record_at(self, number: int) -> Division:
        """The record on line `number` of @records (what the @stems entries point at)."""
        return self._record(number)

    def _code_index(self) -> dict[bytes, list[int]]:
        if self._codes is None:
            self._codes = {}
            for number, line in enumerate(self._lines):
                self._codes.setdefault(line[: line.index(b"\t")], []).append(number)
        return self._codes

    def _numbers(self, code: bytes) -> Iterable[int]:
        """The numbers of the records of `code`. The data lists its records by code (as
        history.csv does): they are then found by bisection of the lines, and the index of
        every code (6 000 entries, ~11 M instructions to read back from the kept file, a
        tenth of a one-report check) is made only for data in another order."""
        if not self._sorted:
            return self._code_index().get(code, ())
        lines = self._lines
        start = bisect_left(lines, code, key=_line_code)
        return range(start, bisect_right(lines, code, start, key=_line_code))

    def by_code(self, code: str) -> list[Division]:
        return [self._record(n) for n in self._numbers(code.encode("ascii"))]

    # -- townships -------------------------------------------------------------------
    def townships(self, stem: str) -> dict[str, list[Division]]:
        """Townships written with this stem, by written suffix."""
        return self._towns[stem]

    def _townships_of(self, stem: str) -> dict[str, list[Division]]:
        found: dict[str, list[Division]] = {}
        start, stop = self._group(stem[-1])
        key = b"\n" + stem.encode("utf-8") + b"\t"
        at = self._towns_text.find(key, start, stop)
        if at >= 0:
            begin = at + len(key)
            end = self._towns_text.find(b"\n", begin, stop)
            for entry in self._towns_text[begin: end if end >= 0 else stop].decode("utf-8").split():
                suffix, parent, official, flag = (entry.split(":") + ["", ""])[:4]
                division = Division(stem + (official or suffix), "t", parent, abolished=flag == "x")
                found.setdefault(suffix, []).append(division)
        return found

    def township_stems(self) -> Iterator[str]:
        """Every township stem in the data (for tools and tests; a check never needs this)."""
        for char in self._group_chars:
            start, stop = self._group(char)
            for line in self._towns_text[start:stop].split(b"\n"):
                if b"\t" in line:
                    yield line[: line.index(b"\t")].decode("utf-8")

    def records(self) -> Iterator[Division]:
        """Every county-level-and-above record, in data order."""
        return (self._record(n) for n in range(len(self._lines)))

    # -- both --------------------------------------------------------------------------
    def divisions(self, stem: str, suffix: str | None = None) -> list[Division]:
        """The divisions written stem + suffix (with any suffix when None), all levels."""
        tables = (self.county_stem(stem), self.townships(stem))
        if suffix is None:
            return [d for table in tables for found in table.values() for d in found]
        return [d for table in tables for d in table.get(suffix, ())]

    def suffixes(self, stem: str) -> tuple[str, ...]:
        """Every suffix the stem is known with, longest first (worked out once per stem: the
        place-name search asks for each stem it finds, the same ones line after line)."""
        return self._suffixes[stem]

    def _suffixes_of(self, stem: str) -> tuple[str, ...]:
        known = set(self.county_stem(stem)) | set(self.townships(stem))
        return tuple(sorted(known, key=len, reverse=True))

    def written_forms(self, stem: str) -> tuple[dict[str, tuple], tuple[Division, ...]]:
        """How a county-level stem may be written, for mentions._county_parts: by the character
        that starts the suffix, (suffix, the characters after it that make an ordinary word
        (WORD_AFTER), whether the stem is known with it, its divisions) in the order they are
        tried: the suffixes the stem is known with (`suffixes`), then the other MENTION_SUFFIXES
        (a known one would be tried again with the same answer). And the bare stem's divisions.
        Worked out once per stem and process (the gazetteer does not change): a part found
        cost ~20 000 instructions of lookups and lists, the same for each mention of a name.
        The divisions are those `divisions` gives: made again when the township memo was
        cleared (townships are Division objects made anew then)."""
        forms = self._forms[stem]
        if forms[2] is not self._towns.get(stem):
            forms = self._forms[stem] = self._forms_of(stem)
        return forms[0], forms[1]

    def _forms_of(self, stem: str) -> tuple[dict[str, tuple], tuple[Division, ...], dict]:
        towns = self.townships(stem)
        known = self.suffixes(stem)
        county = tuple(d for d in self.divisions(stem) if not d.township)
        ways = [(suffix, True, tuple(self.divisions(stem, suffix))) for suffix in known]
        ways += [(suffix, False, county) for suffix in MENTION_SUFFIXES if suffix not in known]
        by_first: dict[str, tuple] = {}
        for suffix, is_known, divisions in ways:
            way = (suffix, WORD_AFTER.get(suffix[-1], ""), is_known, divisions)
            by_first[suffix[0]] = by_first.get(suffix[0], ()) + (way,)
        return by_first, tuple(self.divisions(stem)), towns

    def lineage(self, division: Division) -> frozenset[str]:
        """The codes of the division and all units it lies in, over all of history."""
        code = division.code or division.parent
        if not code:
            return frozenset()
        cached = self._lineage.get(code)
        if cached is None:
            codes, todo = {code}, [code]
            while todo:
                for record in self.by_code(todo.pop()):
                    if record.parent and record.parent not in codes:
                        codes.add(record.parent)
                        todo.append(record.parent)
            cached = self._lineage[code] = frozenset(codes)
        return cached

    def record(self, code: str, year: int | None) -> Division | None:
        """The record of a code valid in `year` (else the latest one)."""
        records = self.by_code(code)
        if not records:
            return None
        if year is not None:
            for r in records:
                if r.start <= year and (r.end is None or year < r.end):
                    return r
        return max(records, key=lambda r: r.end or 9999)

    def path(self, division: Division, year: int | None = None) -> str:
        """浙江省杭州市拱墅区: the division with the units above it (as named in `year`,
        else as named while the division existed)."""
        if year is None and division.end is not None:
            year = division.end - 1
        names = [division.name]
        code, seen = division.parent, set()
        while code and code not in seen:
            seen.add(code)
            parent = self.record(code, year)
            if parent is None:
                break
            names.append(parent.name)
            code = parent.parent
        return "".join(reversed(names))

    def predecessors(self, code: str, partial: bool = False) -> list[Division]:
        """The records whose area went to `code`: wholly, or (partial=True) also in part
        (余杭区 gave 临平街道 … to 临平区 in 2021). Built on first use: it reads every record."""
        if self._before is None:
            self._before = {}
            for record in self.records():
                for item in record.successors.split(";"):
                    if item:
                        whole = "[" not in item
                        self._before.setdefault(item.split("[")[0], []).append((record, whole))
        return [r for r, whole in self._before.get(code, ()) if whole or partial]

    def former_lineage(self, division: Division) -> frozenset[str]:
        """The units the division's parent took area from, with the units they lay in: a
        township listed under a county created since may be written under the old one."""
        codes: set[str] = set()
        for record in self.predecessors(division.parent, partial=True):
            codes |= self.lineage(record)
        return frozenset(codes)

    def successors(self, division: Division) -> list[Division]:
        """The units that took over the division's area when it ended (final links only)."""
        found = []
        for item in division.successors.split(";"):
            if item and "[" not in item:
                record = self.record(item, division.end)
                if record is not None:
                    found.append(record)
        return found


def _line_code(line: bytes) -> bytes:
    """A line of @records' code (its first field)."""
    return line.partition(b"\t")[0]


def read(path: Path) -> Gazetteer:
    return Gazetteer(path.read_bytes())
