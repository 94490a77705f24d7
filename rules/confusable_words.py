"""GL802's word list: the wrong forms of words and official names, each with its right form,
the context it applies in and its source (rules/data/confusables.tsv, extended by govlint.toml
and plugins), and the characters ConfusableWord finds them by."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from govlint import ConfigError

DATA = Path(__file__).resolve().parent / "data"


def data_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


class Confusable(NamedTuple):
    """An easily confused wording: the wrong form, the right one and when it applies."""

    wrong: str
    right: str
    context: re.Pattern | None     # must match right after the wrong form
    negated: bool                  # … or must not
    source: str

    def fits(self, text: str, end: int) -> bool:
        if self.context is None:
            return True
        return bool(self.context.match(text, end)) != self.negated


def _confusable(wrong: str, right: str, context: str = "", source: str = "") -> Confusable:
    negated = context.startswith("!")
    pattern = context[1:] if negated else context
    try:
        compiled = re.compile(pattern) if pattern else None
    except re.error as e:
        raise ConfigError(f"GL802 词表中“{wrong}”的上下文不是正确的正则表达式：{e}") from None
    return Confusable(wrong, right, compiled, negated, source)


@lru_cache(maxsize=1)
def builtin_confusables() -> tuple[Confusable, ...]:
    out = []
    for line in data_lines("confusables.tsv")[1:]:       # the first line names the columns
        wrong, right, context, source = (line.split("\t") + ["", "", "", ""])[:4]
        out.append(_confusable(wrong.strip(), right.strip(), context.strip(), source.strip()))
    return tuple(out)


def extra_confusable(value, origin: str) -> Confusable:
    """A pair from govlint.toml or a plugin: wrong → right, or wrong → {right, context, source}."""
    wrong, spec = value
    if isinstance(spec, str):
        return _confusable(wrong, spec, "", origin)
    if isinstance(spec, dict) and isinstance(spec.get("right"), str):
        return _confusable(wrong, spec["right"], str(spec.get("context", "")), str(spec.get("source", origin)))
    raise ConfigError(f"GL802 词表中“{wrong}”的写法不对：应为正确写法（字符串），或含 right 的表")


# What the built-in wrong forms are keyed by (JoinedTexts.holding: str.find, then the words
# tested there), in keyed_words' order: a character of each word seldom in these reports and
# fast to find. On UCS-2 text str.find skips by memchr of the low byte, which stops at every
# Han character whose high byte it is (0x4E-0x9F: 略 U+7565 at 政 U+653F) and is not used for
# 0 (开 U+5F00); 宏扬, 答覆, 禀承 and the regulations' names have no better character.
_KEYS = "班继接迫循辅纲倍利股既贬各墨默庸戒峻截战常署暑宏覆禀例"


def key_order(words: list[str]) -> str:
    """_KEYS, then the characters of `words` (from govlint.toml, plugins) by how many hold them."""
    counts = Counter(ch for word in words for ch in set(word) if ch not in _KEYS)
    return _KEYS + "".join(ch for ch, _ in counts.most_common())
