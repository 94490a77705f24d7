"""The pre-commit hook (.pre-commit-hooks.yaml), run for real with `pre-commit try-repo` on a
temporary git repository of reports. pre-commit builds its own environment with govlint
installed from a snapshot of this working tree (tracked and new files), as it would from a
release tag."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder import build_report
from govlint import __version__

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None or not PRE_COMMIT.exists(),
                                reason="git and pre-commit (test extra) are needed")


def git(*args, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def snapshot(dest: Path) -> Path:
    """This working tree's files (tracked and not ignored) committed in a fresh repository."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "snapshot", cwd=dest)
    return dest


@pytest.fixture(scope="module")
def hook(tmp_path_factory):
    base = tmp_path_factory.mktemp("precommit")
    source = snapshot(base / "govlint")
    reports = base / "reports"
    reports.mkdir()
    git("init", "-q", cwd=reports)
    (reports / "2021年度报告.txt").write_text(build_report(year=2021, place="杭州市拱墅区"), encoding="utf-8")
    (reports / "reports").mkdir()
    (reports / "reports" / "blank.txt").write_text(
        build_report(year=2019, place="杭州市拱墅区", cells={"t3.new.natural": ""}), encoding="utf-8")
    (reports / "notes.md").write_text("# 说明\n", encoding="utf-8")
    (reports / "notes.txt").write_text("会议纪要\n今天开了会。\n", encoding="utf-8")   # not a report
    git("add", "-A", cwd=reports)
    git("commit", "-q", "-m", "reports", cwd=reports)
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(PRE_COMMIT), "try-repo", str(source), "govlint", "--files", *files],
                              cwd=reports, env=env, capture_output=True, text=True, timeout=900)
    try_repo.source, try_repo.reports, try_repo.env = source, reports, env
    return try_repo


def test_hook_fails_on_a_report_with_errors(hook):
    done = hook("reports/blank.txt", "2021年度报告.txt")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout and "- exit code: 1" in done.stdout
    assert "blank.txt:" in done.stdout and "GL301" in done.stdout
    assert "2021年度报告.txt:" not in done.stdout and "Traceback" not in done.stdout


def test_hook_passes_a_clean_report_and_skips_other_files(hook):
    done = hook("2021年度报告.txt")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
    for other in ("notes.md", "notes.txt"):      # notes.txt would fail GL101 if it were linted
        skipped = hook(other)
        assert skipped.returncode == 0 and "Skipped" in skipped.stdout, skipped.stdout


HOOK_FILES = re.search(r"^  files: (.*)$", (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"), re.M).group(1)


@pytest.mark.parametrize("name, linted", [
    ("2021年度报告.txt", True), ("拱墅区政府信息公开工作年度报告（2021）.docx", True), ("2021年报.TXT", True),
    ("annual-report-2021.txt", True), ("Annual_Report.docx", True), ("reports/拱墅区.txt", True),
    ("2021/报告/拱墅区.docx", True), ("年报/2019/a.txt", True),
    ("notes.txt", False), ("docs/README.txt", False), ("报告说明.md", False), ("myreports/a.txt", False),
    ("reports-old/a.txt", False), ("report.pdf", False),
])
def test_the_hook_files_pattern_picks_report_files(name, linted):
    """pre-commit matches `files:` with re.search on the path relative to the repository."""
    assert bool(re.search(HOOK_FILES, name)) is linted


def test_readme_snippet_works_as_written_for_the_current_version(hook, tmp_path):
    """The .pre-commit-config.yaml of README, with the repository's address replaced by the
    snapshot tagged v<version>, run by `pre-commit run --all-files`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"```yaml\n(repos:.*?)```", readme, re.S).group(1)
    assert f"rev: v{__version__}" in snippet
    tagged = tmp_path / "govlint"
    shutil.copytree(hook.source, tagged)
    git("tag", "-a", f"v{__version__}", "-m", "release", cwd=tagged)
    reports = tmp_path / "reports"
    shutil.copytree(hook.reports, reports)
    config = re.sub(r"repo: \S+", f"repo: {tagged.as_posix()}", snippet)
    (reports / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git("add", ".pre-commit-config.yaml", cwd=reports)
    done = subprocess.run([str(PRE_COMMIT), "run", "--all-files"], cwd=reports, env=hook.env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr     # reports/blank.txt has an error
    assert "blank.txt:" in done.stdout and "GL301" in done.stdout
    assert "notes.txt" not in done.stdout and "Traceback" not in done.stdout
