"""Fuzz target for the report grammar (atheris / libFuzzer), run by hand for a bounded time:

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python fuzz/fuzz_grammar.py -max_total_time=120

Each input is taken as the bytes of a report file: decoded as govlint decodes files, parsed
with the Lark grammar, and checked for what the tree promises (node text is the exact source
slice at its offsets; line/column agree with the offsets; blocks in order without overlap,
except a line the grammar could not place, kept where it was, which may fall inside a table),
and the lean line lexer is compared with Lark's own contextual lexer. Refusing an input with
InputError (a Chinese message) is fine; any other exception is a finding, and libFuzzer
writes the input that caused it to crash-<hash> in the current folder.

A seed corpus of builder-made reports is written to fuzz/output/corpus on first run (pass
another folder as the last argument to use your own). See fuzz/README.md.
"""
from __future__ import annotations

import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))     # the test builder, for the seed corpus

with atheris.instrument_imports(include=["govlint", "lark"]):
    import lark
    from govlint.grammar import GRAMMAR_PATH
    from govlint.syntax.tree import Artifact, Cell, Paragraph
    from govlint.syntax.parser import parse, parser
    from govlint.read.text import InputError, Source, decode

CORPUS = ROOT / "fuzz" / "output" / "corpus"
_contextual = lark.Lark(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
                        maybe_placeholders=False)


def _check_tree(source: Source) -> None:
    document = parse(source)
    end = start = 0
    for block in document.blocks:
        assert block.span.offset >= start, "blocks out of order"
        start = block.span.offset
        if not (isinstance(block, Artifact) and block.kind == "unparsed"):   # may fall inside a table
            assert block.span.offset >= end, "blocks overlap"
            end = block.span.end_offset
        for node in block.walk():
            s = node.span
            assert source.position(s.offset) == (s.line, s.column), node
            assert source.position(s.end_offset) == (s.end_line, s.end_column), node
            if isinstance(node, (Paragraph, Cell, Artifact)):
                assert source.text[s.offset:s.end_offset] == node.text, node


def _outcome(p: lark.Lark, text: str):
    try:
        tree = p.parse(text)
    except lark.exceptions.UnexpectedInput as e:
        return type(e).__name__, e.pos_in_stream
    return tree, [(t.type, t.start_pos, t.end_pos) for t in tree.scan_values(lambda v: isinstance(v, lark.Token))]


def test_one_input(data: bytes) -> None:
    try:
        text, encoding, bom = decode(data, "fuzz.txt")
    except InputError:
        return
    source = Source("fuzz.txt", text.replace("\r\n", "\n").replace("\r", "\n"), encoding, bom)
    try:
        _check_tree(source)
    except InputError:
        return
    if len(source.text) < 20_000:     # the comparison parses twice more: keep inputs flowing
        assert _outcome(parser(), source.text + "\n") == _outcome(_contextual, source.text + "\n")


def _seed_corpus() -> None:
    if CORPUS.is_dir() and any(CORPUS.iterdir()):
        return
    from builder import build_report
    CORPUS.mkdir(parents=True, exist_ok=True)
    samples = {
        "2019.txt": build_report(year=2019, results={"open": {"natural": 3}}),
        "2021.txt": build_report(year=2021, results={"open": {"natural": 5}}, cells={"t3.new.total": ""}),
        "reordered.txt": build_report(year=2021, order=[2, 1, 3, 4, 6, 5]),
        "crlf.txt": build_report(year=2019, newline="\r\n"),
    }
    for name, text in samples.items():
        (CORPUS / name).write_bytes(text.encode("utf-8"))
    (CORPUS / "gb18030.txt").write_bytes(samples["2019.txt"].encode("gb18030"))


def main() -> None:
    args = list(sys.argv)
    if not any(Path(a).is_dir() for a in args[1:]):
        _seed_corpus()
        args.append(str(CORPUS))
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
