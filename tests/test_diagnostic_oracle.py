"""Rule.diagnostic's fast paths (issue 17, round 15) against what they replaced, kept here as
the oracle: a Diagnostic made by the dataclass's own __init__ from the span of what it is
at. At a LineCell the values are read off the cell, its span neither made nor kept; and
GL301 looks up its messages before calling _blank_message."""
from __future__ import annotations

from dataclasses import fields

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.plugins.rule import CURRENT_REPORT, Rule
from govlint.read.text import from_text
from govlint.results.diagnostic import Diagnostic, Fix
from govlint.rules import cells
from govlint.run.engine import Linter
from govlint.testing import builder
from govlint.syntax.tree import LineCell, Paragraph, Span

SETTINGS = dict(max_examples=800, deadline=None)


class _Probe(Rule):
    code, name, severity = "GL999", "probe", "warning"


def _old_diagnostic(rule: Rule, at, message: str, fix=None, severity=None) -> Diagnostic:
    """Rule.diagnostic before round 15: the span read from the node, the dataclass's __init__."""
    span = at if isinstance(at, Span) else at.span
    path, levels = CURRENT_REPORT.get()
    severity = severity or rule.severity
    if levels:
        severity = levels.get(rule.code, severity)
    return Diagnostic(path, span.line, span.column, span.end_line, span.end_column, span.offset,
                      span.end_offset, rule.code, rule.name, severity, message, fix)


def _line_cell(text: str, line: int, offset: int) -> LineCell:
    cell = LineCell()
    cell.text, cell._line, cell._offset = text, line, offset
    return cell


def _same(a: Diagnostic, b: Diagnostic) -> None:
    assert type(a) is type(b) is Diagnostic
    assert a == b
    assert [getattr(a, f.name) for f in fields(Diagnostic)] == [getattr(b, f.name) for f in fields(Diagnostic)]
    assert list(vars(a)) == [f.name for f in fields(Diagnostic)]      # filled in field order


TEXT = st.text(alphabet="0１2 \u3000空白万元件-", max_size=12)
LEVELS = st.sampled_from([{}, {"GL999": "error"}, {"GL301": "info"}])


@settings(**SETTINGS)
@given(text=TEXT, line=st.integers(1, 5000), offset=st.integers(0, 10 ** 6), fix=st.sampled_from([None, Fix("0")]),
       severity=st.sampled_from([None, "error", "info"]), levels=LEVELS, read_before=st.booleans())
def test_line_cell_as_its_span(text, line, offset, fix, severity, levels, read_before):
    rule = _Probe()
    old_cell, new_cell = _line_cell(text, line, offset), _line_cell(text, line, offset)
    if read_before:
        new_cell.span        # a span made and kept before: the same values
    token = CURRENT_REPORT.set(("r.txt", levels))
    try:
        _same(rule.diagnostic(new_cell, "消息", fix, severity), _old_diagnostic(rule, old_cell, "消息", fix, severity))
        _same(rule.diagnostic(new_cell, "消息", fix, severity), _old_diagnostic(rule, new_cell.span, "消息", fix, severity))
    finally:
        CURRENT_REPORT.reset(token)


@settings(**SETTINGS)
@given(line=st.integers(1, 5000), column=st.integers(1, 80), size=st.integers(0, 300), offset=st.integers(0, 10 ** 6))
def test_span_and_node(line, column, size, offset):
    rule = _Probe()
    span = Span(line, column, line, column + size, offset, offset + size)
    paragraph = Paragraph(span=span, kind="text", text="x" * size)
    _same(rule.diagnostic(span, "m"), _old_diagnostic(rule, span, "m"))
    _same(rule.diagnostic(paragraph, "m"), _old_diagnostic(rule, paragraph, "m"))


_LINTER = Linter()


def _keys(year: int) -> list[str]:
    template = builder.template_for(year)
    return sorted(k for k, v in {**builder.table3_values(template), **builder.table4_values()}.items()
                  if isinstance(v, int))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_blank_cells_as_before(data):
    """GL301 on reports with cells left blank: each finding as the old diagnostic at the cell's
    span and _blank_message make it, in the order of the model's cells."""
    year = data.draw(st.sampled_from([2019, 2021]))
    blank = data.draw(st.lists(st.sampled_from(_keys(year)), max_size=40, unique=True))
    report = _LINTER.build_report(from_text(builder.build_report(year=year, cells={k: "" for k in blank})))
    rule = cells.BlankCell()
    blanks = [c for c in report.model.present_cells if c.number.blank]
    token = CURRENT_REPORT.set(("r.txt", {}))
    try:
        found = list(rule.check(report))
        expected = [_old_diagnostic(rule, c.node.span, f"{cells._where(c)}为空；没有数字时应填 0", Fix("0"))
                    for c in blanks]
    finally:
        CURRENT_REPORT.reset(token)
    assert len(found) == len(expected) >= len(blank)
    for d, e in zip(found, expected):
        _same(d, e)


def test_made_from_a_draft_is_a_plain_diagnostic():
    """Rule.diagnostic makes a _Draft and assigns its __class__: the result is frozen, hashes,
    copies, pickles and compares as a Diagnostic made by its __init__."""
    import dataclasses
    import pickle

    import pytest

    from govlint.plugins import rule as rule_module

    assert rule_module._FILL_DRAFT          # the fast path is taken on this interpreter
    span = Span(3, 2, 3, 5, 10, 13)
    made, old = _Probe().diagnostic(span, "m", Fix("0")), _old_diagnostic(_Probe(), span, "m", Fix("0"))
    assert type(made) is Diagnostic and made == old and hash(made) == hash(old) and repr(made) == repr(old)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 4
    assert pickle.loads(pickle.dumps(made)) == old
    assert dataclasses.replace(made, path="x") == dataclasses.replace(old, path="x")
    assert made.to_dict() == old.to_dict() and dataclasses.asdict(made) == dataclasses.asdict(old)
