#!/usr/bin/env python3
"""Build govlint's wheel and sdist, and offline bundles: dist/govlint-<version>-<platform>.zip
holding the wheels of govlint and of every runtime dependency for one platform and the
supported CPython versions, with install.bat (Windows) or install.sh (Linux) that create a
virtual environment and a `govlint` command from those wheels alone (pip --no-index).

    python tools/make_bundle.py                          # win_amd64, manylinux_x86_64, manylinux_aarch64
    python tools/make_bundle.py --platform win_amd64     # one platform
    python tools/make_bundle.py --platform current --python current   # this machine only (fast)
    python tools/make_bundle.py --extras serve           # also the web server's dependencies

Needs pip in the running Python and the package index (or --find-links) for the
dependencies' wheels (and for setuptools, when this Python has none that builds wheels); the
machine it is built on may be any.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.9", "3.10", "3.11", "3.12", "3.13")
# pip --platform tags per bundle; manylinux wheels come under several names, newest first.
PLATFORMS = {
    "win_amd64": ["win_amd64"],
    "manylinux_x86_64": ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
                         "manylinux2010_x86_64", "manylinux1_x86_64"],
    "manylinux_aarch64": ["manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"],
}

INSTALL_SH = """#!/bin/sh
# 在没有网络的 Linux 机器上安装 govlint {version}：只用本文件夹 wheels/ 中的文件，不访问网络。
#   sh install.sh [安装到的文件夹，默认 ~/.govlint]
# 需要 Python 3.9 或更高版本（python3，含 venv 模块；Debian/Ubuntu 上为 python3-venv 软件包）。
set -e
here=$(cd "$(dirname "$0")" && pwd)
target=${{1:-"$HOME/.govlint"}}
python=${{PYTHON:-python3}}
"$python" -m venv "$target"
"$target/bin/python" -m pip install --isolated --no-index --find-links "$here/wheels" "{requirement}"
mkdir -p "$HOME/.local/bin"
ln -sf "$target/bin/govlint" "$HOME/.local/bin/govlint"
echo "已安装：$target/bin/govlint（并在 ~/.local/bin/govlint 建立链接）"
"$target/bin/govlint" --version
"""

INSTALL_BAT = """@echo off
rem 在没有网络的 Windows 电脑上安装 govlint {version}：只用本文件夹 wheels\\ 中的文件，不访问网络。
rem   install.bat [安装到的文件夹，默认 %LOCALAPPDATA%\\govlint]
rem 需要 Python 3.9 或更高版本（python.org 的 Windows 安装程序，安装时勾选 "Add python.exe to PATH"）。
chcp 65001 >nul
setlocal
set "HERE=%~dp0"
set "TARGET=%~1"
if "%TARGET%"=="" set "TARGET=%LOCALAPPDATA%\\govlint"
set "PY=python"
where py >nul 2>nul && set "PY=py -3"
%PY% -m venv "%TARGET%" || goto :failed
"%TARGET%\\Scripts\\python.exe" -m pip install --isolated --no-index --find-links "%HERE%wheels" "{requirement}" || goto :failed
rem A govlint.bat in WindowsApps, a folder that is on every user's PATH on Windows 10 and 11.
set "SHIMS=%LOCALAPPDATA%\\Microsoft\\WindowsApps"
if exist "%SHIMS%" (
  > "%SHIMS%\\govlint.bat" echo @"%TARGET%\\Scripts\\govlint.exe" %%*
  echo 已安装：现在可以在任何命令提示符窗口中输入 govlint
) else (
  echo 已安装：%TARGET%\\Scripts\\govlint.exe（请把 %TARGET%\\Scripts 加入 PATH）
)
"%TARGET%\\Scripts\\govlint.exe" --version
exit /b 0
:failed
echo 安装失败：请确认已安装 Python 3.9 或更高版本（64 位），并把上面的错误信息发给维护人员。
exit /b 1
"""

README_TXT = """govlint {version} 离线安装包（{platform}）

本压缩包含 govlint 及其全部依赖的安装文件（wheels 文件夹），安装时不访问网络。
适用的 Python：{pythons}（{platform}）。

Windows：解压后双击 install.bat（或在命令提示符中运行 install.bat），
         安装完成后打开新的命令提示符窗口，输入 govlint 报告.txt 即可检查。
Linux：  解压后运行 sh install.sh，然后 ~/.local/bin/govlint 报告.txt
         （~/.local/bin 不在 PATH 中时，可直接运行 ~/.govlint/bin/govlint）。
"""


def version() -> str:
    text = (ROOT / "linter" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def run(command: list[str], **kwargs) -> None:
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run(list(map(str, command)), check=True, **kwargs)


def build_dists(out: Path) -> tuple[Path, Path]:
    """govlint's sdist and wheel in `out`, built with setuptools' own backend (no `build`
    package needed, no network: setuptools>=64 of this Python)."""
    out.mkdir(parents=True, exist_ok=True)
    # Each in its own process (setuptools keeps state between builds); the name on the last line.
    code = "import sys; from setuptools import build_meta as b; print('\\n' + getattr(b, sys.argv[1])(sys.argv[2]))"
    with tempfile.TemporaryDirectory() as scratch:   # build/ and *.egg-info stay out of the tree
        shutil.copytree(ROOT, Path(scratch) / "src", ignore=shutil.ignore_patterns(
            ".git", ".venv", "dist", "build", "*.egg-info", "__pycache__", "tests", "bench", "fuzz", ".hypothesis"))
        env = dict(os.environ)
        if not _has_backend():      # Python 3.12+ venvs come without setuptools, older ones without wheel
            backend = Path(scratch) / "backend"
            run([sys.executable, "-m", "pip", "install", "--quiet", "--target", backend, "setuptools>=70.1"])
            env["PYTHONPATH"] = str(backend)
        names = []
        for hook in ("build_sdist", "build_wheel"):
            done = subprocess.run([sys.executable, "-c", code, hook, str(out.resolve())], cwd=Path(scratch) / "src",
                                  capture_output=True, text=True, env=env)
            if done.returncode:
                sys.exit(f"{hook} 失败：\n{done.stdout}\n{done.stderr}")
            names.append(done.stdout.strip().splitlines()[-1])
    return out / names[0], out / names[1]


def _has_backend() -> bool:
    """setuptools that can build a wheel: 70.1 or newer, or an older one with `wheel`."""
    check = ("import setuptools, sys, importlib.util; v = tuple(map(int, setuptools.__version__.split('.')[:2])); "
             "sys.exit(not (v >= (70, 1) or (v >= (64, 0) and importlib.util.find_spec('wheel'))))")
    return subprocess.run([sys.executable, "-c", check], capture_output=True).returncode == 0


def current_tag() -> str:
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def download(wheel: Path, requirement: str, platform: str, pythons: list[str], dest: Path,
             pip_args: list[str]) -> list[str]:
    """The wheels of govlint's dependencies for `platform` and each Python version; the
    versions covered (a dependency without a wheel for one of them leaves it out, said)."""
    extras = requirement[len("govlint"):]
    covered = []
    for python in pythons:
        command = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--only-binary=:all:",
                   "--dest", dest, f"{wheel}{extras}", *pip_args]
        if platform != "current":
            for tag in PLATFORMS[platform]:
                command += ["--platform", tag]
            command += ["--implementation", "cp", "--python-version", python]
            if python in ("3.9", "3.10"):     # markers are read for the running Python: name tomli
                command.append("tomli>=1.1")
        try:
            run(command)
        except subprocess.CalledProcessError:
            print(f"注意：{platform} 上的 Python {python} 缺少某个依赖的 wheel，本安装包不支持该版本", flush=True)
            continue
        covered.append(python)
    if not covered:
        sys.exit(f"{platform}：没有一个 Python 版本的依赖能全部找到 wheel")
    return covered


def bundle(platform: str, pythons: list[str], wheel: Path, out: Path, extras: str, pip_args: list[str]) -> Path:
    v = version()
    label = current_tag() if platform == "current" else platform
    name = f"govlint-{v}-{label}"
    requirement = f"govlint[{extras}]" if extras else "govlint"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / name
        wheels = folder / "wheels"
        wheels.mkdir(parents=True)
        shutil.copy2(wheel, wheels / wheel.name)
        covered = download(wheel, requirement, platform, pythons, wheels, pip_args)
        windows = platform == "win_amd64" or (platform == "current" and os.name == "nt")
        if windows:
            script = INSTALL_BAT.format(version=v, requirement=requirement).replace("\n", "\r\n")
            (folder / "install.bat").write_bytes(script.encode("utf-8"))
        else:
            (folder / "install.sh").write_text(INSTALL_SH.format(version=v, requirement=requirement), encoding="utf-8")
        shown = "、".join(covered) if platform != "current" else f"{sys.version_info[0]}.{sys.version_info[1]}"
        readme = README_TXT.format(version=v, platform=label, pythons=shown)
        (folder / "README.txt").write_bytes(readme.replace("\n", "\r\n" if windows else "\n").encode("utf-8"))
        target = out / f"{name}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(folder.rglob("*")):
                info = zipfile.ZipInfo.from_file(path, Path(name) / path.relative_to(folder))
                if path.name == "install.sh":
                    info.external_attr = 0o100755 << 16
                if path.is_file():
                    z.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    count = sum(1 for n in zipfile.ZipFile(target).namelist() if n.endswith(".whl"))
    print(f"{target}：{count} 个 wheel，{target.stat().st_size / 1024 / 1024:.1f} MB，Python {shown}", flush=True)
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="生成 govlint 的 wheel、sdist 与离线安装包")
    p.add_argument("--platform", action="append", choices=[*PLATFORMS, "current"],
                   help="目标平台（可多次给出；默认 win_amd64、manylinux_x86_64、manylinux_aarch64；current 为本机）")
    p.add_argument("--python", action="append", metavar="X.Y",
                   help=f"目标 Python 版本（可多次给出；默认 {'、'.join(PYTHONS)}；current 为本机的版本）")
    p.add_argument("--extras", default="", help="一并打包的可选依赖，如 serve（网页检查服务）")
    p.add_argument("--out", type=Path, default=ROOT / "dist", help="输出文件夹（默认 dist/）")
    p.add_argument("--pip-arg", action="append", default=[], metavar="ARG",
                   help="传给 pip download 的额外参数，如 --pip-arg=--find-links=/某处/wheels")
    args = p.parse_args(argv)
    platforms = args.platform or list(PLATFORMS)
    pythons = [f"{sys.version_info[0]}.{sys.version_info[1]}" if v == "current" else v for v in args.python or PYTHONS]
    sdist, wheel = build_dists(args.out)
    print(f"{sdist}\n{wheel}", flush=True)
    for platform in platforms:
        bundle(platform, pythons, wheel, args.out, args.extras, args.pip_arg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
