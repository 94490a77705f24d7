"""scan_guard.guarded: a scanner with its leading terminals behind a test of the first
character matches what the scanner as the grammar gives it matches, at every position —
on report-like text and on text made of the characters those terminals start with (and
others: Unicode digits, which \\d takes, look-alike dashes and brackets)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.syntax.driver import driver, lf_only
from govlint.syntax.scan_guard import guarded
from test_driver import ROW_LIKE
from test_fuzz_properties import ANY_TEXT, REPORT_LIKE, SETTINGS

_CHARS = ("\t\n\r \u3000\u00a0[]()（）-—–－‐/／共第页一二三四五六七八九十是、.．,，"
          "0123456789０１２３٣۵१\u2007\u200babc正文x")
EDGY = st.text(alphabet=st.sampled_from(_CHARS), max_size=200)


def _scanners() -> list[tuple[str, int]]:
    run = driver()
    patterns = [*run.scanner_patterns, *(lf_only(p) or p for p in run.scanner_patterns)]
    return [(pattern, run.flags) for pattern in patterns]


def _same_matches(text: str) -> None:
    for pattern, flags in _scanners():
        plain, quick = re.compile(pattern, flags), re.compile(guarded(pattern, flags), flags)
        for pos in range(len(text) + 1):
            a, b = plain.match(text, pos), quick.match(text, pos)
            assert (a and (a.lastgroup, a.end())) == (b and (b.lastgroup, b.end())), (pattern, text, pos)


@settings(max_examples=300, **SETTINGS)
@given(st.one_of(ROW_LIKE, REPORT_LIKE, ANY_TEXT, EDGY))
def test_guarded_scanners_match_what_the_scanners_match(text):
    _same_matches(text)


def test_each_leading_character_is_tried():
    """Each character at the start of what each leading terminal goes on with."""
    rests = ["1页\n", "/2\n", " / 2\n", "、x\n", "是x\n", "）x\n", "-\n", " 3 -\n", "页\n", "\n", "x\ty\n"]
    _same_matches("".join(f"{c}{rest}" for c in _CHARS for rest in rests))


def test_the_prose_scanners_are_guarded():
    """Else a prose line is tried against every leading terminal again: correct, slower."""
    guarded_ones = [p for p, flags in _scanners() if guarded(p, flags) != p]
    assert guarded_ones and all(g.startswith("(?=[") for g in (guarded(p) for p in guarded_ones))
    text_line = [p for p in guarded_ones if "(?P<TEXT_LINE>" in p]
    assert text_line


def test_what_cannot_be_guarded_is_left_as_it_is():
    # one leads, then B may match nothing
    assert guarded("(?P<A>a)|(?P<B>b?)|(?P<C>c)") == "(?P<A>a)|(?P<B>b?)|(?P<C>c)"
    assert guarded("(?P<A>a)|(?P<B>b)") == "(?P<A>a)|(?P<B>b)"                     # nothing after them
    assert guarded("(?P<A>a)|(?P<B>b)|(?P<C>.)", re.I) == "(?P<A>a)|(?P<B>b)|(?P<C>.)"
    assert guarded("(?P<A>[^a])|(?P<B>b)|(?P<C>c)") == "(?P<A>[^a])|(?P<B>b)|(?P<C>c)"
    assert guarded("(?P<A>x|(?P<B>y))|(?P<C>z)|(?P<D>.)") == "(?P<A>x|(?P<B>y))|(?P<C>z)|(?P<D>.)"   # nested
    assert guarded("(?P<A>a)|b|(?P<C>c)|(?P<D>.)") == "(?=[abc])(?:(?P<A>a)|b|(?P<C>c))|(?P<D>.)"
    assert guarded("(?P<A>x*a)|(?P<B>[b-d\\d])|(?P<C>.)") == "(?=[\\dab-dx])(?:(?P<A>x*a)|(?P<B>[b-d\\d]))|(?P<C>.)"
