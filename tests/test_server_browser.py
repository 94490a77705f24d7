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
from slow_checks import MARKER, slow_config  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`govlint serve` as staff run it, with its own temporary folder to check for leftovers."""
    temp = tmp_path_factory.mktemp("server-tmp")
    port = free_port()
    config = slow_config(tmp_path_factory.mktemp("server-config"))    # for the cancel test: a check that waits
    process = subprocess.Popen(
        [sys.executable, "-m", "govlint.cli", "serve", "--port", str(port), "--workers", "1", "--config", str(config)],
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


def upload(driver, path: Path, timeout: float = 30) -> None:
    """Choose a file and wait until the report is drawn in full (or an error is shown)."""
    driver.find_element(By.ID, "file").send_keys(str(path))
    WebDriverWait(driver, timeout).until(
        lambda d: d.find_element(By.ID, "report").get_attribute("data-complete") == "true"
        or "error" in d.find_element(By.ID, "status").get_attribute("class"))


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
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "report").get_attribute("data-complete") == "true")


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
    page.execute_script("document.activeElement.blur()")
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
    # Errors first, each severity in report order; blank cells of one table are one group.
    listed = [li.get_attribute("data-rule") for li in groups[0].find_elements(By.CSS_SELECTOR, ":scope > ol > li")]
    errors = sorted((d for d in expected if d.severity == "error"), key=lambda d: d.offset)
    assert listed == _collapse_blanks([d.code for d in errors])
    for group in page.find_elements(By.CSS_SELECTOR, "#findings li.group details"):
        page.execute_script("arguments[0].open = true", group)
    WebDriverWait(page, 5).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#findings li button[data-finding]")) == len(expected))
    title = page.find_element(By.CSS_SELECTOR, f"#findings button[data-finding='{place}'] .title").text
    assert title == "地名与全国行政区划不符"                              # the rule's Chinese title, code beside it
    assert page.find_element(By.CSS_SELECTOR, f"#findings button[data-finding='{place}'] .code").text == "GL501"

    mark.click()                                                      # the message on click
    popup = page.find_element(By.ID, "popup")
    assert popup.is_displayed() and expected[place].message in popup.text


def _collapse_blanks(codes: list[str]) -> list[str]:
    """The list's entries: consecutive GL301 findings (one table's blank cells) are one."""
    out: list[str] = []
    for code in codes:
        if not (code == "GL301" and out and out[-1] == "GL301"):
            out.append(code)
    return out


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
    for group in page.find_elements(By.CSS_SELECTOR, "#findings li.group details"):
        page.execute_script("arguments[0].open = true", group)
    wheres = [b.find_element(By.CLASS_NAME, "where").text for b in page.find_elements(By.CSS_SELECTOR, "#findings li button[data-finding]")]
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



# ---------------------------------------------------------------- tables, order, progress
SEEDS = REPO.parent / "shared" / "seeds"
PROSE = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，进一步加强政府信息公开工作，推进决策、执行、管理、服务、结果公开。"


def box(driver, element) -> dict:
    return driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                 "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};", element)


def test_table_three_is_drawn_on_the_template_with_its_merged_header(page):
    upload(page, EXAMPLE)
    table = page.find_element(By.CSS_SELECTOR, "#report table[data-table='t3']")
    page.execute_script("arguments[0].scrollIntoView()", table)
    OUTPUT.mkdir(exist_ok=True)
    page.save_screenshot(str(OUTPUT / "server-table-three.png"))
    headers = {th.text: th for th in table.find_elements(By.CSS_SELECTOR, "thead th")}
    assert headers["申请人情况"].get_attribute("colspan") == "7"
    assert headers["法人或其他组织"].get_attribute("colspan") == "5"
    assert headers["自然人"].get_attribute("rowspan") == "2" and headers["总计"].get_attribute("rowspan") == "2"
    total = box(page, headers["总计"])
    values = table.find_elements(By.CSS_SELECTOR, "tbody td[data-column='total']")
    assert len(values) >= 20
    for value in values:                   # the 总计 header stands above every 总计 value
        cell = box(page, value)
        assert total["left"] - 1 <= cell["left"] and cell["right"] <= total["right"] + 1
        assert cell["top"] >= total["bottom"] - 1
    # The template's merged row labels: 三、本年度办理结果 spans its result rows.
    result_label = next(td for td in table.find_elements(By.CSS_SELECTOR, "tbody td.label") if "本年度办理结果" in td.text)
    assert int(result_label.get_attribute("rowspan")) >= 20
    # Each value cell tells its name in the template and its place in the file.
    first = values[0]
    assert "总计" in first.get_attribute("title") and "第" in first.get_attribute("title")
    t4 = page.find_element(By.CSS_SELECTOR, "#report table[data-table='t4'] thead")
    assert "行政诉讼" in t4.text and "未经复议直接起诉" in t4.text


def test_text_view_has_line_numbers_headings_only_as_headings_and_no_leftovers(page, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("（一）"))
    lines[at] = lines[at] + "。" + PROSE * 2           # a long paragraph that starts like a sub-heading
    lines.insert(1, "[bookmark: _GoBack]")
    path = tmp_path / "leftovers.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    upload(page, path)
    report = page.find_element(By.ID, "report")
    assert "numbered" in report.get_attribute("class").split()
    assert "_GoBack" not in page.execute_script("return arguments[0].textContent", report)
    numbered = report.find_elements(By.CSS_SELECTOR, "p[data-line]")
    assert numbered and int(numbered[-1].get_attribute("data-line")) > 300
    long = next(p for p in report.find_elements(By.CSS_SELECTOR, "p.subheading") if PROSE in p.text)
    assert "heading" not in long.get_attribute("class").split()
    lead = long.find_element(By.CSS_SELECTOR, "strong.lead").text
    assert lead.startswith("（一）") and PROSE not in lead
    assert page.execute_script("return getComputedStyle(arguments[0]).fontWeight", long) in ("400", "normal")
    section = report.find_element(By.CSS_SELECTOR, "p.heading.h1")
    assert int(page.execute_script("return getComputedStyle(arguments[0]).fontWeight", section)) >= 600


def test_the_real_error_of_seed_000_is_in_the_first_screen_of_the_list(page):
    seeds = sorted(SEEDS.glob("000_*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds/000_*.txt 不存在")
    upload(page, seeds[0])
    expected = expected_diagnostics(seeds[0])
    place = next(i for i, d in enumerate(expected) if d.code == "GL501")
    assert sum(d.code == "GL301" for d in expected) > 100
    button = page.find_element(By.CSS_SELECTOR, f"#findings button[data-finding='{place}']")
    assert in_view(page, button)
    nav = box(page, page.find_element(By.ID, "findings"))
    assert box(page, button)["bottom"] <= min(nav["bottom"], page.execute_script("return window.innerHeight"))
    group = page.find_element(By.CSS_SELECTOR, "#findings li.group")
    assert "112 个空白单元格应填 0" in group.text and "一键修正" in group.text
    assert group.find_element(By.TAG_NAME, "details").get_attribute("open") is None      # collapsed
    OUTPUT.mkdir(exist_ok=True)
    page.save_screenshot(str(OUTPUT / "server-seed-000.png"))


def test_cancel_aborts_a_slow_check(page, tmp_path):
    slow = tmp_path / "slow.txt"            # a rule of slow_checks.py waits on MARKER
    slow.write_text(EXAMPLE.read_text(encoding="utf-8").replace("一、总体情况\n", "一、总体情况\n" + MARKER + "\n", 1),
                    encoding="utf-8")
    page.find_element(By.ID, "file").send_keys(str(slow))
    WebDriverWait(page, 10).until(lambda d: d.find_element(By.ID, "progress").is_displayed())
    time.sleep(1.2)
    assert "已用" in page.find_element(By.ID, "elapsed").text      # the elapsed time runs
    page.find_element(By.ID, "cancel").click()
    WebDriverWait(page, 5).until(lambda d: "已取消" in d.find_element(By.ID, "status").text)
    assert not page.find_element(By.ID, "progress").is_displayed()
    assert not page.find_element(By.ID, "result").is_displayed()
    # The server stopped that check: with one check process, the next report is answered at once.
    started = time.monotonic()
    upload(page, EXAMPLE, timeout=20)
    assert time.monotonic() - started < 8
    assert page.find_element(By.ID, "overview").is_displayed()


def test_a_large_report_renders_without_freezing(page, tmp_path):
    big = tmp_path / "big.txt"
    body = "".join(f"{PROSE}（第{i}段）\n" for i in range(8000))
    big.write_text(EXAMPLE.read_text(encoding="utf-8").replace("一、总体情况\n", "一、总体情况\n" + body, 1), encoding="utf-8")
    page.execute_script("""
        window.__gaps = []; let last = performance.now();
        const tick = (now) => { window.__gaps.push(now - last); last = now; if (!window.__stop) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);""")
    upload(page, big, timeout=60)
    page.execute_script("window.__stop = true")
    assert len(page.find_elements(By.CSS_SELECTOR, "#report p")) > 8000
    worst = max(page.execute_script("return window.__gaps"))
    assert worst < 1500, f"the page froze for {worst:.0f} ms"
