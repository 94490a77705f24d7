"""GL701–GL703 and the corpus pass: pairs and sets of reports built with the fixture
builder — the same office in two years, offices copying each other, and honest near misses
(offices sharing the template's sentences, a province's common wording, all-zero tables) —
each rule firing where it should and silent where it should not."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder import build_report, cell_line, find_line
from govlint.cli import main
from govlint.config.settings import Config
from govlint.model.digest import Office, digest_report
from govlint.plugins.rule import CorpusRule
from govlint.run.corpus import run_corpus
from govlint.run.engine import Linter
from govlint.plugins.registry import PluginError, load_registry

WEST, EAST = "杭州市西湖区", "杭州市上城区"

# Our own prose: what an office might write about its year (not from any real report).
WEST_WORK = [
    "西湖区今年在政务公开标准化规范化建设方面开展了探索，建成基层政务公开专区十二个，培训基层工作人员三百余人次。",
    "围绕优化营商环境，集中公开涉企政策文件，并逐条制作图文解读，帮助企业用足用好各项惠企政策。",
    "依申请公开办理流程进一步规范，建立了登记、审核、答复、归档全流程台账，答复均在法定期限内完成。",
    "政策解读坚持与文件同步起草、同步审签、同步发布，全年发布解读材料四十余篇，其中图解和视频解读占一半以上。",
]
EAST_WORK = [
    "上城区着力推进重点领域信息公开，财政预决算、重大建设项目和公共资源配置信息做到应公开尽公开。",
    "全年召开新闻发布会十五场，主要负责同志带头出席，就群众关心的老旧小区改造、学区划分等问题答疑释惑。",
    "政府开放日活动邀请居民代表、企业代表走进机关，现场了解审批流程，收集意见建议六十余条并逐一反馈。",
    "门户网站完成适老化改造，新增无障碍浏览和长者模式，信息发布审核实行三级把关。",
]
WEST_PROBLEMS = [
    "一是部分部门对主动公开目录的更新还不够及时，个别栏目存在内容空白的情况。",
    "二是政策解读的形式仍以文字为主，群众喜闻乐见的解读方式运用得不够充分。",
    "三是基层工作人员业务能力参差不齐，答复文书的规范性有待提高。",
    "下一步，我们将建立栏目巡查通报机制，按季度开展专题培训，并引入第三方评估查找短板。",
]
# Sentences the template and common practice put in every report.
STOCK = [
    "本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息公开办公室的要求编制。",
    "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。",
    "本报告电子版可在区政府门户网站下载。如对本报告有疑问，请与区政府办公室联系（电话：0571-00000000）。",
]
# A paragraph a province might hand every office to use (common wording, not copying).
PROVINCE = [
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央国务院关于全面推进政务公开工作的决策部署。",
    "对照省政务公开工作要点逐项抓好落实，以公开促落实、以公开促规范、以公开促服务。",
    "进一步健全政务公开工作机制，夯实政务公开工作基础，政务公开质量和实效持续提升。",
]


def lint_set(reports: dict[str, str], history: dict[str, str] | None = None, config: Config | None = None,
             select=("GL7",)) -> dict[str, list]:
    """Diagnostics per path after the corpus pass over `reports` (history: context only)."""
    linter = Linter(config, select=list(select))
    results = [linter.lint_text(text, path) for path, text in reports.items()]
    context = [digest_report(linter.build_report(_source(text, path)), linter.corpus_located, context=True)
               for path, text in (history or {}).items()]
    return {r.path: r.diagnostics for r in run_corpus(linter, results, context)}


def _source(text: str, path: str):
    from govlint.read.text import from_text
    return from_text(text, path)


def codes(found: dict[str, list]) -> list[tuple[str, str, int]]:
    return sorted((path, d.code, d.line) for path, ds in found.items() for d in ds)


# ---------------------------------------------------------------- offices
@pytest.mark.parametrize("title, places, unit", [
    (["2021年政府信息公开工作年度报告", "（杭州市西湖区）"], ("杭州市", "西湖区"), ""),
    (["西湖区人民政府2021年", "政府信息公开工作年度报告"], ("西湖区",), ""),
    (["杭州市西湖区人民政府办公室2021年政府信息", "公开年度报告"], ("杭州市", "西湖区"), "政府办公室"),
    (["西湖区政府办公室2021年政府信息公开工作年度报告"], ("西湖区",), "政府办公室"),
    (["北山街道办事处2021年政府信息公开工作年度报告"], ("北山街道",), ""),
    (["杭州市西湖区教育局2021年政府信息公开工作年度报告"], ("杭州市", "西湖区"), "教育局"),
    (["杭州市西湖区人民政府关于2021年度政府信息公开工作的报告"], ("杭州市", "西湖区"), ""),
])
def test_office_from_title(title, places, unit):
    linter = Linter(select=["GL7"])
    report = linter.build_report(_source(build_report(year=2021, title=title), "x.txt"))
    assert digest_report(report).office == Office(places, unit)


def test_config_place_and_year_do_not_override_what_the_titles_say():
    last = build_report(year=2020, place=EAST, carry_next={"natural": 2}, results={"open": {"natural": 5}})
    this = build_report(year=2021, place=WEST, results={"open": {"natural": 4}})
    pair = {"east2020.txt": last, "west2021.txt": this}
    assert codes(lint_set(pair, config=Config(report={"place": WEST}))) == []
    mine = {"west2020.txt": build_report(year=2020, place=WEST, carry_next={"natural": 2},
                                         results={"open": {"natural": 5}}), "west2021.txt": this}
    assert len(codes(lint_set(mine, config=Config(report={"year": 2021})))) == 2     # GL701 in two columns


def test_office_with_and_without_city_is_the_same_office():
    assert Office(("杭州市", "西湖区")).same_as(Office(("西湖区",)))
    assert not Office(("杭州市", "西湖区")).same_as(Office(("杭州市", "西湖区"), "人民政府办公室"))
    assert not Office(("杭州市", "西湖区")).same_as(Office(("宁波市", "西湖区")))


def test_place_and_year_from_config_when_the_title_lacks_them():
    config = Config(report={"year": 2021, "place": "杭州市西湖区"})
    linter = Linter(config, select=["GL7"])
    text = build_report(year=2021, title=["政府信息公开工作年度报告"])
    digest = linter.lint_text(text, "x.txt").digest
    assert (digest.year, digest.office) == (2021, Office(("杭州市", "西湖区")))


# ---------------------------------------------------------------- GL701 carry-over
def test_gl701_carried_differs_from_last_years_carry_next():
    last = build_report(year=2020, carry_next={"natural": 2, "business": 1}, results={"open": {"natural": 5}})
    this_kwargs = dict(year=2021, carried={"natural": 1, "business": 1}, results={"open": {"natural": 4, "business": 1}})
    found = lint_set({"2020.txt": last, "2021.txt": build_report(**this_kwargs)})
    lines = {cell_line("t3.carried.natural", **this_kwargs), cell_line("t3.carried.total", **this_kwargs)}
    assert codes(found) == sorted(("2021.txt", "GL701", line) for line in lines)
    natural = next(d for d in found["2021.txt"] if d.line == cell_line("t3.carried.natural", **this_kwargs))
    assert "为 1" in natural.message and "为 2" in natural.message and "2020.txt" in natural.message
    assert natural.severity == "error"


def test_gl701_silent_when_the_years_agree():
    last = build_report(year=2020, carry_next={"natural": 2, "legal": 1}, results={"open": {"natural": 5}})
    this = build_report(year=2021, carried={"natural": 2, "legal": 1}, results={"open": {"natural": 4, "legal": 1}})
    assert codes(lint_set({"2020.txt": last, "2021.txt": this})) == []


@pytest.mark.parametrize("other_place, other_year", [(EAST, 2020), (WEST, 2019)])
def test_gl701_silent_for_another_office_or_a_gap_year(other_place, other_year):
    other = build_report(year=other_year, place=other_place, carry_next={"natural": 3}, results={"open": {"natural": 5}})
    this = build_report(year=2021, place=WEST, results={"open": {"natural": 4}})
    assert codes(lint_set({"other.txt": other, "2021.txt": this})) == []


def test_gl701_same_office_with_the_city_left_out_of_one_title():
    last = build_report(year=2020, title=["2020年政府信息公开工作年度报告", "（西湖区）"], carry_next={"natural": 2},
                        results={"open": {"natural": 5}})
    this = build_report(year=2021, place=WEST, results={"open": {"natural": 4}})
    assert {code for _, code, _ in codes(lint_set({"a.txt": last, "b.txt": this}))} == {"GL701"}


def test_gl701_a_unit_of_the_government_is_another_office():
    last = build_report(year=2020, title=["杭州市西湖区人民政府办公室2020年政府信息公开工作年度报告"],
                        carry_next={"natural": 2}, results={"open": {"natural": 5}})
    this = build_report(year=2021, place=WEST, results={"open": {"natural": 4}})
    assert codes(lint_set({"a.txt": last, "b.txt": this})) == []


def test_gl701_history_is_compared_but_not_reported_on():
    last = build_report(year=2020, carry_next={"natural": 2}, results={"open": {"natural": 5}},
                        cells={"t3.new.business": ""})          # its own defect stays unreported
    this = build_report(year=2021, results={"open": {"natural": 4}})
    found = lint_set({"2021.txt": this}, history={"2020.txt": last}, select=("ALL",))
    assert set(found) == {"2021.txt"}
    assert [d.code for d in found["2021.txt"]] == ["GL701", "GL701"]
    # the later year given as history: the earlier report is not compared with a later one
    assert codes(lint_set({"2020.txt": last}, history={"2021.txt": this})) == []


# ---------------------------------------------------------------- GL702 standing-count
def _t2(valid: int, issued: int = 0, repealed: int = 0, row: str = "normative") -> dict[str, int]:
    return {f"t2.{row}.valid": valid, f"t2.{row}.issued": issued, f"t2.{row}.repealed": repealed}


@pytest.mark.parametrize("row", ["normative", "rules"])
def test_gl702_standing_count_does_not_follow(row):
    last = build_report(year=2021, cells=_t2(30, 4, 1, row))
    kwargs = dict(year=2022, cells=_t2(30, 5, 2, row))
    found = lint_set({"2021.txt": last, "2022.txt": build_report(**kwargs)})
    assert codes(found) == [("2022.txt", "GL702", cell_line(f"t2.{row}.valid", **kwargs))]
    message = found["2022.txt"][0].message
    assert "为 30" in message and "应为 33" in message and "现行有效件数 30 + 本年制发件数 5 − 本年废止件数 2" in message
    assert found["2022.txt"][0].severity == "warning"


def test_gl702_silent_when_the_count_follows():
    last = build_report(year=2021, cells={**_t2(30, 4, 1), **_t2(2, 0, 0, "rules")})
    this = build_report(year=2022, cells={**_t2(33, 5, 2), **_t2(3, 1, 0, "rules")})
    assert codes(lint_set({"2021.txt": last, "2022.txt": this})) == []


def test_gl702_silent_when_last_year_used_the_2019_template():
    last = build_report(year=2020)                      # no 现行有效件数 in the 2019 template
    this = build_report(year=2021, cells=_t2(30, 5, 2))
    assert codes(lint_set({"2020.txt": last, "2021.txt": this})) == []


# ---------------------------------------------------------------- GL703 duplicate-content: prose
def _heading_line(text: str, heading: str) -> int:
    return find_line(text, heading)


def test_gl703_section_copied_from_last_year_with_the_numbers_changed():
    last = build_report(year=2020, prose={5: WEST_PROBLEMS})
    copied = [s.replace("三级", "3级") for s in WEST_PROBLEMS] + ["2021年，我们将持续改进。"]
    this = build_report(year=2021, prose={5: copied, 1: WEST_WORK})
    found = lint_set({"2020.txt": last, "2021.txt": this})
    assert codes(found) == [("2021.txt", "GL703", _heading_line(this, "五、"))]
    message = found["2021.txt"][0].message
    assert "上一年度报告" in message and "2020.txt" in message and _share(message) >= 90


def test_gl703_nearly_the_same_section_reports_the_share_in_common():
    last = build_report(year=2020, prose={1: WEST_WORK + WEST_PROBLEMS})
    edited = WEST_WORK + WEST_PROBLEMS[:3] + ["下一步，将把群众满意度作为检验公开成效的主要标准，每半年开展一次回访。"]
    found = lint_set({"2020.txt": last, "2021.txt": build_report(year=2021, prose={1: edited})})
    (diagnostic,) = found["2021.txt"]
    assert 80 <= _share(diagnostic.message) < 100


def _share(message: str) -> int:
    return int(message.split("约 ")[1].split("%")[0])


def test_gl703_rewritten_section_is_silent():
    last = build_report(year=2020, prose={1: WEST_WORK, 5: WEST_PROBLEMS})
    this = build_report(year=2021, prose={1: EAST_WORK, 5: WEST_PROBLEMS[:1] + WEST_WORK[:1]})
    assert codes(lint_set({"2020.txt": last, "2021.txt": this})) == []


def test_gl703_neighbour_copied_with_the_place_name_changed():
    west = build_report(year=2021, place=WEST, prose={1: WEST_WORK})
    east = build_report(year=2021, place=EAST, prose={1: [s.replace("西湖区", "上城区") for s in WEST_WORK]})
    found = lint_set({"west.txt": west, "east.txt": east})
    assert codes(found) == [("east.txt", "GL703", _heading_line(east, "一、")),
                            ("west.txt", "GL703", _heading_line(west, "一、"))]
    assert "杭州市西湖区的报告（west.txt）" in found["east.txt"][0].message
    assert "同年度" in found["west.txt"][0].message


def test_gl703_offices_sharing_the_templates_sentences_are_silent():
    west = build_report(year=2021, place=WEST, prose={1: STOCK + WEST_WORK, 6: STOCK})
    east = build_report(year=2021, place=EAST, prose={1: STOCK + EAST_WORK, 6: STOCK})
    assert codes(lint_set({"west.txt": west, "east.txt": east})) == []


def test_gl703_short_default_sections_are_not_compared():
    """The builder's default prose is the same in every report but too short to judge."""
    found = lint_set({"west.txt": build_report(year=2021, place=WEST), "east.txt": build_report(year=2021, place=EAST)})
    assert codes(found) == []


def _province(n: int) -> dict[str, str]:
    """n offices of one year, each with the province's paragraph and a sentence of its own."""
    places = ["杭州市西湖区", "杭州市上城区", "杭州市拱墅区", "杭州市滨江区", "杭州市萧山区", "杭州市余杭区", "杭州市临平区"]
    own = WEST_WORK + EAST_WORK
    return {f"{i}.txt": build_report(year=2021, place=places[i], prose={1: PROVINCE + own[i:i + 1]})
            for i in range(n)}


def test_gl703_wording_common_to_many_offices_is_not_copying():
    assert codes(lint_set(_province(6))) == []


def test_gl703_common_offices_threshold_from_config():
    config = Config(rules={"duplicate-content": {"common_offices": 10, "min_share": 0.6}})
    found = lint_set(_province(6), config=config)
    assert {path for path, code, _ in codes(found)} == {f"{i}.txt" for i in range(6)}
    assert all("另有 4 份报告" in ds[0].message for ds in found.values())


def test_gl703_copy_from_history_is_reported_in_the_target_only():
    last = build_report(year=2020, prose={1: WEST_WORK})
    this = build_report(year=2021, prose={1: WEST_WORK})
    found = lint_set({"2021.txt": this}, history={"2020.txt": last})
    assert codes(found) == [("2021.txt", "GL703", _heading_line(this, "一、"))]


def test_gl703_next_years_copy_is_not_blamed_on_this_year():
    last = build_report(year=2020, prose={1: WEST_WORK})
    this = build_report(year=2021, prose={1: WEST_WORK})
    assert codes(lint_set({"2020.txt": last}, history={"2021.txt": this})) == []


# ---------------------------------------------------------------- GL703 duplicate-content: tables
RESULTS = {"open": {"natural": 5, "business": 2}, "deny_1": {"natural": 1}}


def test_gl703_table_three_equal_to_last_years():
    last = build_report(year=2020, results=RESULTS)
    this = build_report(year=2021, results=RESULTS)
    found = lint_set({"2020.txt": last, "2021.txt": this})
    assert codes(found) == [("2021.txt", "GL703", find_line(this, "勾稽关系"))]
    assert "表三" in found["2021.txt"][0].message and "2020.txt" in found["2021.txt"][0].message


def test_gl703_table_four_equal_to_last_years():
    last = build_report(year=2020, review=(2, 1, 0, 1))
    this = build_report(year=2021, review=(2, 1, 0, 1))
    found = lint_set({"2020.txt": last, "2021.txt": this})
    assert codes(found) == [("2021.txt", "GL703", find_line(this, "\t行政复议"))]


@pytest.mark.parametrize("last, this", [
    (dict(), dict()),                                                            # all zero both years
    (dict(results={"open": {"natural": 1}}, review=(1, 0, 0, 0)),               # one application and
     dict(results={"open": {"natural": 1}}, review=(1, 0, 0, 0))),              # one review, both years
    (dict(results=RESULTS, review=(2, 1, 0, 1)),                                # one number differs
     dict(results={**RESULTS, "deny_1": {"natural": 2}}, review=(2, 1, 1, 0))),
])
def test_gl703_tables_silent(last, this):
    pair = {"2020.txt": build_report(year=2020, **last), "2021.txt": build_report(year=2021, **this)}
    assert codes(lint_set(pair)) == []


# ---------------------------------------------------------------- the engine and the command line
def test_corpus_rules_are_not_run_per_report_and_need_more_than_one_report():
    linter = Linter()
    assert all(not isinstance(r, CorpusRule) for r in linter.rules)
    assert {r.code for r in linter.corpus_rules} == {"GL701", "GL702", "GL703"}
    result = linter.lint_text(build_report(year=2021, prose={1: WEST_WORK}), "one.txt")
    assert run_corpus(linter, [result]) == [result]


def test_ignoring_the_corpus_rules_keeps_no_digest():
    linter = Linter(ignore=["GL7"])
    assert linter.corpus_rules == [] and linter.lint_text(build_report()).digest is None


def test_severity_from_config_applies_to_corpus_findings():
    config = Config(severity={"duplicate-content": "error"})
    last = build_report(year=2020, prose={1: WEST_WORK})
    found = lint_set({"a.txt": last, "b.txt": build_report(year=2021, prose={1: WEST_WORK})}, config=config)
    assert [d.severity for d in found["b.txt"]] == ["error"]


class _Broken(CorpusRule):
    """出错的规则（测试用）。"""

    code, name = "GL799", "broken-corpus-rule"

    def check_corpus(self, corpus):
        raise KeyError("boom")


def test_a_corpus_rule_that_raises_becomes_gl000():
    registry = load_registry()
    registry.rules[_Broken.code] = _Broken
    linter = Linter(registry=registry, select=["GL799"])
    results = [linter.lint_text(build_report(year=y), f"{y}.txt") for y in (2020, 2021)]
    found = {r.path: [(d.code, d.message) for d in r.diagnostics] for r in run_corpus(linter, results)}
    assert found["2021.txt"] == []
    ((code, message),) = found["2020.txt"]
    assert code == "GL000" and "GL799" in message and "KeyError" in message


def test_plugin_corpus_hook_rejects_a_plain_rule(tmp_path):
    plugin = tmp_path / "bad_plugin.py"
    plugin.write_text("from govlint import hookimpl, Rule\n"
                      "class R(Rule):\n    code, name = 'GL798', 'not-corpus'\n"
                      "@hookimpl\ndef govlint_corpus_rules():\n    return [R]\n", encoding="utf-8")
    with pytest.raises(PluginError, match="CorpusRule"):
        load_registry([str(plugin)])


def test_cli_history_folder(tmp_path, capsys):
    (tmp_path / "2020").mkdir()
    (tmp_path / "2021").mkdir()
    (tmp_path / "2020" / "r.txt").write_text(
        build_report(year=2020, carry_next={"natural": 2}, results={"open": {"natural": 5}},
                     cells={"t3.new.business": ""}), encoding="utf-8")
    (tmp_path / "2021" / "r.txt").write_text(build_report(year=2021, results={"open": {"natural": 4}}),
                                             encoding="utf-8")
    status = main([str(tmp_path / "2021"), "--history", str(tmp_path / "2020"), "--format", "json"])
    out = capsys.readouterr().out
    assert status == 1
    assert out.count('"GL701"') == 2 and "GL301" not in out and str(tmp_path / "2020" / "r.txt") in out
    # the history folder given as a checked folder too: each file once, both reported on
    assert main([str(tmp_path), "--history", str(tmp_path / "2020"), "--format", "json"]) == 1
    assert "GL301" in capsys.readouterr().out


def test_cli_unreadable_history_is_an_input_error(tmp_path, capsys):
    (tmp_path / "r.txt").write_text(build_report(year=2021), encoding="utf-8")
    assert main([str(tmp_path / "r.txt"), "--history", str(tmp_path / "missing")]) == 2
    assert "--history" in capsys.readouterr().err


# ---------------------------------------------------------------- the seeds
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not available")
def test_seeds_together_are_silent():
    linter = Linter(select=["GL7"])
    results = [linter.lint_file(p) for p in sorted(SEEDS.glob("*.txt"))]
    assert [d for r in run_corpus(linter, results) for d in r.diagnostics] == []


def test_digest_survives_a_worker_process_and_shares_its_key_tuples():
    import pickle
    linter = Linter(select=["GL7"])
    digest = linter.lint_text(build_report(year=2021, carried={"natural": 1}, results={"open": {"natural": 2}}),
                              "a.txt").digest
    a, b = (pickle.loads(pickle.dumps(digest)) for _ in range(2))
    assert a.keys is b.keys and a.names is b.names
    assert a.number("t3.carried.natural") == 1 and a.office == digest.office
    assert list(a.sections[1].hashes) == list(digest.sections[1].hashes)
    assert a == digest and type(a.tables["t3"]) is type(digest.tables["t3"])
    assert all(type(s.span) is type(digest.sections[1].span) for s in a.sections.values())


def test_a_worker_sends_a_templates_cell_keys_with_its_first_digest_only(monkeypatch):
    import pickle
    from govlint.model import digest as digests
    monkeypatch.setattr(digests, "_received", {})
    monkeypatch.setattr(digests, "_SHARED", {})
    linter = Linter(select=["GL7"])
    made = [linter.lint_text(build_report(year=year, results={"open": {"natural": n}}), f"{n}.txt").digest
            for n, year in enumerate((2021, 2022, 2019, 2020), 1)]
    assert made[0].template == made[1].template != made[2].template == made[3].template
    whole = [len(pickle.dumps(d)) for d in made]
    monkeypatch.setattr(digests, "_sent", set())       # a worker's, after send_cells_once()
    sent = [pickle.dumps(d) for d in made]
    assert all(0 < len(sent[i]) - whole[i] < 64 for i in (0, 2))   # each template's first, and its token
    assert all(len(p) < whole[i] - 5000 for i, p in enumerate(sent) if i % 2)   # a token
    received = [pickle.loads(p) for p in sent]                       # in the order sent
    assert received == made
    assert received[0].keys is received[1].keys and received[0].names is received[1].names
    assert received[2].keys is received[3].keys and received[2].keys is not received[0].keys


def test_per_file_ignores_apply_to_corpus_findings_of_slimmed_results():
    from dataclasses import replace as copy_with
    config = Config(per_file_ignores={"b.txt": ["duplicate-content"]})
    linter = Linter(config, select=["GL7"])
    texts = {"a.txt": build_report(year=2021, place=WEST, prose={1: WEST_WORK}),
             "b.txt": build_report(year=2021, place=EAST, prose={1: WEST_WORK})}
    results = [copy_with(linter.lint_text(t, p), report=None) for p, t in texts.items()]   # as batch runs keep them
    found = {r.path: [d.code for d in r.diagnostics] for r in run_corpus(linter, results)}
    assert found == {"a.txt": ["GL703"], "b.txt": []}


def test_findings_in_word_reports_carry_their_location(tmp_path):
    from docx_builder import render_docx
    last = render_docx(build_report(year=2020, carry_next={"natural": 2}, results={"open": {"natural": 5}},
                                    prose={1: WEST_WORK}), tmp_path / "2020.docx")
    this = render_docx(build_report(year=2021, results={"open": {"natural": 4}}, prose={1: WEST_WORK}),
                       tmp_path / "2021.docx")
    linter = Linter(select=["GL7"])
    (_, result) = run_corpus(linter, [linter.lint_file(last), linter.lint_file(this)])
    located = {d.code: d.location for d in result.diagnostics}
    assert located["GL701"].table is not None and located["GL701"].quote == "0"
    assert located["GL703"].paragraph is not None and "总体情况" in located["GL703"].quote


def test_lsh_meets_near_copies_without_comparing_all_pairs():
    import random
    from govlint.model.similarity import candidate_pairs, estimated_jaccard, minhash
    rng = random.Random(5)
    sets = [[rng.getrandbits(63) for _ in range(rng.randint(12, 60))] for _ in range(400)]
    copies = {}
    for original in range(0, 40, 8):          # five sections copied with one clause in ten changed
        copy = [h if i % 10 else rng.getrandbits(63) for i, h in enumerate(sets[original])]
        copies[(original, len(sets))] = copy
        sets.append(copy)
    signatures = [(1, minhash(s)) for s in sets]
    pairs = candidate_pairs(signatures)
    assert set(copies) <= pairs
    assert len(pairs) < 40                    # of 80 000 pairs
    a, b = next(iter(copies))
    assert estimated_jaccard(signatures[a][1], signatures[b][1]) > 0.6
    assert signatures[0][1] == minhash(list(reversed(sets[0])))   # order does not matter
    assert not candidate_pairs([(1, signatures[a][1]), (5, signatures[b][1])])   # other section


def _minhash_one_by_one(hashes):
    """minhash as it was first written, a Python loop per shingle and per empty bin: the
    oracle for the C-level one."""
    from govlint.model.similarity import _BIN_BITS, _EMPTY, _MASK, _SPREAD, SIGNATURE_SIZE
    signature = [_EMPTY] * SIGNATURE_SIZE
    for h in hashes:
        u = h & _MASK
        b, v = u & (SIGNATURE_SIZE - 1), u >> _BIN_BITS
        if v < signature[b]:
            signature[b] = v
    if _EMPTY in signature and any(v != _EMPTY for v in signature):
        filled = list(signature)
        for i, value in enumerate(filled):
            if value == _EMPTY:
                d = 1
                while filled[(i + d) % SIGNATURE_SIZE] == _EMPTY:
                    d += 1
                signature[i] = filled[(i + d) % SIGNATURE_SIZE] ^ ((d * _SPREAD) & _MASK)
    return [v & _MASK for v in signature]


def test_minhash_gives_what_a_loop_per_shingle_gives():
    import random
    from govlint.model.similarity import SIGNATURE_SIZE, minhash
    rng = random.Random(11)
    sets = [[], [0], [-1], [SIGNATURE_SIZE - 1], [rng.getrandbits(64) - (1 << 63)] * 3]
    for size in (1, 2, 3, 5, 20, 63, 64, 65, 200, 2000):
        for _ in range(20):
            sets.append([rng.getrandbits(64) - (1 << 63) for _ in range(size)])
    # every bin filled but one, and hashes that differ only in their bin bits
    sets.append([(b << 20) | b for b in range(SIGNATURE_SIZE) if b != 7])
    sets.append([(rng.getrandbits(40) << 6) | 5 for _ in range(50)])
    for hashes in sets:
        assert minhash(hashes).tolist() == _minhash_one_by_one(hashes), hashes
        assert minhash(dict.fromkeys(hashes, 1)).tolist() == _minhash_one_by_one(hashes)


def test_candidate_pairs_of_one_kin_are_never_made():
    """With kin (one per office and year), the pairs are those without kin less the pairs
    of one kin — and a bucket of many copies of one office's report makes none."""
    import random
    from govlint.model.similarity import candidate_pairs, minhash
    rng = random.Random(7)
    originals = [[rng.getrandbits(63) for _ in range(30)] for _ in range(6)]
    sets = [list(rng.choice(originals)) for _ in range(120)]          # many exact copies
    kin = [rng.randrange(4) for _ in sets]
    signatures = [(rng.choice((1, 5)), minhash(s)) for s in sets]
    everything = candidate_pairs(signatures)
    assert candidate_pairs(signatures, kin) == {(i, j) for i, j in everything if kin[i] != kin[j]}
    assert candidate_pairs(signatures, [0] * len(sets)) == set()
    assert everything                                                # the test sees pairs


def test_cli_batch_with_worker_processes_keeps_the_digests(tmp_path, capsys):
    places = ["杭州市西湖区", "杭州市上城区", "杭州市拱墅区", "杭州市滨江区"]
    for i, place in enumerate(places):
        (tmp_path / f"{i}-2020.txt").write_text(build_report(
            year=2020, place=place, carry_next={"natural": 2}, results={"open": {"natural": 5}}), encoding="utf-8")
        (tmp_path / f"{i}-2021.txt").write_text(build_report(
            year=2021, place=place, carried={"natural": 1 if i == 2 else 2}, results={"open": {"natural": 4}}),
            encoding="utf-8")
    assert main([str(tmp_path), "--jobs", "2", "--select", "GL7", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert out.count('"GL701"') == 2 and "2-2021.txt" in out


def test_a_run_of_one_report_keeps_no_digest(tmp_path, capsys):
    """One report without --history has nothing to be compared with: no digest is made,
    and the run reports the same as one that makes it."""
    text = build_report(year=2020, results={"open": {"natural": 2}}, carry_next={"natural": 1})
    assert Linter(digests=False).lint_text(text).digest is None
    assert Linter().lint_text(text).digest is not None
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["--format", "json", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "[]"


# ---------------------------------------------------------------- digest look-ups (oracle)
def test_digest_lookups_agree_with_the_plain_ones():
    """stored_paired, numbers, keys_under and Corpus.of_office are quicker forms of paired,
    number, a scan of the keys and a scan of the corpus: the same answers, on digests of both
    templates (2020 and 2021) and of several offices and years."""
    import math
    from govlint.model.corpus import Corpus
    linter = Linter(select=["GL7"])
    reports = {f"{place}-{year}-{k}.txt": build_report(year=year, place=place, carry_next={"natural": k})
               for place in (WEST, EAST) for year in (2020, 2021, 2022) for k in range(2)}
    digests = [linter.lint_text(text, path).digest for path, text in reports.items()]
    corpus = Corpus(digests)
    for a in digests:
        assert a.keys_under("t3.carried.") == tuple(k for k in a.keys if k.startswith("t3.carried."))
        assert a.numbers(a.keys + ("t9.none",)) == [a.number(k) for k in a.keys + ("t9.none",)]
        for year in (2019, 2020, 2021, 2022):
            assert corpus.of_office(a, year) == [d for d in corpus.digests if d.year == year and d is not a
                                                 and Corpus.same_office(a, d)]
        for b in digests:
            for prefix in ("t3.", "t4.", "t2."):
                this, before = a.stored_paired(b, prefix)
                assert ([None if math.isnan(v) else v for v in this],
                        [None if math.isnan(v) else v for v in before]) == a.paired(b, prefix)


def _candidate_pairs_one_by_one(signatures, kin=None):
    """candidate_pairs as it was before equal signatures were bucketed once: every signature
    put in every band's bucket by itself (the oracle)."""
    from itertools import combinations
    from govlint.model.similarity import BANDS, ROWS
    pairs = set()
    for band in range(BANDS):
        buckets = {}
        for i, (group, signature) in enumerate(signatures):
            buckets.setdefault((group, tuple(signature[band * ROWS:(band + 1) * ROWS])), []).append(i)
        for members in buckets.values():
            pairs.update((a, b) for a, b in combinations(members, 2) if kin is None or kin[a] != kin[b])
    return pairs


def test_candidate_pairs_with_copies_are_those_of_one_signature_at_a_time():
    """Equal signatures are bucketed once with all their indices: the pairs are still every
    pair (i < j) that shares a band, copies, near copies and strangers mixed, in any order."""
    import random
    from govlint.model.similarity import candidate_pairs, minhash
    rng = random.Random(13)
    for _ in range(30):
        originals = [[rng.getrandbits(63) for _ in range(rng.randint(1, 40))] for _ in range(rng.randint(1, 8))]
        sets = []
        for _ in range(rng.randint(0, 60)):
            original = rng.choice(originals)
            kind = rng.random()
            if kind < 0.5:
                sets.append(list(original))                                         # a copy
            elif kind < 0.8:
                sets.append([h if rng.random() < 0.9 else rng.getrandbits(63) for h in original])
            else:
                sets.append([rng.getrandbits(63) for _ in range(rng.randint(1, 40))])
        signatures = [(rng.choice((1, 1, 5)), minhash(s)) for s in sets]
        kin = [rng.randrange(3) for _ in sets]
        assert candidate_pairs(signatures) == _candidate_pairs_one_by_one(signatures)
        assert candidate_pairs(signatures, kin) == _candidate_pairs_one_by_one(signatures, kin)
