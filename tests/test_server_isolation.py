"""`govlint serve` stays up for everyone whatever one upload does: a decompression bomb is
refused with the server's memory bounded, a check killed or over its time fails only its own
request, a client that gives up frees its check process, a full queue answers 503 with
Retry-After, recycled processes give memory back, and SIGTERM leaves no check process behind.

Everything runs on loopback, with few, bounded requests: the server under test runs in a thread
of this process (uvicorn) so the tests can see its pool, or as `govlint serve` for signals."""
from __future__ import annotations

import contextlib
import http.client
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from govlint.server import ServerSettings, create_app  # noqa: E402
from govlint.testing import build_report  # noqa: E402
from slow_checks import MARKER, slow_config  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
LINUX = sys.platform.startswith("linux")
PROSE = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，进一步加强政府信息公开工作，推进决策、执行、管理、服务、结果公开。"
ORDINARY = build_report(cells={"t3.new.natural": ""}).encode("utf-8")
# A report whose check takes a few seconds (20 000 paragraphs: ~3 s on one core of the CI machine).
SLOW = build_report().replace("一、总体情况\n", "一、总体情况\n" + (PROSE + "\n") * 20000, 1).encode("utf-8")


# ---------------------------------------------------------------- a live server in this process
@contextlib.contextmanager
def live_server(**options):
    settings = ServerSettings(**{"workers": 2, "max_upload": 8 * 2**20, **options})
    app = create_app(settings)
    sock = socket.socket()
    sock.bind((HOST, 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield port, app.pool
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
        assert app.pool.pids() == []


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(port: int, data: bytes, name: str = "report.txt", path: str = "/api/lint", timeout: float = 120):
    """(status, headers, body) of one upload on a connection of its own."""
    body, content_type = multipart(name, data)
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def in_thread(function, *args):
    box: dict = {}

    def run():
        try:
            box["value"] = function(*args)
        except BaseException as e:  # noqa: BLE001 - handed to the test
            box["error"] = e
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


def wait_until(condition, timeout: float = 30, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(step)


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def rss_mb(pids) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
    return total / 2**20


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def docx_bomb(xml_mb: int = 100) -> bytes:
    """A small .docx whose word/document.xml unpacks to `xml_mb` MB of paragraphs."""
    paragraph = "<w:p><w:r><w:t>本机关认真贯彻落实政府信息公开条例</w:t></w:r></w:p>".encode()
    repeat = xml_mb * 2**20 // len(paragraph)
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                   '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                   'document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head)
            chunk = paragraph * 4096
            for _ in range(repeat // 4096):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


# ---------------------------------------------------------------- the tests
def test_ordinary_requests_pass_through_the_pool():
    with live_server() as (port, pool):
        for _ in range(3):
            status, _, _ = post(port, ORDINARY)
            assert status == 200
        assert pool.stats["checks"] == 3


@pytest.mark.skipif(not LINUX, reason="RSS is read from /proc")
@pytest.mark.parametrize("reader_limit", [True, False], ids=["reader-refuses", "memory-limit-refuses"])
def test_decompression_bomb_is_refused_quickly_with_memory_bounded(tmp_path, reader_limit):
    """A 100 MB document.xml in a small .docx: refused by the reader's [limits] up front, and —
    with that limit raised far above it — by the check process's own memory limit."""
    bomb = docx_bomb(100)
    assert len(bomb) < 1_000_000
    options = {"worker_memory_mb": 768}
    if not reader_limit:
        config = tmp_path / "govlint.toml"
        config.write_text("[limits]\ndocx-xml-mb = 2000\n", encoding="utf-8")
        options["config_path"] = config
    with live_server(**options) as (port, pool):
        me = os.getpid()
        before = rss_mb([me] + pool.pids())
        thread, box = in_thread(post, port, bomb, "bomb.docx")
        peak = 0.0
        started = time.monotonic()
        while thread.is_alive() and time.monotonic() - started < 60:
            peak = max(peak, rss_mb([me] + pool.pids()))
            time.sleep(0.05)
        thread.join()
        took = time.monotonic() - started
        status, _, body = box["value"]
        message = body.decode("utf-8")
        assert status in (413, 422), message
        assert "上限" in message or "过大" in message or "过于复杂" in message
        assert took < 20, f"refused after {took:.1f} s"
        # The server and its check processes together: at most the check's limit above the start.
        assert peak - before < 768 + 100, f"memory grew by {peak - before:.0f} MB"
        assert post(port, ORDINARY)[0] == 200          # and the service goes on


def test_a_check_process_killed_mid_check_fails_only_its_own_request():
    with live_server(workers=3) as (port, pool):
        slow, slow_box = in_thread(post, port, SLOW, "slow.txt")
        wait_until(lambda: pool.busy_pids())
        victim = pool.busy_pids()[0]
        others = [in_thread(post, port, ORDINARY, f"r{i}.txt") for i in range(4)]
        time.sleep(0.3)
        os.kill(victim, signal.SIGKILL)
        slow.join(60)
        for thread, _ in others:
            thread.join(60)
        status, _, body = slow_box["value"]
        assert status == 422 and "检查进程意外终止" in body.decode("utf-8")
        assert [box["value"][0] for _, box in others] == [200] * 4
        wait_until(lambda: len(pool.pids()) == 3)           # the slot is back in service
        assert victim not in pool.pids()
        assert post(port, ORDINARY)[0] == 200


def test_a_check_over_the_time_limit_is_504_and_frees_its_process(tmp_path):
    waits = build_report(prose={1: [MARKER]}).encode("utf-8")        # a rule of slow_checks.py waits on it
    with live_server(workers=1, timeout=1.0, config_path=slow_config(tmp_path)) as (port, pool):
        first = pool.pids()
        started = time.monotonic()
        status, _, body = post(port, waits, "slow.txt")
        assert status == 504 and "检查超时" in body.decode("utf-8")
        assert time.monotonic() - started < 10
        assert not any(alive(pid) for pid in first)
        assert post(port, ORDINARY)[0] == 200                # the one slot works again
        assert pool.stats["timeouts"] == 1


def test_a_client_that_disconnects_cancels_its_check(tmp_path):
    # Slow by a rule of slow_checks.py that waits on its marker: SLOW, slow by its size alone,
    # was checked before the disconnect was seen once GL401-GL404 passed over its paragraphs.
    waits = build_report(prose={1: [MARKER]}).encode("utf-8")
    with live_server(workers=1, config_path=slow_config(tmp_path)) as (port, pool):
        body, content_type = multipart("slow.txt", waits)
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        connection.request("POST", "/api/lint", body=body, headers={"Content-Type": content_type})
        wait_until(lambda: pool.busy_pids())
        victim = pool.busy_pids()[0]
        connection.close()                                    # the clerk closed the tab
        wait_until(lambda: not alive(victim), timeout=5)
        assert pool.stats["cancelled"] == 1
        started = time.monotonic()
        assert post(port, ORDINARY)[0] == 200
        assert time.monotonic() - started < 10               # the slow check no longer holds the slot


def test_a_small_report_is_not_kept_waiting_behind_two_heavy_ones():
    """Heavy uploads (over 4 MB to read) may hold all slots but one: the clerk's small report
    sent while two of them are being checked is answered at once."""
    heavy = SLOW + ("\n" + PROSE) .encode("utf-8") * 6000          # ~4.5 MB of text
    assert len(heavy) > 4_000_000
    with live_server(workers=2) as (port, pool):
        first, first_box = in_thread(post, port, heavy, "heavy-1.txt")
        second, second_box = in_thread(post, port, heavy, "heavy-2.txt")
        wait_until(lambda: pool.busy_pids() and pool.waiting == 1)      # one heavy runs, one waits
        started = time.monotonic()
        assert post(port, ORDINARY, "small.txt")[0] == 200
        assert time.monotonic() - started < 2.5
        first.join(120)
        second.join(120)
        assert first_box["value"][0] == 200 and second_box["value"][0] == 200


def test_a_full_queue_answers_503_with_retry_after():
    with live_server(workers=1, max_queue=1) as (port, pool):
        running, running_box = in_thread(post, port, SLOW, "slow.txt")
        wait_until(lambda: pool.busy_pids())
        queued, queued_box = in_thread(post, port, ORDINARY, "queued.txt")
        wait_until(lambda: pool.waiting == 1)
        status, headers, body = post(port, ORDINARY, "refused.txt")
        assert status == 503 and "排队" in body.decode("utf-8")
        assert int(headers["Retry-After"]) > 0
        running.join(60)
        queued.join(60)
        assert running_box["value"][0] == 200 and queued_box["value"][0] == 200


@pytest.mark.skipif(not LINUX, reason="RSS is read from /proc")
def test_check_processes_are_recycled():
    with live_server(workers=1, max_checks=2) as (port, pool):
        first = pool.pids()
        for _ in range(2):
            assert post(port, ORDINARY)[0] == 200
        wait_until(lambda: pool.pids() and pool.pids() != first)
        assert pool.stats["recycled"] == 1
    with live_server(workers=1, recycle_mb=1) as (port, pool):   # any process is over 1 MB
        first = pool.pids()
        assert post(port, ORDINARY)[0] == 200
        wait_until(lambda: pool.pids() and pool.pids() != first)


def test_errors_are_chinese_for_every_status():
    with live_server(workers=1) as (port, _):
        for method, path, status in (("GET", "/no/such/page", 404), ("GET", "/api/lint", 405),
                                     ("DELETE", "/api/rules", 405)):
            connection = http.client.HTTPConnection(HOST, port, timeout=10)
            connection.request(method, path)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
            assert response.status == status
            assert '"error"' in text and any("\u4e00" <= ch <= "\u9fff" for ch in text), text
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        connection.request("GET", "/favicon.ico")
        response = connection.getresponse()
        assert response.status == 200 and response.getheader("Content-Type").startswith("image/")
        response.read()


@pytest.mark.skipif(not LINUX, reason="process tree read from /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_stopping_the_server_stops_every_check_process(stop):
    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "govlint.cli", "serve", "--port", str(port), "--workers", "2"],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        wait_until(lambda: _answers(port) or server.poll() is not None, timeout=60, step=0.2)
        assert server.poll() is None, server.stderr.read().decode(errors="replace")
        in_thread(post, port, SLOW, "slow.txt")             # a check in flight when the signal comes
        time.sleep(0.5)
        started_below = descendants(server.pid)
        assert len(started_below) >= 2
        server.send_signal(stop)
        server.wait(30)
        wait_until(lambda: not any(alive(pid) for pid in started_below), timeout=10)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        connection.request("GET", "/api/rules")
        ok = connection.getresponse().status == 200
        connection.close()
        return ok
    except OSError:
        return False
