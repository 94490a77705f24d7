"""How Chinese division names are built: a stem (拱墅) and an administrative suffix (区).

Autonomous units carry their peoples between stem and suffix (长阳土家族自治县, 延边朝鲜族
自治州, 某某回族乡); texts usually shorten them to stem + short suffix (长阳县, 延边州), so
those short forms are aliases of the official name.
"""
from __future__ import annotations

# Longest and most specific first: the first one a name ends with is its suffix.
NAME_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "民族苏木", "民族乡", "民族镇",
                 "族苏木", "族乡", "族镇", "苏木", "地区", "街道", "新区", "林区", "特区", "矿区",
                 "省", "市", "区", "县", "旗", "盟", "镇", "乡")
# Suffixes that, written after a known stem, make a place mention even when the
# combination is no known name (拱墅市): the candidates for a wrong suffix.
# Not 地区: 南部地区, 平原地区, 台湾地区 are ordinary phrases (地区 counts only in known names).
MENTION_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "苏木", "街道",
                    "省", "市", "区", "县", "旗", "盟", "镇", "乡")
TOWNSHIP_SUFFIXES = ("街道", "苏木", "镇", "乡")
# A suffix character followed by one of these makes an ordinary word, not a place
# (拱墅区域, 和睦市场, 县城, 镇域): stem + suffix + such a character is not a mention.
WORD_AFTER = {
    "区": "域划块间位段级县",
    "市": "场民值容貌级",
    "县": "域城级区",
    "镇": "域级",
    "乡": "村镇土亲级",
    "省": "级",
    "旗": "帜",
}
# Shortened suffix an autonomous unit is commonly written with.
SHORT_SUFFIX = {"自治州": "州", "自治县": "县", "自治旗": "旗", "自治区": "区",
                "族乡": "乡", "族镇": "镇", "族苏木": "苏木",
                "民族乡": "乡", "民族镇": "镇", "民族苏木": "苏木"}
# The last characters of every suffix a division is written with (tests/test_place_search.py
# checks the data): text without any of them holds no place mention to check.
SUFFIX_ENDS = "".join(sorted({s[-1] for s in (*NAME_SUFFIXES, *MENTION_SUFFIXES, *SHORT_SUFFIX.values())}))
# The peoples named in autonomous units (各族: 龙胜各族自治县).
PEOPLES = tuple(sorted(
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各".split(), key=len, reverse=True))
# Peoples written without 族 right before 自治州/自治县 (伊犁哈萨克自治州, 巴音郭楞蒙古自治州).
BARE_PEOPLES = ("柯尔克孜", "哈萨克", "蒙古", "维吾尔")
MIN_STEM = 2


def split_name(name: str) -> tuple[str, str] | None:
    """拱墅区 -> (拱墅, 区); 长阳土家族自治县 -> (长阳, 自治县); None when the stem would be
    shorter than two characters (城区, 矿区) or the name has no suffix."""
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix in ("族乡", "族镇", "族苏木"):
                stem += "族"
            if suffix in SHORT_SUFFIX:
                stem = _strip_peoples(stem, suffix.startswith("自治"))
            if len(stem) >= MIN_STEM:
                return stem, suffix
    return None


def _strip_peoples(stem: str, bare_allowed: bool) -> str:
    if bare_allowed:
        for people in BARE_PEOPLES:
            if stem.endswith(people) and len(stem) - len(people) >= MIN_STEM:
                stem = stem[: -len(people)]
                break
    stripped = True
    while stripped:
        stripped = False
        for people in PEOPLES:
            tail = people + "族"
            if stem.endswith(tail) and len(stem) - len(tail) >= MIN_STEM:
                stem, stripped = stem[: -len(tail)], True
                break
    return stem


def forms(name: str) -> list[tuple[str, str]]:
    """Every (stem, suffix) the name may be written as: the official one, and for
    autonomous units the forms without the peoples (延边自治州) and with the short suffix
    (延边州, 广西区)."""
    parts = split_name(name)
    if parts is None:
        return []
    stem, suffix = parts
    found = [(stem, name[len(stem):])]
    short = SHORT_SUFFIX.get(suffix)
    if short:
        found += [(stem, suffix.lstrip("族")), (stem, short)] if suffix.startswith("族") else \
                 [(stem, suffix), (stem, short)]
    unique = []
    for form in found:
        if form not in unique:
            unique.append(form)
    return unique
