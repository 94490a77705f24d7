"""A bounded load test of `govlint serve` on loopback.

    .venv/bin/python bench/load.py [--requests 300] [--clients 4] [--workers 2]

Starts `govlint serve` on a free 127.0.0.1 port with its own temporary folder, warms the
worker processes up, then sends the requests from a few concurrent clients (threads, one
keep-alive connection each). The mix is mostly real uploads (the example reports and
generated ones, .txt, some GB18030), a few /api/fix requests, a larger report, and a few
that must be refused (PDF → 422, empty → 400, too large → 413). Printed: requests per second, latency
percentiles, status counts, unexpected answers, the server's memory (server and workers)
after warm-up and after each of two rounds, and files left in its temporary folder.
Exit status 1 when an answer was unexpected, a file was left behind, or memory kept growing.
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from builder import build_report   # noqa: E402

HOST = "127.0.0.1"                 # loopback only
MAX_UPLOAD_MB = 2
GROWTH_LIMIT_MB = 25               # RSS growth between the two rounds that counts as a leak


def payloads() -> list[tuple[str, str, bytes, int]]:
    """(endpoint, file name, bytes, expected status), in the proportions they are sent."""
    examples = sorted((ROOT / "examples").glob("*.txt"))
    reports = [("/api/lint", p.name, p.read_bytes(), 200) for p in examples]
    reports += [("/api/lint", f"generated-{year}.txt",
                 build_report(year=year, cells={"t3.new.natural": ""}).encode("gb18030"), 200) for year in (2019, 2021)]
    fixes = [("/api/fix", name, data, 200) for _, name, data, _ in reports[-2:]]
    large = ("/api/lint", "large.txt", b"\n".join(p.read_bytes() for p in examples) * 40, 200)
    refused = [("/api/lint", "scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 422),
               ("/api/lint", "empty.txt", b"", 400),
               ("/api/lint", "huge.txt", b"x" * (MAX_UPLOAD_MB * 1024 * 1024 + 1), 413)]
    return reports * 5 + fixes + [large] + refused


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Client(threading.Thread):
    def __init__(self, port: int, jobs, results: list, lock: threading.Lock):
        super().__init__(daemon=True)
        self.port, self.jobs, self.results, self.lock = port, jobs, results, lock

    def run(self) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        while True:
            with self.lock:
                job = next(self.jobs, None)
            if job is None:
                break
            endpoint, name, data, expected = job
            body, content_type = multipart(name, data)
            start = time.perf_counter()
            try:
                connection.request("POST", endpoint, body=body, headers={"Content-Type": content_type})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
            except (OSError, http.client.HTTPException) as e:
                status = f"{type(e).__name__}"
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
            self.results.append((time.perf_counter() - start, status, expected, name))
        connection.close()


def run_round(port: int, jobs: list, clients: int) -> tuple[float, list]:
    results: list = []
    lock = threading.Lock()
    iterator = iter(jobs)
    threads = [Client(port, iterator, results, lock) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, results


def slow_file_probe(port: int, large: tuple, small: tuple) -> tuple[float, float]:
    """Seconds for a large report, and for a small one sent while the large one is being linted."""
    times: dict = {}

    def send(job, key):
        seconds, results = run_round(port, [job], 1)
        times[key] = (seconds, results[0][1])

    big = threading.Thread(target=send, args=(large, "large"))
    big.start()
    time.sleep(0.3)
    send(small, "small")
    big.join()
    return times["large"][0], times["small"][0]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of the server and its worker processes."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found + [g for c in found for g in _children(c)]


def start_server(workers: int, temp: str) -> tuple[subprocess.Popen, int]:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "govlint.cli", "serve", "--host", HOST, "--port", str(port),
         "--workers", str(workers), "--max-upload", str(MAX_UPLOAD_MB)],
        cwd=ROOT, env={**os.environ, "TMPDIR": temp}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/api/rules")
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("govlint serve did not start")


def report(label: str, seconds: float, results: list) -> int:
    latencies = sorted(r[0] for r in results)
    unexpected = [r for r in results if r[1] != r[2]]
    statuses: dict = {}
    for r in results:
        statuses[r[1]] = statuses.get(r[1], 0) + 1
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    print(f"{label}: {len(results)} requests in {seconds:.2f} s = {len(results) / seconds:.1f} req/s; "
          f"latency ms p50 {q[49] * 1000:.0f}, p90 {q[89] * 1000:.0f}, p99 {q[98] * 1000:.0f}, "
          f"max {latencies[-1] * 1000:.0f}; statuses {dict(sorted(statuses.items(), key=str))}; "
          f"unexpected {len(unexpected)}")
    for r in unexpected[:5]:
        print(f"  unexpected: {r[3]} -> {r[1]} (expected {r[2]})")
    return len(unexpected)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per round (two rounds)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    mix = payloads()
    with tempfile.TemporaryDirectory(prefix="govlint-load-") as temp:
        process, port = start_server(args.workers, temp)
        try:
            run_round(port, mix[: args.workers * 4], args.workers)               # warm the workers up
            rss = [tree_rss_mb(process.pid)]
            failures = 0
            for n in (1, 2):
                jobs = list(itertools.islice(itertools.cycle(mix), args.requests))
                seconds, results = run_round(port, jobs, args.clients)
                failures += report(f"round {n}", seconds, results)
                rss.append(tree_rss_mb(process.pid))
            large = next(p for p in mix if p[1] == "large.txt")
            slow, quick = slow_file_probe(port, large, mix[0])
            print(f"while a large report ({len(large[2]) // 1024} KB) took {slow:.2f} s, "
                  f"a small one sent meanwhile took {quick:.2f} s")
            left = os.listdir(temp)
        finally:
            process.terminate()
            process.wait(timeout=30)
    growth = rss[2] - rss[1]
    print(f"memory (server + {args.workers} workers, RSS MB): after warm-up {rss[0]:.0f}, "
          f"after round 1 {rss[1]:.0f}, after round 2 {rss[2]:.0f} (growth in round 2: {growth:+.1f})")
    print(f"temporary files left: {len(left)}{' ' + str(left[:5]) if left else ''}")
    leak = bool(left) or growth > GROWTH_LIMIT_MB
    print("OK: no unexpected answer, no leak" if not (failures or leak) else "FAILED")
    return 1 if failures or leak else 0


if __name__ == "__main__":
    sys.exit(main())
