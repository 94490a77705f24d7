"""build_outline strips each line once and looks only at the short prose lines (issue 17); it
must find the same title, preamble and sections as the code it replaced, kept here as the
oracle (it asked every block, by id, and stripped a line each time it looked at it)."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from builder import build_report
from test_fuzz_properties import ANY_TEXT, PIECES, REPORT_LIKE, SETTINGS, mangled_reports
from govlint.read.text import InputError, from_text, read_file
from govlint.syntax.outline import BARE_HEADING_SIMILARITY, MAX_HEADING_CHARS, _title, build_outline, match_section, split_heading
from govlint.syntax.parser import parse_blocks
from govlint.syntax.tree import Document, Paragraph
from govlint.model.templates.sections import ORDINALS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"      # the seeds and real reports, when present
HEADINGS = st.lists(st.sampled_from(PIECES + ["\n三、依申请公开情况\n", "\n3、主动公开政府信息情况\n", "\n三 收到和处理政府信息公开申请情况\n",
                                              "\n第五部分 存在的主要问题及改进情况\n", "\n## 六、其他需要报告的事项\n",
                                              "\n２．政府信息公开行政复议、行政诉讼情况\n", "\n四、结转 0 0 0\n"]),
                    max_size=120).map("".join)


def _old_headings(blocks: list) -> tuple[int, list[tuple[int, int]]]:
    """The old build_outline's decisions: how many leading blocks are the title, and which
    blocks head which section (the preamble and the sections' blocks follow from these, by
    code this change kept)."""
    title = _title(blocks)
    title_ids = {id(p) for p in title}
    seen: set[int] = set()
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and id(b) not in title_ids]
    matches = {id(b): _old_match(b) for b in paragraphs}
    loose = {id(b) for b in paragraphs if matches[id(b)] and split_heading(b.stripped).style in ("arabic", "spaced")}
    firm = {m[0].number for key, m in matches.items() if m and key not in loose}
    for key in loose:
        if matches[key][0].number in firm:
            matches[key] = None
    worded = {m[0].number for m in matches.values() if m}
    headings = []
    for index, block in enumerate(blocks):
        if id(block) in title_ids:
            continue
        match = matches.get(id(block))
        number = match[0].number if match else _old_number_by_ordinal(block, seen, worded)
        if number and number not in seen:
            seen.add(number)
            headings.append((index, number))
    return len(title), headings


def _old_match(block):
    found = match_section(block)
    if found is None or found[1] >= BARE_HEADING_SIMILARITY:
        return found
    ordinal = split_heading(block.stripped).ordinal
    return None if ordinal and ordinal != found[0].ordinal else found


def _old_number_by_ordinal(block, seen, worded):
    if not isinstance(block, Paragraph) or block.kind not in ("section", "text") \
            or len(block.stripped) > MAX_HEADING_CHARS:
        return None
    parts = split_heading(block.stripped)
    if parts.style not in ("template", "other"):
        return None
    ordinal, title = parts.ordinal, parts.title
    number = ORDINALS.find(ordinal or "-") + 1
    if (not number or "。" in title or number in worded or number <= max(seen, default=0)
            or any(ch.isdigit() for ch in title)):
        return None
    return number


def _same_outline(source) -> None:
    try:
        blocks = parse_blocks(source)
    except InputError:
        return
    document = Document(None, list(blocks))
    build_outline(document)
    index = {id(b): i for i, b in enumerate(blocks)}
    assert (len(document.title), [(index[id(s.heading)], s.number) for s in document.sections]) \
        == _old_headings(list(blocks))
    assert document.blocks[:len(document.title)] == document.title


def test_outline_same_as_before_on_reports():
    for path in sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("real/*.md")):
        _same_outline(read_file(path))
    for year in (2019, 2020, 2021, 2022):
        _same_outline(from_text(build_report(year=year, results={"open": {"natural": 7}})))


@settings(max_examples=400, **SETTINGS)
@given(st.one_of(HEADINGS, REPORT_LIKE, ANY_TEXT, mangled_reports()))
def test_outline_same_as_before_on_arbitrary_text(text):
    _same_outline(from_text(text))
