"""ZJ002 regulation-title: a regulation cited in 《》 under a title that is not its correct
current one — a near miss of a known title, a known wrong form, or a superseded title."""
from __future__ import annotations

import re

from govlint import Fix, Rule

# Current titles and the wrong forms seen in reports (a near miss of a known title is caught
# without being listed). Contributed to govlint's shared data as "regulation-titles", so a
# city plugin can add its own under the same name.
REGULATION_TITLES = {
    "中华人民共和国政府信息公开条例": ["政府信息公开条例"],
    "浙江省政府信息公开暂行办法": [],
    "浙江省公共数据条例": [],
}
CITATION = re.compile(r"《([^《》\n]{2,60})》")
MIN_TITLE = 6


class RegulationTitle(Rule):
    """引用的法规名称不对：与现行法规的正式名称差一两个字、是常见的错误写法，或是已被取代的旧名称。

    为什么：年报是正式公文，引用法规应使用现行的正式名称；
    把《浙江省政府信息公开暂行办法》写成《浙江省政府信息公开办法》，读者会以为另有一部法规。
    简称（如在“以下简称《条例》”之后写《条例》）不受影响。法规更名或被取代时，
    在 govlint.toml 的 [zhejiang] 表中写 renamed = {"旧名称" = "新名称"}，本规则即报告旧名称。

    错误示例：根据《浙江省政府信息公开办法》的规定……
    正确示例：根据《浙江省政府信息公开暂行办法》的规定……
    """

    code, name, severity = "ZJ002", "regulation-title", "error"
    fixable = "unsafe"
    options = {"ignore": []}

    def check(self, report):
        titles, wrong_forms, renamed = self._known()
        ignored = set(self.config["ignore"])
        for paragraph in report.document.paragraphs():
            for m in CITATION.finditer(paragraph.text):
                cited = m.group(1).strip()
                if cited in titles or cited in ignored:
                    continue
                found = _correction(cited, titles, wrong_forms, renamed)
                if found:
                    right, why = found
                    yield self.diagnostic(paragraph.span_of(m.start(1), m.end(1)),
                                          f"《{cited}》{why}，应为《{right}》", Fix(right, safe=False))

    def _known(self):
        table = self.settings.get("zhejiang", {})
        contributed = self.data.get("regulation-titles", REGULATION_TITLES)
        titles = set(contributed) | set(table.get("regulations", []))
        wrong_forms = {wrong: right for right, wrongs in contributed.items() for wrong in wrongs}
        renamed = dict(table.get("renamed", {}))
        titles |= set(renamed.values())
        titles -= set(renamed)
        return titles, wrong_forms, renamed


def _correction(cited: str, titles: set[str], wrong_forms: dict, renamed: dict) -> tuple[str, str] | None:
    if cited in renamed:
        return renamed[cited], "已被取代"
    if cited in wrong_forms:
        return wrong_forms[cited], "不是法规的正式名称"
    if len(cited) < MIN_TITLE:
        return None
    for title in sorted(titles):
        if cited in title or title in cited:     # an abbreviation, or another document about it
            continue
        if edit_distance(cited, title) <= max(1, len(title) // 6):
            return title, "与法规的正式名称不符"
    return None


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
