"""Reader limits: a decompression bomb, an oversize file and the [limits] table of govlint.toml.
Each refusal is one line of Chinese, exit 2, and memory stays bounded (the command runs under
an address-space limit far below what unpacking the bomb would take)."""
from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from builder import build_report
from docx_builder import render_docx
from govlint import ConfigError
from govlint.config.settings import load_config
from govlint.read.limits import Limits

GOVLINT = str(Path(sys.executable).parent / "govlint")
CJK = re.compile(r"[\u4e00-\u9fff]")
MEMORY_CAP = 1_500_000_000      # bytes of address space for the command under test


def _capped():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([GOVLINT, "--format", "json", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1"}, preexec_fn=_capped, cwd=cwd)


def _bomb(tmp_path: Path, megabytes: int = 100) -> Path:
    """A real .docx whose word/document.xml is rewritten to `megabytes` MB of paragraphs:
    a few hundred KB on disk."""
    good = render_docx(build_report(year=2021), tmp_path / "good.docx")
    bomb = tmp_path / "bomb.docx"
    paragraph = "<w:p><w:r><w:t>本年度共收到政府信息公开申请十件。</w:t></w:r></w:p>"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                body = text.index("<w:body>") + len("<w:body>")
                filler = paragraph * (megabytes * 1_000_000 // len(paragraph.encode("utf-8")))
                data = (text[:body] + filler + text[body:]).encode("utf-8")
            dst.writestr(info, data)
    assert bomb.stat().st_size < 2_000_000
    return bomb


def test_a_docx_decompression_bomb_is_refused_before_unpacking(tmp_path):
    run = _run(str(_bomb(tmp_path)))
    assert run.returncode == 2, run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert "解压" in line and "docx-xml-mb" in line and "Traceback" not in run.stderr


def test_the_limit_is_configurable(tmp_path):
    bomb = _bomb(tmp_path, megabytes=5)
    assert _run(str(bomb), cwd=tmp_path).returncode in (0, 1)          # 5 MB unpacked: under the default
    (tmp_path / "govlint.toml").write_text("[limits]\ndocx-xml-mb = 2\n", encoding="utf-8")
    run = _run(str(bomb), cwd=tmp_path)
    assert run.returncode == 2 and "docx-xml-mb" in run.stderr and "2 MB" in run.stderr


def test_an_oversize_text_file_names_its_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(build_report() + "正文。\n" * 400_000, encoding="utf-8")
    (tmp_path / "govlint.toml").write_text("[limits]\ntext-mb = 1\n", encoding="utf-8")
    run = _run(str(path), cwd=tmp_path)
    assert run.returncode == 2 and "text-mb" in run.stderr and CJK.search(run.stderr)


@pytest.mark.parametrize("toml, phrase", [
    ("[limits]\npdf-pages = 0\n", "limits.pdf-pages 应为正整数"),
    ("[limits]\npdf-pages = 2.5\n", "limits.pdf-pages 应为正整数"),
    ("[limits]\nhtml-mb = \"big\"\n", "limits.html-mb 应为正数"),
    ("[limits]\npages = 3\n", "未知的键 limits.pages"),
    ("limits = 3\n", "[limits] 应为表"),
])
def test_bad_limits_are_configuration_errors(tmp_path, toml, phrase):
    (tmp_path / "govlint.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(phrase)):
        load_config(tmp_path / "govlint.toml")


def test_limits_are_read():
    assert Limits.from_table({"pdf-pages": 20, "html-mb": 1.5}) == Limits(pdf_pages=20, html_mb=1.5)
    assert set(Limits.keys()) == {"text-mb", "docx-mb", "docx-xml-mb", "pdf-mb", "pdf-pages", "html-mb"}
