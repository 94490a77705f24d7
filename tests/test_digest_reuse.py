"""The digest reuses what was worked out before: the meta the engine read (Report.stated)
and the shingles of a section met again (digest._SHINGLED). Oracle: the digest made from
scratch, with neither."""
from __future__ import annotations

import random
from dataclasses import replace

from builder import build_report
from govlint.config.settings import Config
from govlint.model import digest as digest_module
from govlint.model.digest import digest_report
from govlint.read.text import from_text
from govlint.run.engine import Linter

_PLACES = ["杭州市西湖区", "北山街道", "宁波市", "西湖区"]


def _texts(count: int) -> list[str]:
    rng = random.Random(11)
    prose = ["本报告根据《中华人民共和国政府信息公开条例》编制。", "全区共主动公开政府信息1234条，同比增长5.6%。",
             "西湖区加强政务公开平台建设，完善制度12项。", "如对本报告有疑问，请联系西湖区政府办公室。",
             "电话：0571-12345678。", "下一步，我们将持续推进政务公开标准化规范化建设。  "]
    return [build_report(year=rng.choice([2020, 2021]), place=rng.choice(_PLACES),
                         prose={1: rng.sample(prose, rng.randint(0, 4)), 5: rng.sample(prose, rng.randint(0, 4))})
            for _ in range(count)]


def _fields(digest) -> tuple:
    sections = {n: (s.span, s.hashes.tobytes(), s.weights.tobytes()) for n, s in digest.sections.items()}
    return (digest.year, digest.office, digest.values.tobytes(), digest.located, digest.tables, sections)


def _from_scratch(report, located) -> tuple:
    digest_module._SHINGLED.clear()
    return _fields(digest_report(replace(report, stated=None), located))


def test_digests_are_those_made_from_scratch():
    linter = Linter(select=["GL7"])
    texts = _texts(24)
    reports = [linter.build_report(from_text(t, f"r{i}.txt")) for i, t in enumerate(texts + texts)]
    assert all(r.stated is r.meta for r in reports)
    made = [_fields(digest_report(r, linter.corpus_located)) for r in reports]      # the copies hit
    assert made == [_from_scratch(r, linter.corpus_located) for r in reports]


def test_report_settings_leave_the_stated_meta_unknown():
    linter = Linter(Config(report={"year": 2019, "place": "拱墅区"}), select=["GL7"])
    report = linter.build_report(from_text(_texts(1)[0], "r.txt"))
    assert report.stated is None and report.meta.year == 2019
    assert digest_report(report).year != 2019
