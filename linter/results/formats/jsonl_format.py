"""--format jsonl: one diagnostic per line, each a JSON object with the keys of --format json.

The command line writes a file's lines as soon as the file is done (see `write_result`), so
a run over ten thousand reports starts printing at once and holds no growing list; findings
of rules over the whole run (GL7xx) follow at the end. In a run with worker processes each
worker renders its files' lines (`rendered`) and sends back only that text, two flags and
the GL7 digest, not the diagnostics.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from govlint.results.formats.json_format import plain, quoted

# json.dumps(..., ensure_ascii=False) makes a new encoder on every call; one does.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def line(d) -> str:
    """`_encode(d.to_dict())` for a diagnostic, in a third of the time: the keys written once
    here, the values as the encoder writes them (see json_format.plain)."""
    if plain(d):
        fix = d.fix
        try:
            fixed = (f'{{"replacement": {quoted(fix.replacement)}, "applicability": '
                     f'{quoted(fix.applicability)}}}' if fix else "null")
            return (f'{{"path": {quoted(d.path)}, "line": {d.line}, "column": {d.column}, '
                    f'"end_line": {d.end_line}, "end_column": {d.end_column}, "offset": {d.offset}, '
                    f'"end_offset": {d.end_offset}, "code": {quoted(d.code)}, "rule": {quoted(d.rule)}, '
                    f'"severity": {quoted(d.severity)}, "message": {quoted(d.message)}, "fix": {fixed}, '
                    f'"location": null}}')
        except TypeError:
            pass
    return _encode(d.to_dict())


def lines(result) -> str:
    """One file's diagnostics as jsonl lines, joined."""
    return "".join([line(d) + "\n" for d in result.diagnostics])


def write_result(result, stream) -> None:
    """The lines of one file's diagnostics, in one write, flushed so that a reader sees them now."""
    text = lines(result)
    if text:
        stream.write(text)
        stream.flush()


@dataclass
class Rendered:
    """What the command line needs of a linted file when it streams jsonl: the file's lines,
    whether any finding is an error or an internal error (the exit status), and the digest
    the rules over the whole run read. A few plain fields: cheap to send from a worker
    process, where pickling the diagnostics cost more than rendering them."""

    path: str
    text: str
    errors: bool
    internal_error: bool
    digest: object | None = None


def rendered(result) -> Rendered:
    """A LintResult as jsonl lines (run/batch.py calls it where the file is linted)."""
    return Rendered(result.path, lines(result), any(d.severity == "error" for d in result.diagnostics),
                    result.internal_error, result.digest)


def render(results, stream, **_) -> None:
    for result in results:
        write_result(result, stream)
