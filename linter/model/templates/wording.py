"""Wording every report carries because the template or common practice asks for it: the
section headings, the tables' labels, and stock sentences (how the report was compiled, the
statistics period, where to download it, whom to ask). Two reports sharing these have not
copied each other, so the duplicate-content check leaves them out."""
from __future__ import annotations

import re
from functools import lru_cache

from govlint.model.templates.sections import SECTIONS
from govlint.model.templates.spec import Template

# Stock sentences, as patterns over one sentence (places, dates and numbers vary).
STOCK_SENTENCES = tuple(re.compile(p) for p in (
    r"本(?:年度)?报告.{0,60}(?:根据|依据|按照|依照).{0,120}(?:编制|编写|制作|撰写|形成)",
    r"全文(?:包括|分为|由).{0,12}总体情况",
    r"(?:统计期限|统计时间|统计期间|统计区间|数据统计).{0,12}(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年",
    r"本(?:年度)?报告.{0,30}(?:电子版|网站|网址|门户).{0,60}(?:下载|查阅|获取|查询|浏览)",
    r"(?:如|若)对本(?:年度)?报告.{0,8}(?:疑问|意见|建议|问题)",
    r"^\s*(?:联系|通讯|通信)?(?:地址|邮编|邮政编码|电话|联系电话|传真|电子邮箱|邮箱)\s*[:：]",
))


def is_stock_sentence(sentence: str) -> bool:
    return any(p.search(sentence) for p in STOCK_SENTENCES)


def template_labels(templates: tuple[Template, ...]) -> tuple[str, ...]:
    """Section headings and every table title, group, row, column and header label."""
    labels: list[str] = [title for spec in SECTIONS for title in spec.titles]
    for template in templates:
        for table in template.tables:
            labels += [table.title, *table.header_labels]
            labels += [c.label for c in table.columns]
            labels += [lab for row in table.rows for lab in row.labels + row.aliases if lab]
            for group in table.groups:
                labels.append(group.label)
                labels += [c.label for c in group.columns]
                labels += [lab for row in group.rows for lab in row.labels + row.aliases if lab]
    return tuple(labels)


@lru_cache(maxsize=8)
def template_shingles(templates: tuple[Template, ...]) -> frozenset[int]:
    """The clause shingles of the templates' own labels (see govlint.model.similarity)."""
    from govlint.model.similarity import clauses, shingle_hash
    return frozenset(shingle_hash(c) for label in template_labels(templates) for c in clauses(label))
