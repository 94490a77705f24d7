"""govlint's speed and memory, measured in one run (see bench/README.md).

    .venv/bin/python bench/run.py                # everything: ~15 minutes on 2 cores
    .venv/bin/python bench/run.py --quick        # a smaller corpus, for a first look
    .venv/bin/python bench/run.py --only phases  # one part: speed, throughput, phases, size, memory, startup

Printed:
0. speed — the figures of issue 17 side by side: reports per second per core in this
   process (CPU time, the best of several rounds) on the seeds and on generated reports of
   3-200 KB; the command on 1 000 seed copies with -j 1 and -j N; and the floor, a plain
   Python process that reads the same files and runs two regex passes over each, with the
   ratio of the command's time to the floor's; the same on 1 000 distinct generated reports
   of the seeds' size (the copies find again what govlint keeps by text; a batch of different
   offices' reports does not);
1. throughput — reports per second of the `govlint` command (--format jsonl, all rules)
   with 1 and N worker processes, over a generated corpus (default 5 000 reports of 3 KB to
   200 KB, made with tests/builder.py plus padding prose) and over the seeds;
2. phases — milliseconds per report for reading, parsing (the Lark LALR parse itself and the
   rest: tree, outline), the template model, the rules in total and every rule on its own,
   on the seeds and on a sample of the corpus;
3. size — time against report size, with a straight-line fit, to show it is linear;
4. memory — peak memory of the command over 1 000 and over 10 000 files.
5. startup (printed first) — bench/startup.py: wall and CPU time of `govlint --version`,
   `--explain GL201` and a one-report check, next to `python -c pass`.

Corpora are written to a temporary folder (or to bench/output/ with --keep, git-ignored).
"""
from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from builder import build_report                                    # noqa: E402
from govlint import __version__, collector                           # noqa: E402
from govlint.run.batch import collect_files, default_jobs                # noqa: E402
from govlint.read import parse_source, read_input
from govlint.run.engine import Linter        # noqa: E402
from govlint.model.meta import read_meta                                   # noqa: E402
from govlint.model.template_model import read_model                                 # noqa: E402
try:
    from govlint.syntax.parser import parse_blocks as grammar_parse         # noqa: E402
except ImportError:      # before the one-pass driver (issue 17): Lark's own loop
    from govlint.syntax.parser import parser as _parser                     # noqa: E402

    def grammar_parse(source):
        return _parser().parse(source.text + "\n")

SEEDS = ROOT.parent / "shared" / "seeds"
OUTPUT = ROOT / "bench" / "output"
MIN_BYTES, MAX_BYTES = 3_400, 200_000       # a bare builder report is ~3.4 KB
SIZE_BUCKETS_KB = (3, 6, 12, 25, 50, 100, 200)
POLL_SECONDS = 0.2

# Padding prose, our own wording: sentences about disclosure work with numbers in them.
OPENINGS = ["本年度", "报告期内", "今年以来", "全年", "上半年", "下半年"]
ACTORS = ["本机关", "各业务科室", "办公室", "政务公开工作小组", "信息中心", "各直属单位", "法制科", "综合服务窗口"]
DEEDS = ["组织开展", "认真落实", "持续推进", "集中开展", "扎实推进", "统筹安排"]
WORKS = ["政务公开业务培训", "公开专栏内容检查", "政策解读工作", "政府开放日活动", "网站信息核查", "公开指南修订",
         "保密审查抽查", "依申请公开答复评查", "政务新媒体巡查", "公开目录梳理"]
COUNTS = ["{n}场次", "{n}次", "{n}批次", "{n}项"]
RESULTS = ["参与人员覆盖全部科室", "发现并整改问题若干", "群众满意度有所提升", "工作规范化水平进一步提高",
           "答复质量稳步提升", "公开内容更加准确及时"]
PLACES = ["杭州市西湖区", "杭州市拱墅区", "宁波市海曙区", "温州市鹿城区", "绍兴市越城区", "湖州市吴兴区", "嘉兴市南湖区",
          "金华市婺城区", "衢州市柯城区", "舟山市定海区", "台州市椒江区", "丽水市莲都区"]


# ---------------------------------------------------------------- corpus
def sentence(rng: random.Random) -> str:
    count = rng.choice(COUNTS).format(n=rng.randint(2, 60))
    return (f"{rng.choice(OPENINGS)}，{rng.choice(ACTORS)}{rng.choice(DEEDS)}{rng.choice(WORKS)}{count}，"
            f"{rng.choice(RESULTS)}。")


def paragraphs(rng: random.Random, target_bytes: int) -> list[str]:
    """Paragraphs of 2-6 sentences adding up to about target_bytes of UTF-8."""
    out: list[str] = []
    size = 0
    while size < target_bytes:
        text = "".join(sentence(rng) for _ in range(rng.randint(2, 6)))
        out.append(text)
        size += len(text.encode("utf-8")) + 1
    return out


def make_report(rng: random.Random, target_bytes: int, unit: str | None = None) -> str:
    """A builder report (random numbers, year, place) padded with prose to about target_bytes;
    with a `unit`, the report of that department of the place ("" for its government)."""
    year = rng.choice([2019, 2020, 2021, 2022])
    results = {"open": {"natural": rng.randint(0, 90), "business": rng.randint(0, 9)},
               "cannot_3": {"natural": rng.randint(0, 9)}, "partial": {"legal": rng.randint(0, 5)}}
    carry_next = {"natural": rng.randint(0, 5)}
    review = tuple(rng.randint(0, 4) for _ in range(4))
    base = build_report(year=year, place=rng.choice(PLACES), results=results, carry_next=carry_next,
                        review=review)
    room = max(0, target_bytes - len(base.encode("utf-8")))
    pad = paragraphs(rng, room) if room > 200 else []
    split = len(pad) * 4 // 5
    place = rng.choice(PLACES)
    title = None if unit is None else [f"{year}年政府信息公开工作年度报告", f"（{place}{unit}）"]
    return build_report(year=year, place=place, title=title, results=results, carry_next=carry_next,
                        review=review, prose={1: pad[:split], 5: pad[split:]})


def log_uniform(rng: random.Random, low: int, high: int) -> int:
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def write_corpus(folder: Path, count: int, low: int, high: int, seed: int) -> list[Path]:
    """count reports of log-uniformly spread sizes between low and high bytes, in subfolders
    of 500 (as offices would file them)."""
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = folder / f"batch{i // 500:03d}" / f"report{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make_report(rng, log_uniform(rng, low, high)), encoding="utf-8")
        paths.append(path)
    return paths


def copy_seeds(folder: Path, copies: int) -> list[Path]:
    seeds = sorted(SEEDS.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        for seed in seeds:
            shutil.copyfile(seed, folder / f"{seed.stem}_{k:03d}.txt")
    return sorted(folder.glob("*.txt"))


# ---------------------------------------------------------------- running the command
def govlint_command() -> list[str]:
    script = Path(sys.executable).parent / "govlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "govlint.cli"]


@dataclass
class Run:
    seconds: float                 # wall clock
    status: int
    cpu_seconds: float = 0.0       # user + system of the command and its worker processes
    peaks_kb: dict[int, int] = field(default_factory=dict)    # pid -> VmHWM (peak resident set)
    main_pid: int = 0

    @property
    def main_peak_mb(self) -> float:
        return self.peaks_kb.get(self.main_pid, 0) / 1024

    @property
    def worker_peak_mb(self) -> float:
        workers = [kb for pid, kb in self.peaks_kb.items() if pid != self.main_pid]
        return max(workers, default=0) / 1024

    @property
    def total_peak_mb(self) -> float:
        return sum(self.peaks_kb.values()) / 1024


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _peak_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run_govlint(folder: Path, jobs: int, extra: tuple[str, ...] = ()) -> Run:
    """`govlint --format jsonl -j N [extra] folder > /dev/null`, timed, its processes' peak
    memory sampled from /proc (Linux; elsewhere no memory figures)."""
    command = govlint_command() + ["--format", "jsonl", "--quiet", "-j", str(jobs), *extra, str(folder)]
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, text=True)
        run = Run(0.0, 0, main_pid=proc.pid)
        usage = None
        while usage is None:
            for pid in [proc.pid, *_children(proc.pid)]:
                kb = _peak_kb(pid)
                if kb:
                    run.peaks_kb[pid] = max(kb, run.peaks_kb.get(pid, 0))
            time.sleep(POLL_SECONDS)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            usage = usage if pid else None
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = proc.stderr.read()
    run.seconds, run.status = time.perf_counter() - start, proc.returncode
    run.cpu_seconds = usage.ru_utime + usage.ru_stime      # includes the workers it waited for
    if run.status not in (0, 1):
        print(f"    (exit {run.status}: {stderr.strip()[:300]})")
    return run


def RUN_VARIANTS(jobs: int) -> list[tuple[int, tuple[str, ...]]]:
    """1 and N processes with every rule, and N processes without the rules over the whole
    run (GL7xx: their cost grows faster than the number of reports; see bench/corpus.py)."""
    return [(1, ()), (jobs, ()), (jobs, WITHOUT_CORPUS_RULES)] if jobs > 1 else [(1, ()), (1, WITHOUT_CORPUS_RULES)]


WITHOUT_CORPUS_RULES = ("--ignore", "GL7")


def throughput(label: str, folder: Path, count: int, megabytes: float, jobs: int) -> None:
    print(f"\n{label}: {count} reports, {megabytes:.0f} MB (start-up and the rules over the whole run included)")
    for n, extra in RUN_VARIANTS(jobs):
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        run = run_govlint(folder, n, extra)
        print(f"  -j {n}{' ' + ' '.join(extra) if extra else '':<13}: {run.seconds:7.1f} s wall  {count / run.seconds:7.1f} reports/s   "
              f"{run.cpu_seconds:7.1f} s CPU  {count / run.cpu_seconds:7.1f} reports per CPU-second   "
              f"(load average before: {load:.1f})")


# ---------------------------------------------------------------- speed (issue 17)
FLOOR_CODE = r"""
import os, re, sys
digits, cells = re.compile(r"[0-9]+"), re.compile(r"^\t.*$", re.M)
found = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        found += len(digits.findall(text)) + len(cells.findall(text))
print(found)
"""


# The floor and the command are each timed this many times and compared by their fastest run:
# like with like, and the least disturbed by other programs on the machine.
SPEED_RUNS = 3


def run_floor(folder: Path) -> Run:
    """The floor: a plain Python process reading every file of `folder` and running two
    regex passes over each (numbers, TAB lines)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", FLOOR_CODE, str(folder)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return Run(time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime)


def in_process_rate(paths: list[Path], rounds: int, repeat: int) -> tuple[float, float, float]:
    """(ms CPU per report, reports per CPU-second, ms CPU per report in the slowest round) of
    Linter.lint_source over `paths`, all rules, the GL7 digest made as in a batch run: the
    best of `rounds` rounds of `repeat` passes (the best round is the one least disturbed by
    other programs on the machine; the slowest shows how much they disturbed)."""
    linter = Linter()
    sources = [read_input(p) for p in paths]
    for source in sources:             # warm up: grammar, gazetteer, caches — as in a batch run
        linter.lint_source(source)
    times = []
    with linting_collector():
        for _ in range(rounds):
            start = time.process_time()
            for _ in range(repeat):
                for source in sources:
                    linter.lint_source(source)
            times.append((time.process_time() - start) / (repeat * len(sources)))
    return min(times) * 1000, 1 / min(times), max(times) * 1000


@contextmanager
def linting_collector():
    """The garbage collector set as the govlint command and server set it once start-up is
    over (govlint/collector.py: what exists then is frozen, the young generation holds
    LINTING_THRESHOLD objects): the engine is measured in this process as it runs there.
    With Python's default (700, and the bench's own objects in reach) every report costs
    ~0.4 M instructions more (~3.5 % of a seed report), spent on passes that free nothing."""
    threshold = gc.get_threshold()
    gc.collect()
    gc.freeze()
    collector.for_linting()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def speed(seeds: list[Path], seed_folder: Path | None, corpus: list[Path], jobs: int, quick: bool,
          work: Path) -> None:
    print("\nspeed (issue 17: 300 reports/s per core in-process on seed-sized reports; the command on "
          "1 000 files within 10x the floor)")
    seed_files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if seed_files:
        ms, rate, slowest = in_process_rate(seed_files, 5 if quick else 10, 4 if quick else 10)
        print(f"  in-process, seeds ({len(seed_files)} reports, "
              f"{statistics.mean(p.stat().st_size for p in seed_files) / 1000:.1f} KB mean): "
              f"{ms:6.2f} ms CPU per report   {rate:6.0f} reports/s per core   (slowest round {slowest:.2f} ms)")
    sample = phase_sample(corpus, 60 if quick else 200)
    ms, rate, slowest = in_process_rate(sample, 2 if quick else 3, 1)
    print(f"  in-process, generated ({len(sample)} reports, {min(p.stat().st_size for p in sample) / 1000:.1f}-"
          f"{max(p.stat().st_size for p in sample) / 1000:.0f} KB, "
          f"{statistics.mean(p.stat().st_size for p in sample) / 1000:.1f} KB mean): "
          f"{ms:6.2f} ms CPU per report   {rate:6.0f} reports/s per core   (slowest round {slowest:.2f} ms)")
    if seed_folder is not None and seeds:
        command_against_floor(seed_folder, len(seeds), "seed copies", sorted({1, jobs}))
    # The seed copies are 5 texts 200 times over: what govlint keeps by text (a paragraph's
    # quantities, a section's shingles) is found again. Reports that differ from each other,
    # as a reviewer's batch does, of the seeds' size:
    distinct = write_distinct(work / "distinct", DISTINCT_COUNT)
    command_against_floor(distinct, DISTINCT_COUNT, "distinct generated reports of 6-16 KB",
                          [jobs] if quick else sorted({1, jobs}))


# Reports of the seeds' size (their mean is ~10 KB), each different from the others.
DISTINCT_COUNT = 1000
DISTINCT_BYTES = (6_000, 16_000)
# A reviewer's batch holds the reports of many offices: the governments and departments of
# the PLACES, 240 offices over 4 years, so that an office has about one report a year, as in
# a real batch. (With the 12 places alone an office would have ~20 reports a year, and the
# rules over the whole run would compare each report with ~20 of last year.)
UNITS = ["", "教育局", "民政局", "财政局", "公安局", "司法局", "自然资源和规划局", "生态环境局",
         "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
         "应急管理局", "市场监督管理局", "医疗保障局", "人力资源和社会保障局", "发展和改革局"]


def write_distinct(folder: Path, count: int) -> Path:
    """`count` different reports of the seeds' size, of offices picked at random (PLACES × UNITS)."""
    rng = random.Random(17)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = make_report(rng, log_uniform(rng, *DISTINCT_BYTES), unit=rng.choice(UNITS))
        (folder / f"report{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def command_against_floor(folder: Path, count: int, what: str, job_counts: list[int]) -> None:
    """The floor on the files of `folder` and the command with each of `job_counts`, in
    SPEED_RUNS rounds of one run each, with the ratio of their fastest runs. The runs are
    taken in turn so that a change in the machine's speed during the bench (it can be 2x on a
    shared machine) falls on the floor and the command alike; the ratios within each round
    are printed too."""
    floors: list[Run] = []
    runs: dict[int, list[Run]] = {n: [] for n in job_counts}
    loads: dict[int, float] = {}
    for _ in range(SPEED_RUNS):
        floors.append(run_floor(folder))
        for n in job_counts:
            loads.setdefault(n, os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"))
            runs[n].append(run_govlint(folder, n))
    floor = min(floors, key=lambda r: r.seconds)
    print(f"  floor (read + two regex passes, one process) on {count} {what}, best of {SPEED_RUNS}: "
          f"{floor.seconds:6.2f} s wall  {count / floor.seconds:7.0f} files/s   {floor.cpu_seconds:6.2f} s CPU")
    for n in job_counts:
        run = min(runs[n], key=lambda r: r.seconds)
        rounds = " ".join(f"{r.seconds / f.seconds:.1f}" for r, f in zip(runs[n], floors))
        print(f"  govlint -j {n} on {count} {what}, best of {SPEED_RUNS} (slowest {max(r.seconds for r in runs[n]):.2f} s): "
              f"{run.seconds:6.2f} s wall  {count / run.seconds:7.1f} reports/s   "
              f"{run.cpu_seconds:6.2f} s CPU  {count / run.cpu_seconds:6.1f} reports per CPU-second   "
              f"{run.seconds / floor.seconds:5.1f}x the floor's wall time (each round: {rounds}), "
              f"{run.cpu_seconds / floor.cpu_seconds:5.1f}x its CPU time   (load average before: {loads[n]:.1f})")


# ---------------------------------------------------------------- phases in this process
PHASES = ("read", "parse: grammar, blocks", "parse: outline, plain text", "meta + model", "rules", "engine: rest (ignore, GL7 digest)")


@dataclass
class Timing:
    size_kb: float
    phases: dict[str, float]           # seconds
    rules: dict[str, float]            # "GL201 row-total" -> seconds

    @property
    def total(self) -> float:
        return sum(self.phases.values())


def time_report(linter: Linter, path: Path) -> Timing:
    clock = time.process_time      # CPU time: steadier than the wall clock on a shared machine
    t0 = clock()
    source = read_input(path)
    t1 = clock()
    grammar_parse(source)
    t2 = clock()
    document = parse_source(source)
    t3 = clock()
    settings = linter.config.report
    meta = read_meta(document, settings.get("year"), settings.get("place"))
    read_model(document, meta.year, linter.registry.templates)
    t4 = clock()
    report = linter.build_report(source)
    rules: dict[str, float] = {}
    for rule in linter.rules:
        start = clock()
        linter.run_rule(rule, report)
        rules[f"{rule.code} {rule.name}"] = clock() - start
    whole_start = clock()
    linter.lint_source(source)
    whole = clock() - whole_start
    parts = {"read": t1 - t0, "parse: grammar, blocks": t2 - t1, "parse: outline, plain text": max(0.0, (t3 - t2) - (t2 - t1)),
             "meta + model": t4 - t3, "rules": sum(rules.values())}
    parts["engine: rest (ignore, GL7 digest)"] = max(0.0, whole - sum(parts.values()) + parts["read"])
    return Timing(path.stat().st_size / 1000, parts, rules)


def time_reports(linter: Linter, paths: list[Path], repeat: int = 1) -> list[Timing]:
    for path in paths:                   # warm up: grammar, gazetteer, caches — as in a batch run
        linter.lint_source(read_input(path))
    with linting_collector():
        return [time_report(linter, p) for _ in range(repeat) for p in paths]


def print_phases(label: str, timings: list[Timing]) -> None:
    n = len(timings)
    total = sum(t.total for t in timings) / n * 1000
    print(f"\n{label}: {n} report runs, mean size {statistics.mean(t.size_kb for t in timings):.1f} KB, "
          f"{total:.2f} ms CPU per report in all (≈ {1000 / total:.0f} reports/s per core)")
    for phase in PHASES:
        ms = sum(t.phases[phase] for t in timings) / n * 1000
        print(f"  {phase:<34} {ms:8.3f} ms  {ms / total * 100:5.1f} %")


def print_rules(label: str, timings: list[Timing]) -> None:
    n = len(timings)
    costs = {name: sum(t.rules[name] for t in timings) / n * 1000 for name in timings[0].rules}
    total = sum(costs.values())
    print(f"\nrules, {label}: ms CPU per report (all rules {total:.2f} ms)")
    for name, ms in sorted(costs.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<32} {ms:8.3f} ms  {ms / total * 100:5.1f} %")


# The rules of the core issue: structure, arithmetic, cells and place names.
CORE_RULES = ["GL1", "GL2", "GL3", "GL501"]


def print_selection(label: str, paths: list[Path], select: list[str], repeat: int = 10) -> None:
    """Whole lint of one report (lint_source, no corpus digest) with only some rules."""
    linter = Linter(select=select, digests=False)
    sources = [read_input(p) for p in paths]
    for source in sources:
        linter.lint_source(source)
    with linting_collector():
        start = time.process_time()
        for _ in range(repeat):
            for source in sources:
                linter.lint_source(source)
        ms = (time.process_time() - start) / (repeat * len(sources)) * 1000
    print(f"\n{label}, only {','.join(select)} (one-report run, no GL7 digest): {ms:.2f} ms CPU per report "
          f"(≈ {1000 / ms:.0f} reports/s per core)")


def print_data_load() -> None:
    """What the first place-name check pays to load the gazetteer, in a fresh process."""
    code = ("import time, govlint.plugins.rule; t = time.process_time(); import govlint.model.gazetteer as g; g.load(); "
            "print((time.process_time() - t) * 1000)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                 cwd=ROOT).stdout) for _ in range(5)]
    print(f"\nplace-name data (gazetteer) load in a fresh process: median {statistics.median(runs):.1f} ms CPU "
          f"(min {min(runs):.1f}, max {max(runs):.1f}; paid once per process, only when GL501 runs)")


def print_size(timings: list[Timing]) -> None:
    print("\ntime against report size (one process, ms CPU per report):")
    print(f"  {'size KB':>12} {'reports':>7} {'parse':>8} {'model':>8} {'rules':>8} {'total':>8} {'ms/100KB':>9}")
    for low, high in zip(SIZE_BUCKETS_KB, SIZE_BUCKETS_KB[1:]):
        group = [t for t in timings if low <= t.size_kb < high]
        if not group:
            continue
        mean = lambda f: statistics.mean(f(t) for t in group) * 1000   # noqa: E731
        parse = mean(lambda t: t.phases["parse: grammar, blocks"] + t.phases["parse: outline, plain text"])
        total = mean(lambda t: t.total)
        size = statistics.mean(t.size_kb for t in group)
        print(f"  {low:>5}-{high:<6} {len(group):>7} {parse:8.2f} {mean(lambda t: t.phases['meta + model']):8.2f} "
              f"{mean(lambda t: t.phases['rules']):8.2f} {total:8.2f} {total / size * 100:9.2f}")
    xs = [t.size_kb for t in timings]
    ys = [t.total * 1000 for t in timings]
    slope, intercept = statistics.linear_regression(xs, ys)
    r = statistics.correlation(xs, ys)
    print(f"  straight-line fit: total ms ≈ {intercept:.2f} + {slope:.3f} × KB   (r² = {r * r:.3f})")


def phase_sample(paths: list[Path], count: int) -> list[Path]:
    """count paths spread over all sizes (sorted by size, evenly spaced)."""
    by_size = sorted(paths, key=lambda p: p.stat().st_size)
    step = max(1, len(by_size) // count)
    return by_size[::step][:count]


# ---------------------------------------------------------------- memory
def memory(folder: Path, counts: tuple[int, int], jobs: int, seed: int) -> None:
    print(f"\npeak memory of `govlint --format jsonl -j {jobs}` (seed-sized reports, 3-20 KB; "
          "VmHWM of each process):")
    if not Path("/proc/self/status").exists():
        print("  (no /proc here: memory is measured on Linux only)")
        return
    pool = write_corpus(folder / "pool", max(counts), MIN_BYTES, 20_000, seed)   # all different
    for count in counts:
        target = folder / f"files{count}"
        for i in range(count):       # the first `count` of the pool
            link = target / f"part{i // 1000:03d}" / f"r{i:06d}.txt"
            link.parent.mkdir(parents=True, exist_ok=True)
            os.link(pool[i], link)
    for extra, label in ((WITHOUT_CORPUS_RULES, "without GL7xx"), ((), "every rule")):
        for count in counts:
            run = run_govlint(folder / f"files{count}", jobs, extra)
            print(f"  {count:>6} files, {label:<13}: {run.seconds:6.1f} s wall, {run.cpu_seconds:6.1f} s CPU   "
                  f"main process {run.main_peak_mb:6.1f} MB   largest worker {run.worker_peak_mb:6.1f} MB   "
                  f"all processes {run.total_peak_mb:6.1f} MB")


# ---------------------------------------------------------------- main
def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"govlint {__version__}, Python {platform.python_version()}, {model}, "
            f"{os.cpu_count()} cores (nproc), {default_jobs()} usable; {time.strftime('%Y-%m-%d %H:%M %Z')}")


def arguments(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="govlint benchmark")
    p.add_argument("--quick", action="store_true", help="500 reports, memory over 200 and 2 000 files")
    p.add_argument("--reports", type=int, help="size of the generated corpus (default 5000)")
    p.add_argument("--memory-files", type=int, nargs=2, metavar=("FEW", "MANY"), help="default 1000 10000")
    p.add_argument("--jobs", type=int, default=default_jobs(), help="N for the -j N runs (default: cores)")
    p.add_argument("--only", action="append", choices=["speed", "throughput", "phases", "size", "memory", "startup"],
                   help="run only these parts (repeatable)")
    p.add_argument("--keep", action="store_true", help="write the corpora to bench/output/ and keep them")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    args.reports = args.reports or (500 if args.quick else 5000)
    args.memory_files = tuple(args.memory_files or ((200, 2000) if args.quick else (1000, 10000)))
    args.only = set(args.only or ["speed", "throughput", "phases", "size", "memory", "startup"])
    return args


def main(argv: list[str]) -> None:
    args = arguments(argv)
    print(machine())
    if "startup" in args.only:
        from startup import startup         # bench/startup.py: the short commands' wall and CPU time
        command = govlint_command()
        if len(command) == 1:
            startup(command, 7)
        if args.only == {"startup"}:
            return
    if args.keep:
        shutil.rmtree(OUTPUT, ignore_errors=True)
        OUTPUT.mkdir(parents=True)
        work = OUTPUT
    else:
        work = Path(tempfile.mkdtemp(prefix="govlint-bench-"))
    try:
        start = time.perf_counter()
        corpus = write_corpus(work / "corpus", args.reports, MIN_BYTES, MAX_BYTES, args.seed)
        megabytes = sum(p.stat().st_size for p in corpus) / 1e6
        # 1 000 seed copies (200 of each of the 5) whenever the command is timed on them
        seeds = copy_seeds(work / "seeds", 200 if not args.quick or "speed" in args.only else 10) \
            if SEEDS.is_dir() else []
        print(f"generated {len(corpus)} reports ({megabytes:.0f} MB, {MIN_BYTES / 1000:.1f}-{MAX_BYTES / 1000:.0f} KB) "
              f"in {time.perf_counter() - start:.0f} s; seeds: {len(seeds)} copies of "
              f"{len(list(SEEDS.glob('*.txt'))) if SEEDS.is_dir() else 0}")
        if "speed" in args.only:
            speed(seeds, work / "seeds" if seeds else None, corpus, args.jobs, args.quick, work)
        if "throughput" in args.only:
            throughput("generated corpus", work / "corpus", len(corpus), megabytes, args.jobs)
            if seeds:
                throughput("seeds", work / "seeds", len(seeds), sum(p.stat().st_size for p in seeds) / 1e6,
                           args.jobs)
        if args.only & {"phases", "size"}:
            linter = Linter()
            sample = time_reports(linter, phase_sample(corpus, 60 if args.quick else 300))
            if "phases" in args.only:
                if seeds:
                    seed_timings = time_reports(linter, sorted(SEEDS.glob("*.txt")), repeat=10)
                    print_phases("seeds", seed_timings)
                    print_rules("seeds", seed_timings)
                    print_selection("seeds", sorted(SEEDS.glob("*.txt")), CORE_RULES)
                print_data_load()
                print_phases("generated corpus sample", sample)
                print_rules("generated corpus sample", sample)
            if "size" in args.only:
                print_size(sample)
        if "memory" in args.only:
            memory(work / "memory", args.memory_files, args.jobs, args.seed + 1)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
