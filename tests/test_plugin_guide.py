"""docs/plugins.md, followed to the letter: its file blocks are written, its shell commands run
in order in one script inside a fresh virtual environment, and the output blocks shown after
the commands must appear in what they print. A newcomer following the page alone gets a
working, installed plugin with a rule, its tests and its --explain text."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from test_plugins import make_venv

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "plugins.md"
FENCE = re.compile(r"^```(\w*)(?: \{file=([^}]+)\})?\n(.*?)^```$", re.M | re.S)
EXIT = re.compile(r"#\s*退出码\s*(\d)")


@dataclass
class Step:
    kind: str            # "file", "commands" or "output"
    text: str
    path: str = ""


def guide_steps(markdown: str) -> list[Step]:
    """File blocks, bash blocks, and a `text` block right after a bash block (its output)."""
    steps: list[Step] = []
    for m in FENCE.finditer(markdown):
        language, path, body = m.group(1), m.group(2), m.group(3)
        if path:
            steps.append(Step("file", body, path))
        elif language == "bash":
            steps.append(Step("commands", body))
        elif language == "text" and steps and steps[-1].kind == "commands":
            steps.append(Step("output", body))
    return steps


def to_script(steps: list[Step]) -> tuple[str, list[tuple[str, int]]]:
    """One bash script; every command is followed by a marker with its exit status."""
    lines = ["set -u"]
    commands: list[tuple[str, int]] = []
    for i, step in enumerate(steps):
        lines.append(f"echo '@@STEP {i}'")
        if step.kind == "file":
            lines += [f"mkdir -p \"$(dirname {shlex.quote(step.path)})\"",
                      f"cat > {shlex.quote(step.path)} <<'GOVLINT_GUIDE_EOF'", step.text.rstrip("\n"),
                      "GOVLINT_GUIDE_EOF"]
        elif step.kind == "commands":
            for command in filter(None, (c.strip() for c in step.text.splitlines())):
                if command.startswith("#"):
                    continue
                expected = int(EXIT.search(command).group(1)) if EXIT.search(command) else 0
                lines += [command, f"echo \"@@RC $? {len(commands)}\""]
                commands.append((command, expected))
    return "\n".join(lines) + "\n", commands


def _normal(line: str) -> str:
    return " ".join(line.split())


def test_the_guide_has_the_steps_a_newcomer_needs():
    steps = guide_steps(GUIDE.read_text(encoding="utf-8"))
    files = {s.path for s in steps if s.kind == "file"}
    assert {"pyproject.toml", "govlint_huzhou/__init__.py", "tests/test_phone.py", "govlint.toml"} <= files
    commands = "\n".join(s.text for s in steps if s.kind == "commands")
    for needed in ("pip install", "pip install -q pytest", "govlint --list-rules", "govlint --explain", "pytest"):
        assert needed in commands
    assert sum(s.kind == "output" for s in steps) >= 4


def test_following_the_guide_gives_a_working_plugin(tmp_path):
    python = make_venv(tmp_path / "venv")
    shim = python.parent / "govlint"          # the `govlint` command, run by the venv's Python
    shim.write_text(f"#!{python}\nimport sys\nfrom govlint.cli import run\nsys.exit(run())\n", encoding="utf-8")
    shim.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    steps = guide_steps(GUIDE.read_text(encoding="utf-8"))
    script, commands = to_script(steps)
    env = {**os.environ, "PATH": f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1",
           "VIRTUAL_ENV": str(python.parent.parent), "PYTHONIOENCODING": "utf-8"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=600)
    out = done.stdout
    log = f"--- stdout\n{out[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"

    statuses = {int(n): int(rc) for rc, n in re.findall(r"^@@RC (\d+) (\d+)$", out, re.M)}
    assert len(statuses) == len(commands), log
    for n, (command, expected) in enumerate(commands):
        assert statuses[n] == expected, f"`{command}` exited {statuses[n]}, the guide says {expected}\n{log}"

    chunks = re.split(r"^@@STEP (\d+)$", out, flags=re.M)
    printed = {int(chunks[i]): chunks[i + 1] for i in range(1, len(chunks), 2)}
    for i, step in enumerate(steps):
        if step.kind != "output":
            continue
        shown = {_normal(line) for line in printed[i - 1].splitlines()}
        shown_text = "\n".join(shown)
        for line in filter(None, map(_normal, step.text.splitlines())):
            assert line in shown or line in shown_text, f"the guide shows “{line}” but the command printed:\n{printed[i - 1]}"

    installed = subprocess.run([str(python), "-c", "import govlint_huzhou, sys; print(govlint_huzhou.__file__)"],
                               capture_output=True, text=True, env=env, cwd=tmp_path)
    assert installed.stdout.strip() == str(work / "govlint-huzhou" / "govlint_huzhou" / "__init__.py")
