"""Per-core cost of checking a report published as a web page: `read_html` + all rules, next to
the floor (lxml alone parsing the same page and taking its text).

    .venv/bin/python bench/web_page.py              # the shared real page (when present) and generated pages
    .venv/bin/python bench/web_page.py --repeat 20 a.html b.html

Times are CPU seconds of this process (time.process_time), the median of --repeat runs after
one warm-up run, so they are per core and comparable on a busy machine. Generated pages are
builder reports rendered as a government CMS publishes them (tests/render_html.py), both
templates, with the site's chrome around the article.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from timing import cpu   # noqa: E402  (bench/ is on the path of a script run from it)
REAL = ROOT.parent / "shared" / "real" / "2025_fujian-pingtan_gwh.html"


def floor(path: Path) -> int:
    import lxml.html
    return len(lxml.html.fromstring(path.read_bytes()).text_content())


def generated(folder: Path) -> list[Path]:
    from builder import build_report
    from render_html import write_html
    reports = {"gen-2019": dict(year=2019), "gen-2021": dict(year=2021, results={"open": {"natural": 30}}),
               "gen-2021-defects": dict(year=2021, cells={"t3.new.natural": "", "t3.result_total.total": "9"})}
    return [write_html(build_report(**options), folder / f"{name}.html") for name, options in reports.items()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    from govlint.read.web_page import read_html
    from govlint.run.engine import Linter
    linter = Linter(digests=False)
    with tempfile.TemporaryDirectory() as tmp:
        files = args.files or ([REAL] if REAL.exists() else []) + generated(Path(tmp))
        print(f"{'file':<36} {'KB':>6} {'floor ms':>9} {'read ms':>8} {'lint ms':>8} {'total ms':>9} {'×floor':>7}")
        totals = []
        for path in files:
            base = cpu(lambda: floor(path), args.repeat)
            read = cpu(lambda: read_html(path), args.repeat)
            source = read_html(path)
            lint = cpu(lambda: linter.lint_source(source), args.repeat)
            total = read + lint
            totals.append(total)
            print(f"{path.name[:36]:<36} {path.stat().st_size / 1000:>6.0f} {base * 1000:>9.1f} {read * 1000:>8.1f} "
                  f"{lint * 1000:>8.1f} {total * 1000:>9.1f} {total / base if base else 0:>7.1f}")
        print(f"mean per page: {statistics.mean(totals) * 1000:.1f} ms CPU, "
              f"{1 / statistics.mean(totals):.0f} pages/s per core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
