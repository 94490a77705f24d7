"""GL501 place-name: searches rewritten for speed, checked against the ones they replace on
generated text (real place names, near misses, wrong-level suffixes such as 拱墅市)."""
from __future__ import annotations

import random
import re

import pytest

from govlint.model.gazetteer.checks import _OwnPlace
from govlint.model.gazetteer.names import MENTION_SUFFIXES

PLACES = ["拱墅区", "杭州市", "浙江省", "和睦街道", "延边朝鲜族自治州", "长阳土家族自治县", "广西壮族自治区",
          "香港特别行政区", "三宫回族乡", "阿拉善盟", "鄂托克旗", "大兴安岭地区", "衢州市"]
PIECES = ["拱墅", "杭州", "浙江", "和睦", "延边", "长阳", "广西", "香港", "三宫", "阿拉善", "鄂托克", "大兴安岭", "衢州",
          "拱", "墅", "场", "域", "政府", "，", "。", "、", "（", "）", "原", "《", "》", "a", " ", "全", "本", "地",
          *MENTION_SUFFIXES, "地区", "自治", "特别", "族", "自治县", "回族乡", "新区"]


def _old_pattern(own: _OwnPlace) -> re.Pattern:
    """The pattern _OwnPlace compiled before it searched without one (the oracle)."""
    return re.compile(re.escape(own.stem) + "(" + "|".join(map(re.escape, own.wrong)) + ")")


def _texts(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))


@pytest.mark.parametrize("name", PLACES)
def test_own_place_search_finds_what_the_pattern_found(name):
    own = _OwnPlace(name)
    pattern = _old_pattern(own)
    texts = [*_texts(3000, sum(map(ord, name))), f"{own.stem}市{own.stem}区{own.stem}{own.stem}县",
             f"{own.stem}{own.stem}自治区", f"{own.stem}地区{own.stem}特别行政区"]
    for text in texts:
        assert list(own.misspelt(text)) == [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)], text
