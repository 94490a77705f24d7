"""Suppressions: [per-file-ignores], [[ignore]] entries quoting the text, and baselines."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from govlint.cli import main
from govlint.config.settings import ConfigError, load_config
from govlint.run.engine import Linter
from govlint.config.suppressions import path_matches, quoted_at
from builder import build_report

PLACE = "杭州市拱墅区"
WRONG = "2019年，拱墅市推进政务公开。"
REPORT = build_report(year=2019, place=PLACE, cells={"t3.new.natural": ""}, prose={1: [WRONG]})


def _setup(tmp_path: Path, toml: str, files=("reports/2019.txt",)) -> list[Path]:
    (tmp_path / "govlint.toml").write_text(toml, encoding="utf-8")
    paths = []
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(REPORT, encoding="utf-8")
        paths.append(path)
    return paths


def _codes(tmp_path: Path, path: Path) -> list[str]:
    linter = Linter(load_config(tmp_path / "govlint.toml"))
    return [d.code for d in linter.lint_file(path).diagnostics]


@pytest.mark.parametrize("pattern, path, expected", [
    ("reports/*.txt", "reports/2019.txt", True),
    ("reports/*.txt", "reports/old/2019.txt", False),
    ("reports/**/*.txt", "reports/old/2019.txt", True),
    ("reports/**/*.txt", "reports/2019.txt", True),
    ("2019.txt", "reports/2019.txt", True),            # a bare name matches the file name
    ("20??.txt", "reports/2019.txt", True),
    ("*.docx", "reports/2019.txt", False),
])
def test_globs(tmp_path, pattern, path, expected):
    assert path_matches(pattern, str(tmp_path / path), tmp_path) is expected


def test_per_file_ignores(tmp_path):
    first, second = _setup(tmp_path, '[per-file-ignores]\n"reports/old/*.txt" = ["GL301", "place-name"]\n',
                           files=("reports/2019.txt", "reports/old/2019.txt"))
    assert _codes(tmp_path, first) == ["GL501", "GL301"]
    assert _codes(tmp_path, second) == []


def test_ignore_entry_quoting_the_text_silences_that_finding_only(tmp_path):
    toml = ('[[ignore]]\npath = "reports/2019.txt"\nrule = "GL501"\ntext = "拱墅市推进"\n'
            'reason = "此处确指另一单位"\n')
    (path,) = _setup(tmp_path, toml)
    assert _codes(tmp_path, path) == ["GL301"]
    path.write_text(REPORT + f"\n{WRONG.replace('推进', '开展')}\n", encoding="utf-8")
    assert sorted(_codes(tmp_path, path)) == ["GL301", "GL501"]   # the same mistake elsewhere is still reported


def test_ignore_entry_for_a_blank_cell_by_its_message(tmp_path):
    # An empty cell has no text of its own; the entry quotes the row/column named in the message.
    toml = ('ignore = ["place-name", {rule = "blank-cell", text = "", reason = "x"}]\n')
    (path,) = _setup(tmp_path, toml)
    with pytest.raises(ConfigError, match="text 应为非空字符串"):
        load_config(tmp_path / "govlint.toml")
    (tmp_path / "govlint.toml").write_text('ignore = ["place-name"]\n', encoding="utf-8")
    assert _codes(tmp_path, path) == ["GL301"]


def test_stale_ignore_entry_is_reported(tmp_path):
    toml = ('[[ignore]]\npath = "reports/*.txt"\nrule = "GL304"\ntext = "万元"\nreason = "已核实"\n'
            '[[ignore]]\npath = "reports/*.txt"\nrule = "GL501"\ntext = "拱墅市推进"\nreason = "此处确指另一单位"\n')
    (path,) = _setup(tmp_path, toml)
    diagnostics = Linter(load_config(tmp_path / "govlint.toml")).lint_file(path).diagnostics
    assert [d.code for d in diagnostics] == ["GL001", "GL301"]
    assert "rule = \"GL304\"" in diagnostics[0].message and "没有屏蔽任何问题" in diagnostics[0].message
    assert diagnostics[0].path == str(path)
    # GL001 itself can be ignored like any rule, also per file
    linter = Linter(load_config(tmp_path / "govlint.toml"), ignore=["unused-ignore"])
    assert [d.code for d in linter.lint_file(path).diagnostics] == ["GL301"]
    with (tmp_path / "govlint.toml").open("a", encoding="utf-8") as f:
        f.write('[per-file-ignores]\n"reports/*" = ["GL001"]\n')
    assert [d.code for d in Linter(load_config(tmp_path / "govlint.toml")).lint_file(path).diagnostics] == ["GL301"]


@pytest.mark.parametrize("toml, message", [
    ('[[ignore]]\nrule = "GL501"\n', "缺少 reason"),
    ('[[ignore]]\nrule = "GL501"\nreason = "x"\nline = 3\n', "未知的键 line"),
    ('[[ignore]]\nrule = "TT999"\nreason = "x"\n', "不对应任何规则"),
    ('[per-file-ignores]\n"*.txt" = "GL301"\n', "per-file-ignores"),
    ('[per-file-ignores]\n"*.txt" = ["nonsense"]\n', "不对应任何规则"),
])
def test_bad_suppression_settings_are_configuration_errors(tmp_path, capsys, toml, message):
    (path,) = _setup(tmp_path, toml)
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_quoted_at_requires_overlap_with_the_span():
    text = "甲乙丙\n丁戊己丁戊"
    assert quoted_at(text, "丁戊", 4, 6)
    assert quoted_at(text, "丁戊", 8, 9)         # the second occurrence
    assert not quoted_at(text, "丁戊", 6, 7)     # 己 alone
    assert not quoted_at(text, "乙丙", 4, 6)     # another line
    assert quoted_at(text, "戊己", 6, 6)         # an empty span touching the quote


def test_baseline_reports_only_new_findings_even_after_edits_elsewhere(tmp_path, capsys):
    (path,) = _setup(tmp_path, "")
    baseline = tmp_path / "baseline.json"
    assert main(["--write-baseline", str(baseline), str(path)]) == 0
    assert "已把 2 个问题记入基线文件" in capsys.readouterr().err
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert {(f["path"], f["code"], f["text"]) for f in recorded} >= {("reports/2019.txt", "GL501", "拱墅市")}

    assert main(["--baseline", str(baseline), str(path)]) == 0
    assert "未发现问题" in capsys.readouterr().out
    # Lines added above move every finding; a new mistake is the only thing reported.
    edited = REPORT.replace(WRONG, "本年度新增一段说明。\n" + WRONG + "\n西湖市也在推进。".replace("西湖市", "拱墅市"))
    path.write_text(edited, encoding="utf-8")
    assert main(["--baseline", str(baseline), "--format", "json", str(path)]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["line"]) for d in found] == [("GL501", edited.splitlines().index("拱墅市也在推进。") + 1)]


def test_baseline_from_another_folder_matches_the_same_files(tmp_path, capsys, monkeypatch):
    (path,) = _setup(tmp_path, "")
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(tmp_path)
    assert main(["--write-baseline", "baseline.json", "reports/2019.txt"]) == 0
    monkeypatch.chdir(path.parent)
    assert main(["--baseline", str(baseline), "2019.txt"]) == 0


@pytest.mark.parametrize("content, message", [
    (None, "找不到基线文件"), ("{\"findings\": 3}", "不是 govlint --write-baseline 生成的格式"),
    ("not json", "不是 govlint --write-baseline 生成的格式"),
])
def test_bad_baseline_is_a_clear_error(tmp_path, capsys, content, message):
    (path,) = _setup(tmp_path, "")
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    assert main(["--baseline", str(baseline), str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_the_examples_in_the_default_govlint_toml_are_valid(tmp_path):
    """The commented examples of govlint.toml, uncommented, load as documented."""
    lines = (Path(__file__).resolve().parents[1] / "govlint.toml").read_text(encoding="utf-8").splitlines()
    inline = next(line[4:] for line in lines if line.startswith("#   ignore = ["))
    start = lines.index("#   [[ignore]]")
    table = "\n".join(line[4:] for line in lines[start:start + 5])
    for text in (inline, table):
        (tmp_path / "govlint.toml").write_text(text + "\n", encoding="utf-8")
        config = load_config(tmp_path / "govlint.toml")
        assert config.ignore_entries and all(e.reason and e.text and e.path for e in config.ignore_entries)
    assert load_config(tmp_path / "govlint.toml").ignore_entries[0].text == "452262835.430"


# --- Word comments (批注) in .docx reports ------------------------------------------------------

def _commented_docx(tmp_path: Path, comments: list[tuple[str, str]]) -> Path:
    """The report as .docx with a comment on the run or cell holding each (text, comment)."""
    docx = pytest.importorskip("docx")
    from docx_builder import render_docx
    text = build_report(year=2019, place=PLACE, cells={"t2.procurement.amount": "452.5"}, prose={1: [WRONG]})
    path = render_docx(text, tmp_path / "report.docx")
    document = docx.Document(str(path))
    paragraphs = list(document.paragraphs)
    paragraphs += [p for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    for needle, comment in comments:
        run = next(r for p in paragraphs for r in p.runs if needle in r.text)
        document.add_comment([run], text=comment, author="经办人")
    document.save(str(path))
    return path


def test_word_comment_accepts_the_finding_it_is_on(tmp_path):
    path = _commented_docx(tmp_path, [("拱墅市", "govlint: ignore GL501 此处指另一单位"),
                                      ("452.5", "govlint：ignore amount-unit 单位已在表头注明")])
    assert [d.code for d in Linter().lint_file(path).diagnostics] == []
    plain = _commented_docx(tmp_path, [("拱墅市", "请核对地名")])            # an ordinary comment
    assert sorted(d.code for d in Linter().lint_file(plain).diagnostics) == ["GL304", "GL501"]


def test_word_comment_that_silences_nothing_is_reported_where_it_is(tmp_path):
    path = _commented_docx(tmp_path, [("拱墅市", "govlint: ignore GL304 写错了规则"),
                                      ("本年度", "govlint: ignore GL501, GL301 早已改正")])
    found = Linter().lint_file(path).diagnostics
    codes = sorted(d.code for d in found)
    assert codes == ["GL001", "GL001", "GL001", "GL304", "GL501"]
    stale = [d for d in found if d.code == "GL001"]
    assert all(d.message.startswith("Word 批注“govlint: ignore") for d in stale)
    place = next(d for d in found if d.code == "GL501")
    wrong_rule = next(d for d in stale if "写错了规则" in d.message)
    assert wrong_rule.location == place.location        # reported at the commented text
    assert Linter(ignore=["GL001"]).lint_file(path).diagnostics and \
        not [d for d in Linter(ignore=["GL001"]).lint_file(path).diagnostics if d.code == "GL001"]
