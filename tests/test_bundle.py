"""The offline bundle (tools/make_bundle.py): built for this machine's platform and Python
only, unpacked, installed by its install.sh with no network (in a network namespace of its
own where `unshare` allows, and always with pip --isolated --no-index), and run on the
example report. The Windows and manylinux bundles are built the same way (README, 安装)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from govlint import __version__

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(os.name == "nt" or shutil.which("sh") is None, reason="install.sh needs a POSIX shell")


def _offline() -> list[str]:
    """A prefix that runs a command without any network, where this machine allows it."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    return []


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_bundle.py"), "--platform", "current",
                           "--python", "current", "--out", str(out)], capture_output=True, text=True, timeout=900)
    if done.returncode and ("Could not find" in done.stderr or "No matching distribution" in done.stderr
                            or "Failed to establish" in done.stderr):
        pytest.skip("the package index cannot be reached: " + done.stderr[-300:])
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out


def test_wheel_and_sdist_are_built(bundle):
    assert (bundle / f"govlint-{__version__}-py3-none-any.whl").is_file()
    sdist = bundle / f"govlint-{__version__}.tar.gz"
    assert sdist.is_file()
    with zipfile.ZipFile(bundle / f"govlint-{__version__}-py3-none-any.whl") as wheel:
        names = wheel.namelist()
    assert "govlint/grammar/report.lark" in names and "govlint/cli.py" in names
    assert not any(n.startswith(("linter/", "rules/", "tests/")) for n in names)


def test_the_bundle_installs_offline_and_runs(bundle, tmp_path):
    (archive,) = bundle.glob(f"govlint-{__version__}-*.zip")
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path)
        top = archive.stem
        wheels = [n for n in z.namelist() if n.endswith(".whl")]
    assert any(n.split("/")[-1].startswith("govlint-") for n in wheels) and len(wheels) >= 8
    folder = tmp_path / top
    assert (folder / "install.sh").is_file() and (folder / "README.txt").is_file()
    home = tmp_path / "home"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "PYTHON": sys.executable,
           "LANG": "C.UTF-8"}
    # pip --isolated in install.sh ignores PIP_* variables and pip.conf; none are passed anyway.
    done = subprocess.run([*_offline(), "sh", str(folder / "install.sh"), str(tmp_path / "venv")], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Successfully installed" in done.stdout and f"govlint {__version__}" in done.stdout
    govlint = home / ".local" / "bin" / "govlint"
    run = subprocess.run([str(govlint), str(ROOT / "examples" / "report-2019.txt")], env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr        # the example has errors on purpose
    assert "共发现 错误" in run.stdout and "Traceback" not in run.stderr
    # the installed govlint is the bundle's, not this checkout's
    where = subprocess.run([str(tmp_path / "venv" / "bin" / "python"), "-c", "import govlint; print(govlint.__file__)"],
                           env=env, capture_output=True, text=True)
    assert str(tmp_path / "venv") in where.stdout


def test_readme_keeps_two_set_up_commands_and_ci_runs_the_second():
    """README's 快速开始 holds exactly two commands: install and run on the example, install the
    test extras and run the whole suite; .ci/run runs the second (pip quiet there)."""
    import re
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme[readme.index("## 快速开始"):]
    quick = quick[:quick.index("\n## ", 1)]
    blocks = re.findall(r"```bash\n(.*?)```", quick, re.S)
    assert len(blocks) == 2 and all(b.count("\n") == 1 for b in blocks), blocks
    assert "govlint examples/report-2019.txt" in blocks[0]
    assert "pytest" in blocks[1] and "'.[test]'" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("pip install -q ", "pip install ")
    assert blocks[1].strip() in ci
    # the install section comes first, before anything for developers
    assert readme.index("## 安装") < readme.index("### 内网机器") < readme.index("### Linux") < readme.index("## 快速开始")
    assert readme.index("### Windows") < readme.index("### 内网机器")
