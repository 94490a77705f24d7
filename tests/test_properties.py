"""Property tests (hypothesis): a builder-made report whose numbers reconcile is silent under
every structure, arithmetic and cell rule in both templates; changing any single number of
table 三 or 四 is reported by exactly the arithmetic rules whose relations hold that cell, at
the cells they report on; reordering the sections is reported by GL102."""
from __future__ import annotations

import itertools
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import build_report, cell_line, table3_values, table4_values, template_for
from govlint.run.engine import Linter
from govlint.model.templates.national import APPLICANT_COLUMNS

RULES = Linter(select=["GL1", "GL2", "GL3"])
ARITHMETIC = Linter(select=["GL2"])
ORDER = Linter(select=["GL101", "GL102"])
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])

COLUMNS = [c.key for c in APPLICANT_COLUMNS]
YEARS = st.sampled_from([2019, 2020, 2021, 2022])


def _result_rows(year: int) -> list[str]:
    rows = [r.key for r in template_for(year).table("t3").rows]
    return rows[rows.index("open"):rows.index("result_total")]


def _counts(max_value: int = 40):
    return st.dictionaries(st.sampled_from(COLUMNS), st.integers(0, max_value), max_size=3)


@st.composite
def reports(draw):
    """Keyword arguments of build_report for a reconciling report."""
    year = draw(YEARS)
    rows = draw(st.lists(st.sampled_from(_result_rows(year)), max_size=5, unique=True))
    results = {row: draw(_counts()) for row in rows}
    carry_next = draw(_counts(10))
    # 二 may not exceed (七)总计 + 四 in any column, or 一 would be negative.
    room = {c: sum(r.get(c, 0) for r in results.values()) + carry_next.get(c, 0) for c in COLUMNS}
    carried = {c: draw(st.integers(0, room[c])) for c in COLUMNS if room[c] and draw(st.booleans())}
    four = st.tuples(*[st.integers(0, 9)] * 4)
    return dict(year=year, results=results, carried=carried, carry_next=carry_next,
                review=draw(four), direct=draw(four), after=draw(four))


@lru_cache(maxsize=None)
def _line(key: str, year: int) -> int:
    """Cell lines depend only on the template's layout, not on the numbers."""
    return cell_line(key, year=year)


def _numeric_keys(year: int) -> list[str]:
    template = template_for(year)
    keys = {k for r in template.relations for k in r.left + r.right}
    return sorted(keys)


@settings(max_examples=120, **SETTINGS)
@given(reports())
def test_reconciling_report_is_silent(kwargs):
    diagnostics = RULES.lint_text(build_report(**kwargs)).diagnostics
    assert [(d.code, d.line, d.message) for d in diagnostics] == []


@settings(max_examples=150, **SETTINGS)
@given(st.data())
def test_any_changed_number_is_reported(data):
    kwargs = data.draw(reports())
    year = kwargs["year"]
    key = data.draw(st.sampled_from(_numeric_keys(year)), label="cell")
    old = {**table3_values(template_for(year), kwargs["results"], kwargs["carried"], kwargs["carry_next"]),
           **table4_values(kwargs["review"], kwargs["direct"], kwargs["after"])}[key]
    new = data.draw(st.integers(0, 60).filter(lambda v: v != old), label="new value")
    text = build_report(cells={key: str(new)}, **kwargs)
    found = sorted((d.rule, d.line) for d in ARITHMETIC.lint_text(text).diagnostics)
    expected = sorted((r.kind, _line(r.right[0], year)) for r in template_for(year).relations
                      if key in r.left + r.right)
    assert expected, key
    assert found == expected


@settings(max_examples=60, **SETTINGS)
@given(YEARS, st.permutations(range(1, 7)))
def test_reordered_sections_are_reported(year, order):
    text = build_report(year=year, order=list(order))
    codes = [d.code for d in ORDER.lint_text(text).diagnostics]
    assert "GL101" not in codes
    if list(order) == sorted(order):
        assert codes == []
    else:
        # one finding per section that comes after a later one
        late = sum(1 for i, n in enumerate(order) if any(m > n for m in order[:i]))
        assert codes == ["GL102"] * late


def test_every_cell_of_tables_three_and_four_is_in_a_relation():
    """So that 'any single number' above really covers every number of tables 三 and 四."""
    for year in (2019, 2021):
        keys = set(_numeric_keys(year))
        template = template_for(year)
        rows = [r.key for r in template.table("t3").rows]
        t3 = {f"t3.{r}.{c.key}" for r, c in itertools.product(rows, template.table("t3").columns)}
        t4 = {f"t4.counts.{c.key}" for c in template.table("t4").columns}
        assert t3 | t4 <= keys
