"""The operations documents of `govlint serve` stay true: the example systemd unit parses
(systemd-analyze verify where it exists, else a structural check), the nginx example has
what docs/serve.md says it has, every `govlint serve` option is documented, and README
shows the page's screenshot."""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.server.command import add_arguments
from govlint.server.settings import DEFAULT_MAX_UPLOAD, DEFAULT_TIMEOUT

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
UNIT = DOCS / "govlint.service"
NGINX = DOCS / "govlint-nginx.conf"
GUIDE = DOCS / "serve.md"


def unit_sections(text: str) -> dict[str, dict[str, list[str]]]:
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None and "=" in line, f"not a unit file line: {line}"
        key, value = line.split("=", 1)
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def test_unit_file_has_what_the_guide_says():
    unit = unit_sections(UNIT.read_text(encoding="utf-8"))
    assert set(unit) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    command = service["ExecStart"][0].split()
    assert command[0].endswith("/govlint") and command[1] == "serve"
    assert command[command.index("--host") + 1] == "127.0.0.1"       # nginx in front, govlint on loopback
    assert service["KillMode"] == ["mixed"] and service["KillSignal"] == ["SIGTERM"]
    assert service["User"] != ["root"] and service["PrivateTmp"] == ["yes"]
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]
    options = _serve_options()
    for word in command[2:]:
        if word.startswith("--"):
            assert word in options, f"{word} is not an option of govlint serve"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze 不可用（已做结构检查）")
def test_unit_file_passes_systemd_analyze_verify(tmp_path):
    """The unit as installed, with ExecStart pointing at this environment's govlint."""
    govlint = Path(sys.executable).with_name("govlint")
    if not govlint.exists():
        pytest.skip("govlint 命令未安装在此环境中")
    text = UNIT.read_text(encoding="utf-8").replace("/opt/govlint/venv/bin/govlint", str(govlint))
    unit = tmp_path / "govlint.service"
    unit.write_text(text, encoding="utf-8")
    run = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    about_ours = [line for line in (run.stdout + run.stderr).splitlines() if "govlint.service" in line]
    assert run.returncode == 0 and about_ours == [], run.stdout + run.stderr


def test_nginx_example():
    text = NGINX.read_text(encoding="utf-8")
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert code.count("{") == code.count("}")
    assert all(line.strip().endswith((";", "{", "}")) for line in code.splitlines() if line.strip())
    assert "proxy_pass http://127.0.0.1:8000;" in code and re.search(r"listen 443 ssl[ ;]", code)
    size = re.search(r"client_max_body_size (\d+)m;", code)
    assert size and int(size.group(1)) * 2**20 > DEFAULT_MAX_UPLOAD         # govlint answers 413 itself
    read = re.search(r"proxy_read_timeout (\d+)s;", code)
    assert read and int(read.group(1)) > DEFAULT_TIMEOUT                      # govlint answers 504 itself
    assert "proxy_ignore_client_abort off;" in code                           # a closed page cancels the check


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx 未安装（已做结构检查）")
def test_nginx_example_passes_nginx_t(tmp_path):
    server = NGINX.read_text(encoding="utf-8")
    for name in ("govlint.crt", "govlint.key"):
        server = server.replace(f"/etc/nginx/ssl/{name}", str(tmp_path / name))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                    "-keyout", str(tmp_path / "govlint.key"), "-out", str(tmp_path / "govlint.crt")],
                   check=True, capture_output=True, timeout=60)
    server = server.replace("/var/log/nginx/", f"{tmp_path}/")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
                    f"http {{ {server} }}\n", encoding="utf-8")
    run = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def _serve_options() -> set[str]:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return {option for action in parser._actions for option in action.option_strings if option.startswith("--")}


def test_every_serve_option_is_in_the_guide():
    guide = GUIDE.read_text(encoding="utf-8")
    missing = sorted(o for o in _serve_options() - {"--help"} if o not in guide)
    assert missing == []
    for topic in ("systemd", "NSSM", "nginx", "RLIMIT_AS", "Windows", "X-Govlint-Token", "Retry-After", "504", "413",
                  "govlint.service", "govlint-nginx.conf"):
        assert topic in guide, topic


def test_readme_shows_the_page_and_links_the_guide():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 网页检查与 HTTP API（govlint serve）", 1)[1].split("\n## ", 1)[0]
    assert "docs/serve.md" in section
    shot = re.search(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", section)
    assert shot and (REPO / shot.group(1)).is_file()
    assert (REPO / shot.group(1)).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
