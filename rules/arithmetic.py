"""GL2xx arithmetic rules: the template's relations (勾稽关系) between cells of tables 三 and
四. The relations themselves are data in linter/templates/national.py; each rule checks
the relations of its kind."""
from __future__ import annotations

from operator import itemgetter

from govlint import hookimpl
from govlint.model.template_lookup import items_getter
from govlint.plugins.rule import Rule
from govlint.rules.per_template import per_template

# Sides with more terms than this list only their non-zero terms, by name.
MAX_LISTED_TERMS = 7


def _short(label: str) -> str:
    """（二）部分公开（区分处理的，只计这一情形，不计其他情形） -> （二）部分公开"""
    cut = label.find("（", 3)
    return label[:cut] if cut > 0 else label


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _relation_plans(template) -> dict:
    """kind -> (the relations of that kind as _AllHold, and (relation, the getter of its
    terms' values, how many of them are on the left) for each of them, in the template's order)."""
    sides: dict[str, list] = {}
    plans: dict[str, list] = {}
    for relation in template.relations:
        sides.setdefault(relation.kind, []).append((relation.left, relation.right))
        # The values of its terms from TemplateModel.known_values (a KeyError for a key the
        # model lacks), left then right, in one C call.
        terms = items_getter(relation.left + relation.right)
        plans.setdefault(relation.kind, []).append((relation, terms, len(relation.left)))
    return {kind: (_AllHold(sides[kind]), plans[kind]) for kind in plans}


class _AllHold:
    """Whether all relations of a kind hold exactly in a model, tested without a Python loop
    over them. The relations of a kind share a shape (row-total: six terms = one): for each
    shape, the values of the terms at one position of a side, over all its relations, come
    in one C call (an itemgetter), and each relation's side is summed by sum() over the zip
    of those columns (the same values added in the same order as RelationRule.check adds
    them); a side of one term is its column itself. Then one tuple comparison tells whether
    every relation's sides are equal. A report's relations nearly always all hold; only
    when this cannot tell (a relation fails or holds within 1e-9 only, a term missing or not
    known) are they checked one by one (some 6 K instructions each, ~40 a report)."""

    __slots__ = ("shapes",)

    def __init__(self, relations: list[tuple[tuple[str, ...], tuple[str, ...]]]):
        """`relations`: the (left, right) terms of each."""
        by_shape: dict[tuple[int, int], list] = {}
        for left, right in relations:
            by_shape.setdefault((len(left), len(right)), []).append((left, right))
        self.shapes = tuple((_side_sums([left for left, _ in group]), _side_sums([right for _, right in group]))
                            for group in by_shape.values())

    def __call__(self, values: dict) -> bool:
        """True when every relation's sides are equal in `values` (TemplateModel.known_values);
        False when one is not, or a term is missing (KeyError) or not known (None: sum()
        raises TypeError, or None is not equal to a number)."""
        try:
            for left, right in self.shapes:
                if left(values) != right(values):
                    return False
            return True
        except (KeyError, TypeError):
            return False


def _side_sums(sides: list[tuple[str, ...]]):
    """The function giving, from the values by key, the tuple of the sums of these sides (all
    of one length), in their order: of a side of one term, its value."""
    columns = tuple(_tuple_getter(tuple(side[i] for side in sides)) for i in range(len(sides[0])))
    if len(columns) == 1:
        return columns[0]
    return lambda values: tuple(map(sum, zip(*[column(values) for column in columns])))


def _tuple_getter(keys: tuple[str, ...]):
    """The values of `keys` as a tuple, also for one key."""
    if len(keys) == 1:
        key = keys[0]
        return lambda values: (values[key],)
    return itemgetter(*keys)


class RelationRule(Rule):
    """Base: check every relation of the template whose kind is this rule's name."""

    # (template, _AllHold, plans) of this rule's kind for the template last met: reports of
    # a batch nearly all follow one template (the memo of per_template costs ~3 K a call).
    _last: tuple | None = None

    def check(self, report):
        model = report.model
        values, cells, template = model.known_values, model.cells, model.template
        last = self._last
        if last is None or last[0] is not template:
            last = self._last = (template, *per_template(template, "relation plans", _relation_plans).get(
                self.name, (None, ())))
        _, all_hold, plans = last
        if all_hold is None or all_hold(values):
            return
        for relation, terms, split in plans:
            # A cell the text holds but that could not be placed (c.unread) has no known value,
            # and neither has one the report lacks (a row missing, a table cut short: GL105
            # reports it) or the model does not have; counting it as 0 would give findings
            # that only repeat GL105's. Such a relation is skipped.
            try:
                found = terms(values)
            except KeyError:            # a cell the model does not have
                continue
            if None in found:           # a cell whose value is not known
                continue
            lsum, rsum = sum(found[:split]), sum(found[split:])
            if abs(lsum - rsum) < 1e-9:
                continue
            # A relation that fails (rare): its cells, for the message (all in the model).
            left, right = [cells[k] for k in relation.left], [cells[k] for k in relation.right]
            target = (right + left)[0]
            yield self.diagnostic(target.node, self.message(relation, left, right, lsum, rsum))

    @staticmethod
    def message(relation, left, right, lsum, rsum) -> str:
        def side(name, cells, total):
            if len(cells) == 1:
                return f"{name} {_fmt(total)}"
            if len(cells) <= MAX_LISTED_TERMS:
                return f"{name}（{' + '.join(_fmt(c.value) for c in cells)}）= {_fmt(total)}"
            nonzero = [f"{_short(c.row_label)} {_fmt(c.value)}" for c in cells if c.value]
            return f"{name}为 {_fmt(total)}（{'、'.join(nonzero) if nonzero else '各项均为 0'}）"

        text = f"{relation.scope}：{side(relation.right_name, right, rsum)}，但{side(relation.left_name, left, lsum)}"
        present = [c for c in left + right if c.node is not None]
        blanks = [c for c in present if c.number.blank]
        words = [c for c in present if not c.number.blank and not c.number.numeric]
        if blanks:
            text += ("；其中" + "、".join(c.name for c in blanks[:3]) + ("等" if len(blanks) > 3 else "")
                     + "为空白（按 0 计），空白处可能漏填了数字")
        if words:
            text += "；其中" + "、".join(f"{c.name}“{c.number.text}”" for c in words[:3]) + "不是数字（按 0 计）"
        return text


class RowTotal(RelationRule):
    """表三中，每一行的“总计”应等于六类申请人（自然人、商业企业、科研机构、社会公益组织、
    法律服务机构、其他）之和。

    为什么：总计列由各申请人列相加得出；不等说明某个数字填错或漏填。

    错误示例：一、本年新收：自然人 201，商业企业 15，其他 1……总计 220（应为 217）
    正确示例：总计 = 201 + 15 + 0 + 0 + 0 + 1 = 217
    """

    code, name, severity = "GL201", "row-total", "error"


class ColumnTotal(RelationRule):
    """表三中，每一列的“（七）总计”应等于（一）予以公开至（六）其他处理各行之和
    （（三）（四）（五）按其下各小项计）。

    为什么：（七）总计是全部办理结果之和；不等说明某项办理结果漏填或多算。

    错误示例：自然人列：（一）72、（二）23、（三）各项合计 23、（四）60、（五）2、（六）20，（七）总计 199
    正确示例：（七）总计 = 72 + 23 + 23 + 60 + 2 + 20 = 200
    """

    code, name, severity = "GL202", "column-total", "error"


class Balance(RelationRule):
    """表三中，每一列：一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度继续办理。

    为什么：模板在表三上方写明了这一勾稽关系；不成立说明有申请被漏记或重复计算。

    错误示例：一 3，二 1，（七）总计 3，四 0      （3 + 1 ≠ 3 + 0）
    正确示例：一 3，二 1，（七）总计 3，四 1
    """

    code, name, severity = "GL203", "balance", "error"


class ReviewTotal(RelationRule):
    """表四中，行政复议、未经复议直接起诉、复议后起诉三组的“总计”应等于其结果维持、
    结果纠正、其他结果、尚未审结之和。

    为什么：总计由四种结果相加得出；不等说明某个结果漏填或填错位置。

    错误示例：行政复议：结果维持 4，结果纠正 5，其他结果 5，尚未审结 14，总计 27
    正确示例：总计 = 4 + 5 + 5 + 14 = 28
    """

    code, name, severity = "GL204", "review-total", "error"


@hookimpl
def govlint_rules():
    return [RowTotal, ColumnTotal, Balance, ReviewTotal]
