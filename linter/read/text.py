"""Reading a report file: bytes -> decoded text, with a line index for locations.

Everything that can go wrong with the input file itself (missing, a folder, binary, an
undecodable encoding, empty) is raised as InputError with a message for the clerk.
"""
from __future__ import annotations

import bisect
import codecs
import os
import re
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import BinaryIO


from govlint.errors import InputError   # noqa: F401  (raised here, imported from here by readers)
from govlint.read.limits import DEFAULT as DEFAULT_LIMITS, MB, Limits, over


# Magic numbers of formats people send instead of text, with what to do about them.
_FOREIGN_FORMATS = [
    (b"%PDF", "这是 PDF 文件。请用 Word/WPS 打开原稿另存为 .docx 或纯文本（.txt）后再检查"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Word（.doc）或 WPS（.wps）文件。请另存为 .docx 或纯文本（.txt）后再检查"),
    (b"{\\rtf", "这是 RTF 文件。请另存为 .docx 或纯文本（.txt）后再检查"),
]
_ZIP_MAGIC = b"PK\x03\x04"
_LONE_CR = re.compile(r"\r(?!\n)")

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


@dataclass
class Source:
    """A decoded report: the text rules see, and how to map offsets to lines and columns.

    `text` is the decoded file without its BOM; offsets everywhere count characters of it.
    Lone CR line endings are turned into LF (same length, so offsets stay true); CRLF is
    kept as it is.
    """

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    # Where each line starts: made on first use (most reports need no offset turned into a
    # line and column: the parse counts lines as it goes); derived from `text`, not compared.
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    @property
    def line_starts(self) -> list[int]:
        starts = self._line_starts
        if not starts:
            # Each line starts one past the end of the one before (split and sum in C).
            lines = self.text.split("\n")
            lines.pop()
            starts = self._line_starts = list(accumulate(map((1).__add__, map(len, lines)), initial=0))
        return starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based character offset."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


def from_text(text: str, path: str = "<text>") -> Source:
    if text.startswith("\ufeff"):
        text = text[1:]
    text, newline = _with_newlines(text)
    return Source(path=path, text=text, newline=newline)


def read_file(path: str | Path, limits: Limits = DEFAULT_LIMITS, checked: Path | None = None,
              opened: tuple[BinaryIO, bytes] | None = None) -> Source:
    """A text report file as a Source; `checked`: its Path, already found a regular file;
    `opened`: the file open for reading and the bytes read from its start (read_input's look
    at its first bytes), read on from there rather than opened a second time."""
    p = checked if checked is not None else check_file(path)
    try:
        size = (os.fstat(opened[0].fileno()) if opened is not None else p.stat()).st_size
        if size > limits.text_mb * MB:
            raise InputError(over(path, "文本文件过大", round(size / MB, 1), limits.text_mb, "text-mb")
                             + "；请确认这是报告本身")
        data = opened[1] + opened[0].read() if opened is not None else p.read_bytes()
    except PermissionError:
        raise InputError(f"没有读取权限：{path}") from None
    except OSError as e:
        raise InputError(f"无法读取文件 {path}：{e.strerror or e}") from None
    text, encoding, bom = decode(data, str(path))
    text, newline = _with_newlines(text)
    return Source(path=str(path), text=text, encoding=encoding, bom=bom, newline=newline)


def check_file(path: str | Path) -> Path:
    """The path of a regular file, or InputError saying what it is instead."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"找不到文件：{path}")
    if p.is_dir():
        raise InputError(f"{path} 是文件夹，不是报告文件")
    if not p.is_file():   # a named pipe or a device: reading it could wait for ever
        raise InputError(f"{path} 不是普通文件（可能是管道或设备），不是报告文件")
    return p


def decode(data: bytes, path: str = "") -> tuple[str, str, bool]:
    """Decode report bytes: BOM (UTF-8/16/32), then UTF-8, then GB18030 (covers GBK/GB2312)."""
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(f"文件是空的：{path}")
    for magic, message in _FOREIGN_FORMATS:
        if data.startswith(magic):
            raise InputError(f"{path}：{message}")
    if data.startswith(_ZIP_MAGIC):
        # Word documents (a ZIP with word/document.xml) are read by docx_reader before this.
        raise InputError(f"{path}：这是压缩包格式的文件，但不是 Word 文档（.docx），可能是 .xlsx、.zip 等。"
                         "请提供 .docx 或纯文本（.txt）格式的报告")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding, True
            except UnicodeDecodeError:
                raise InputError(f"{path}：文件开头标明为 {encoding.upper()} 编码，但内容无法按此编码读取，文件可能已损坏") from None
    guessed = _guess_utf16(data)
    if guessed:
        try:
            text = data.decode(guessed)
        except UnicodeDecodeError:
            text = None
        if text is not None and not _looks_binary(text):
            return text, guessed, False
    data = data.rstrip(b"\x00")    # NUL padding after the text, as some export tools leave
    if b"\x00" in data:
        raise InputError(f"{path}：这不是文本文件（含有二进制内容）。请提供 .txt 纯文本报告")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _has_control_bytes(data) and _looks_binary(text):
            raise InputError(f"{path}：这不是文本文件（含有大量控制字符）。请提供 .txt 纯文本报告")
        return text, encoding, False
    raise InputError(f"{path}：无法识别文件的文字编码（既不是 UTF-8，也不是 GB18030/GBK）。请在记事本或 WPS 中另存为 UTF-8 编码的文本")


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: the byte order in which the start of the file reads as text (CJK,
    CJK punctuation, ASCII). NUL bytes alone do not tell: a CJK character has one on either
    side (一 is 00 4E in UTF-16-LE)."""
    sample = data[:4000]
    if len(sample) < 4 or len(data) % 2 or b"\x00" not in sample:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        share = sum(1 for ch in text if _text_like(ch)) / len(text)
        if share >= UTF16_TEXT_SHARE and (best is None or share > best[0]):
            best = (share, encoding)
    return best[1] if best else None


# Share of the characters of a BOM-less sample that must read as text for UTF-16.
UTF16_TEXT_SHARE = 0.9
_TEXT_RANGES = (("\u4e00", "\u9fff"), ("\u3400", "\u4dbf"), ("\u3000", "\u303f"), ("\uff00", "\uffef"),
                ("\u2010", "\u206f"), (" ", "~"))


def _text_like(ch: str) -> bool:
    return ch in "\t\r\n" or any(low <= ch <= high for low, high in _TEXT_RANGES)


# Control characters that do not occur in text (a regex counts them: str.translate with a
# dict takes a millisecond on 8 000 characters).
_CONTROL_CHARS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\r\n\f\v\x1b")
_CONTROLS = re.compile("[" + re.escape(_CONTROL_CHARS) + "]")


# The same control characters as bytes. In UTF-8 and GB18030 a byte below 0x20 is always that
# ASCII character (every byte of a multi-byte character is 0x30 or above), so text decoded
# from bytes without one holds no control character.
_CONTROL_BYTES = _CONTROL_CHARS.encode("ascii")


def _has_control_bytes(data: bytes) -> bool:
    """Whether UTF-8 or GB18030 `data` holds a control character _looks_binary counts, so
    that most files need no look at their text: one memchr pass a control byte (some 0.2
    instructions a byte each, 5 in all, against 14 for bytes.translate deleting them and
    some 50 a character for the regex on the decoded text)."""
    return any(map(data.__contains__, _CONTROL_BYTES))


def _looks_binary(text: str) -> bool:
    sample = text[:8000]
    if _CONTROLS.search(sample) is None:
        return False
    controls = len(_CONTROLS.findall(sample))
    return controls > max(8, len(sample) // 50)


def _with_newlines(text: str) -> tuple[str, str]:
    """The text with lone CR line endings made LF (same length, so every offset stays true;
    CRLF is left alone: the grammar accepts it), and the line ending it is written with.
    Most texts hold no CR: one scan for it says so (a search for CRLF costs ten)."""
    if "\r" not in text:
        return text, "\n"
    newline = "\r\n" if "\r\n" in text else "\r"
    return _LONE_CR.sub("\n", text), newline
