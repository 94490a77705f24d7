"""Per-core cost of checking a PDF report: `read_pdf` + all rules, next to the floor (the time
pypdfium2 alone needs to extract the plain text of the same file) and the parse it replaced
(pdfplumber's, on pdfminer).

    .venv/bin/python bench/pdf.py             # the shared real PDF (when present) and tests/data/pdf
    .venv/bin/python bench/pdf.py --repeat 10 a.pdf b.pdf

Times are CPU seconds of this process (time.process_time), the median of --repeat runs after
one warm-up run (which loads PDFium's fonts, pdfminer's CJK CMaps and the gazetteer once, as a
batch run does), so they are per core and comparable on a busy machine. Columns: pages; pdfium
(text of every page, the floor); pdfium+ (every character with box, size, colour and matrix
and every path point through pypdfium2: the floor of read_pdf, which takes them from PDFium);
pdfminer (pdfplumber's own parse of every page: characters and drawn lines, what read_pdf
took them from before, and what its fallback for files PDFium cannot open costs); read
(read_pdf: parse, tables, lines, paragraphs, layout); lint (Linter().lint_source); total =
read + lint, per report and per page. The goal is a 6-page report in ≤ 0.5 s on one core.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from timing import cpu   # noqa: E402  (bench/ is on the path of a script run from it)
REAL = ROOT.parent / "shared" / "real" / "2024_jiangsu-huaian_szf.pdf"
FIXTURES = ROOT / "tests" / "data" / "pdf"


def pdfium_text(path: Path) -> int:
    import pypdfium2
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        n = 0
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            n += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return n
    finally:
        pdf.close()


def pdfium_objects(path: Path) -> int:
    """What read_pdf takes from pypdfium2: every character with its box, size, colour and
    matrix, and every point of every path (the table rules). This is the floor of read_pdf,
    which feeds pdfplumber's table finder from PDFium (linter/read/pdf_pdfium.py)."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw
    pdf = pypdfium2.PdfDocument(str(path))
    n = 0
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    x, y = ctypes.c_float(), ctypes.c_float()
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            for k in range(raw.FPDFText_CountChars(textpage.raw)):
                if raw.FPDFText_IsGenerated(textpage.raw, k):
                    continue
                raw.FPDFText_GetUnicode(textpage.raw, k)
                raw.FPDFText_GetLooseCharBox(textpage.raw, k, box)
                raw.FPDFText_GetFontSize(textpage.raw, k)
                raw.FPDFText_GetFillColor(textpage.raw, k, r, g, b, a)
                raw.FPDFText_GetMatrix(textpage.raw, k, matrix)
                n += 1
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
                for s in range(raw.FPDFPath_CountSegments(obj.raw)):
                    raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(obj.raw, s), x, y)
                    n += 1
            textpage.close()
            page.close()
        return n
    finally:
        pdf.close()


def pdfminer_parse(path: Path) -> int:
    import pdfplumber
    n = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            n += len(page.chars) + len(page.lines) + len(page.rects)
            page.close()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = args.files or ([REAL] if REAL.is_file() else []) + sorted(
        p for p in FIXTURES.glob("*.pdf") if not p.name.startswith("bad-"))
    from govlint.run.engine import Linter
    from govlint.read.pdf import read_pdf
    import pypdfium2
    linter = Linter()
    print(f"{'file':34} {'pages':>5} {'pdfium':>8} {'pdfium+':>8} {'pdfminer':>9} {'read':>7} {'lint':>7} {'total':>7} "
          f"{'s/page':>7}")
    totals = []
    for path in files:
        pages = len(pypdfium2.PdfDocument(str(path)))
        floor = cpu(lambda: pdfium_text(path), args.repeat)
        objects = cpu(lambda: pdfium_objects(path), args.repeat)
        parse = cpu(lambda: pdfminer_parse(path), args.repeat)
        read = cpu(lambda: read_pdf(path), args.repeat)
        source = read_pdf(path)
        lint = cpu(lambda: linter.lint_source(source), args.repeat)
        total = read + lint
        totals.append((pages, total))
        print(f"{path.name[:34]:34} {pages:5d} {floor:8.3f} {objects:8.3f} {parse:9.3f} {read:7.3f} {lint:7.3f} {total:7.3f} "
              f"{total / pages:7.3f}")
    if totals:
        per_page = sum(t for _, t in totals) / sum(p for p, _ in totals)
        print(f"\nmean {per_page:.3f} s per page, {6 * per_page:.2f} s per 6-page report on one core (goal ≤ 0.5 s)")


if __name__ == "__main__":
    main()
