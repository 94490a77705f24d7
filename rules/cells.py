"""GL3xx cell rules: what each numeric cell of tables 二, 三 and 四 holds."""
from __future__ import annotations

import weakref

from govlint import hookimpl
from govlint.results.diagnostic import Fix
from govlint.plugins.rule import Rule

_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def _where(cell) -> str:
    return f"{_TABLE_NAMES.get(cell.table, cell.table)}{cell.name}"


_ZERO = Fix("0")      # Fix is frozen: one instance serves every blank cell
# GL301's message for each template cell, made on its first blank: it depends only on the
# cell's table, row and column labels (the template's), and a report has dozens of blanks,
# the same cells report after report. Bounded by the templates' cells.
_BLANK_MESSAGES: dict[tuple[str, str, str], str] = {}


def _blank_message(cell, key: tuple[str, str, str]) -> str:
    """The message for a blank cell at `key` (table, row label, column label) not yet kept in
    _BLANK_MESSAGES: made and kept (BlankCell.check looks there first)."""
    message = _BLANK_MESSAGES[key] = f"{_where(cell)}为空；没有数字时应填 0"
    return message


class _CellGroups:
    """The present cells (model.present_cells, in its order) each GL30x rule reads further:
    made in one pass over them per model, for the four rules in turn, instead of a pass each
    (a report has some 200 cells, nearly all plain numbers that none of them reports)."""

    __slots__ = ("blank", "odd", "negative", "amount")

    def __init__(self, cells):
        self.blank, self.odd, self.negative, self.amount = blank, odd, negative, amount = [], [], [], []
        for cell in cells:
            number = cell.number
            text, value = number.text, number.value
            if not text:                        # Number.blank, without the property call
                blank.append(cell)
            if number.fullwidth or (value is None and text):
                odd.append(cell)                # full-width digits, or words
            if value is not None:
                if value < 0:
                    negative.append(cell)
                if cell.column.kind == "amount":
                    amount.append(cell)


# (a weak reference to the model last grouped, its _CellGroups): the four rules run on one
# report in turn. One tuple, replaced at once.
_LAST: tuple = (lambda: None, None)


def _groups(model) -> _CellGroups:
    global _LAST
    ref, groups = _LAST
    if ref() is not model:
        groups = _CellGroups(model.present_cells)
        _LAST = (weakref.ref(model), groups)
    return groups


class BlankCell(Rule):
    """表格中的数字单元格为空。模板要求每个数字单元格都填数，没有时填 0。

    为什么：空白无法区分“没有”与“漏填”，汇总时也会出错；勾稽关系中空白按 0 计。

    错误示例：二、上年结转政府信息公开申请数量：自然人 5，商业企业（空白）
    正确示例：商业企业 0
    """

    code, name, severity = "GL301", "blank-cell", "error"
    fixable = "safe"

    def check(self, report):
        diagnostic, known = self.diagnostic, _BLANK_MESSAGES.get
        for cell in _groups(report.model).blank:
            # _blank_message called only for a message not yet made (a Python call a blank)
            key = (cell.table, cell.row_label, cell.column.label)
            message = known(key) or _blank_message(cell, key)
            yield diagnostic(cell.node, message, _ZERO)


class NonNumericCell(Rule):
    """数字单元格里写的是文字（“无”“-”“/”等）；全角数字（如“０”）算作数字，但给出警告。

    为什么：表格数字要汇总和核对，文字无法参与计算。

    错误示例：行政强制：处理决定数量“无”
    正确示例：处理决定数量 0
    """

    code, name, severity = "GL302", "non-numeric-cell", "error"
    fixable = "safe"

    def check(self, report):
        for cell in _groups(report.model).odd:    # words or full-width digits
            number = cell.number
            if not number.blank and not number.numeric:
                yield self.diagnostic(cell.node, f"{_where(cell)}应为数字，实为“{number.text}”；没有时填 0")
            elif number.fullwidth:
                half = number.text.translate({0xFF10 + i: 0x30 + i for i in range(10)})
                yield self.diagnostic(cell.node, f"{_where(cell)}“{number.text}”使用了全角数字，应写作“{half}”",
                                      Fix(half), severity="warning")


class NegativeCount(Rule):
    """数字单元格为负数。只有表二的“本年增/减”可以为负。

    为什么：件数、项目数、金额都不会小于 0；负数多半是把增减数填到了总数的位置。

    错误示例：表三 一、本年新收：自然人 -3
    正确示例：表二 行政处罚：本年增/减 -4（这一列允许负数）
    """

    code, name, severity = "GL303", "negative-count", "error"

    def check(self, report):
        for cell in _groups(report.model).negative:
            if not cell.column.signed:
                yield self.diagnostic(cell.node, f"{_where(cell)}为负数 {cell.number.text}；只有“本年增/减”可以为负数")


class AmountUnit(Rule):
    """金额单元格没有写单位，或写的单位与模板表头不同。

    为什么：2019 年模板的“采购总金额”表头没有单位，只写数字的金额无法判断是元还是万元；
    2021 年模板的“本年收费金额（单位：万元）”以万元计，单元格写“元”会差一万倍。

    错误示例：政府集中采购：采购总金额 452262835.43
    正确示例：采购总金额 45226.28万元（或 452262835.43元）
    """

    code, name, severity = "GL304", "amount-unit", "warning"

    def check(self, report):
        for cell in _groups(report.model).amount:     # an amount column, a number
            column, number = cell.column, cell.number
            if column.unit and number.unit and number.unit != column.unit:
                yield self.diagnostic(cell.node, f"{_where(cell)}“{number.text}”的单位是{number.unit}，"
                                                 f"但表头规定单位为{column.unit}")
            elif not column.unit and not (number.unit or "").endswith("元") and number.value != 0:
                what = f"的单位“{number.unit}”不是金额单位" if number.unit else "没有注明单位"
                yield self.diagnostic(cell.node, f"{_where(cell)}“{number.text}”{what}；请写明“元”或“万元”")


@hookimpl
def govlint_rules():
    return [BlankCell, NonNumericCell, NegativeCount, AmountUnit]
