"""GL103 rewritten for speed (issue 17) against its former code, kept here as the oracle: the
section's titles and former wordings looked up by their normalised keys in a dict made once
per process (the first wording with a key, as next() over them found), and headings found as
the template writes them remembered by their text. On reports whose headings are written in
many ways (ordinals right, wrong, missing, in other styles; wordings of the template, former
ones, full-width, punctuated, quoted, changed), the rule gives the same findings as before,
on a first reading and on a second (from the memo)."""
from __future__ import annotations

from dataclasses import astuple

from hypothesis import given, settings, strategies as st

from govlint.model.templates.sections import SECTIONS
from govlint.read.text import from_text
from govlint.results.diagnostic import Fix
from govlint.run.engine import Linter
from govlint.rules import structure
from govlint.syntax.labels import norm_label
from govlint.syntax.outline import split_heading
from govlint.testing.builder import build_report

_LINTER = Linter(rule_time_limit=0)
_RULE = next(r for r in _LINTER.rules if r.code == "GL103")


def _old_check(rule, report):
    """SectionHeading.check before the dict of wordings and the memo of template headings."""
    for section in report.document.sections:
        heading = section.heading
        spec = SECTIONS[section.number - 1]
        parts = split_heading(heading.stripped)
        ordinal, title = parts.ordinal, parts.title
        title_key = norm_label(title)
        wording = next((t for t in spec.titles if norm_label(t) == title_key), None)
        former = next((t for t in spec.former if norm_label(t) == title_key), None)
        if ordinal == spec.ordinal and parts.as_template and former is None and wording is not None:
            continue
        expected = f"{spec.ordinal}、{wording or structure._closest(title, spec.titles)}"
        lead = len(heading.text) - len(heading.text.lstrip(" \u3000"))
        span = report.span(heading.span.offset + lead, heading.span.end_offset)
        fix = Fix(expected, safe=False)
        written = parts.prefix.strip(" \u3000") + (" " if parts.style == "spaced" else "")
        if ordinal is None:
            yield rule.diagnostic(span, f"标题缺少序号“{spec.ordinal}、”，应为“{expected}”", fix)
        elif ordinal != spec.ordinal:
            yield rule.diagnostic(span, f"标题序号应为“{spec.ordinal}、”，实为“{written}”；应为“{expected}”", fix)
        elif not parts.as_template:
            yield rule.diagnostic(span, f"标题序号应写作“{spec.ordinal}、”，实为“{written}”；应为“{expected}”", fix)
        elif former is not None:
            yield rule.diagnostic(span, f"标题“{heading.stripped}”是 2019 年以前报告的用语，应为“{expected}”", fix)
        elif wording is None:
            yield rule.diagnostic(span, f"标题“{heading.stripped}”与模板用语不同，应为“{expected}”", fix)


_ORDINALS = "一二三四五六七"
_PREFIXES = ["{o}、", "{o}、", "{n}、", "{o}.", "第{o}部分", "{o} ", "## {o}、", "（{o}）", "", "　{o}、"]


@st.composite
def _heading(draw, number: int) -> str:
    spec = SECTIONS[number - 1]
    ordinal = draw(st.sampled_from([spec.ordinal, spec.ordinal, _ORDINALS[number % 7]]))
    prefix = draw(st.sampled_from(_PREFIXES)).format(o=ordinal, n=_ORDINALS.index(ordinal) + 1)
    wording = draw(st.sampled_from(spec.titles + spec.former + tuple(t for s in SECTIONS for t in s.titles)))
    change = draw(st.sampled_from(["", "", "fullwidth", "colon", "quote", "cut", "more"]))
    if change == "fullwidth":
        wording = wording.replace("、", "，").replace("情况", "情况 ")
    elif change == "colon":
        wording += "："
    elif change == "quote":
        wording = f"“{wording}”"
    elif change == "cut":
        wording = wording[:-2]
    elif change == "more":
        wording += "工作"
    return prefix + wording


def _findings(check, report):
    return [astuple(d) for d in check(report)]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_section_heading_as_before(data):
    headings = {n: data.draw(_heading(n)) for n in range(1, 7)}
    year = data.draw(st.sampled_from([2019, 2021]))
    report = _LINTER.build_report(from_text(build_report(year=year, headings=headings), "h.txt"))
    old = _findings(lambda r: _old_check(_RULE, r), report)
    assert _findings(_RULE.check, report) == old
    assert _findings(_RULE.check, report) == old       # the headings found as the template's, remembered


def test_first_wording_with_a_key():
    """_first_by_key keeps the first of wordings that normalise alike, as next() found it."""
    assert structure._first_by_key(("甲、乙", "甲、乙：", "丙")) == {norm_label("甲、乙"): "甲、乙", "丙": "丙"}


def test_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(structure, "_AS_TEMPLATE", set())
    monkeypatch.setattr(structure, "_MAX_AS_TEMPLATE", 3)
    for i in range(10):
        structure._as_template(1, f"一、{i}")
    assert len(structure._AS_TEMPLATE) <= 3 and (1, "一、9") in structure._AS_TEMPLATE
