"""Load over loopback against a real server process; and a 10 MB body refused without being read."""

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import pytest

from service.loopback import ServerProcess
from tests.conftest import REPO
from tests.robust.conftest import rss_kb

pytestmark = pytest.mark.robust
REQUESTS, CONCURRENCY = 2000, 32
RUNS = REPO / "evals" / "runs" / "robust"


def questions() -> list[str]:
    rows = (REPO / "evals" / "datasets" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(r)["question"] for r in rows if r.strip()]


def test_load_run_has_no_errors(server: ServerProcess) -> None:
    qs = questions()
    local = threading.local()

    def client() -> httpx.Client:
        if not hasattr(local, "c"):
            local.c = httpx.Client(base_url=server.url, timeout=60)
        return local.c

    def one(i: int) -> tuple[int, float]:
        t = time.perf_counter()
        try:
            r = client().post("/v1/chat", json={"message": qs[i % len(qs)]})
            return r.status_code, time.perf_counter() - t
        except httpx.HTTPError:
            return 0, time.perf_counter() - t

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(one, range(REQUESTS)))
    elapsed = time.perf_counter() - started
    latencies = [s for _, s in results]
    errors = sum(1 for code, _ in results if code != 200)
    report = {
        "requests": REQUESTS,
        "concurrency": CONCURRENCY,
        "errors": errors,
        "req_per_s": round(REQUESTS / elapsed, 1),
        "latency_ms_p50": round(float(np.percentile(latencies, 50)) * 1000, 1),
        "latency_ms_p95": round(float(np.percentile(latencies, 95)) * 1000, 1),
    }
    RUNS.mkdir(parents=True, exist_ok=True)
    (RUNS / "load.json").write_text(json.dumps(report, indent=2))
    print(f"\nload: {report}")
    assert errors == 0, report


def test_a_10mb_body_is_refused_without_growing_memory(server: ServerProcess) -> None:
    before = rss_kb(server)
    body = b"{" + b" " * (10 * 1024 * 1024) + b"}"
    r = httpx.post(f"{server.url}/v1/chat", content=body, headers={"content-type": "application/json"}, timeout=60)
    grown_mb = (rss_kb(server) - before) / 1024
    report = {"status": r.status_code, "rss_growth_mb": round(grown_mb, 1)}
    RUNS.mkdir(parents=True, exist_ok=True)
    (RUNS / "big_body.json").write_text(json.dumps(report))
    print(f"\n10 MB body: {report}")
    assert r.status_code == 413 and grown_mb < 50


def test_a_streamed_10mb_body_is_refused_too(server: ServerProcess) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(10 * 16):
            yield b" " * 65536

    before = rss_kb(server)
    try:
        r = httpx.post(
            f"{server.url}/v1/chat", content=chunks(), headers={"content-type": "application/json"}, timeout=60
        )
        assert r.status_code == 413
    except httpx.WriteError:
        pass  # the server answered 413 and closed the connection while the client was still sending
    assert (rss_kb(server) - before) / 1024 < 50
    assert Path(f"/proc/{server.proc.pid}").exists()  # and it is still up
