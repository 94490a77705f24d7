"""The national templates as data: 国办公开办函〔2019〕60号 (reports for 2019 and 2020) and
国办公开办函〔2021〕30号 (reports for 2021 on). Table 三 and 四 are shared except for
（六）其他处理, which 2021 splits into three sub-items; table 二 differs."""
from __future__ import annotations

from govlint.model.templates.spec import ColumnSpec, GroupSpec, Relation, RowSpec, TableSpec, Template, cell_key

# ---------------------------------------------------------------- table 三 (applications)
APPLICANT_COLUMNS = (
    ColumnSpec("natural", "自然人"),
    ColumnSpec("business", "商业企业"),
    ColumnSpec("research", "科研机构"),
    ColumnSpec("nonprofit", "社会公益组织"),
    ColumnSpec("legal", "法律服务机构"),
    ColumnSpec("other_org", "其他"),
)
T3_COLUMNS = APPLICANT_COLUMNS + (ColumnSpec("total", "总计"),)


def _group(prefix: str, heading: str, items: list[str]) -> tuple[RowSpec, ...]:
    """Sub-item rows of a result group: the first row carries the group's label."""
    return tuple(
        RowSpec(f"{prefix}_{i}", (None, heading if i == 1 else None, f"{i}.{item}"))
        for i, item in enumerate(items, start=1))


_DENY = _group("deny", "（三）不予公开", [
    "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
    "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"])
_CANNOT = _group("cannot", "（四）无法提供", [
    "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"])
_NOPROC = _group("noproc", "（五）不予处理", [
    "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息"])
_OTHER_2019 = (RowSpec("other", (None, "（六）其他处理")),)
_OTHER_2021 = _group("other", "（六）其他处理", [
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他"])

_NEW = RowSpec("new", ("一、本年新收政府信息公开申请数量",))
_CARRIED = RowSpec("carried", ("二、上年结转政府信息公开申请数量",))
_OPEN = RowSpec("open", ("三、本年度办理结果", "（一）予以公开"))
_PARTIAL = RowSpec("partial", (None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
                   aliases=("（二）部分公开",))
_TOTAL = RowSpec("result_total", (None, "（七）总计"))
_CARRY_NEXT = RowSpec("carry_next", ("四、结转下年度继续办理",))


def _table3(other_rows: tuple[RowSpec, ...]) -> TableSpec:
    rows = (_NEW, _CARRIED, _OPEN, _PARTIAL) + _DENY + _CANNOT + _NOPROC + other_rows + (
        _TOTAL, _CARRY_NEXT)
    return TableSpec(
        key="t3", title="表三 收到和处理政府信息公开申请情况", section=3,
        signature=("本年新收", "上年结转", "予以公开"),
        columns=T3_COLUMNS, rows=rows,
        header_labels=("申请人情况", "自然人", "法人或其他组织") + tuple(c.label for c in T3_COLUMNS))


# ---------------------------------------------------------------- table 四 (review, litigation)
_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_RESULT_KEYS = ("upheld", "corrected", "other", "pending", "total")
_T4_GROUPS = (("review", "行政复议"), ("suit_direct", "未经复议直接起诉"), ("suit_after", "复议后起诉"))
T4_COLUMNS = tuple(
    ColumnSpec(f"{g}_{k}", f"{label}·{r}") for g, label in _T4_GROUPS for k, r in zip(_RESULT_KEYS, _RESULTS))
TABLE4 = TableSpec(
    key="t4", title="表四 政府信息公开行政复议、行政诉讼情况", section=4,
    signature=("行政复议", "行政诉讼"),
    columns=T4_COLUMNS, rows=(RowSpec("counts", ()),),
    header_labels=("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉") + _RESULTS)


# ---------------------------------------------------------------- table 二 (proactive disclosure)
def _cols(*specs: tuple) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(*s) for s in specs)


_COUNT3_2019 = _cols(("made", "本年新制作数量"), ("published", "本年新公开数量"), ("total", "对外公开总数量"))
_ITEMS_2019 = _cols(("previous", "上一年项目数量"), ("change", "本年增/减", "count", True),
                    ("decisions", "处理决定数量"))
TABLE2_2019 = TableSpec(
    key="t2", title="表二 主动公开政府信息情况", section=2, signature=("第二十条", "信息内容"),
    groups=(
        GroupSpec("art20_1", "第二十条第（一）项", _COUNT3_2019, (
            RowSpec("rules", ("规章",)), RowSpec("normative", ("规范性文件",), aliases=("行政规范性文件",)))),
        GroupSpec("art20_5", "第二十条第（五）项", _ITEMS_2019, (
            RowSpec("licensing", ("行政许可",)), RowSpec("other_services", ("其他对外管理服务事项",)))),
        GroupSpec("art20_6", "第二十条第（六）项", _ITEMS_2019, (
            RowSpec("penalty", ("行政处罚",)), RowSpec("enforcement", ("行政强制",)))),
        GroupSpec("art20_8", "第二十条第（八）项", _ITEMS_2019[:2], (RowSpec("fees", ("行政事业性收费",)),)),
        GroupSpec("art20_9", "第二十条第（九）项",
                  _cols(("projects", "采购项目数量"), ("amount", "采购总金额", "amount")),
                  (RowSpec("procurement", ("政府集中采购",)),)),
    ))
_DECISIONS_2021 = _cols(("decisions", "本年处理决定数量"))
TABLE2_2021 = TableSpec(
    key="t2", title="表二 主动公开政府信息情况", section=2, signature=("第二十条", "信息内容"),
    groups=(
        GroupSpec("art20_1", "第二十条第（一）项",
                  _cols(("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("valid", "现行有效件数")), (
                      RowSpec("rules", ("规章",)),
                      RowSpec("normative", ("行政规范性文件",), aliases=("规范性文件",)))),
        GroupSpec("art20_5", "第二十条第（五）项", _DECISIONS_2021, (RowSpec("licensing", ("行政许可",)),)),
        GroupSpec("art20_6", "第二十条第（六）项", _DECISIONS_2021, (
            RowSpec("penalty", ("行政处罚",)), RowSpec("enforcement", ("行政强制",)))),
        GroupSpec("art20_8", "第二十条第（八）项",
                  (ColumnSpec("amount", "本年收费金额（单位：万元）", "amount", unit="万元",
                              header_aliases=("本年收费金额",)),),
                  (RowSpec("fees", ("行政事业性收费",)),)),
    ))


# ---------------------------------------------------------------- relations
def _t3(row: str, col: str) -> str:
    return cell_key("t3", row, col)


def _relations(table3: TableSpec) -> tuple[Relation, ...]:
    rows = [r.key for r in table3.rows]
    results = rows[rows.index("open"):rows.index("result_total")]
    out: list[Relation] = []
    for row in table3.rows:
        out.append(Relation(
            "row-total", tuple(_t3(row.key, c.key) for c in APPLICANT_COLUMNS), (_t3(row.key, "total"),),
            f"表三“{row.label}”行", left_name="六类申请人之和", right_name="总计"))
    for col in T3_COLUMNS:
        out.append(Relation(
            "column-total", tuple(_t3(r, col.key) for r in results), (_t3("result_total", col.key),),
            f"表三“{col.label}”列", left_name="（一）至（六）各项之和", right_name="（七）总计"))
        out.append(Relation(
            "balance", (_t3("new", col.key), _t3("carried", col.key)),
            (_t3("result_total", col.key), _t3("carry_next", col.key)),
            f"表三“{col.label}”列", left_name="一、本年新收 + 二、上年结转",
            right_name="三（七）总计 + 四、结转下年度继续办理"))
    for group, label in _T4_GROUPS:
        parts = tuple(cell_key("t4", "counts", f"{group}_{k}") for k in _RESULT_KEYS[:-1])
        out.append(Relation(
            "review-total", parts, (cell_key("t4", "counts", f"{group}_total"),),
            f"表四“{label}”", left_name="结果维持、结果纠正、其他结果、尚未审结之和", right_name="总计"))
    return tuple(out)


_TABLE3_2019 = _table3(_OTHER_2019)
_TABLE3_2021 = _table3(_OTHER_2021)

TEMPLATE_2019 = Template(
    key="2019", name="国办公开办函〔2019〕60号", years=(2019, 2020),
    tables=(TABLE2_2019, _TABLE3_2019, TABLE4), relations=_relations(_TABLE3_2019))
TEMPLATE_2021 = Template(
    key="2021", name="国办公开办函〔2021〕30号", years=(2021, 9999),
    tables=(TABLE2_2021, _TABLE3_2021, TABLE4), relations=_relations(_TABLE3_2021))

NATIONAL_TEMPLATES = (TEMPLATE_2019, TEMPLATE_2021)
