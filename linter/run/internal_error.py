"""GL000: the engine's own diagnostic for a rule that failed."""
from __future__ import annotations

from govlint.plugins.rule import Rule


class InternalError(Rule):
    """一条规则在运行中出错（程序缺陷），其检查结果不完整。

    为什么：规则出错不应让整个检查中断；出错的规则被报告出来，其余规则照常运行，退出码为 2。

    错误示例：某插件规则在读取表格时抛出 KeyError
    正确做法：把这条信息（规则名、异常、文件位置）转给规则的作者
    """

    code, name, severity = "GL000", "internal-error", "error"

    def check(self, report):
        return ()   # reported by the engine when another rule fails, never checked
