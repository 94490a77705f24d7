"""--format json: one JSON array of diagnostics (the contract documented in README).

The array is written as json.dump(…, ensure_ascii=False, indent=1) writes it, one report's
items at a time: json.dump with an indent runs the encoder written in Python and writes each
token separately (~20 us per finding, and a system call for every few bytes). The common
finding is laid out by a `Layout` (shared with --format jsonl, which lays out the same keys
on one line), its strings quoted by the encoder's own function; any other goes through
json.dumps itself.
"""
from __future__ import annotations

import codecs
import json
from json.encoder import encode_basestring as quoted   # what the encoder quotes strings with (C)
from dataclasses import fields
from operator import attrgetter
from typing import Callable

from govlint.model.text_memo import TextMemo
from govlint.results.diagnostic import Diagnostic

# Messages and replacements kept quoted per layout and encoding (Layout._strings).
STRINGS_KEPT = 4096

# A diagnostic's fields in the order of its JSON object (Diagnostic.to_dict), in one C call.
_FIELD_NAMES = ("path", "line", "column", "end_line", "end_column", "offset", "end_offset", "code", "rule",
                "severity", "message", "fix", "location")
_FIELDS = attrgetter(*_FIELD_NAMES)

# Whether a Diagnostic's __dict__ holds its fields in field order, as every Diagnostic made
# has them (its __init__ sets them in that order, as Rule.diagnostic fills them; replace()
# calls __init__; a copy or a pickle keeps the order): then the values of the dict are the
# fields. A subclass, or a Diagnostic of other fields, is read attribute by attribute.
_IN_FIELD_ORDER = (not hasattr(Diagnostic, "__slots__") and not hasattr(Diagnostic, "__post_init__")
                   and tuple(f.name for f in fields(Diagnostic)) == _FIELD_NAMES)
_DIAGNOSTIC = Diagnostic if _IN_FIELD_ORDER else None


class Layout:
    """Diagnostics as JSON objects laid out as the encoder lays out `d.to_dict()` with given
    separators, in a third of the time: the keys are written once, in two %-templates (with
    and without a fix); what is the same for every finding of a file (the quoted path) is
    quoted once per run of findings, what is the same for every finding of a rule (code,
    rule name, severity) and of a fix's applicability once per process (`_heads`, `_tails`:
    a few dozen entries). The values are written as the encoder writes them: str(int), and
    strings by `quoted`, which raises TypeError for a non-string.

    A finding with a location (a laid-out document's) or a number that is not an int (a bool
    is an int to Python but `true` to JSON) goes to `fallback`, the encoder itself, which
    also says what it cannot write.

    `encoded_items` writes the same objects as bytes (what `items` gives, encoded): the
    templates are bytes and only the strings of each finding are encoded, so that a file's
    lines, most of them keys and numbers, are not written as text first and then encoded
    whole (a fifth less work per finding)."""

    def __init__(self, start: str, sep: str, end: str, fix_start: str, fix_sep: str, fix_end: str,
                 fallback: Callable[[object], str]):
        self._parts = (start, sep, end, fix_start, fix_sep, fix_end)
        self._fallback = fallback
        self._text = _Written(self._parts, str.__str__, fallback)     # str.__str__: the text as it is
        self._encoded: dict[tuple[str, str], _Written] = {}

    def items(self, diagnostics) -> list[str]:
        return self._text.items(diagnostics)

    def encoded_items(self, diagnostics, encoding: str, errors: str = "strict") -> list[bytes]:
        """`items` encoded by `encoding`, an encoding that writes ASCII as ASCII (UTF-8), with
        `errors`; raises UnicodeEncodeError where the text cannot be encoded so."""
        written = self._encoded.get((encoding, errors))
        if written is None:
            fallback = self._fallback
            written = self._encoded[(encoding, errors)] = _Written(
                self._parts, _encoder(encoding, errors), lambda d: fallback(d).encode(encoding, errors))
        return written.items(diagnostics)


def _encoder(encoding: str, errors: str) -> Callable[[str], bytes]:
    """A function that encodes text by `encoding` with `errors`: for UTF-8 and "strict" (the
    usual stream), str.encode itself, whose defaults these are: a call into C, not a
    Python function's call, twice or thrice per finding."""
    if errors == "strict" and codecs.lookup(encoding).name == "utf-8":
        return str.encode

    def encode(text: str) -> bytes:
        return text.encode(encoding, errors)
    return encode


class _Written:
    """Layout's templates and its per-rule parts in one form: text, or bytes of one encoding
    (`encode` turns text into that form: quoted strings and the fixed text)."""

    def __init__(self, parts: tuple[str, ...], encode: Callable, fallback: Callable):
        start, sep, end, fix_start, fix_sep, fix_end = parts
        self._sep, self._end, self._fix_sep, self._fix_end = sep, end, fix_sep, fix_end
        self._encode, self._fallback = encode, fallback
        numbers = (f'{start}"path": %s{sep}"line": %d{sep}"column": %d{sep}"end_line": %d{sep}"end_column": %d'
                   f'{sep}"offset": %d{sep}"end_offset": %d%s%s{sep}"fix": ')
        self._fixed = encode(f'{numbers}{fix_start}"replacement": %s%s')     # + head, message, replacement, tail
        self._unfixed = encode(f'{numbers}null{sep}"location": null{end}')     # + head, message
        self._heads: dict[tuple[str, str, str], str | bytes] = {}
        self._tails: dict[object, str | bytes] = {}
        # A message or replacement quoted (and encoded), by its text: a blank cell's message
        # names the cell, and reports of one template leave the same cells blank, so most
        # messages come back file after file (quoting and encoding one: ~2.5 K instructions).
        self._strings = TextMemo(lambda text: encode(quoted(text)), STRINGS_KEPT)

    def _head(self, code: str, rule: str, severity: str) -> str | bytes:
        """The keys and values from "code" to the "message" key."""
        sep = self._sep
        return self._heads.setdefault((code, rule, severity), self._encode(
            f'{sep}"code": {quoted(code)}{sep}"rule": {quoted(rule)}{sep}"severity": {quoted(severity)}'
            f'{sep}"message": '))

    def _tail(self, fix) -> str | bytes:
        """What follows a fix's replacement to the end of the object, kept by `fix.safe`, of
        which its applicability is made (Fix.applicability): the property is not called
        for every fix."""
        return self._tails.setdefault(fix.safe, self._encode(
            f'{self._fix_sep}"applicability": {quoted(fix.applicability)}{self._fix_end}{self._sep}"location": null'
            f'{self._end}'))

    def items(self, diagnostics) -> list:
        fixed, unfixed, heads, tails, encode = self._fixed, self._unfixed, self._heads, self._tails, self._encode
        strings = self._strings
        out = []
        last = shown = None         # the last path and its quoted form
        for d in diagnostics:
            # A Diagnostic's fields are its __dict__'s values, in field order (_IN_FIELD_ORDER):
            # read so, they cost a sixth of the 13 attribute look-ups (~150 K instructions a report).
            (path, line, column, end_line, end_column, offset, end_offset, code, rule, severity, message, fix,
             location) = d.__dict__.values() if type(d) is _DIAGNOSTIC else _FIELDS(d)
            if location is None and (int is type(line) is type(column) is type(end_line) is type(end_column)
                                     is type(offset) is type(end_offset)):
                try:
                    if path is not last:
                        shown, last = encode(quoted(path)), path
                    head = heads.get((code, rule, severity)) or self._head(code, rule, severity)
                    if fix:
                        out.append(fixed % (shown, line, column, end_line, end_column, offset, end_offset, head,
                                            strings[message], strings[fix.replacement],
                                            tails.get(fix.safe) or self._tail(fix)))
                    else:
                        out.append(unfixed % (shown, line, column, end_line, end_column, offset, end_offset, head,
                                              strings[message]))
                    continue
                except TypeError:
                    last = None
            out.append(self._fallback(d))
        return out


def _indented(d) -> str:
    # One level in: JSON strings hold no raw line break, so every "\n" starts a line.
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=1).replace("\n", "\n ")


# An element of the indented array: json.dumps(d.to_dict(), ensure_ascii=False, indent=1) one level in.
ITEMS = Layout("{\n  ", ",\n  ", "\n }", "{\n   ", ",\n   ", "\n  }", _indented)


def render(results, stream, **_) -> None:
    started = False
    for result in results:
        if result.diagnostics:
            stream.write((",\n " if started else "[\n ") + ",\n ".join(ITEMS.items(result.diagnostics)))
            started = True
    stream.write("\n]\n" if started else "[]\n")
