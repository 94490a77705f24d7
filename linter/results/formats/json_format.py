"""--format json: one JSON array of diagnostics (the contract documented in README).

The array is written as json.dump(…, ensure_ascii=False, indent=1) writes it, one report's
items at a time: json.dump with an indent runs the encoder written in Python and writes each
token separately (~20 us per finding, and a system call for every few bytes). The common
finding is laid out here (`item`), its strings quoted by the encoder's own function; any
other goes through json.dumps itself.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring as quoted   # what the encoder quotes strings with (C)


def plain(d) -> bool:
    """Whether a diagnostic can be written without the encoder: no location (a laid-out
    document's finding) and its numbers of type int (a bool is an int to Python but `true`
    to JSON). Its strings are quoted by `quoted`, which raises TypeError for a non-string:
    the caller then falls back to the encoder, which says what it cannot write."""
    return d.location is None and (int is type(d.line) is type(d.column) is type(d.end_line)
                                   is type(d.end_column) is type(d.offset) is type(d.end_offset))


def item(d) -> str:
    """A diagnostic as an element of the indented array: json.dumps(d.to_dict(),
    ensure_ascii=False, indent=1) one level in."""
    if plain(d):
        fix = d.fix
        try:
            fixed = (f'{{\n   "replacement": {quoted(fix.replacement)},\n   "applicability": '
                     f'{quoted(fix.applicability)}\n  }}' if fix else "null")
            return (f'{{\n  "path": {quoted(d.path)},\n  "line": {d.line},\n  "column": {d.column},\n'
                    f'  "end_line": {d.end_line},\n  "end_column": {d.end_column},\n  "offset": {d.offset},\n'
                    f'  "end_offset": {d.end_offset},\n  "code": {quoted(d.code)},\n  "rule": {quoted(d.rule)},\n'
                    f'  "severity": {quoted(d.severity)},\n  "message": {quoted(d.message)},\n  "fix": {fixed},\n'
                    f'  "location": null\n }}')
        except TypeError:
            pass
    # One level in: JSON strings hold no raw line break, so every "\n" starts a line.
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=1).replace("\n", "\n ")


def render(results, stream, **_) -> None:
    started = False
    for result in results:
        if result.diagnostics:
            stream.write((",\n " if started else "[\n ") + ",\n ".join([item(d) for d in result.diagnostics]))
            started = True
    stream.write("\n]\n" if started else "[]\n")
