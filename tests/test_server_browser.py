"""The check page in a real browser: `govlint serve` on a free loopback port, Debian's Chromium
headless through Selenium and chromedriver. Upload an example report, see the findings marked
in place and listed by severity and rule, jump to one from the list, download the results,
and show a hostile report as text. A screenshot is saved under tests/output/ (git-ignored)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from govlint.run.engine import Linter

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "report-2019.txt"
OUTPUT = Path(__file__).resolve().parent / "output"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1280,900"]

if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip(f"Chromium 或 chromedriver 未安装（{CHROMIUM}、{CHROMEDRIVER}）：apt-get install chromium chromium-driver",
                allow_module_level=True)
pytest.importorskip("fastapi", reason="需要 govlint[serve]")
webdriver = pytest.importorskip("selenium.webdriver", reason="需要 selenium（pip install -e '.[test]'）")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`govlint serve` as staff run it, with its own temporary folder to check for leftovers."""
    temp = tmp_path_factory.mktemp("server-tmp")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "govlint.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=REPO, env={**os.environ, "TMPDIR": str(temp)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/rules", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"govlint serve did not start: {process.stderr.read().decode(errors='replace')}")
            time.sleep(0.2)
    yield url, temp
    process.terminate()
    process.wait(timeout=30)
    assert [p.name for p in temp.iterdir() if p.name.startswith("govlint-")] == []


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def page(server, browser):
    url, _ = server
    browser.get(url + "/")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return browser


def upload(driver, path: Path) -> None:
    driver.find_element(By.ID, "file").send_keys(str(path))
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.ID, "overview").is_displayed() or "error" in d.find_element(By.ID, "status").get_attribute("class"))


def drop(driver, name: str, text: str) -> None:
    """Drop a file on the drop zone as a user dragging it from the desktop would."""
    driver.execute_script("""
        const [name, text] = arguments;
        const data = new DataTransfer();
        data.items.add(new File([text], name, {type: 'text/plain'}));
        const zone = document.getElementById('drop');
        zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
    """, name, text)
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "overview").is_displayed())


def marked_findings(driver) -> dict[int, list[str]]:
    """For each finding (by index), the texts of the marks drawn for it."""
    return {int(k): v for k, v in driver.execute_script("""
        const found = {};
        for (const m of document.querySelectorAll('#report mark')) {
            for (const i of m.dataset.findings.split(' ')) (found[i] = found[i] || []).push(m.textContent);
        }
        return found;""").items()}


def in_view(driver, element) -> bool:
    return driver.execute_script("""
        const r = arguments[0].getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;""", element)


def expected_diagnostics(path: Path):
    return Linter().lint_file(path).diagnostics


def test_example_report_is_marked_in_place_and_listed(page):
    upload(page, EXAMPLE)
    OUTPUT.mkdir(exist_ok=True)
    assert page.save_screenshot(str(OUTPUT / "server-page.png"))    # counts, side list, the report's start
    expected = expected_diagnostics(EXAMPLE)
    counts = {e.get_attribute("data-severity"): int(e.find_element(By.TAG_NAME, "b").text)
              for e in page.find_elements(By.CSS_SELECTOR, "#counts .count[data-severity]")}
    assert counts == {s: sum(d.severity == s for d in expected) for s in ("error", "warning", "info")}
    marks = marked_findings(page)
    assert sorted(marks) == list(range(len(expected)))          # every finding is drawn somewhere
    place = next(i for i, d in enumerate(expected) if d.code == "GL501")
    assert marks[place] == ["西湖市"]
    mark = page.find_element(By.XPATH, "//article//mark[text()='西湖市']")
    assert expected[place].message in mark.get_attribute("title")          # the message on hover
    assert "error" in mark.get_attribute("class").split()
    blank = next(i for i, d in enumerate(expected) if d.code == "GL301")   # an empty cell: a point mark in a table
    point = page.find_element(By.CSS_SELECTOR, f"#report td mark.point[data-findings~='{blank}']")
    assert point.is_displayed()
    assert len(page.find_elements(By.CSS_SELECTOR, "#report table")) >= 3

    groups = page.find_elements(By.CSS_SELECTOR, "#findings section.severity")
    assert [g.get_attribute("data-severity") for g in groups] == \
        [s for s in ("error", "warning", "info") if counts[s]]
    rules = [d.get_attribute("data-rule") for d in groups[0].find_elements(By.CSS_SELECTOR, "details.rule")]
    assert rules == sorted({d.code for d in expected if d.severity == "error"})
    assert len(page.find_elements(By.CSS_SELECTOR, "#findings li button")) == len(expected)

    mark.click()                                                      # the message on click
    popup = page.find_element(By.ID, "popup")
    assert popup.is_displayed() and expected[place].message in popup.text


def test_clicking_a_listed_finding_scrolls_to_it(page):
    upload(page, EXAMPLE)
    expected = expected_diagnostics(EXAMPLE)
    last = max(range(len(expected)), key=lambda i: expected[i].offset)      # far down the report
    page.execute_script("window.scrollTo(0, 0)")
    target = page.find_element(By.CSS_SELECTOR, f"#report mark[data-findings~='{last}']")
    assert not in_view(page, target)
    page.find_element(By.CSS_SELECTOR, f"#findings button[data-finding='{last}']").click()
    WebDriverWait(page, 5).until(lambda d: in_view(d, target))
    assert page.execute_script("return window.scrollY") > 0
    assert "flash" in target.get_attribute("class").split()
    assert expected[last].message in page.find_element(By.ID, "popup").text
    OUTPUT.mkdir(exist_ok=True)
    page.save_screenshot(str(OUTPUT / "server-page-jump.png"))


def test_downloads_findings_and_fixed_file(page, downloads):
    upload(page, EXAMPLE)
    page.find_element(By.ID, "download-json").click()
    saved = wait_for_file(downloads, "report-2019.govlint.json")
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert [d["code"] for d in data["diagnostics"]] == [d.code for d in expected_diagnostics(EXAMPLE)]
    assert data["summary"]["passed"] is False
    fixed_button = page.find_element(By.ID, "download-fixed")
    assert fixed_button.is_displayed()
    fixed_button.click()
    fixed = wait_for_file(downloads, "report-2019（已修正）.txt").read_text(encoding="utf-8")
    fixed_codes = {d.code for d in Linter().lint_text(fixed).diagnostics}
    assert fixed_codes.isdisjoint({d.code for d in expected_diagnostics(EXAMPLE) if d.fix and d.fix.safe})


def wait_for_file(folder: Path, name: str, timeout: float = 15) -> Path:
    path = folder / name
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert path.exists(), f"not downloaded: {name} (have {[p.name for p in folder.iterdir()]})"
    return path


def test_word_document_is_marked_in_place(page, tmp_path):
    pytest.importorskip("docx")
    from docx_builder import render_docx
    path = render_docx(EXAMPLE.read_text(encoding="utf-8"), tmp_path / "报告.docx")
    upload(page, path)
    expected = expected_diagnostics(path)
    assert expected and sorted(marked_findings(page)) == list(range(len(expected)))
    wheres = [b.find_element(By.CLASS_NAME, "where").text for b in page.find_elements(By.CSS_SELECTOR, "#findings li button")]
    assert any(w.startswith("表") for w in wheres) and any(w.startswith("段落") for w in wheres)
    assert len(page.find_elements(By.CSS_SELECTOR, "#report table")) >= 3


HOSTILE_LINES = ['<script>window.__pwned = 1</script>', '<img src="x" onerror="window.__pwned = 2">',
                 '&lt;b&gt;粗体&lt;/b&gt; 与 <b onclick="window.__pwned = 3">点我</b>']


def test_hostile_report_is_shown_as_text(page):
    text = EXAMPLE.read_text(encoding="utf-8")
    hostile = text.replace("西湖市将进一步", "西湖市<script>window.__pwned = 1</script>将进一步", 1)
    hostile += "\n".join(HOSTILE_LINES) + "\n"
    name = "<img src=x onerror=window.__pwned=4>.txt"   # (browsers send quotes in names as %22)
    drop(page, name, hostile)
    time.sleep(0.3)
    assert page.execute_script("return window.__pwned") is None
    assert page.find_elements(By.CSS_SELECTOR, "body img, #status *") == []
    assert name in page.find_element(By.ID, "status").text
    report = page.find_element(By.ID, "report")
    assert report.find_elements(By.CSS_SELECTOR, "script, img, b") == []
    shown = page.execute_script("return arguments[0].textContent", report)
    for line in HOSTILE_LINES:
        assert line in shown
    mark = report.find_element(By.XPATH, ".//mark[text()='西湖市']")    # marks still land on the right text
    assert mark.is_displayed()
    assert "<script>" in page.execute_script("return arguments[0].nextSibling.textContent", mark)


def test_unreadable_upload_shows_the_reason(page, tmp_path):
    pdf = tmp_path / "报告.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    upload(page, pdf)
    status = page.find_element(By.ID, "status")
    assert "PDF" in status.text and "报告.pdf" in status.text
    assert not page.find_element(By.ID, "result").is_displayed()

