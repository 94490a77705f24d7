"""The cost of the corpus rules (GL701–GL703) over 1 000 and 10 000 generated reports.

    .venv/bin/python bench/corpus.py [N ...]        (default: 1000 10000)

A pool of reports is rendered with the test builder and run through the real pipeline
(parse, model, digest) to time what each report costs to digest. The N reports of a run are
then made from that pool's digests with their own office, year, table numbers and prose
(generated sentences shingled exactly as the linter shingles a report), so the corpus pass
sees a realistic run without parsing N files: half the offices come in two consecutive
years, every report carries a province-wide paragraph, and about 2 % copy a neighbour's or
last year's section. Printed: seconds per rule, findings, LSH candidate pairs, the memory
the digests take (tracemalloc) and how much the pass raised the process's peak memory.
"""
from __future__ import annotations

import random
import resource
import sys
import time
import tracemalloc
from array import array
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from builder import build_report                                   # noqa: E402
from govlint.model.corpus import Corpus                                   # noqa: E402
from govlint.model.digest import SectionDigest, digest_report            # noqa: E402
from govlint.run.engine import Linter                                   # noqa: E402
from govlint.model.similarity import candidate_pairs, shingles            # noqa: E402
from govlint.read.text import from_text                                # noqa: E402

POOL = 20
COPY_SHARE = 0.02
SUBJECTS = ["本单位", "各科室", "办公室", "业务部门", "基层站所", "信息公开专员", "宣传部门", "法制机构", "窗口单位",
            "街道社区", "网站编辑部", "审核小组", "工作专班", "数据中心", "档案室", "服务中心"]
ACTIONS = ["进一步完善", "持续优化", "认真落实", "全面梳理", "及时更新", "严格审核", "扎实推进", "主动回应",
           "深入开展", "规范管理", "定期检查", "逐项核对", "统筹协调", "细化分解", "集中清理", "重点督办"]
OBJECTS = ["主动公开目录", "依申请公开流程", "政策解读材料", "政务新媒体账号", "公开专栏内容", "保密审查机制",
           "答复文书模板", "信息发布台账", "公众意见反馈", "重点领域信息", "政府开放日活动", "办事指南要素",
           "行政规范性文件", "财政预决算信息", "建议提案办理结果", "涉企政策清单"]
EFFECTS = ["确保信息准确及时", "群众获得感明显增强", "工作质量稳步提升", "做到应公开尽公开", "答复规范率达到百分之百",
           "各项任务按期完成", "公开实效不断提高", "社会关注度持续上升"]
PROVINCE = ("坚持以人民为中心的发展思想，全面贯彻落实政务公开各项决策部署。"
            "对照全省政务公开工作要点逐项抓好落实，以公开促落实、以公开促规范、以公开促服务。")


def name(rng: random.Random) -> str:
    """A made-up two- or three-character name (a project, a street): what makes real
    sentences differ from office to office."""
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 3)))


def prose(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        out.append(f"{rng.choice(SUBJECTS)}围绕{name(rng)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，"
                   f"{rng.choice(ACTIONS)}{name(rng)}{rng.choice(OBJECTS)}{rng.randint(2, 99)}项，"
                   f"{rng.choice(EFFECTS)}。")
    return "".join(out)


def section(number: int, text: str, template: SectionDigest) -> SectionDigest:
    hashes, weights = shingles(text)
    return SectionDigest(number, template.span, hashes, weights)


def pool_digests(linter: Linter) -> tuple[list, float]:
    """Digests of real rendered reports, and the seconds one digest costs."""
    rng = random.Random(7)
    reports = []
    for i in range(POOL):
        text = build_report(year=2021, prose={1: [prose(rng, 20)], 5: [prose(rng, 6)]})
        reports.append(linter.build_report(from_text(text, f"pool{i}.txt")))
    start = time.perf_counter()
    digests = [digest_report(r, linter.corpus_located) for r in reports]
    return digests, (time.perf_counter() - start) / POOL


def generate(n: int, pool: list, seed: int = 1) -> list:
    """n digests: n/4 offices in two years plus n/2 offices in one year."""
    rng = random.Random(seed)
    offices = [(f"第{i}市", f"第{i}区") for i in range(n)]
    plan = [(o, 2021) for o in offices[: n // 4]] + [(o, 2022) for o in offices[: n // 4]]
    plan += [(o, 2022) for o in offices[n // 4: n // 4 + (n - len(plan))]]
    texts: dict[tuple, str] = {}
    out = []
    for index, (office, year) in enumerate(plan):
        base = pool[index % len(pool)]
        text1 = PROVINCE + prose(rng, 20)
        if rng.random() < COPY_SHARE and texts:
            text1 = rng.choice(list(texts.values()))            # copied from another report
        texts[(office, year)] = text1
        values = array("d", (rng.randint(0, 9) for _ in base.values))
        sections = {1: section(1, text1, base.sections[1]), 5: section(5, prose(rng, 6), base.sections[5])}
        out.append(replace(base, path=f"{office[1]}/{year}.txt", year=year,
                           office=replace(base.office, places=office) if base.office else None,
                           values=values, sections=sections))
    return out


def digest_size(pool: list) -> float:
    """Bytes one generated digest keeps (its own arrays and objects; shared key tuples not counted)."""
    tracemalloc.start()
    sample = generate(200, pool, seed=2)
    size = tracemalloc.get_traced_memory()[0] / len(sample)
    tracemalloc.stop()
    return size


def run(n: int, linter: Linter, pool: list, per_digest: float) -> None:
    digests = generate(n, pool)
    corpus = Corpus(digests)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{n:>6} reports  (digests ≈ {n * per_digest / 2**20:.0f} MB in memory)")
    total = 0.0
    for rule in linter.corpus_rules:
        _PAIRS.clear()
        start = time.perf_counter()
        found = list(rule.check_corpus(corpus))
        seconds = time.perf_counter() - start
        total += seconds
        pairs = f"   {sum(_PAIRS)} LSH candidate pairs (all pairs: {n * (n - 1) // 2})" if _PAIRS else ""
        print(f"        {rule.code} {rule.name:<18} {seconds:7.2f} s   {len(found):>5} findings{pairs}")
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    print(f"        all corpus rules       {total:7.2f} s   ({total / n * 1000:.2f} ms per report); "
          f"peak memory grew by {grown:.0f} MB during the pass")


_PAIRS: list[int] = []


def _counting(signatures):
    pairs = candidate_pairs(signatures)
    _PAIRS.append(len(pairs))
    return pairs


def main(argv: list[str]) -> None:
    import govlint.rules.across_reports as across
    across.candidate_pairs = _counting
    sizes = [int(a) for a in argv] or [1000, 10000]
    linter = Linter(select=["GL7"])
    pool, digest_cost = pool_digests(linter)
    per_digest = digest_size(pool)
    print(f"digesting one report (after parsing): {digest_cost * 1000:.1f} ms; "
          f"a digest keeps ≈ {per_digest / 1024:.1f} KB")
    for n in sizes:
        run(n, linter, pool, per_digest)


if __name__ == "__main__":
    main(sys.argv[1:])
