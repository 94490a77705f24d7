"""Applying the safe fixes of a lint run (`govlint --fix`, `govlint --diff`).

A diagnostic's `fix` replaces its span (offsets into the text the rules saw) with the
replacement; only fixes marked safe are applied, and of overlapping fixes only the first
(the rest are left for the next run). How a file is rewritten:

- text: the file is decoded again exactly as it was read, so the original line endings
  (CRLF, lone CR) are still in it, the edits are made at the same character offsets, and it
  is encoded back in its encoding with its BOM: every byte outside the fixed spans stays.
- Word: the characters of a span are in w:t elements (docx_reader's `pieces`); the fix
  changes the text of those elements only, so each run keeps its formatting; an empty cell
  gets one new run carrying its paragraph mark's formatting. Only word/document.xml is
  written anew; every other part of the package is copied as it was. A fix that would have
  to cross a paragraph, a TAB or a merged cell is not applied and is reported as remaining.

Files are written to a temporary file in the same folder and renamed over the original.
"""
from __future__ import annotations

import codecs
import difflib
import os
import tempfile
import zipfile
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from govlint.results.diagnostic import Diagnostic
from govlint.read.docx import DocxSource
from govlint.read.docx_xml import w_tag as _w
from govlint.read.layout import LaidOutSource
from govlint.read.sniff import NOT_EDITABLE_SUFFIXES, editable  # noqa: F401  (fixes' own API)
from govlint.read.text import InputError, decode

_BOM_OF = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Run properties of a paragraph mark that are not run properties (revision marks).
_MARK_ONLY = {_w(t) for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange")}
OVERLAP = "与同一处的另一项修复重叠，再运行一次 --fix 即可"
NOT_EDITABLE = "PDF 和网页不能自动修复，请在报告的原稿（Word 文档或文本）中修改"


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    diagnostics: tuple[Diagnostic, ...]


@dataclass
class FixOutcome:
    path: str
    applied: list[Diagnostic] = field(default_factory=list)
    refused: list[tuple[Diagnostic, str]] = field(default_factory=list)   # safe fixes not applied, and why
    diff: str = ""
    error: str | None = None       # why the file could not be rewritten (then nothing was changed)


# ---------------------------------------------------------------- planning
def plan(diagnostics: list[Diagnostic], unsafe: bool = False) -> tuple[list[Edit], list[tuple[Diagnostic, str]]]:
    """The edits of the safe fixes (with `unsafe`, of the unsafe ones too), in text order,
    without overlaps; the fixes left out."""
    fixable = sorted((d for d in diagnostics if d.fix is not None and (d.fix.safe or unsafe)),
                     key=lambda d: (d.offset, d.end_offset, d.code))
    edits: list[Edit] = []
    refused: list[tuple[Diagnostic, str]] = []
    for d in fixable:
        last = edits[-1] if edits else None
        if last and (last.start, last.end, last.replacement) == (d.offset, d.end_offset, d.fix.replacement):
            edits[-1] = Edit(last.start, last.end, last.replacement, last.diagnostics + (d,))
        elif last and (d.offset < last.end or (d.offset == last.start == last.end == d.end_offset)):
            refused.append((d, OVERLAP))
        else:
            edits.append(Edit(d.offset, d.end_offset, d.fix.replacement, (d,)))
    return edits, refused


def apply_edits(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        out += [text[pos:edit.start], edit.replacement]
        pos = edit.end
    return "".join(out) + text[pos:]


def fix_result(result, write: bool = True, unsafe: bool = False) -> FixOutcome:
    """Apply (or, with write=False, only work out) the safe fixes of one file's result (with
    `unsafe`, the unsafe ones too)."""
    report = result.report
    edits, refused = plan(result.diagnostics, unsafe)
    outcome = FixOutcome(result.path, refused=list(refused))
    if not edits or report is None:
        return outcome
    source = report.source
    if isinstance(source, LaidOutSource) and not isinstance(source, DocxSource):
        # A PDF or a web page is what was published, not what is edited: fix the original.
        outcome.refused += [(d, NOT_EDITABLE) for e in edits for d in e.diagnostics]
        return outcome
    try:
        if isinstance(source, DocxSource):
            _fix_docx(source, edits, outcome, write)
        else:
            _fix_text(source, edits, outcome, write)
    except (InputError, OSError) as e:
        outcome.applied, outcome.diff = [], ""
        outcome.error = str(e) if isinstance(e, InputError) else f"无法修复 {source.path}：{e.strerror or e}；文件未被修改"
    return outcome


# ---------------------------------------------------------------- text files
def _fix_text(source, edits: list[Edit], outcome: FixOutcome, write: bool) -> None:
    path = Path(source.path)
    data = path.read_bytes()
    raw, encoding, bom = decode(data, str(path))
    if raw.replace("\r\n", "\n").replace("\r", "\n") != source.text.replace("\r\n", "\n"):
        raise InputError(f"{path}：文件在检查之后被修改过，未做任何修复。请重新运行 govlint --fix")
    new = apply_edits(raw, edits)
    outcome.applied = [d for e in edits for d in e.diagnostics]
    outcome.diff = "".join(difflib.unified_diff(
        raw.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=str(path), tofile=f"{path}（修复后）", n=1))
    if write:
        _replace_file(path, (_BOM_OF.get(encoding, b"") if bom else b"") + new.encode(encoding))


# ---------------------------------------------------------------- Word documents
def _fix_docx(source: DocxSource, edits: list[Edit], outcome: FixOutcome, write: bool) -> None:
    done: list[Edit] = []
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):   # later text first: indexes stay true
        reason = _edit_docx(source, edit)
        if reason:
            outcome.refused += [(d, reason) for d in edit.diagnostics]
        else:
            done.append(edit)
    outcome.applied = [d for e in sorted(done, key=lambda e: e.start) for d in e.diagnostics]
    outcome.diff = _docx_diff(source, done)
    if write and done:
        _write_docx(source)


def _edit_docx(source: DocxSource, edit: Edit) -> str | None:
    """Make one edit in the XML; the reason when it cannot be made safely."""
    if edit.start == edit.end:
        return _insert(source, edit.start, edit.replacement)
    pieces = [p for p in source.pieces if p.start < edit.end and p.end > edit.start]
    covered = sum(min(p.end, edit.end) - max(p.start, edit.start) for p in pieces)
    if covered != edit.end - edit.start:
        return "要修改的文字跨越了段落、制表符或换行，无法安全地自动修改，请手工修改"
    for i, piece in reversed(list(enumerate(pieces))):
        a = piece.index + max(piece.start, edit.start) - piece.start
        b = piece.index + min(piece.end, edit.end) - piece.start
        text = piece.element.text or ""
        _set_text(piece.element, text[:a] + (edit.replacement if i == 0 else "") + text[b:])
    return None


def _insert(source: DocxSource, offset: int, text: str) -> str | None:
    for piece in source.pieces:
        if piece.end == offset or piece.start == offset:
            at = piece.index + offset - piece.start
            old = piece.element.text or ""
            _set_text(piece.element, old[:at] + text + old[at:])
            return None
    anchor = next((a for a in source.anchors if a.start == a.end == offset), None)
    if anchor is None:
        return "这是合并单元格的一部分或不在正文中，无法自动修改，请在 Word 中手工填写"
    anchor.paragraph.append(_new_run(anchor.paragraph, text))
    return None


def _new_run(paragraph, text: str):
    """A run for an empty paragraph, formatted as its paragraph mark (what Word does when
    one types into it)."""
    from docx.oxml import OxmlElement
    run = OxmlElement("w:r")
    mark = paragraph.find(f"{_w('pPr')}/{_w('rPr')}")
    if mark is not None:
        properties = deepcopy(mark)
        for child in list(properties):
            if child.tag in _MARK_ONLY:
                properties.remove(child)
        run.append(properties)
    t = OxmlElement("w:t")
    run.append(t)
    _set_text(t, text)
    return run


def _set_text(t, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")


def _docx_diff(source: DocxSource, edits: list[Edit]) -> str:
    """What changes, by paragraph or table cell as Word shows them."""
    if not edits:
        return ""
    lines = [f"--- {source.path}\n", f"+++ {source.path}（修复后）\n"]
    by_region: dict = {}
    for edit in edits:
        region = source.region_at(edit.start)
        by_region.setdefault(region, []).append(edit)
    for region, group in sorted(by_region.items(), key=lambda item: item[0].start):
        before = source.text[region.start:region.end]
        shifted = [Edit(e.start - region.start, e.end - region.start, e.replacement, e.diagnostics) for e in group]
        after = apply_edits(before, shifted)
        label = source.locate(region.start, region.start).label()
        lines += [f"@@ {label} @@\n", f"-{before or '（空白）'}\n", f"+{after}\n"]
    return "".join(lines)


def _write_docx(source: DocxSource) -> None:
    from docx.opc.oxml import serialize_part_xml
    part = source.package.part
    name = str(part.partname).lstrip("/")
    xml = serialize_part_xml(part.element)
    path = Path(source.path)
    with zipfile.ZipFile(path) as original:
        infos = original.infolist()
        contents = [xml if info.filename == name else original.read(info) for info in infos]
    _replace_file(path, None, lambda f: _write_zip(f, infos, contents))


def _write_zip(stream, infos, contents) -> None:
    with zipfile.ZipFile(stream, "w") as out:
        for info, data in zip(infos, contents):
            out.writestr(info, data)


# ---------------------------------------------------------------- writing safely
def _replace_file(path: Path, data: bytes | None, writer=None) -> None:
    """Write to a temporary file next to `path`, then rename it over `path`."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".govlint-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if writer is not None:
                writer(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except OSError as e:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"无法写入 {path}：{e.strerror or e}；文件未被修改") from None


# ---------------------------------------------------------------- the summary
def summary(outcomes: list[FixOutcome], remaining: int, write: bool) -> str:
    applied = Counter(f"{d.code} {d.rule}" for o in outcomes for d in o.applied)
    refused = [item for o in outcomes for item in o.refused]
    total = sum(applied.values())
    files = sum(1 for o in outcomes if o.applied)
    verb = "已修复" if write else "可自动修复"
    parts = [f"{verb} {total} 处（{files} 个文件）" + (
        "：" + "、".join(f"{name} {n} 处" for name, n in sorted(applied.items())) if total else "")]
    if refused:
        reasons = "；".join(sorted({reason for _, reason in refused}))
        parts.append(f"{len(refused)} 处有修复建议但未能自动修复（{reasons}）")
    if write:
        parts.append(f"剩余 {remaining} 个问题需要手工处理" if remaining else "没有剩余问题")
    return "；".join(parts)
