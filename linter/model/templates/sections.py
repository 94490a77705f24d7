"""The six sections every annual report has, in both templates (data, not code).

Each section lists the wordings of its heading that the templates use; the first is the
canonical one. Section 五 has a long form (2021 notice) and a short form (2019 notice);
both are accepted in every year.

`former` lists wordings of the reports written before the 2019 template (the 2008
条例's report outline: 概述, 依申请公开政府信息情况, 因政府信息公开申请行政复议、提起行政诉讼
的情况): a heading so worded is that section's, with the wrong wording (GL103), not a
section missing (GL101).
"""
from __future__ import annotations

from dataclasses import dataclass

ORDINALS = "一二三四五六"


@dataclass(frozen=True)
class SectionSpec:
    """One of the six sections: its number, its titles and their former wordings."""

    number: int
    titles: tuple[str, ...]
    former: tuple[str, ...] = ()

    @property
    def ordinal(self) -> str:
        return ORDINALS[self.number - 1]

    @property
    def heading(self) -> str:
        return f"{self.ordinal}、{self.titles[0]}"


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(1, ("总体情况",), former=("概述",)),
    SectionSpec(2, ("主动公开政府信息情况",)),
    SectionSpec(3, ("收到和处理政府信息公开申请情况",),
                former=("依申请公开政府信息情况", "依申请公开政府信息和不予公开政府信息情况")),
    SectionSpec(4, ("政府信息公开行政复议、行政诉讼情况",),
                former=("因政府信息公开申请行政复议、提起行政诉讼的情况",
                        "因政府信息公开申请提起行政复议、行政诉讼的情况")),
    SectionSpec(5, ("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及改进情况")),
    SectionSpec(6, ("其他需要报告的事项",)),
)
