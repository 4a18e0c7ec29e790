"""`python -m service bench`: speed and memory, reported as medians and ratios (the machine is shared).

Measures ingestion (cold and no-op), query embedding, retrieval, in-process answers, documents (a
50,000-character plan assessed, a 5 MB PDF parsed and uploaded), HTTP throughput of one uvicorn worker over
loopback (a bounded run), peak memory, and a naive dense-only baseline.
"""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from service.advisor.training import LabelledQuestion
from service.bench_documents import bench_documents, big_pdf
from service.bench_slack import bench_slack_ack
from service.container import Container
from service.evaluation.qa import load_rows
from service.loopback import ServerProcess
from service.settings import Settings

DISTRICTS = Path("evals/datasets/districts.jsonl")
# Two follow-ups of a session about a place: one answered from the passages nearest to it, one that ranks the
# library's places most like the place described (the profile read once more).
FOLLOW_UPS = {
    "en": ("What if the government cuts its funding?", "Which places are like ours?"),
    "zh": ("如果政府削减经费怎么办？", "有哪些和我们类似的地方？"),
}


def _ms(samples: list[float]) -> dict:
    return {
        "p50": round(statistics.median(samples) * 1000, 3),
        "p95": round(float(np.percentile(samples, 95)) * 1000, 3),
        "n": len(samples),
    }


def _timed(fn: Callable[[Any], object], items: Iterable[Any]) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
    return out


def bench_follow_ups(c: Container, rows: list[LabelledQuestion], sessions: int = 20) -> dict:
    """Each follow-up's answer time, in sessions opened by the first labelled descriptions of the set."""
    samples: list[float] = []
    for r in [r for r in rows if r.intent == "classify" and r.expected_model != "none"][:sessions]:
        sid = c.advisor.answer(r.question).session_id
        samples += _timed(lambda text, sid=sid: c.advisor.answer(text, session_id=sid), FOLLOW_UPS[r.lang])
    return _ms(samples)


def bench_ingest(settings: Settings, repeats: int) -> dict:
    """Cold ingests (model load and classifier training included), each in a fresh process and a fresh
    index folder, `repeats` times for a median on a noisy machine; then no-op re-runs in-process on the
    last one's index."""
    folders = [Path(tempfile.mkdtemp(prefix="bench-index-")) for _ in range(repeats)]
    try:
        cold = [_cold_ingest(f) for f in folders]
        c = Container(settings.model_copy(update={"index_dir": folders[-1]}))
        noop = [c.ingest(show_progress=False).seconds for _ in range(repeats)]
    finally:
        for f in folders:
            shutil.rmtree(f, ignore_errors=True)
    return {
        "cold_ingest_s": round(statistics.median(cold), 2),
        "cold_ingest_runs_s": [round(x, 2) for x in cold],
        "noop_ingest_s_p50": round(statistics.median(noop), 4),
    }


def _cold_ingest(folder: Path) -> float:
    env = {**os.environ, "ADVISOR_INDEX_DIR": str(folder)}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "service", "ingest", "--quiet"], check=True, env=env, capture_output=True)
    return time.perf_counter() - t


def naive_baseline(c: Container, rows: list[LabelledQuestion]) -> dict:
    """Embed the question, take the nearest model-tagged section (article or model card), predict its model."""
    correct = labelled = 0
    for r in rows:
        hits = c.retriever.search(r.question, k=10, mode="dense")
        tagged = [h for h in hits if h.chunk.doc_type in ("source", "model") and h.chunk.models]
        predicted = tagged[0].chunk.models[0] if tagged else "none"
        if r.expected_model != "none":
            labelled += 1
            correct += predicted == r.expected_model
    return {"accuracy": round(correct / labelled, 4), "n_labelled": labelled}


def bench_http(questions: list[str], total: int, concurrency: int, upload: bytes | None = None) -> dict:
    """Chat throughput of one worker, then (when given) a few uploads of a large PDF to /v1/assess: the
    server's peak memory covers both."""
    # Throughput of the service itself: the per-client rate limit would cap a single-client load run.
    server = ServerProcess(
        {"ADVISOR_DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/b.db", "ADVISOR_RATE_LIMIT_PER_MINUTE": "0"}
    )
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:

            def one(i: int) -> float:
                t = time.perf_counter()
                r = client.post("/v1/chat", json={"message": questions[i % len(questions)]})
                r.raise_for_status()
                return time.perf_counter() - t

            for i in range(10):  # warm-up
                one(i)
            t = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                latencies = list(pool.map(one, range(total)))
            elapsed = time.perf_counter() - t
            uploads = [
                client.post("/v1/assess", files={"file": ("plan.pdf", upload)})
                .raise_for_status()
                .elapsed.total_seconds()
                for _ in range(3 if upload else 0)
            ]
        peak_kb = server.status_kb("VmHWM")
        return {
            "requests": total,
            "concurrency": concurrency,
            "req_per_s": round(total / elapsed, 1),
            "latency_ms": _ms(latencies),
            "pdf_upload_ms": _ms(uploads) if uploads else None,
            "server_peak_rss_mb": round(peak_kb / 1024, 1) if peak_kb else None,
        }
    finally:
        server.stop()


def run_bench(
    settings: Settings,
    repeats: int = 5,
    http_requests: int = 400,
    concurrency: int = 8,
    dataset: Path = Path("evals/datasets/dev.jsonl"),
) -> dict:
    c = Container(settings.model_copy(update={"database_url": f"sqlite:///{tempfile.mkdtemp()}/bench.db"}))
    rows = load_rows(dataset)
    questions = [r.question for r in rows]
    c.advisor.warm_up()
    embed = _timed(c.embedder.embed_query, questions * repeats)
    vectors = [c.embedder.embed_query(q) for q in questions]
    retrieve = _timed(
        lambda i: c.retriever.search(questions[i], k=5, vector=vectors[i]), list(range(len(questions))) * repeats
    )
    answer = _timed(c.advisor.answer, questions * repeats)
    places = [r.question for r in load_rows(DISTRICTS)] if DISTRICTS.exists() else []
    result = {
        "query_embedding_ms": _ms(embed),
        "retrieval_ms": _ms(retrieve),
        "answer_ms": _ms(answer),
        # questions about named districts (the case library), and the comparable-case ranking alone
        "district_answer_ms": _ms(_timed(c.advisor.answer, places * repeats)) if places else None,
        "similar_cases_ms": _ms(_timed(c.advisor.similar, questions * repeats)),
        "follow_up_answer_ms": bench_follow_ups(c, rows),
        "case_library": len(c.advisor.loaded().profiles.items),
        "naive_baseline": naive_baseline(c, rows),
        "ingest": bench_ingest(settings, repeats),
        "documents": bench_documents(c, repeats),
        "http": bench_http(questions, http_requests, concurrency, big_pdf(settings.corpus_dir)),
        "in_process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "slack": bench_slack_ack(settings),
    }
    emb, ans = result["query_embedding_ms"]["p50"], result["answer_ms"]["p50"]
    result["targets"] = {
        "answer_p50_vs_budget": {
            "answer_p50_ms": ans,
            "budget_ms": round(3 * emb + 10, 3),
            "ratio_to_embedding": round(ans / emb, 2),
            "met": ans <= 3 * emb + 10,
        },
        "http_req_per_s_at_least_30": result["http"]["req_per_s"] >= 30,
        "rss_at_most_1gb": max(result["in_process_peak_rss_mb"], result["http"]["server_peak_rss_mb"] or 0) <= 1024,
        "noop_ingest_under_1s": result["ingest"]["noop_ingest_s_p50"] < 1,
        "cold_ingest_under_60s": result["ingest"]["cold_ingest_s"] < 60,
        "slack_ack_p99_under_1s_with_10s_answers": result["slack"]["ack_p99_under_1s"],
        "assess_50k_chars_p50_under_2s": all(
            result["documents"][f"assess_50k_{lang}"]["p50_s"] < 2 for lang in ("zh", "en")
        ),
        "pdf_5mb_parsed_and_assessed_within_timeout": result["documents"]["pdf_5mb"]["parse_p50_s"]
        + result["documents"]["pdf_5mb"]["assess_after_parse_p50_s"]
        < settings.answer_timeout_s,
    }
    return result
