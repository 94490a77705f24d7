"""GL501 place-name against the national gazetteer: wrong suffix, wrong parent, not valid
in the report's year, ambiguous stems, options, the seeds, and a long clean text.
(The report's own place written with another suffix: tests/test_place_own.py.)"""
from __future__ import annotations

from pathlib import Path

import pytest

from builder import build_report, find_line
from govlint.config.settings import Config
from govlint.run.engine import Linter
from govlint.model.gazetteer import load
from govlint.model.gazetteer.checks import PlaceChecker
from govlint.model.gazetteer.mentions import mentions

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
LINTER = Linter(select=["GL501"])


def lint(sentence: str, year: int = 2020, place: str = "杭州市西湖区", title=None, **options):
    text = build_report(year=year, place=place, title=title, prose={1: [sentence]})
    linter = Linter(Config(rules={"place-name": options}), select=["GL501"]) if options else LINTER
    found = linter.lint_text(text).diagnostics
    line = find_line(text, sentence)
    assert all(d.line == line for d in found), "only the sentence under test may be reported"
    return [(text[d.offset:d.end_offset], d) for d in found]


def written(found):
    return [w for w, _ in found]


# -- wrong suffix ---------------------------------------------------------------------------
def test_unique_stem_with_a_wrong_suffix():
    [(w, d)] = lint("金华区各部门按时公开信息。")
    assert w == "金华区" and d.severity == "error"
    assert "“金华区”应为“金华市”" in d.message and "浙江省金华市" in d.message
    assert d.fix.replacement == "金华市" and not d.fix.safe          # not the report's own place


def test_own_place_fix_is_safe():
    [(w, d)] = lint("西湖市继续推进公开。")
    assert (w, d.fix.replacement, d.fix.safe) == ("西湖市", "西湖区", True)


@pytest.mark.parametrize("sentence", [
    "新华市推进公开。",        # 新华区 in 石家庄, 沧州, 平顶山 …: which one is unknown
    "城关市推进公开。",        # 城关区 in 拉萨, 兰州 …
    "和平市推进公开。",        # 和平区 and 和平县
])
def test_ambiguous_stems_stay_silent(sentence):
    assert lint(sentence) == []


def test_ambiguous_stem_resolved_by_the_report_own_place():
    [(w, d)] = lint("新华市推进公开。", place="石家庄市长安区")
    assert w == "新华市" and "“新华市”应为“新华区”" in d.message and "河北省石家庄市新华区" in d.message


def test_township_suffixes_are_not_second_guessed():
    # 乡→镇→街道 happens every year and townships have no history in the data
    assert lint("金华镇、临平镇和富阳乡的群众。") == []


# -- wrong parent ----------------------------------------------------------------------------
def test_county_under_the_wrong_city():
    [(w, d)] = lint("杭州市金东区的群众也可申请。")
    assert w == "杭州市金东区" and d.severity == "error"
    assert "金东区属于浙江省金华市" in d.message and "不在杭州市" in d.message


def test_town_under_the_wrong_county():
    [(w, d)] = lint("富阳区和睦街道设有查阅点。")
    assert w == "富阳区和睦街道" and "和睦街道属于浙江省杭州市拱墅区" in d.message
    # townships have no history in the data (one merged away may share a name elsewhere)
    assert d.severity == "warning" and "现行乡级区划" in d.message


def test_town_under_the_county_it_came_from():
    # 临平街道 went from 余杭区 to the new 临平区 in 2021; townships have no history of their own
    assert lint("余杭区临平街道的申请。", year=2020, place="杭州市余杭区") == []


@pytest.mark.parametrize("sentence", [
    "金华市金东区、浙江省杭州市拱墅区和睦街道、杭州市大源镇。",
    "杭州拱墅区与北京市朝阳区、吉林省长春市朝阳区。",
    "安徽省铜陵市枞阳县。",
])
def test_chains_that_nest_stay_silent(sentence):
    assert lint(sentence) == []


# -- not valid in the report's year -----------------------------------------------------------
def test_district_abolished_before_the_year():
    [(w, d), (w2, d2)] = lint("江干区和下城区的申请。", year=2022)
    assert w == "江干区" and d.severity == "error"
    assert "“江干区”在2022年已不存在" in d.message and "2021年撤销" in d.message and "上城区、钱塘区" in d.message
    assert w2 == "下城区" and "2021年并入拱墅区" in d2.message


def test_renamed_city_gives_its_successor():
    [(w, d)] = lint("富阳市的申请。", year=2016)
    assert "2014年改为富阳区" in d.message
    assert (d.fix.replacement, d.fix.safe) == ("富阳区", False)


def test_division_created_after_the_year():
    [(w, d)] = lint("钱塘区的申请。", year=2019)
    assert w == "钱塘区" and "在2019年尚未设立" in d.message and "2021年" in d.message


@pytest.mark.parametrize("sentence, year", [("江干区的申请。", 2021), ("富阳市的申请。", 2014),
                                            ("钱塘区的申请。", 2020)])
def test_change_year_is_only_a_warning(sentence, year):
    [(_, d)] = lint(sentence, year=year)
    assert d.severity == "warning" and "请核实" in d.message
    assert lint(sentence, year=year, change_year="ignore") == []
    assert lint(sentence, year=year, change_year="error")[0][1].severity == "error"


@pytest.mark.parametrize("sentence, year", [("江干区的申请。", 2019), ("下城区的申请。", 2020),
                                            ("富阳市的申请。", 2013), ("富阳区的申请。", 2015)])
def test_valid_years_are_silent(sentence, year):
    assert lint(sentence, year=year) == []


@pytest.mark.parametrize("sentence", ["原江干区区域内的申请。", "撤销下城区后的申请。",
                                      "依据《江干区政务公开工作规定》办理。"])
def test_former_names_written_on_purpose(sentence):
    assert lint(sentence, year=2023) == []


def test_a_namesake_valid_that_year_wins_over_a_long_gone_record():
    # 四川 had its own 重庆市 (渝中区 …) until 1997; 北京 and 成都 each had a 东城区
    assert lint("渝中区、东城区和西城区的经验。", year=2020, place="四川省成都市") == []
    found = lint("四川省重庆市渝中区。", year=2020, place="四川省成都市")     # the chain says 四川's
    assert written(found) == ["重庆市", "渝中区"] and all("1997年" in d.message for _, d in found)


def test_new_areas_before_they_were_divisions():
    # 两江新区 was a national new area from 2010, a county-level division only from 2025
    assert lint("两江新区的申请。", year=2020, place="重庆市渝北区") == []
    assert lint("两江新区的申请。", year=2024, place="重庆市渝北区") == []


def test_merged_into_a_new_division():
    [(w, d)] = lint("塘沽区的申请。", year=2015, place="天津市滨海新区")
    assert "2009年并入新设的滨海新区" in d.message and d.fix is None


def test_far_away_names_count_only_in_a_chain():
    # 平安县 (青海) became 平安区 in 2015; in a 浙江 report 创建平安县 is a slogan, not a place
    assert lint("深入创建平安县（市、区）。", year=2020) == []
    [(w, d)] = lint("青海省海东市平安县。", year=2020)
    assert w == "平安县" and "2015年改为平安区" in d.message
    title = ["2022年政府信息公开工作年度报告"]            # no own place at all
    assert lint("江干区的申请。", year=2022, title=title) == []
    assert written(lint("杭州市江干区的申请。", year=2022, title=title)) == ["江干区"]


def test_same_name_resolved_by_the_report_own_place():
    # 江北区 of 重庆 went into 两江新区 in 2025; 江北区 of 宁波 still exists
    assert lint("江北区的申请。", year=2026, place="杭州市西湖区") == []
    [(w, d)] = lint("江北区的申请。", year=2026, place="重庆市渝中区")
    assert w == "江北区" and "重庆市江北区" in d.message and "两江新区" in d.message


# -- options ------------------------------------------------------------------------------------
def test_extra_names_are_never_checked():
    sentence = "江东区块和大江东产业集聚区，以及江东区。"        # 宁波 江东区 went in 2016
    assert written(lint(sentence, year=2019)) == ["江东区"]
    assert lint(sentence, year=2019, extra_names=["江东区"]) == []


def test_ignore_option():
    assert lint("金华区各部门。", ignore=["金华区"]) == []
    assert lint("杭州市金东区。", ignore=["杭州市金东区"]) == []


def test_own_place_option_when_the_title_lacks_it():
    title = ["2020年政府信息公开工作年度报告"]
    assert lint("新华市推进公开。", title=title) == []
    [(w, d)] = lint("新华市推进公开。", title=title, own_place="河北省石家庄市长安区")
    assert "河北省石家庄市新华区" in d.message


def test_rule_options_are_declared_for_the_config_validator():
    from govlint.rules.place_names import PlaceName
    assert PlaceName.options == {"extra_names": [], "ignore": [], "own_place": "", "change_year": "warning"}


# -- the seeds ---------------------------------------------------------------------------------
SEED_MENTIONS = {"000": 6, "001": 7, "002": 4, "003": 13, "004": 4}   # 000 counts 拱墅市 too


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not available")
def test_seed_places_resolve_silently():
    gaz = load()
    counted = {}
    for path in sorted(SEEDS.glob("*.txt")):
        result = LINTER.lint_file(path)
        title = set(map(id, result.report.document.title))
        lines = [p.text for p in result.report.document.paragraphs() if id(p) not in title]
        counted[path.name[:3]] = sum(len(mentions(line, gaz)[0]) for line in lines)
        expected = [403] if path.name.startswith("000") else []
        assert [d.line for d in result.diagnostics] == expected, path.name
    assert counted == SEED_MENTIONS


# -- a long clean text ----------------------------------------------------------------------------
def test_long_text_of_real_places_reports_nothing():
    """Every current prefecture and county, in its chain and alone, and every 8th township
    under its county, in 2026 texts of each province: thousands of mentions, none wrong."""
    gaz = load()
    texts: dict[str, list[str]] = {}
    for d in gaz.records():
        if d.end is None and d.level != "p":
            texts.setdefault(d.code[:2], []).append(
                f"{gaz.path(d, 2026)}推进政务公开，{d.name}人民政府办公室按要求公开信息。")
    for n, stem in enumerate(gaz.township_stems()):
        if n % 8:
            continue
        for suffix, towns in gaz.townships(stem).items():
            for town in towns:
                parent = gaz.record(town.parent, 2026)
                if parent is not None and not town.abolished:
                    texts.setdefault(town.parent[:2], []).append(f"{parent.name}{stem}{suffix}开展工作。")
    found, mentioned = [], 0
    for province, lines in texts.items():
        checker = PlaceChecker(2026, [gaz.record(province + "0000", 2026).name])
        found += [(line, f.message) for line in lines for f in checker.check_line(line)]
        mentioned += sum(len(mentions(line, gaz)[0]) for line in lines)
    assert found == []
    assert mentioned > 10000


def test_long_text_of_former_places_in_their_own_years_reports_nothing():
    gaz = load()
    checkers = {}
    found = []
    for d in gaz.records():
        year = d.end - 1 if d.end else 2026
        if d.level == "p" or year < d.start:
            continue
        checker = checkers.setdefault(year, PlaceChecker(year, []))
        line = f"{year}年，{gaz.path(d, year)}。"
        found += [(line, f.message) for f in checker.check_line(line)]
    assert found == []


# -- a look-alike or same-sound character (lookalike_chars.tsv) ------------------------------
@pytest.mark.parametrize("sentence, wrong, right", [
    ("衢洲市各部门按时公开信息。", "衢洲市", "衢州市"),                 # own area, alone
    ("浙江省衢洲市柯城区推进政务公开。", "衢洲市", "衢州市"),           # inside a chain
    ("杭洲市有关部门来区调研。", "杭洲市", "杭州市"),                   # same province
    ("议乌市有关部门来区调研。", "议乌市", "义乌市"),
    ("江苏省杨州市有关部门来区调研。", "杨州市", "扬州市"),             # far away, under its real parent
])
def test_lookalike_character_in_a_division_name(sentence, wrong, right):
    [(w, d)] = lint(sentence, place="衢州市柯城区")
    assert w == wrong and d.severity == "error"
    assert d.message.startswith(f"“{wrong}”应为“{right}”") and ("同音" in d.message or "形近" in d.message)
    assert d.fix.replacement == right and not d.fix.safe


def test_lookalike_in_the_title_is_reported_and_the_place_still_known():
    """The title's place is checked like any other mention; misspelt, it still tells where the
    report is from (拱墅市 for the own 柯城区 is found as before)."""
    title = ["2021年政府信息公开工作年度报告", "（衢洲市柯城区）"]
    text = build_report(year=2021, title=title, prose={1: ["柯城市各部门按时公开信息。"]})
    found = LINTER.lint_text(text).diagnostics
    assert [(d.line, text[d.offset:d.end_offset]) for d in found] == [
        (find_line(text, "（衢洲市柯城区）"), "衢洲市"), (find_line(text, "柯城市各部门"), "柯城市")]
    assert "应为“柯城区”" in found[1].message


@pytest.mark.parametrize("sentence", [
    "衢州市柯城区推进政务公开。",            # the right name
    "衢洲的山水很美。",                      # no suffix: not a division name
    "衢洲市场繁荣，商户众多。",              # 市场: an ordinary word
    "杨州市有关部门来区调研。",              # far away, alone: may be a word, not reported
    "全面推进阳光政务建设。",                # a look-alike character in an ordinary word
])
def test_lookalike_near_misses_are_silent(sentence):
    assert lint(sentence, place="衢州市柯城区") == []


def test_lookalike_title_near_miss_a_right_title_is_silent():
    text = build_report(year=2021, title=["2021年衢州市柯城区政府信息公开工作年度报告"])
    assert LINTER.lint_text(text).diagnostics == []
