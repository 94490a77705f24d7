"""GL201-GL204: the test of all of a kind's relations at once (arithmetic._AllHold) that lets
RelationRule.check skip its relation-by-relation loop. Whenever it says they all hold, the
loop (kept here as the oracle: RelationRule.check's test of each relation) finds no relation
that fails; values near equal, floats, unknown (None) and missing terms included."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from govlint.rules.arithmetic import _AllHold, _relation_plans
from govlint.run.engine import Linter

TEMPLATES = Linter().registry.templates


def _failing(plans, values: dict) -> list:
    """The relations RelationRule.check reports (its loop before the prefilter)."""
    out = []
    for relation, terms, split in plans:
        try:
            found = terms(values)
        except KeyError:
            continue
        if None in found:
            continue
        if abs(sum(found[:split]) - sum(found[split:])) >= 1e-9:
            out.append(relation)
    return out


INTEGER = st.integers(-3, 400)
# Floats whose sums may be off by a rounding error (then the loop decides).
NUMBER = st.one_of(INTEGER, st.sampled_from([0, 0.1, 0.2, 0.3, 1e-10, 2009.54]))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_all_hold_only_when_no_relation_fails(data):
    template = data.draw(st.sampled_from(TEMPLATES))
    plans_by_kind = _relation_plans(template)
    kind = data.draw(st.sampled_from(sorted(plans_by_kind)))
    all_hold, plans = plans_by_kind[kind]
    keys = sorted({k for relation, _, _ in plans for k in relation.left + relation.right})
    value = NUMBER if data.draw(st.booleans()) else INTEGER
    values = {k: data.draw(value) for k in keys}
    if data.draw(st.booleans()):        # keys equal to the terms but other objects: found all the same
        values = {"".join(list(k)): v for k, v in values.items()}
    # Make all relations but a few drawn hold (totals set to their parts' sums), so that both
    # answers occur and a single failing relation anywhere among them is tried.
    left_alone = data.draw(st.sets(st.integers(0, len(plans) - 1), max_size=2))
    for index, (relation, _, _) in enumerate(plans):
        if index in left_alone or not relation.right:
            continue
        others = [values[k] for k in relation.left] + [values[k] for k in relation.right[1:]]
        if None in others or relation.right[0] in relation.left + relation.right[1:]:
            continue
        values[relation.right[0]] = sum(values[k] for k in relation.left) - sum(others[len(relation.left):])
    what = data.draw(st.integers(0, 5))
    if what == 0:
        del values[data.draw(st.sampled_from(keys))]
    elif what == 1:
        values[data.draw(st.sampled_from(keys))] = None
    failing = _failing(plans, values)
    if all_hold(values):
        assert not failing
    known = all(values.get(k) is not None for k in keys)
    if known and not failing and all(
            sum(map(values.__getitem__, r.left)) == sum(map(values.__getitem__, r.right)) for r, _, _ in plans):
        assert all_hold(values)        # exactly equal sides, all known: the loop is skipped


def test_all_hold_answers_both_ways_on_a_template():
    template = TEMPLATES[0]
    all_hold, plans = _relation_plans(template)["row-total"]
    keys = {k for relation, _, _ in plans for k in relation.left + relation.right}
    zeros = dict.fromkeys(keys, 0)
    assert all_hold(zeros) and not _failing(plans, zeros)
    relation = plans[0][0]
    broken = {**zeros, relation.right[0]: 1}
    assert not all_hold(broken) and _failing(plans, broken)
    assert not all_hold({**zeros, relation.right[0]: None})
    assert not all_hold({k: v for k, v in zeros.items() if k != relation.right[0]})
    assert isinstance(all_hold, _AllHold)


def test_model_keys_are_the_relation_terms_themselves():
    """cell_key interns: a model files its cells under the very string objects the relations
    name, so the plans' lookups find them by identity."""
    from govlint.read.text import from_text
    from govlint.run.engine import Linter
    from govlint.testing.builder import build_report
    for year in (2019, 2021):
        report = Linter(rule_time_limit=0).build_report(from_text(build_report(year=year), "k.txt"))
        model_keys = {k: k for k in report.model.known_values}
        terms = [k for r in report.model.template.relations for k in r.left + r.right]
        assert terms and all(model_keys[k] is k for k in terms)
