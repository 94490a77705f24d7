"""GL501 place-name: place names checked against the national gazetteer of the report's
year (linter/gazetteer). The gazetteer is loaded on the rule's first check, so a run that
does not select this rule pays nothing for it."""
from __future__ import annotations

from govlint import hookimpl
from govlint.plugins.rule import Rule


class PlaceName(Rule):
    """地名与全国行政区划不符：行政区划后缀写错、上下级关系写错，或报告年度时该区划不存在。

    为什么：地名写错是公开报告中最显眼的错误之一（把“拱墅区”写成“拱墅市”、把已撤销的区写进
    新年度的报告、把乡镇写到别的县下），读者会据此质疑整份报告的严谨。
    本规则按民政部行政区划数据（县级以上含1981年以来的历史，乡级为现行区划）检查正文中的地名：
    同名的区划有多处时，按标题中的本单位所在地取最近的一处；仍无法确定时不报告。单独出现的地名
    只核对与本单位同省的区划（外省的同名词语多半不是地名，如“创建平安县”），写成“某省某市某区”
    链条的地名则都核对。区划调整当年新旧名称都可能出现，只给警告（见选项 change_year）；
    乡镇写在别的县下时按现行乡级区划判断（数据没有乡级的历史），也只给警告。
    写作“原江干区”或出现在书名号内的旧名不检查。
    区划名称中有一个字写成了同音字或形近字（“衢洲市”“毫州市”），且没有这样写的区划时，
    若所指区划在本单位所在省内，或与前后相连的上下级地名相符（“浙江省衢洲市柯城区”），
    报告正确名称；同音、形近字对是数据（linter/model/gazetteer/lookalike_chars.tsv，逐对注明
    理由）。须带区划后缀（市、县、区、镇、乡、街道等），后接“市场”等词语时不报告。
    标题中的地名与正文一样检查；标题地名写错时，仍按所指的区划确定本单位所在地。

    错误示例：2020年，拱墅市将切实落实……      （标题为“杭州市拱墅区”）
    正确示例：2020年，拱墅区将切实落实……
    错误示例：杭州市金东区                      （金东区属于金华市）
    正确示例：金华市金东区
    错误示例：2022年，江干区……                （江干区已于2021年撤销）
    正确示例：2022年，上城区……
    错误示例：浙江省衢洲市柯城区                （“洲”与“州”同音）
    正确示例：浙江省衢州市柯城区

    选项：extra_names 为当地使用、但不是行政区划的地名（如“钱塘新区”“大江东产业集聚区”），
    文中出现时视为地名、不检查；ignore 为不检查的写法；own_place 为标题中没有写明时的本单位
    所在地（如“杭州市拱墅区”）；change_year 为区划调整当年旧名或新名的级别
    （warning、error、info，或 ignore 不报告）。
    """

    code, name, severity = "GL501", "place-name", "error"
    fixable = "safe"
    options = {"extra_names": [], "ignore": [], "own_place": "", "change_year": "warning"}
    choices = {"change_year": ("warning", "error", "info", "ignore")}

    def check(self, report):
        from govlint.model.gazetteer.checks import PlaceChecker

        checker = PlaceChecker.for_report(report.meta, self.config)
        paragraphs = list(report.document.paragraphs())     # the title too: it may misspell the place
        for index, found in checker.check_lines([paragraph.text for paragraph in paragraphs]):
            yield self.diagnostic(paragraphs[index].span_of(found.start, found.end), found.message, found.fix,
                                  found.severity)


@hookimpl
def govlint_rules():
    return [PlaceName]
