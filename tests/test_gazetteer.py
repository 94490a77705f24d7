"""The gazetteer behind GL501: the shipped data file, its lazy loader, name splitting,
lookups, and the mention finder (WordFinder for county level and above, suffix-anchored
lookup for townships)."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.model.gazetteer import DATA_FILE, load
from govlint.model.gazetteer.mentions import LONGEST_TOWNSHIP_STEM, PEOPLES_SPAN, mentions
from govlint.model.gazetteer.names import forms, split_name

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "data" / "gazetteer"
needs_source = pytest.mark.skipif(not (SOURCE / "divisions.csv").is_file(), reason="gazetteer CSVs not available")


@pytest.fixture(scope="module")
def gaz():
    return load()


# -- the data file --------------------------------------------------------------------------
def test_data_file_carries_the_attribution_the_licence_requires():
    head = DATA_FILE.read_text(encoding="utf-8").split("@records", 1)[0]
    for needed in ("CC BY 4.0", "https://github.com/nbsetsail/real-china-division", "民政部",
                   "https://github.com/yescallop/areacodes", "modood/Administrative-divisions-of-China",
                   "tools/build_gazetteer.py"):
        assert needed in head


@needs_source
def test_build_script_regenerates_the_shipped_file():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import build_gazetteer
    finally:
        sys.path.pop(0)
    assert build_gazetteer.build(SOURCE) == DATA_FILE.read_text(encoding="utf-8"), \
        "divisions.tsv 已过期：运行 .venv/bin/python tools/build_gazetteer.py"


@needs_source
def test_every_history_record_is_loaded(gaz):
    with (SOURCE / "history.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    records = list(gaz.records())
    assert len(records) == len(rows) == 6826
    for row, record in zip(rows, records):
        assert (record.code, record.name, record.start, record.end or None) == \
               (row["code"], row["name"], int(row["valid_from"]), int(row["valid_to"]) if row["valid_to"] else None)


@needs_source
def test_every_current_township_is_found_under_its_parent(gaz):
    with (SOURCE / "divisions.csv").open(encoding="utf-8") as f:
        towns = [r for r in csv.DictReader(f) if r["level"] == "township"]
    assert len(towns) == 38697
    missing = []
    for row in towns:
        parts = split_name(row["name"])
        if parts is None:           # a one-character stem (城镇 …) cannot be told from prose
            continue
        stem, _ = parts
        found = gaz.townships(stem).get(row["name"][len(stem):], [])
        if not any(d.parent == row["parent_code"] and d.name == row["name"] for d in found):
            missing.append(row["name"])
    assert missing == []


def test_township_stems_fit_the_lookup_window(gaz):
    stems = list(gaz.township_stems())
    assert len(stems) > 25000
    assert max(map(len, stems)) <= LONGEST_TOWNSHIP_STEM
    peoples = [suffix[:-1] for stem in stems for suffix in gaz.townships(stem) if "族" in suffix]
    assert peoples and max(len(p) for p in peoples) <= PEOPLES_SPAN


def _fresh_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=REPO).stdout.strip()


def test_nothing_is_loaded_unless_the_rule_runs():
    out = _fresh_python(
        "import sys\n"
        "from govlint.run.engine import Linter\n"
        "Linter(select=['GL1']).lint_text('2019年政府信息公开工作年度报告\\n拱墅市\\n')\n"
        "print('govlint.model.gazetteer.store' in sys.modules, 'ahocorasick' in sys.modules)\n"
        "Linter(select=['GL501']).lint_text('2019年政府信息公开工作年度报告\\n拱墅市\\n')\n"
        "print('govlint.model.gazetteer.store' in sys.modules, 'ahocorasick' in sys.modules)\n")
    # The place search needs no Aho-Corasick automaton (wordfind.py): only GL802 loads it.
    assert out.split("\n") == ["False False", "True False"]


# -- names --------------------------------------------------------------------------------
@pytest.mark.parametrize("name, parts", [
    ("拱墅区", ("拱墅", "区")),
    ("和睦街道", ("和睦", "街道")),
    ("浙江省", ("浙江", "省")),
    ("锡林郭勒盟", ("锡林郭勒", "盟")),
    ("长阳土家族自治县", ("长阳", "自治县")),
    ("伊犁哈萨克自治州", ("伊犁", "自治州")),
    ("黔东南苗族侗族自治州", ("黔东南", "自治州")),
    ("广西壮族自治区", ("广西", "自治区")),
    ("香港特别行政区", ("香港", "特别行政区")),
    ("浦东新区", ("浦东", "新区")),
    ("神农架林区", ("神农架", "林区")),
    ("城区", None),
    ("矿区", None),
])
def test_split_name(name, parts):
    assert split_name(name) == parts


def test_autonomous_units_may_be_written_short():
    assert [s + x for s, x in forms("延边朝鲜族自治州")] == ["延边朝鲜族自治州", "延边自治州", "延边州"]
    assert [s + x for s, x in forms("某某回族乡")] == ["某某回族乡", "某某乡"]


# -- lookups ------------------------------------------------------------------------------
def test_lookups_by_stem_and_code(gaz):
    [gongshu] = gaz.county_stem("拱墅")["区"]
    assert (gongshu.code, gongshu.level, gongshu.end) == ("330105", "c", None)
    assert gaz.path(gongshu) == "浙江省杭州市拱墅区"
    assert {"330105", "330100", "330000"} <= gaz.lineage(gongshu)
    [hemu] = gaz.townships("和睦")["街道"]
    assert gaz.path(hemu) == "浙江省杭州市拱墅区和睦街道"
    assert len(gaz.townships("大源")["镇"]) == 3            # names are not unique


def test_history_and_successors(gaz):
    [jianggan] = gaz.county_stem("江干")["区"]
    assert (jianggan.start, jianggan.end) == (1983, 2021)
    assert [d.name for d in gaz.successors(jianggan)] == ["上城区", "钱塘区"]
    [fuyang_city] = gaz.county_stem("富阳")["市"]
    assert [d.name for d in gaz.successors(fuyang_city)] == ["富阳区"]
    assert gaz.record("330111", 2016).name == "富阳区"


# -- mentions -----------------------------------------------------------------------------
def _written(text, gaz):
    parts, wrong = mentions(text, gaz)
    return [p.written for p in parts], [(w.upper.written, w.lower.written) for w in wrong]


@pytest.mark.parametrize("text, found", [
    ("浙江省杭州市拱墅区和睦街道办事处", ["浙江省", "杭州市", "拱墅区", "和睦街道"]),
    ("杭州拱墅区", ["杭州", "拱墅区"]),                  # a short form inside a chain
    ("杭州拱墅", ["杭州", "拱墅"]),
    ("杭州市政府和拱墅区政府", ["杭州市", "拱墅区"]),
    ("延边州和长阳县", ["延边州", "长阳县"]),
    ("拱墅市", ["拱墅市"]),                              # a known stem, a suffix to check
    ("柳树𨟠镇", ["柳树𨟠镇"]),                          # beyond the BMP
    ("三宫回族乡和三宫乡", ["三宫回族乡", "三宫乡"]),      # an ethnic township, in full and short
])
def test_mentions_found(gaz, text, found):
    assert _written(text, gaz)[0] == found


@pytest.mark.parametrize("text", [
    "市政府、区政府和城区各社区",
    "全区上下，我区与本市的开发区、新区、园区",
    "各县（市、区）、乡镇（街道）",
    "拱墅区域和和睦市场",
    "南部地区、台湾地区",
    "中华人民共和国政府信息公开条例",
    "金华余杭",                                         # two bare stems that do not nest: no mention
])
def test_suffix_words_and_bare_stems_are_not_places(gaz, text):
    assert _written(text, gaz) == ([], [])


def test_chains_that_do_not_nest(gaz):
    assert _written("杭州市金东区", gaz)[1] == [("杭州市", "金东区")]
    assert _written("富阳区和睦街道", gaz)[1] == [("富阳区", "和睦街道")]
    assert _written("杭州市大源镇", gaz)[1] == []        # one of the three 大源镇 lies in 杭州市
    assert _written("上城区下城区", gaz)[1] == []         # a list of equals, not a chain


def test_stem_memos_stay_bounded_over_many_different_texts(gaz):
    """Every stem-like piece of text before a suffix is looked up, most of them no name: the
    memos of those look-ups are bounded, so a batch of thousands of different reports does
    not grow memory without end (issue 17: memory flat in the number of files)."""
    from govlint.model.gazetteer.store import STEM_MEMO_LIMIT
    known = {suffix: [d.name for d in found] for suffix, found in gaz.townships("拱宸桥").items()}
    for n in range(STEM_MEMO_LIMIT + 100):
        gaz.townships(f"无{n}")
        gaz.county_stem(f"无{n}")
    assert len(gaz._towns) <= STEM_MEMO_LIMIT and len(gaz._by_stem) <= STEM_MEMO_LIMIT
    again = {suffix: [d.name for d in found] for suffix, found in gaz.townships("拱宸桥").items()}
    assert again == known == {"街道": ["拱宸桥街道"]} and gaz.townships("无1") == {}
