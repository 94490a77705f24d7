"""The PDF reader's two sources agree: PDFium (pdf_pdfium.PdfiumPage, what read_pdf uses) gives
the characters, drawn lines and tables pdfplumber's own parse (pdfminer, the fallback for
files PDFium cannot open) gives, so the blocks of every fixture are the same through both;
turned pages and a MediaBox off 0 0 too. pdfplumber's parse is what the reader was tuned on."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
pypdfium2 = pytest.importorskip("pypdfium2")

from render_pdf import DATA
from govlint.read import pdf as pdf_reader
from govlint.read.pdf_document import Assembler
from govlint.read.pdf_pdfium import PdfiumPage

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real" / "2024_jiangsu-huaian_szf.pdf"
FIXTURES = sorted(p for p in DATA.glob("*.pdf") if not p.name.startswith("bad-"))


def _both(path: Path) -> tuple[list, list]:
    """The blocks through PDFium and through pdfplumber's parse."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pdfium = Assembler(pdf_reader._read_pages_pdfium(pypdfium2, path, 300)).blocks()
    pdfminer = Assembler(pdf_reader._read_pages_pdfminer(path, 300)).blocks()
    return pdfium, pdfminer


@pytest.mark.parametrize("path", FIXTURES + [REAL], ids=lambda p: p.stem)
def test_blocks_are_those_of_pdfplumbers_parse(path):
    if not path.is_file():
        pytest.skip("the real PDF (../shared/real) is not here")
    pdfium, pdfminer = _both(path)
    assert pdfium == pdfminer


def _turned(tmp_path: Path, name: str, rotation: int, mediabox=None) -> Path:
    pdf = pypdfium2.PdfDocument(str(DATA / name))
    for i in range(len(pdf)):
        page = pdf[i]
        page.set_rotation(rotation)
        if mediabox:
            pypdfium2.raw.FPDFPage_SetMediaBox(page.raw, *mediabox)
        page.close()
    out = tmp_path / f"turned-{rotation}.pdf"
    pdf.save(str(out))
    pdf.close()
    return out


# A page turned sideways has every character turned, which read_page takes for a seal's ring
# when a real seal is on the page too: the seal fixture is turned upside down only.
@pytest.mark.parametrize("name, rotation, mediabox", [
    ("clean-2021.pdf", 90, None), ("sealed-2021.pdf", 180, None), ("table3-over-page-2021.pdf", 270, None),
    ("sealed-2021.pdf", 0, (-20, 30, 592, 822)), ("clean-2019.pdf", 90, (10, -40, 600, 800))])
def test_turned_pages_and_a_moved_mediabox(tmp_path, name, rotation, mediabox):
    pdfium, pdfminer = _both(_turned(tmp_path, name, rotation, mediabox))
    assert pdfium == pdfminer


def test_characters_and_edges_of_the_real_report():
    """On the real report (fonts with their metrics) every character's box is pdfminer's to a
    hundredth of a point or so, and the edges the table finder reads are the same."""
    if not REAL.is_file():
        pytest.skip("the real PDF (../shared/real) is not here")
    document = pypdfium2.PdfDocument(str(REAL))
    with pdfplumber.open(str(REAL)) as plumber:
        for index, expected in enumerate(plumber.pages):
            page = PdfiumPage(document.raw, index)
            theirs = [c for c in expected.chars if not c["text"].isspace()]
            assert [c["text"] for c in page.chars] == [c["text"] for c in theirs]
            for ours, their in zip(page.chars, theirs):
                for key in ("x0", "x1", "top", "bottom", "size"):
                    assert abs(ours[key] - their[key]) < 0.2, (index, their["text"], key)
                assert ours["upright"] == their["upright"]

            def edges(p):
                return sorted((e["orientation"], e["top"], e["x0"], e["x1"], e["bottom"]) for e in p.edges if e["orientation"])
            ours, theirs = edges(page), edges(expected)
            assert [e[0] for e in ours] == [e[0] for e in theirs]
            assert [v for e in ours for v in e[1:]] == pytest.approx([v for e in theirs for v in e[1:]], abs=0.2)
            cells = [v for t in page.find_tables() for cell in t.cells for v in cell]
            assert cells == pytest.approx([v for t in expected.find_tables() for cell in t.cells for v in cell], abs=0.2)
            page.close()
            expected.close()
    document.close()


def test_a_file_pdfium_cannot_open_is_read_by_pdfplumber(monkeypatch):
    def refuse(*args, **kwargs):
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).", err_code=3)
    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    read = pdf_reader.read_pdf_blocks(DATA / "clean-2019.pdf")
    monkeypatch.undo()
    assert read == pdf_reader.read_pdf_blocks(DATA / "clean-2019.pdf")
