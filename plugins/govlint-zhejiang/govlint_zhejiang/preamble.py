"""ZJ001 preamble-statement: the report says which period its figures cover, where the
electronic version can be downloaded, and whom to contact."""
from __future__ import annotations

import re

from govlint import ConfigError, Rule
from govlint.syntax.tree import Paragraph

# Each item: (option value, what it is called in a message, patterns that must all occur in
# one paragraph for the item to count as stated).
ITEMS = {
    "period": ("统计期限", [re.compile(r"统计(期限|时间|期间|周期|时段)|\d{4}年1月1日.{0,4}?[至到—\-－~～].{0,6}?12月31日")]),
    "download": ("电子版下载地址", [re.compile(r"电子版|下载|全文"), re.compile(r"网站|网址|门户|网页|https?://|www\.|gov\.cn|栏目")]),
    "contact": ("联系方式", [re.compile(r"联系|咨询"), re.compile(r"电话|地址|邮编|邮箱|传真|\d{7,}")]),
}


class PreambleStatement(Rule):
    """报告没有写明统计期限、电子版下载地址或联系方式（浙江省报告的“报告说明”）。

    为什么：浙江省各级政府信息公开工作年度报告通常在正文之前用一段话说明：本报告所列数据的统计期限、
    报告电子版可在哪个网站下载、对报告有疑问与谁联系（地址、电话）。缺少任一项，读者无从核对数据范围，
    也找不到提出疑问的渠道。这三项写在正文任何一段中都可以。

    错误示例：（标题之后直接是“一、总体情况”，全文没有提到统计期限、下载网址和联系电话）
    正确示例：本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。本报告电子版可在
             某某区人民政府门户网站（www.example.gov.cn）“政府信息公开年报”栏目下载。如对本报告有疑问，
             请与某某区人民政府办公室联系（电话：0571-12345678）。
    """

    code, name, severity = "ZJ001", "preamble-statement", "warning"
    options = {"require": ["period", "download", "contact"]}

    def __init__(self, options=None):
        super().__init__(options)
        unknown = [item for item in self.config["require"] if item not in ITEMS]
        if unknown:   # raised while govlint reads the configuration: exit 2 with this message
            raise ConfigError(f"rules.preamble-statement.require 只能包含 {'、'.join(ITEMS)}，"
                              f"不能是 {'、'.join(map(str, unknown))}")

    def check(self, report):
        paragraphs = [p for p in report.document.paragraphs() if p not in report.document.title]
        missing = [ITEMS[item][0] for item in self.config["require"]
                   if not any(_states(p, ITEMS[item][1]) for p in paragraphs)]
        if not missing:
            return
        at = report.document.title[-1] if report.document.title else (paragraphs or [report.document])[0]
        yield self.diagnostic(at, f"报告没有写明{'、'.join(missing)}：请在正文之前用一段话说明"
                                  "数据的统计期限、电子版的下载网址和联系方式（地址、电话）")


def _states(paragraph: Paragraph, patterns) -> bool:
    return all(p.search(paragraph.text) for p in patterns)
