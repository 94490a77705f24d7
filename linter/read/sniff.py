"""Which reader a file is for, from its name and first bytes — without importing any reader,
so that checking a .txt loads neither the Word, nor the PDF, nor the web-page reader; and
whether --fix may rewrite a file (the text format's summary asks without loading the fixer)."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
DOCX_SUFFIXES = (".docx", ".docm", ".dotx")
PDF_MAGIC = b"%PDF-"
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
NOT_EDITABLE_SUFFIXES = (".pdf", ".html", ".htm")
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


HEAD_BYTES = 1024       # what the tests below read of a file


def head_of(path: str | Path) -> bytes | None:
    """The first HEAD_BYTES of a file (None: it cannot be read)."""
    try:
        with Path(path).open("rb") as f:
            return f.read(HEAD_BYTES)
    except OSError:
        return None


def reader_for(path: Path, head: bytes | None) -> str | None:
    """Which reader a regular file is for, from its name and `head` (head_of): "docx",
    "pdf", "html", or None (text) — is_docx, is_pdf, is_html in turn, the file opened once."""
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES or (head is not None and _zip_with_word_body(path, head)):
        return "docx"
    if head is not None and PDF_MAGIC in head:
        return "pdf"
    if suffix in HTML_SUFFIXES or (head is not None and _starts_as_web_page(head)):
        return "html"
    return None


def _zip_with_word_body(path: Path, head: bytes) -> bool:
    if not head.startswith(ZIP_MAGIC):
        return False
    import zipfile      # only for a ZIP file not named .docx
    try:
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _starts_as_web_page(head: bytes) -> bool:
    return bool(_HTML_START.match(head.removeprefix(codecs.BOM_UTF8)))


def is_docx(path: str | Path) -> bool:
    """Whether a file is to be read as Word: a .docx name, or a ZIP holding word/document.xml."""
    p = Path(path)
    if p.suffix.lower() in DOCX_SUFFIXES:
        return p.is_file()
    head = head_of(p)
    return head is not None and _zip_with_word_body(p, head)


def is_pdf(path: str | Path) -> bool:
    """Whether a file is a PDF: the %PDF- mark in its first kilobyte (some writers put a
    few bytes in front of it)."""
    head = head_of(path)
    return head is not None and PDF_MAGIC in head


def is_html(path: str | Path) -> bool:
    """Whether a file is to be read as a web page: by its name (.html, .htm, .shtml, .xhtml),
    or a file that starts as a web page does (<!DOCTYPE html>, <html>), as saved pages
    without an extension do."""
    p = Path(path)
    if p.suffix.lower() in HTML_SUFFIXES:
        return p.is_file()
    head = head_of(p)
    return head is not None and _starts_as_web_page(head)


def editable(path) -> bool:
    """Whether --fix may rewrite the file at `path`: text and Word files; a PDF or a web page
    (by its name, or by its content as read_input tells them) is what was published, the
    original is edited instead."""
    p = Path(str(path))
    if p.suffix.lower() in NOT_EDITABLE_SUFFIXES:
        return False
    return not (p.is_file() and (is_pdf(p) or is_html(p)))
