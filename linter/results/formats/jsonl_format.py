"""--format jsonl: one diagnostic per line, each a JSON object with the keys of --format json.

The command line writes a file's lines as soon as the file is done (see `write_result`), so
a run over ten thousand reports starts printing at once and holds no growing list; findings
of rules over the whole run (GL7xx) follow at the end. In a run with worker processes each
worker renders its files' lines (`rendered`) and sends back only that text, two flags and
the GL7 digest, not the diagnostics; the text already encoded as the output stream encodes
it (`byte_stream`), so that the calling process, which every file's lines pass through,
neither decodes it from the pickle nor encodes it again to write it (~0.1 ms per seed file).
"""
from __future__ import annotations

import codecs
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from govlint.results.formats.json_format import Layout

# json.dumps(..., ensure_ascii=False) makes a new encoder on every call; one does.
_encode = json.JSONEncoder(ensure_ascii=False).encode

# `_encode(d.to_dict()) + "\n"` for each diagnostic (see json_format.Layout).
LINES = Layout("{", ", ", "}\n", "{", ", ", "}", lambda d: _encode(d.to_dict()) + "\n")


# A finding's severity: `"error" in map(_SEVERITY, …)` looks for an error in C.
_SEVERITY = attrgetter("severity")


def lines(result) -> str:
    """One file's diagnostics as jsonl lines, joined."""
    return "".join(LINES.items(result.diagnostics))


def write_result(result, stream) -> None:
    """The lines of one file's diagnostics, in one write, flushed so that a reader sees them now."""
    write_text(lines(result), stream)


@dataclass
class Rendered:
    """What the command line needs of a linted file when it streams jsonl: the file's lines,
    whether any finding is an error or an internal error (the exit status), and the digest
    the rules over the whole run read. A few plain fields: cheap to send from a worker
    process, where pickling the diagnostics cost more than rendering them."""

    path: str
    text: str | bytes       # bytes: encoded for the stream's buffer (see `byte_stream`)
    errors: bool
    internal_error: bool
    digest: object | None = None


def rendered(result, encoding: str | None = None, errors: str = "strict") -> Rendered:
    """A LintResult as jsonl lines (run/batch.py calls it where the file is linted); with an
    `encoding`, as the bytes the stream would write — or still the text, when it cannot be
    encoded so (writing it then fails as it always did). UTF-8 lines are written as bytes
    directly (Layout.encoded_items), not as text encoded afterwards."""
    return Rendered(result.path, _text(result, encoding, errors), "error" in map(_SEVERITY, result.diagnostics),
                    result.internal_error, result.digest)


def _text(result, encoding: str | None, errors: str) -> str | bytes:
    """`lines(result)`, encoded by `encoding` where it can be."""
    try:
        if encoding is not None and _is_utf8(encoding):
            return b"".join(LINES.encoded_items(result.diagnostics, encoding, errors))
        text = lines(result)
        return text if encoding is None else text.encode(encoding, errors)
    except UnicodeEncodeError:
        return lines(result)


@lru_cache(maxsize=None)
def _is_utf8(encoding: str) -> bool:
    """Whether `encoding` is UTF-8 (by any of its names): it writes the layout's ASCII as it is."""
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def byte_stream(stream) -> tuple[str, str] | None:
    """The encoding and error handler (`rendered`'s) with which lines can go to `stream`'s
    byte buffer as they would through the stream itself: a UTF-8 text stream (stateless: no
    byte order mark to write first) where a line break is written as it is (POSIX). None
    for any other stream: it is written text."""
    encoding = getattr(stream, "encoding", None)
    if getattr(stream, "buffer", None) is None or not isinstance(encoding, str) or os.linesep != "\n":
        return None
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return None
    except LookupError:
        return None
    return encoding, getattr(stream, "errors", None) or "strict"


def write_text(text: str | bytes, stream) -> None:
    """A file's lines (from `rendered`) written and flushed, so that a reader sees them now."""
    if not text:
        return
    if isinstance(text, bytes):
        stream.flush()              # what was written as text goes first
        stream.buffer.write(text)
        stream.buffer.flush()
    else:
        stream.write(text)
        stream.flush()


def render(results, stream, **_) -> None:
    for result in results:
        write_result(result, stream)
