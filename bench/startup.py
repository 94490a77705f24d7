"""govlint's start-up: wall time of short commands, as a user gets them (see bench/README.md).

    .venv/bin/python bench/startup.py                  # the govlint next to this Python
    .venv/bin/python bench/startup.py --govlint /tmp/v/bin/govlint --runs 9

Prints the min and median wall and CPU time of `runs` runs (after one warm-up run, which also fills
the user's parser cache) of `govlint --version`, `govlint --explain GL201`, a check of
examples/report-2019.txt and, as the floor, `python -c pass` with the same Python. Output
goes to /dev/null. PYTHONDONTWRITEBYTECODE is unset for the children: an installed govlint
has its bytecode compiled, and an editable one should be measured the same way.
Goals of issue 17: --version <= 80 ms, the one-report check <= 150 ms (min).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples" / "report-2019.txt"
GOALS_MS = {"--version": 80, "report-2019.txt": 150}


def govlint_script(python: str) -> str:
    script = Path(python).parent / "govlint"
    return str(script) if script.exists() else ""


def python_of(script: str) -> str:
    """The Python a console script runs with (its #! line), for the floor."""
    with open(script, "rb") as f:
        first = f.readline().decode("utf-8", "replace").strip()
    return first[2:].split()[0] if first.startswith("#!") else sys.executable


def timed(command: list[str], runs: int, env: dict) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system of the child) seconds of each run; on a busy machine the
    CPU time says more about the command than the wall time."""
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)   # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def startup(script: str, runs: int) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cases = [("python -c pass (floor)", [python_of(script), "-c", "pass"]),
             ("--version", [script, "--version"]),
             ("--explain GL201", [script, "--explain", "GL201"]),
             ("report-2019.txt", [script, str(REPORT)])]
    print(f"start-up of {script}: ms over {runs} runs (output to /dev/null)")
    for label, command in cases:
        walls, cpus = timed(command, runs, env)
        walls, cpus = [t * 1000 for t in walls], [t * 1000 for t in cpus]
        goal = GOALS_MS.get(label)
        note = f"   goal <= {goal} ms wall: {'met' if min(walls) <= goal else 'NOT met'}" if goal else ""
        print(f"  {label:<24} wall min {min(walls):6.1f} median {statistics.median(walls):6.1f}   "
              f"cpu min {min(cpus):6.1f} median {statistics.median(cpus):6.1f}{note}")


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description="govlint start-up time")
    p.add_argument("--govlint", default=govlint_script(sys.executable), help="the govlint script to time")
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args(argv)
    if not args.govlint:
        sys.exit(f"no govlint script next to {sys.executable}; give one with --govlint")
    startup(args.govlint, max(args.runs, 1))


if __name__ == "__main__":
    main(sys.argv[1:])
