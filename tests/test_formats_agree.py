"""The same report gives the same findings in every format it is published in: for each seed
report (when ../shared is there) and builder reports with defects, every rendering — Word .docx,
a CMS web page, and the plain-text layouts of copied text — gives the same set of (rule, the
paragraph or cell it is in, the text it points at) as its Tika text. Line numbers differ between
formats by design; what a finding is about does not. (The plain-text layouts are compared
the same way in test_plain_layouts.py.)"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import build_report
from docx_builder import render_docx
from govlint.read import read_input
from govlint.read.cjk_text import normalise
from govlint.run.engine import Linter
from render_html import write_html

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

BUILDER_REPORTS = {
    "clean 2019": dict(year=2019),
    "clean 2021": dict(year=2021, place="杭州市拱墅区"),
    "defects 2019": dict(year=2019, place="杭州市拱墅区", prose={1: ["今年，拱墅市各部门共收到申请。"]},
                         results={"open": {"natural": 2}}, cells={"t3.new.natural": "", "t3.result_total.total": "9"}),
    "defects 2021": dict(year=2021, results={"open": {"natural": 3}, "partial": {"business": 1}}, carried={"natural": 1},
                         cells={"t3.carry_next.natural": "无", "t4.counts.review_total": "5"},
                         headings={3: "3、收到和处理政府信息公开申请情况"}),
}


def write_docx(text: str, path: Path) -> Path:
    return render_docx(text, path.with_suffix(".docx"))


def write_page(text: str, path: Path) -> Path:
    return write_html(text, path.with_suffix(".html"))


def write_pdf(text: str, path: Path) -> Path:
    from render_pdf import render_pdf
    return render_pdf(text, path.with_suffix(".pdf"))


RENDERINGS = {"docx": write_docx, "html": write_page}
# Rendering a PDF needs an office suite (LibreOffice); where there is none (CI), the PDF
# reader is checked on the PDFs committed under tests/data/pdf (test_read_pdf.py).
if shutil.which("soffice") or shutil.which("libreoffice"):
    RENDERINGS["pdf"] = write_pdf


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(digests=False)


def findings(linter: Linter, path: Path) -> list[tuple[str, str, str]]:
    source = read_input(path)
    result = linter.lint_source(source)
    return sorted((d.code, normalise(source.line_text(d.line).lstrip("\t")), normalise(source.text[d.offset:d.end_offset]))
                  for d in result.diagnostics)


def _cases():
    for name, options in BUILDER_REPORTS.items():
        yield pytest.param(lambda options=options: build_report(**options), id=name)
    for path in SEED_FILES:
        yield pytest.param(lambda path=path: path.read_text(encoding="utf-8"), id=path.name[:3])


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@pytest.mark.parametrize("make", list(_cases()))
def test_every_rendering_gives_the_findings_of_the_text(tmp_path, linter, make, rendering):
    text = make()
    original = tmp_path / "report.txt"
    original.write_text(text, encoding="utf-8")
    expected = findings(linter, original)
    rendered = RENDERINGS[rendering](text, tmp_path / "report")
    assert findings(linter, rendered) == expected


@pytest.mark.parametrize("name", [n for n in BUILDER_REPORTS if n.startswith("defects")])
def test_the_defect_reports_have_findings_to_compare(tmp_path, linter, name):
    path = tmp_path / "report.txt"
    path.write_text(build_report(**BUILDER_REPORTS[name]), encoding="utf-8")
    assert len({code for code, _, _ in findings(linter, path)}) >= 3
