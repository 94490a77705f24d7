"""A paragraph without its stock sentences (templates.wording.STOCK_SENTENCES: 本报告根据…编制,
如对本报告有疑问…), as the digest's section shingles leave them out (digest._sections): what
every report says is no evidence of copying. Most paragraphs hold none, and finding that
out cheaply is most of what this module does."""
from __future__ import annotations

import re
from operator import itemgetter
from typing import Sequence

from govlint.model.pattern_words import holds_needed_words, needed_words, with_characters
from govlint.model.similarity import sentence_texts
from govlint.model.templates.wording import STOCK_SENTENCES

# Stock-sentence patterns that may match anywhere in a sentence: one that finds nothing in
# the whole paragraph finds nothing in any of its sentences. The others, anchored at the
# sentence's start, are one pattern tried there (`match`: a search scans on to the end).
_UNANCHORED = tuple(p for p in STOCK_SENTENCES if not p.pattern.startswith("^"))
_ANCHORED = tuple(p for p in STOCK_SENTENCES if p.pattern.startswith("^"))
_AT_START = re.compile("|".join(f"(?:{p.pattern})" for p in _ANCHORED) or r"(?!)")
_SENTENCE_ENDS = "。；;！!？?"      # similarity._SENTENCE's end marks
# What makes a pattern test more than the characters it consumes, or not combine with others:
# anchors, look-arounds, flags, named groups, back-references (and a ^ in a [^…] class: no shortcut then).
_ASSERTIONS = re.compile(r"[\^$]|\\[bBAZ\d]|\(\?[^:]")


def _after_an_end(patterns, ends: str = _SENTENCE_ENDS) -> re.Pattern:
    """The anchored patterns as tried just after an end mark anywhere in a paragraph: a
    sentence after the first that one matches at its start is found so, provided the pattern
    tests nothing but the characters it consumes after its ^ (no other anchor, look-around,
    flag or back-reference). Else a pattern that matches everywhere (no shortcut)."""
    rests = [p.pattern[1:] for p in patterns]
    if any(p.flags != re.UNICODE or _ASSERTIONS.search(rest) for p, rest in zip(patterns, rests)):
        return re.compile("")
    # The end marks first: the search skips to them, as a search for a literal does.
    return re.compile(f"[{re.escape(ends)}](?:" + "|".join(f"(?:{r})" for r in rests) + ")"
                      if rests else r"(?!)")


_AFTER_AN_END = _after_an_end(_ANCHORED)
# The same after a line break: where the paragraphs joined by line breaks start (but the first).
_AFTER_A_BREAK = _after_an_end(_ANCHORED, "\n")
# The words a match of each search holds (pattern_words): a text without them is not
# searched. Most prose lacks them (统计期限, 如对本报告, 联系电话), and a few substring tests
# cost a tenth of these searches, which the regex engine runs character by character.
# Led by single characters (pattern_words.with_characters): most sections lack a word
# of several characters but have all its characters but one, which memchr finds missing.
_UNANCHORED_WORDS = tuple((p, with_characters(needed_words(p))) for p in _UNANCHORED)
_AFTER_AN_END_WORDS = with_characters(needed_words(_AFTER_AN_END))


def _stock_anywhere(text: str) -> bool:
    """Whether one of the unanchored stock patterns matches somewhere in `text`."""
    for pattern, words in _UNANCHORED_WORDS:
        if holds_needed_words(text, words) and pattern.search(text) is not None:
            return True
    return False


def _stock_after_an_end(text: str) -> bool:
    """Whether an anchored stock pattern matches right after an end mark in `text`."""
    return holds_needed_words(text, _AFTER_AN_END_WORDS) and _AFTER_AN_END.search(text) is not None


def may_hold_stock(text: str) -> bool:
    """Whether a stock sentence may start after an end mark in `text`, or one of the unanchored
    patterns match anywhere in it: with neither, none of the paragraphs joined in it holds a
    stock sentence but maybe one at its own start (what a paragraph's pattern matches,
    the same characters match in the joined text)."""
    return _stock_anywhere(text) or _stock_after_an_end(text)


def unstock_at_start(text: str) -> str:
    """unstock of a paragraph that holds no stock sentence but maybe at its start."""
    return unstock(text) if _AT_START.match(text) is not None else _all_kept(text)


def unstock_joined(texts: Sequence[str], joined: str) -> str:
    """"\\n".join(map(unstock_at_start, texts)) (`joined`: "\\n".join(texts)), for texts none
    of which holds a stock sentence but maybe at its start (may_hold_stock(joined) is False).
    Most sections' paragraphs neither start with a stock sentence (one search of the joined
    text finds none) nor end in blanks: then each is kept as it is, and so is their join,
    with no call per paragraph."""
    if (_AT_START.match(joined) is None and _AFTER_A_BREAK.search(joined) is None
            and not any(map(str.isspace, "".join(map(_LAST, texts))))):
        return joined
    return "\n".join(map(unstock_at_start, texts))


_LAST = itemgetter(slice(-1, None))     # a text's last character ("" for an empty text)


def _all_kept(text: str) -> str:
    """What unstock gives when every sentence is kept: the text as its sentences join, which
    leaves out only the blanks after its last end mark (the one piece sentence_texts drops)."""
    body = text.rstrip()
    return text if len(body) == len(text) or (body and body[-1] not in _SENTENCE_ENDS) else body


def unstock(text: str) -> str:
    """A paragraph without its stock sentences (wording.is_stock_sentence), the others joined
    as they were: every sentence ends in a clause break (。；！？), so the joined text has
    the clauses, and so the shingles, of its sentences one after another."""
    anywhere = _UNANCHORED if _stock_anywhere(text) else ()
    if not anywhere and _AT_START.match(text) is None and not _stock_after_an_end(text):
        # No sentence can be stock (none starts with an anchored pattern: neither the first,
        # at the text's start, nor one after an end mark), so every sentence is kept.
        return _all_kept(text)
    sentences = sentence_texts(text)
    kept = [s for s in sentences if _AT_START.match(s) is None and not any(p.search(s) for p in anywhere)]
    return text if len(kept) == len(sentences) and "".join(sentences) == text else "".join(kept)
