"""Reading a PDF report from its own text layer into blocks (blocks.py), laid out by layout.py.

PDFium (pypdfium2, pdf_pdfium.py) gives every character with its box, font size, colour and
matrix, and the drawn lines, in the shape pdfplumber gives them; pdfplumber's table finder
finds the ruled tables from those lines. pdfplumber's own parse (pdfminer.six, pure Python and
ten times slower) reads a file only when PDFium cannot open it. From that:

- Tables: every ruled grid of several rows and columns is a table; its cells are read from
  the grid (a cell merged across columns once, a cell merged down rows in its first row and
  "" in each row below, as a reader sees them in Word and as the Tika export writes them).
  A table that goes on over a page break is stitched: a repeated header row is dropped, and
  a label cut by the break (“（四）无” | “法提供”) is joined into the cell it belongs to. A
  one-column grid (a frame drawn around a paragraph) is text, not a table.
- Text: characters are grouped into lines by vertical overlap (a digit run in another font
  sits a point lower and a hanging “。” may too), lines into paragraphs by their geometry
  against the text column: a paragraph ends where a line stops short of the right edge by
  more than the next line's first word would need, before an indented line, before a
  heading (一、 （一） 1.), at a change of font size or a wider gap between lines. Spaces that
  extraction puts between CJK characters, or between CJK and digits, are removed.
- Page furniture is kept as artifacts, never report text: page numbers, running headers and
  footers (the same line at the top or bottom of several pages), the text of a seal (a ring
  of characters turned to several angles, and the red characters inside it), read clockwise.

A file that cannot give a usable text (scanned, fonts without a Unicode map, encrypted,
damaged, too large) is an InputError naming the problem and what to do instead.
"""
from __future__ import annotations

from pathlib import Path

from govlint.errors import InputError
from govlint.read.layout import LaidOutSource, lay_out
from govlint.read.limits import DEFAULT as DEFAULT_LIMITS, MB
from govlint.read.pdf_document import Assembler
from govlint.read.pdf_page import read_page
from govlint.read.blocks import Block
from govlint.read.pdf_text import PdfPage
from govlint.read.sniff import PDF_MAGIC

MAX_PDF_PAGES = DEFAULT_LIMITS.pdf_pages
MAX_PDF_BYTES = int(DEFAULT_LIMITS.pdf_mb * MB)


# ---------------------------------------------------------------- entry points
def read_pdf(path: str | Path, *, max_pages: int = MAX_PDF_PAGES, max_bytes: int = MAX_PDF_BYTES) -> LaidOutSource:
    """A PDF report read from its text layer into the synthetic text and tree (layout.py);
    locations carry the page. Raises InputError for a file that cannot be read usefully."""
    return lay_out(str(path), read_pdf_blocks(path, max_pages=max_pages, max_bytes=max_bytes), encoding="pdf")


def read_pdf_blocks(path: str | Path, *, max_pages: int = MAX_PDF_PAGES,
                    max_bytes: int = MAX_PDF_BYTES) -> list[Block]:
    """The report's blocks in reading order, then its page furniture as artifacts."""
    p = Path(path)
    _check_file(p, max_bytes)
    pages = _read_pages(p, max_pages)
    _check_text_layer(p, pages)
    return Assembler(pages).blocks()


def _check_file(path: Path, max_bytes: int) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - 2048))
            tail = f.read()
    except OSError as e:
        raise InputError(f"无法读取文件 {path}：{e.strerror or e}") from None
    if size == 0 or not head.strip(b" \t\r\n\x00"):
        raise InputError(f"文件是空的：{path}")
    if size > max_bytes:
        raise InputError(f"{path}：PDF 文件太大（{size / 1e6:.1f} MB，上限 {max_bytes / 1e6:g} MB）。"
                         "年度报告的 PDF 通常只有几 MB；请确认文件无误，或用 Word/WPS 原稿另存为 .docx 再检查")
    if PDF_MAGIC not in head:
        raise InputError(f"{path}：不是有效的 PDF 文件（文件开头没有 PDF 标记，可能已损坏或只是改了扩展名）。"
                         "请重新导出 PDF，或用 Word/WPS 原稿另存为 .docx 再检查")
    if b"%%EOF" not in tail:
        raise InputError(f"{path}：PDF 文件不完整（文件末尾缺少结束标记，可能下载或复制时被截断）。"
                         "请重新下载或重新导出完整的 PDF 再检查")


def _encrypted(path: Path) -> InputError:
    return InputError(f"{path}：PDF 设有打开密码（已加密），无法读取文字。请向报告制作单位索取未加密的 PDF "
                      "或 Word 原稿（.docx），或在 PDF 阅读器中输入密码后另存为不加密的副本再检查")


def _broken(path: Path, error: BaseException) -> InputError:
    names = set()
    e: BaseException | None = error
    while e is not None and len(names) < 10:
        names.add(type(e).__name__)
        names.update(type(a).__name__ for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        e = e.__cause__ or e.__context__
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning", "PDFEncryptionNotSupported"}:
        return _encrypted(path)
    inner = error
    for _ in range(20):
        if (inner.__cause__ or inner.__context__) is None:
            break
        inner = inner.__cause__ or inner.__context__
    return InputError(f"{path}：PDF 文件已损坏，无法读取（{type(inner).__name__}）。"
                      "请重新导出或下载 PDF，或用 Word/WPS 原稿另存为 .docx 再检查")


def _read_pages(path: Path, max_pages: int) -> list[PdfPage]:
    """Every page read through PDFium; through pdfminer (pdfplumber) only when PDFium cannot
    open the file or a page of it: pdfminer reads some damaged files PDFium gives up on."""
    import logging
    try:
        import pdfplumber  # noqa: F401  (its table finder reads the pages PDFium gives)
        import pypdfium2
    except ImportError:
        raise InputError(f"{path}：读取 PDF 需要 pdfplumber，但没有安装。请运行 pip install pdfplumber 后再检查，"
                         "或用 Word/WPS 原稿另存为 .docx 再检查") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)   # pdfminer warns about every odd object
    try:
        pages = _read_pages_pdfium(pypdfium2, path, max_pages)
    except InputError:
        raise
    except Exception:
        pages = _read_pages_pdfminer(path, max_pages)
    if not pages:
        raise InputError(f"{path}：PDF 里没有页面（文件可能已损坏）。请重新导出 PDF 再检查")
    return pages


def _too_many_pages(path: Path, count: int, max_pages: int) -> InputError:
    return InputError(f"{path}：PDF 有 {count} 页，超过上限 {max_pages} 页。年度报告通常只有几页到几十页；"
                      "请确认文件无误（不是合订本或整本汇编），或只导出报告本身再检查")


def _read_pages_pdfium(pypdfium2, path: Path, max_pages: int) -> list[PdfPage]:
    from govlint.read.pdf_pdfium import LOCK, PdfiumPage
    with LOCK:
        try:
            pdf = pypdfium2.PdfDocument(str(path))
        except pypdfium2.PdfiumError as e:
            if e.err_code in (pypdfium2.raw.FPDF_ERR_PASSWORD, pypdfium2.raw.FPDF_ERR_SECURITY):
                raise _encrypted(path) from None
            raise
    try:
        count = len(pdf)
        if count > max_pages:
            raise _too_many_pages(path, count, max_pages)
        pages = []
        for index in range(count):
            page = PdfiumPage(pdf.raw, index)
            try:
                pages.append(read_page(page))
            finally:
                page.close()          # drop the page's characters and drawings: memory stays bounded
        return pages
    finally:
        with LOCK:
            pdf.close()


def _read_pages_pdfminer(path: Path, max_pages: int) -> list[PdfPage]:
    import pdfplumber
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as e:   # pdfminer raises many kinds for damaged or encrypted files
        raise _broken(path, e) from None
    try:
        try:
            count = _page_count(pdf)
            if count > max_pages:
                raise _too_many_pages(path, count, max_pages)
            pages = []
            for page in pdf.pages:
                try:
                    pages.append(read_page(page))
                finally:
                    page.close()          # drop the page's parsed objects: memory stays bounded
                if len(pages) > max_pages:
                    raise InputError(f"{path}：PDF 超过上限 {max_pages} 页。请只导出报告本身再检查")
        except InputError:
            raise
        except Exception as e:
            raise _broken(path, e) from None
    finally:
        try:
            pdf.close()
        except Exception:
            pass
    return pages


def _page_count(pdf) -> int:
    try:
        from pdfminer.pdftypes import resolve1
        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except Exception:
        return len(pdf.pages)


def _check_text_layer(path: Path, pages: list[PdfPage]) -> None:
    chars = sum(p.chars for p in pages)
    garbled = sum(p.garbled for p in pages)
    scanned = [p.number for p in pages if p.scanned]
    if chars < 20 * len(pages) and (scanned or chars < 50):
        if scanned or any(p.images for p in pages):
            raise InputError(f"{path}：这是扫描件（图片）PDF，没有可读取的文字层，无法检查。"
                             "请用 Word/WPS 原稿另存为 .docx 或从原稿导出 PDF；只有扫描件时请先做文字识别（OCR）再检查")
        raise InputError(f"{path}：PDF 没有可读取的文字层（文字可能在导出时转成了曲线），无法检查。"
                         "请用 Word/WPS 原稿另存为 .docx，或导出 PDF 时不要把文字转为曲线后再检查")
    if garbled > max(10, 0.05 * chars):
        raise InputError(f"{path}：PDF 中的字体缺少 Unicode 映射（ToUnicode），取出的文字是无法识别的编码"
                         f"（{garbled} 个字符无法识别，如 (cid:N)），无法检查。请用 Word/WPS 原稿另存为 .docx，"
                         "或在导出 PDF 时选择嵌入字体（不要把文字转为曲线）后再检查")
    cjk = sum(p.cjk for p in pages)
    if chars > 200 and cjk < 0.2 * chars:
        raise InputError(f"{path}：PDF 文字层中几乎没有中文（{chars} 个字符中只有 {cjk} 个汉字），"
                         "字体编码可能有误（乱码），无法检查。请用 Word/WPS 原稿另存为 .docx 再检查")
    if scanned:
        listed = "、".join(str(n) for n in scanned[:10]) + ("等" if len(scanned) > 10 else "")
        raise InputError(f"{path}：第 {listed} 页是扫描图片，没有文字层，这些页上的文字和表格无法读取。"
                         "请用 Word/WPS 原稿另存为 .docx 或重新导出 PDF；只有扫描件时请先做文字识别（OCR）再检查")


