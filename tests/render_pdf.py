"""Renders builder reports (tests/builder.py) to PDF through a real office suite, for the tests
of the PDF reader: the report is written as a .docx (tests/docx_builder.py, real merged cells)
and LibreOffice converts it to PDF, as a clerk's "export as PDF" does.

    python tests/render_pdf.py            # (re)writes tests/data/pdf/*.pdf

needs LibreOffice Writer and a CJK font (Debian/Ubuntu:
`apt-get install -y libreoffice-writer-nogui fonts-wqy-microhei`). The PDFs are committed, so
the tests need neither. FIXTURES is what each PDF was made from; the tests rebuild the same
report text from it and compare. The bad PDFs for the error tests are made here too, without
LibreOffice (`bad_pdfs`).
"""
from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "pdf"

# Prose of our own to push table 三 over a page break (the text layout's paragraphs).
_FILLER = [f"（{n}）第{n}项工作情况。本单位围绕年度重点任务，持续完善信息发布、解读回应和平台管理等工作机制，"
           "及时公开群众关注的各类信息，组织开展业务培训和专项检查，推动政务公开工作规范有序开展。"
           for n in "二三四五六七"]

FIXTURES: dict[str, dict] = {
    "clean-2019": dict(year=2019),
    "clean-2021": dict(year=2021, place="杭州市拱墅区", results={"open": {"natural": 12, "business": 3},
                                                              "partial": {"natural": 2}},
                       carried={"natural": 1}, carry_next={"natural": 2}, review=(2, 1, 0, 1)),
    "table3-over-page-2021": dict(year=2021, place="杭州市余杭区", prose={1: _FILLER[:4]},
                                  results={"open": {"natural": 30, "legal": 1}, "partial": {"natural": 4}},
                                  carried={"natural": 3}, direct=(1, 0, 1, 0)),
    "wrong-total-2019": dict(year=2019, results={"open": {"natural": 3}},
                             cells={"t3.new.natural": 9, "t3.open.total": 4}),
    "blank-cell-2021": dict(year=2021, results={"open": {"natural": 5}},
                            cells={"t3.new.business": "", "t4.counts.review_upheld": ""}),
    "prose-errors-2021": dict(year=2021, prose={1: ["本年度收到申请228件,其中予以公开10件。"],
                                                5: ["一是二0二一年培训不足。"]}),
}


# sealed-2021.pdf is clean-2021.pdf with this running header and seal laid over it.
SEAL_HEADER = "杭州市拱墅区人民政府办公室文件"
SEAL_TEXT = ("杭州市拱墅区人民政府办公室", "政务公开")


def build(name: str) -> str:
    """The report text (Tika layout) a fixture was made from."""
    sys.path.insert(0, str(HERE))
    from builder import build_report
    return build_report(**FIXTURES[name])


def render_pdf(text: str, path: str | Path) -> Path:
    """Write `text` (Tika layout) as a PDF at `path`, through .docx and LibreOffice."""
    sys.path.insert(0, str(HERE))
    from docx_builder import render_docx
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = render_docx(text, Path(tmp) / (path.stem + ".docx"))
        profile = Path(tmp) / "profile"
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(docx_path)],
                       check=True, capture_output=True, timeout=180)
        shutil.move(str(Path(tmp) / (path.stem + ".pdf")), path)
    return path


# ---------------------------------------------------------------- PDFs that cannot be read
def _pdf_file(objects: list[bytes]) -> bytes:
    """A PDF from its numbered objects (1 …), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def no_unicode_map_pdf() -> bytes:
    """A page of text in a Type0 font with Identity-H encoding and no ToUnicode map:
    extraction gives (cid:N) for every glyph, as with fonts embedded without a Unicode map."""
    glyphs = "".join(f"{g:04X}" for g in range(30, 130))
    lines = b"".join(f"BT /F1 12 Tf 72 {720 - 20 * i} Td <{glyphs[i * 80:(i + 1) * 80]}> Tj ET\n".encode()
                     for i in range(5))
    return _pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        f"<< /Length {len(lines)} >>\nstream\n".encode() + lines + b"endstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ])


def image_only_pdf(path: Path) -> None:
    """A 'scanned' page: one grey image with some dark strokes, no text layer."""
    from PIL import Image, ImageDraw
    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    for y in range(80, 800, 24):
        draw.line((60, y, 560, y), fill=40, width=6)
    image.save(path, "PDF", resolution=75.0)


def _ucs2(text: str) -> str:
    return "".join(f"{ord(ch):04X}" for ch in text)


def furniture_overlay(pages: int, header: str, seal_ring: str, seal_centre: str) -> bytes:
    """Pages to lay over a report: a running header on every page, and on the last page a
    red seal, its ring of characters each rotated along a circle, as a stamp's text is. The
    text is in a CJK font that is not embedded (STSong-Light, UniGB-UCS2-H), which every
    reader maps to Unicode without font data, so the file stays small."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    font = 3
    objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
                   b"/DescendantFonts [4 0 R] >>")
    objects.append(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                   b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>")
    for number in range(1, pages + 1):
        ops = [f"BT 0 0 0 rg /F1 10.5 Tf 1 0 0 1 90 800 Tm <{_ucs2(header)}> Tj ET"]
        if number == pages:
            cx, cy, radius = 420.0, 180.0, 52.0
            n = len(seal_ring)
            for i, ch in enumerate(seal_ring):
                angle = math.radians(210 - i * 240 / max(n - 1, 1))
                x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
                rot = angle - math.pi / 2
                a, b = math.cos(rot), math.sin(rot)
                ops.append(f"BT 0.86 0.1 0.1 rg /F1 15 Tf {a:.4f} {b:.4f} {-b:.4f} {a:.4f} {x:.2f} {y:.2f} Tm "
                           f"<{_ucs2(ch)}> Tj ET")
            ops.append(f"BT 0.86 0.1 0.1 rg /F1 12 Tf 1 0 0 1 {cx - 6 * len(seal_centre):.2f} {cy - 30:.2f} Tm "
                       f"<{_ucs2(seal_centre)}> Tj ET")
            ops.append(f"0.86 0.1 0.1 RG 3 w {cx + radius + 12:.2f} {cy:.2f} m "
                       + " ".join(f"{cx + (radius + 12) * math.cos(math.radians(t)):.2f} "
                                  f"{cy + (radius + 12) * math.sin(math.radians(t)):.2f} l" for t in range(10, 361, 10))
                       + " S")
        stream = "\n".join(ops).encode()
        content = len(objects) + 1
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
        kids.append(len(objects) + 1)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> "
                       f"/Contents {content} 0 R >>".encode())
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {pages} >>".encode()
    return _pdf_file(objects)


def sealed(source: Path, target: Path) -> None:
    """`source` with a running header on every page and a seal on its last page (qpdf)."""
    import pypdfium2
    pages = len(pypdfium2.PdfDocument(str(source)))
    with tempfile.TemporaryDirectory() as tmp:
        overlay = Path(tmp) / "overlay.pdf"
        overlay.write_bytes(furniture_overlay(pages, SEAL_HEADER, *SEAL_TEXT))
        subprocess.run([_qpdf(), str(source), "--overlay", str(overlay), f"--to=1-{pages}", f"--from=1-{pages}",
                        "--", str(target)], check=True)


def _qpdf() -> str:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        raise RuntimeError("qpdf is not installed (apt-get install -y qpdf)")
    return qpdf


def bad_pdfs() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    image_only_pdf(DATA / "bad-scanned.pdf")
    (DATA / "bad-no-unicode-map.pdf").write_bytes(no_unicode_map_pdf())
    subprocess.run([_qpdf(), "--encrypt", "secret", "owner-secret", "256", "--",
                    str(DATA / "clean-2019.pdf"), str(DATA / "bad-encrypted.pdf")], check=True)


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for name in FIXTURES:
        render_pdf(build(name), DATA / f"{name}.pdf")
        print("wrote", DATA / f"{name}.pdf")
    sealed(DATA / "clean-2021.pdf", DATA / "sealed-2021.pdf")
    bad_pdfs()
    print("wrote sealed-2021.pdf and the bad PDFs")


if __name__ == "__main__":
    main()
