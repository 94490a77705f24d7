"""govlint's start-up: wall and CPU time of short commands, as a user gets them (see
bench/README.md).

    .venv/bin/python bench/startup.py                  # the govlint next to this Python
    .venv/bin/python bench/startup.py --govlint /tmp/new/bin/govlint --govlint /tmp/old/bin/govlint

Prints the min and median of `runs` runs (after one warm-up run, which also fills the user's
caches) of `govlint --version`, `govlint --explain GL201`, a check of
examples/report-2019.txt and, as the floor, `python -c pass` with the same Python; output
goes to /dev/null. Several --govlint are run in turn, run by run, so that a busy machine
weighs on each alike (compare their CPU times there; wall time waits for other processes).
PYTHONDONTWRITEBYTECODE is unset for the children: an installed govlint has its bytecode
compiled, and an editable one should be measured the same way.
Goals of issue 17: --version <= 80 ms, the one-report check <= 150 ms (min, wall).
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


def run_once(command: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU (user + system of the child) seconds of one run; on a busy machine the
    CPU time says more about the command than the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def cases(script: str) -> list[tuple[str, list[str]]]:
    return [("python -c pass (floor)", [python_of(script), "-c", "pass"]),
            ("--version", [script, "--version"]),
            ("--explain GL201", [script, "--explain", "GL201"]),
            ("report-2019.txt", [script, str(REPORT)])]


def startup(scripts: list[str], runs: int) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(f"start-up: ms over {runs} runs (output to /dev/null)")
    for index in range(len(cases(scripts[0]))):
        times: dict[str, tuple[list[float], list[float]]] = {s: ([], []) for s in scripts}
        for script in scripts:                    # warm-up: fills the caches
            run_once(cases(script)[index][1], env)
        for _ in range(runs):
            for script in scripts:
                wall, cpu = run_once(cases(script)[index][1], env)
                times[script][0].append(wall * 1000)
                times[script][1].append(cpu * 1000)
        label = cases(scripts[0])[index][0]
        for script, (walls, cpus) in times.items():
            goal = GOALS_MS.get(label)
            note = f"   goal <= {goal} ms wall: {'met' if min(walls) <= goal else 'NOT met'}" if goal else ""
            name = f"  [{script}]" if len(scripts) > 1 else ""
            print(f"  {label:<24} wall min {min(walls):6.1f} median {statistics.median(walls):6.1f}   "
                  f"cpu min {min(cpus):6.1f} median {statistics.median(cpus):6.1f}{note}{name}")


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description="govlint start-up time")
    p.add_argument("--govlint", action="append", help="a govlint script to time (repeatable)")
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args(argv)
    scripts = args.govlint or [govlint_script(sys.executable)]
    if not all(scripts):
        sys.exit(f"no govlint script next to {sys.executable}; give one with --govlint")
    startup(scripts, max(args.runs, 1))


if __name__ == "__main__":
    main(sys.argv[1:])
