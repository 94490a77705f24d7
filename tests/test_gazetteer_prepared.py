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
        assert g._stems == fresh._stems and g._groups == fresh._groups
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
