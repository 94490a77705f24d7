"""The pre-commit hook (.pre-commit-hooks.yaml), run for real with `pre-commit try-repo` on a
temporary git repository of reports. pre-commit builds its own environment with govlint
installed from a snapshot of this working tree (tracked and new files), as it would from a
release tag."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder import build_report

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
    (reports / "clean.txt").write_text(build_report(year=2021, place="杭州市拱墅区"), encoding="utf-8")
    (reports / "blank.txt").write_text(build_report(year=2019, place="杭州市拱墅区", cells={"t3.new.natural": ""}),
                                       encoding="utf-8")
    (reports / "notes.md").write_text("# 说明\n", encoding="utf-8")
    git("add", "-A", cwd=reports)
    git("commit", "-q", "-m", "reports", cwd=reports)
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(PRE_COMMIT), "try-repo", str(source), "govlint", "--files", *files],
                              cwd=reports, env=env, capture_output=True, text=True, timeout=900)
    return try_repo


def test_hook_fails_on_a_report_with_errors(hook):
    done = hook("blank.txt", "clean.txt")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout and "- exit code: 1" in done.stdout
    assert "blank.txt:" in done.stdout and "GL301" in done.stdout
    assert "clean.txt:" not in done.stdout and "Traceback" not in done.stdout


def test_hook_passes_a_clean_report_and_skips_other_files(hook):
    done = hook("clean.txt")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
    skipped = hook("notes.md")
    assert skipped.returncode == 0 and "Skipped" in skipped.stdout
