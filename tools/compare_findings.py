#!/usr/bin/env python3
"""Do two builds of govlint find the same things? For work that must not change a finding
(speed work, refactoring): a generated corpus is checked by both, and their JSON Lines
output compared line by line.

    python tools/compare_findings.py OLD_GOVLINT NEW_GOVLINT [--keep DIR] [--extra PATH ...]

OLD_GOVLINT and NEW_GOVLINT are govlint commands (e.g. a venv's bin/govlint made from
`git worktree add /tmp/base <commit>`). The corpus (~3 000 reports, deterministic):
- builder reports with random defects in tables, prose, headings and lines, drawn as
  tests/test_same_findings.py draws them (2 000);
- reports whose prose is full of place names taken from the gazetteer: current and former
  divisions, chains (省市县), townships, names with a wrong suffix or a look-alike character
  (700), for GL501;
- long reports padded with prose, as bench/run.py makes them, 3-120 KB (300);
- anything given with --extra (the seeds, real published reports, PDFs, web pages).
Both are run with `--format jsonl -j 1` over the same folders, so the corpus rules (GL7xx) see
the same reports. Exit 0 when the outputs and exit statuses are identical, 1 otherwise.
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

from builder import build_report, edit_lines    # noqa: E402
from test_same_findings import PLACES, SENTENCES, _cell_keys   # noqa: E402

GAZETTEER = ROOT / "linter" / "model" / "gazetteer"


def defective_report(rng: random.Random) -> str:
    """One report as test_same_findings.defective_reports draws it, from `rng`."""
    year = rng.choice([2019, 2020, 2021, 2022])
    results = {"open": {"natural": rng.randint(0, 90), "business": rng.randint(0, 9)},
               "cannot_3": {"natural": rng.randint(0, 9)}}
    cells = {key: rng.choice(["", "无", "-2", "３", "1,000", "12", "0", "若干", str(rng.randint(0, 99))])
             for key in rng.sample(_cell_keys(year), rng.randint(0, 3))}

    def prose() -> list[str]:
        return ["".join(rng.choice(SENTENCES).format(
                    n=rng.randint(0, 120), m=rng.randint(0, 40), k=rng.randint(0, 9),
                    y=rng.choice([year, year - 1, year + 1]), yy=str(year)[2:], place=rng.choice(PLACES))
                    for _ in range(rng.randint(1, 4)))
                for _ in range(rng.randint(0, 4))]

    headings = {}
    if rng.random() < 0.5:
        headings[rng.randint(1, 6)] = rng.choice([None, "三、依申请公开情况", "总体情况", "五、存在的问题"])
    order = rng.choice([None, None, None, [1, 2, 4, 3, 5, 6], [2, 1, 3, 4, 5, 6]])
    text = build_report(year=year, place=rng.choice(PLACES), results=results,
                        carry_next={"natural": rng.randint(0, 5)},
                        review=tuple(rng.randint(0, 4) for _ in range(4)), cells=cells,
                        prose={1: prose(), 5: prose(), 6: prose()}, headings=headings, order=order,
                        newline=rng.choice(["\n", "\n", "\r\n"]))
    lines = text.split("\n")
    for _ in range(rng.randint(0, 3)):        # a few lines moved, doubled or dropped
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        edit_lines(lines, rng.choice(["delete", "repeat", "swap", "tab"]), i, j)
    return "\n".join(lines)


class PlaceProse:
    """Sentences naming places drawn from the gazetteer's own data file, some of them wrong."""

    SUFFIXES = ["市", "区", "县", "省", "镇", "乡", "街道", "自治县", "旗"]
    SENTENCES = ["{p}政务公开工作稳步推进。", "本机关会同{p}有关部门开展培训{n}次。", "根据{p}人民政府的统一部署，",
                 "{p}、{q}两地联合开展专项检查。", "在{p}{q}召开现场会。", "来自{p}的申请人提出申请{n}件。",
                 "转发{p}办公室文件。", "（{p}）", "{p}人民政府办公室"]

    def __init__(self):
        data = (GAZETTEER / "divisions.tsv").read_text("utf-8")
        _, _, rest = data.partition("\n@records\n")
        records, _, rest = rest.partition("\n@stems\n")
        _, _, townships = rest.partition("\n@townships\n")
        self.records = [line.split("\t") for line in records.split("\n") if line.count("\t") >= 3]
        self.by_code = {}
        for record in self.records:
            self.by_code.setdefault(record[0], record)
        self.townships = [stem + entry.split(":")[0]
                          for line in townships.split("\n") if "\t" in line and not line.startswith("=")
                          for stem, entries in [line.split("\t", 1)] for entry in entries.split(" ")]
        self.pairs = [line.split("\t")[:2] for line in (GAZETTEER / "lookalike_chars.tsv").read_text("utf-8").splitlines()
                      if line and not line.startswith("#")]

    def chain(self, rng: random.Random) -> str:
        record = rng.choice(self.records)
        parts = [record[1]]
        while record[3] in self.by_code and len(parts) < 3:
            record = self.by_code[record[3]]
            parts.insert(0, record[1])
        return "".join(parts)

    def name(self, rng: random.Random) -> str:
        k = rng.random()
        name = (rng.choice(self.records)[1] if k < 0.35 else self.chain(rng) if k < 0.6
                else rng.choice(self.townships) if k < 0.8 else rng.choice(PLACES))
        if rng.random() < 0.35:                  # written wrong: another suffix, a look-alike character
            if rng.random() < 0.45 and len(name) > 2:
                return name[:-1] + rng.choice(self.SUFFIXES)
            for a, b in rng.sample(self.pairs, len(self.pairs)):
                if a in name:
                    return name.replace(a, b, 1)
                if b in name:
                    return name.replace(b, a, 1)
        return name

    def report(self, rng: random.Random) -> str:
        paragraphs = ["".join(rng.choice(self.SENTENCES).format(p=self.name(rng), q=self.name(rng), n=rng.randint(1, 30))
                              for _ in range(rng.randint(1, 6)))
                      for _ in range(rng.randint(1, 6))]
        return build_report(year=rng.choice([2019, 2020, 2021, 2022, 2023, 2024]),
                            place=rng.choice(PLACES + [self.chain(rng)]),
                            prose={1: paragraphs, 5: paragraphs[:2], 6: paragraphs[-1:]})


def write_corpus(folder: Path) -> int:
    from run import make_report               # bench/run.py: padded long reports
    rng = random.Random(17)
    for i in range(2000):
        (folder / f"defects-{i:04d}.txt").write_bytes(defective_report(rng).encode("utf-8"))
    places, rng = PlaceProse(), random.Random(501)
    for i in range(700):
        (folder / f"places-{i:03d}.txt").write_bytes(places.report(rng).encode("utf-8"))
    for i in range(300):
        rng = random.Random(1000 + i)
        (folder / f"long-{i:03d}.txt").write_bytes(make_report(rng, int(3400 * (120_000 / 3400) ** rng.random())).encode("utf-8"))
    return 3000


def run(govlint: str, paths: list[Path]) -> tuple[int, bytes, bytes]:
    done = subprocess.run([govlint, "--format", "jsonl", "--quiet", "-j", "1", *map(str, paths)], capture_output=True)
    return done.returncode, done.stdout, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument("--extra", type=Path, nargs="*", action="extend", default=[],
                        help="further files or folders to check (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govlint-compare-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        count = write_corpus(folder)
        paths = [folder, *args.extra]
        (old_status, old, old_err), (new_status, new, new_err) = run(args.old, paths), run(args.new, paths)
    old_lines, new_lines = old.decode().splitlines(), new.decode().splitlines()
    by_rule = collections.Counter(json.loads(line)["code"] for line in new_lines)
    print(f"{count} generated reports + {len(args.extra)} extra paths; "
          f"{len(old_lines)} findings before, {len(new_lines)} after; exit {old_status} / {new_status}")
    print("  " + "  ".join(f"{code} {n}" for code, n in sorted(by_rule.items())))
    same = old == new and old_status == new_status and old_err == new_err
    if not same:
        gone, added = set(old_lines) - set(new_lines), set(new_lines) - set(old_lines)
        print(f"DIFFERENT: {len(gone)} findings only before, {len(added)} only after"
              + ("" if old_err == new_err else "; the error messages differ"))
        for line in sorted(gone)[:10]:
            print("  - " + line[:300])
        for line in sorted(added)[:10]:
            print("  + " + line[:300])
        if not gone and not added and old_err == new_err:
            print("  (the same findings in another order)")
    else:
        print("identical")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
