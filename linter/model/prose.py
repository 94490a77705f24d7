"""The report's prose, and what is computed from it once per document and kept on it: its
paragraphs (with or without the title) and their texts joined, which the prose rules read
in turn; the cache notes what the prose was computed from, so a document changed afterwards
is read again."""
from __future__ import annotations

from .joined_texts import JoinedTexts


def prose_paragraphs(document, title: bool = False) -> list:
    """The report's prose: its Paragraph nodes (never table cells, chart data or
    bookmarks), without page numbers, and without the title unless asked for. A paragraph
    wrapped over several lines in copied text is one node (plain_text.WrappedParagraph)."""
    cache = _prose_cache(document)
    found = cache.get(title)     # rules ask with and without the title in turn: keep both
    if found is None:
        prose = getattr(document, "prose", None)
        titles = {id(p) for p in document.title} if not title else set()
        paragraphs = document.paragraphs() if prose is None else prose
        found = cache[title] = tuple(p for p in paragraphs if p.kind != "page_number" and id(p) not in titles)
    return list(found)


def prose_holding(document, keyed) -> list[int]:
    """The indices, in order, of the paragraphs of prose_paragraphs(document) that hold a
    word of `keyed` (keyed_words'), found in the prose joined once per report and kept with
    it (JoinedTexts.holding): GL401-GL404 each pass over the paragraphs without their words,
    and joining the prose, or testing each paragraph, once per rule cost more than the search."""
    return sorted(joined_prose(document).holding(keyed))


def joined_prose(document, title: bool = False) -> JoinedTexts:
    """The texts of prose_paragraphs(document, title), joined by line breaks (JoinedTexts),
    for the rules that search the whole prose at once (GL401-GL404 through prose_holding,
    GL601, GL801, GL802, GL804 with the title): made once per document and kept with the
    paragraphs it was made of."""
    cache = _prose_cache(document)
    joined = cache.get(("joined", title))
    if joined is None:
        joined = cache[("joined", title)] = JoinedTexts([paragraph.text for paragraph in prose_paragraphs(document, title)])
    return joined


def _prose_cache(document) -> dict:
    """What is computed from the document's prose, kept on it: computed once per document
    (a dozen rules ask in turn); the key notes what it was computed from, so a document
    changed afterwards is read again."""
    prose = getattr(document, "prose", None)
    key = (len(document.blocks), len(document.title), id(prose), len(prose or ()))
    cache = getattr(document, "_prose_paragraphs", None)
    if cache is None or cache[0] != key:
        cache = (key, {})
        try:
            document._prose_paragraphs = cache
        except AttributeError:      # a document type without room for it
            pass
    return cache[1]
