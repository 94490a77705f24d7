"""The gazetteer's indexes and look-alike variants kept between runs (model/gazetteer/
prepared.py): read back they are what the data makes, with the same Division objects the
lookups return; a damaged file is prepared again, and changed data is never met by an old file."""
from __future__ import annotations

import pytest

from govlint.model.gazetteer import DATA_FILE, lookalikes, prepared
from govlint.model.gazetteer.checks import PlaceChecker
from govlint.model.gazetteer import store
from govlint.model.gazetteer.store import Gazetteer


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(folder))
    return folder


def _variants(gazetteer) -> dict:
    found = lookalikes.Lookalikes(gazetteer).variants
    for variant in found.values():       # the very records the gazetteer's lookups return
        for division in variant.divisions:
            assert any(d is division for d in gazetteer.by_code(division.code))
    return {w: (v.written, v.right, v.at, v.suffix, v.why, tuple(d.code + d.name for d in v.divisions))
            for w, v in found.items()}


def test_kept_indexes_and_variants_are_what_the_data_makes(cache, monkeypatch):
    made = prepared.read(DATA_FILE)
    (kept,) = cache.glob("gazetteer-*.marshal")
    monkeypatch.setattr(lookalikes, "variant_plan", lambda g: pytest.fail("variants worked out again"))
    again = prepared.read(DATA_FILE)
    assert again.kept is not None and kept.exists()
    monkeypatch.undo()
    fresh = Gazetteer(DATA_FILE.read_bytes())
    assert fresh.kept is None
    for g in (made, again):
        assert g._stems == fresh._stems
        assert (g._group_chars, g._group_bounds) == (fresh._group_chars, fresh._group_bounds)
        assert g._sorted and fresh._sorted and g._codes is None      # the data lists its records by code
        assert g._code_index() == fresh._code_index()
        assert g.suffix_lengths() == fresh.suffix_lengths()
    assert list(_variants(again)) == list(_variants(fresh))         # same order: the finder's
    assert _variants(again) == _variants(fresh) == _variants(made)
    for text in ("浙江省衢洲市柯城区", "杭州拱墅区和睦街道", "北京市东城区", "衢州市"):
        assert list(again.finder.iter(text)) == list(fresh.finder.iter(text))


def test_findings_from_kept_data_are_the_same(cache):
    made = prepared.read(DATA_FILE)
    again = prepared.read(DATA_FILE)
    fresh = Gazetteer(DATA_FILE.read_bytes())
    lines = ["浙江省衢洲市柯城区推进政务公开。", "拱墅市和睦街道，西湖县", "杭州市江干区2019年撤销。", "衢洲市柯城区"]
    found = []
    for g in (made, again, fresh):
        checker = PlaceChecker(2019, ["浙江省杭州市拱墅区"], gazetteer=g)
        found.append([[(f.start, f.end, f.message, f.severity) for f in checker.check_line(line)] for line in lines])
    assert found[0] == found[1] == found[2] and any(found[0])


def test_a_damaged_file_is_prepared_again(cache):
    prepared.read(DATA_FILE)
    (kept,) = cache.glob("gazetteer-*.marshal")
    kept.write_bytes(b"\x80\x05garbage")
    assert prepared.read(DATA_FILE).kept is not None
    assert kept.read_bytes() != b"\x80\x05garbage"


def test_changed_data_never_meets_an_old_file(cache, tmp_path):
    data = tmp_path / "divisions.tsv"
    data.write_bytes(DATA_FILE.read_bytes())
    prepared.read(data)
    data.write_bytes(DATA_FILE.read_bytes().replace("衢州".encode(), "衢卅".encode()))
    changed = prepared.read(data)
    assert len(list(cache.glob("gazetteer-*.marshal"))) == 2
    assert "衢卅" in changed._stems and "衢州" not in changed._stems


def _partitioned(data: bytes) -> tuple[bytes, bytes, bytes]:
    """How Gazetteer cut its data before _blocks (the oracle)."""
    _, _, rest = data.partition(b"\n@records\n")
    records, _, rest = rest.partition(b"\n@stems\n")
    stems, _, townships = rest.partition(b"\n@townships\n")
    return records, stems, b"\n" + townships


def test_blocks_are_cut_as_partition_cut_them():
    parts = [b"# head", b"\n@records\n", b"r1\nr2", b"\n@stems\n", b"s1\ts2", b"\n@townships\n", b"=x\nt1\tA"]
    datas = [DATA_FILE.read_bytes(), b"", b"\n@townships\n\n@stems\n\n@records\n"]
    datas += [b"".join(p for p, keep in zip(parts, format(mask, "07b")) if keep == "1") for mask in range(128)]
    for data in datas:
        assert store._blocks(data) == _partitioned(data), data[:80]


def _records_swapped(data: bytes) -> bytes:
    """The data with its first two @records lines in the other order."""
    head, mark, rest = data.partition(b"\n@records\n")
    first, second, rest = rest.split(b"\n", 2)
    return head + mark + b"\n".join([second, first, rest])


@pytest.mark.parametrize("swap", [False, True])
def test_records_by_code_by_bisection_or_index(swap):
    """A code's records are found by bisection of the lines when the data lists them by code,
    else through the index of every code: both give every code's records, in data order, and
    none for a code the data does not have."""
    data = DATA_FILE.read_bytes()
    gazetteer = Gazetteer(_records_swapped(data) if swap else data)
    assert gazetteer._sorted is not swap
    index: dict[bytes, list[int]] = {}
    for number, line in enumerate(gazetteer._lines):
        index.setdefault(line.split(b"\t")[0], []).append(number)
    assert len(index) > 3000 and any(len(numbers) > 1 for numbers in index.values())
    for code, numbers in index.items():
        assert list(gazetteer._numbers(code)) == numbers
        assert [d.code for d in gazetteer.by_code(code.decode())] == [code.decode()] * len(numbers)
    codes = sorted(index)
    absent = [b"000000", b"999999", b"", *(str(int(c) + 1).encode() for c in codes if str(int(c) + 1).encode() not in index)]
    for code in absent[:500]:
        assert list(gazetteer._numbers(code)) == [] and gazetteer.by_code(code.decode()) == []


def test_township_groups_are_found_by_their_character():
    """Each township group's lines are those under its mark, and a character no stem ends in
    has none."""
    gazetteer = Gazetteer(DATA_FILE.read_bytes())
    text = gazetteer._towns_text
    marks = list(store._GROUP.finditer(text))
    assert len(marks) == len(gazetteer._group_chars) > 1000
    for mark, after in zip(marks, marks[1:] + [None]):
        assert gazetteer._group(mark.group(1).decode()) == (mark.end(), after.start() if after else len(text))
    assert gazetteer._group("a") == (0, 0) and gazetteer.townships("ab") == {}
    for towns in (b"=ab\nx\ty", b"=a\nx\ty\n=a\nz\tw"):
        with pytest.raises(ValueError):
            Gazetteer(b"\n@records\n\n@stems\n\n@townships\n" + towns)
