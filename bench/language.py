"""The cost of the language rules (GL8xx) and GL404 on each seed report, alone: CPU time per
report, as bench/run.py measures each rule (see bench/README.md). Goal: all of GL8xx together
at most 1 ms per seed report.

    .venv/bin/python bench/language.py             # 5 blocks of 50 runs of each seed
    .venv/bin/python bench/language.py --repeat 200
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import SEEDS, machine                 # noqa: E402  (also puts the project on sys.path)
from govlint.run.engine import Linter, read_input   # noqa: E402

SELECT = ["GL8", "GL404"]


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=50)
    args = p.parse_args(argv)
    print(machine())
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        sys.exit(f"no seed reports in {SEEDS}")
    linter = Linter(select=SELECT, digests=False)
    reports = [(path, linter.build_report(read_input(path))) for path in paths]
    for _, report in reports:                  # warm up: word lists, automaton, caches
        for rule in linter.rules:
            list(linter.run_rule(rule, report))
    names = [f"{r.code} {r.name}" for r in linter.rules]
    print(f"\nms CPU per report (least of 5 blocks of {args.repeat} runs; {', '.join(names)})")
    print(f"  {'seed':<28} {'KB':>5} " + " ".join(f"{r.code:>7}" for r in linter.rules) + f" {'GL8xx':>7}")
    totals = []
    for path, report in reports:
        costs = []
        for rule in linter.rules:
            blocks = []        # the least of five blocks: other load on the machine only adds
            for _ in range(5):
                start = time.process_time()
                for _ in range(args.repeat):
                    list(linter.run_rule(rule, report))
                blocks.append((time.process_time() - start) / args.repeat * 1000)
            costs.append(min(blocks))
        family = sum(c for r, c in zip(linter.rules, costs) if r.code.startswith("GL8"))
        totals.append(family)
        print(f"  {path.name:<28} {path.stat().st_size / 1000:5.1f} " + " ".join(f"{c:7.3f}" for c in costs)
              + f" {family:7.3f}")
    print(f"\nall of GL8xx together: mean {statistics.mean(totals):.3f} ms, max {max(totals):.3f} ms per seed report"
          " (goal: ≤ 1 ms)")


if __name__ == "__main__":
    main(sys.argv[1:])
