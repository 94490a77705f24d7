"""Reading: a report file's bytes -> a Source (the decoded text and its line index) and, for
laid-out formats, the syntax tree read from the document itself.

One module per input format, all siblings: text.py (plain text in any encoding), docx.py (Word),
pdf.py (PDF text layer), web_page.py (web pages), and the blocks/layout pair every laid-out
format writes through. `read_input(path)` picks the
reader by the file's content and name; every reader raises InputError with a Chinese message
for what it cannot read.
"""
from __future__ import annotations

from pathlib import Path

from govlint.read.limits import DEFAULT as DEFAULT_LIMITS, MB, Limits
from govlint.read.text import Source, read_file


# What a folder run looks for: the formats govlint reads, and those it cannot read but that
# people keep reports in (listed with the reason, never skipped silently).
REPORT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")
UNREADABLE_SUFFIXES = (".doc", ".wps", ".rtf")


def read_input(path: str | Path, limits: Limits = DEFAULT_LIMITS, text_only: bool = False) -> Source | None:
    """A report file as a Source, by its content and name: Word (.docx, or a ZIP holding a Word
    body), PDF, a web page (.html/.htm), or text in any layout. With `text_only`, None for a
    file that is not text, read no further (a batch's calling process leaves such files,
    and the C libraries that read them, to its workers: run/batch.py)."""
    from govlint.read.sniff import HEAD_BYTES, reader_for
    p = Path(path)
    if not p.is_file():    # missing, a folder, a pipe: read_file says which
        return read_file(path)
    try:
        with p.open("rb") as f:
            head = f.read(HEAD_BYTES)
            reader = reader_for(p, head)
            if reader is None:      # text: read on, the file opened once
                return read_file(path, limits, checked=p, opened=(f, head))
    except OSError:         # cannot be read (no permission): the reader its name asks for says why
        reader = reader_for(p, None)
    if text_only and reader is not None:
        return None
    if reader == "docx":
        from govlint.read.docx import read_docx
        return read_docx(path, limits)
    if reader == "pdf":
        from govlint.read.pdf import read_pdf
        return read_pdf(path, max_pages=limits.pdf_pages, max_bytes=int(limits.pdf_mb * MB))
    if reader == "html":
        from govlint.read.web_page import read_html
        return read_html(path, max_bytes=int(limits.html_mb * MB))
    return read_file(path, limits, checked=p)


def parse_source(source: Source, templates=None):
    """The syntax tree: read with the document for laid-out formats, parsed by the grammar for
    text (tables in text without the Tika layout are read by the labels of `templates`)."""
    document = getattr(source, "document", None)
    if document is not None:
        return document
    from govlint.syntax.parser import parse
    return parse(source, templates)
