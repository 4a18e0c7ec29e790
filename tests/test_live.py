"""A real uvicorn server on a loopback port: SSE read by a real client, and the eval runner over HTTP."""

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from httpx_sse import connect_sse

from service.app import create_app
from service.container import Container
from service.evaluation import qa
from service.loopback import LoopbackServer


@pytest.fixture(scope="module")
def live_url(real_container: Container) -> Iterator[str]:
    with LoopbackServer(create_app(real_container, load_in_background=False)) as server:
        yield server.url


def test_sse_stream_parsed_by_a_real_client(live_url: str) -> None:
    with (
        httpx.Client(base_url=live_url, timeout=30) as client,
        connect_sse(
            client,
            "POST",
            "/v1/chat/stream",
            json={"message": "我们市有一家龙头车企，上下游配套企业很多，适合哪种模式？"},
        ) as source,
    ):
        events = list(source.iter_sse())
    deltas = [e for e in events if e.event == "delta"]
    final = json.loads(events[-1].data)
    assert events[-1].event == "answer" and deltas
    assert "".join(json.loads(e.data)["text"] for e in deltas).strip() == final["answer"].strip()
    assert final["model"]["id"] == "anchor_company"


def write_rows(path: Path) -> Path:
    rows = [
        {
            "id": "t-1",
            "lang": "en",
            "question": "We host two national laboratories and a neutron source.",
            "expected_model": "science_facility",
        },
        {"id": "t-2", "lang": "zh", "question": "帮我推荐一部电影", "expected_model": "none", "ignored": True},
        {
            "id": "t-3",
            "lang": "zh",
            "question": "那风险呢？",
            "expected_model": "university_led",
            "history": ["我们有一所顶尖研究型大学，教授创业和技术转移非常活跃，适合哪种模式？"],
        },
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_eval_runner_over_http_and_in_process_agree(live_url: str, real_container: Container, tmp_path: Path) -> None:
    rows = qa.load_rows(write_rows(tmp_path / "rows.jsonl"))
    chunks = {c.chunk_id: c.text for c in real_container.reader.get().chunks}
    over_http = qa.run_eval(rows, qa.http_asker(live_url), chunks, concurrency=2)
    in_process = qa.run_eval(rows, qa.local_asker(real_container.advisor), chunks)
    assert [r["predicted"] for r in over_http] == [r["predicted"] for r in in_process]
    summary = qa.summarise(over_http)
    assert summary["accuracy"] == 1.0 and summary["citation_validity"] == 1.0 and summary["none_abstention"] == 1.0
    qa.write_run(tmp_path / "run", over_http, summary, {"dataset": "rows", "target": live_url})
    for name in ("summary.json", "results.jsonl", "report.md", "confusion.png"):
        assert (tmp_path / "run" / name).stat().st_size > 0
    assert qa.compare_runs(tmp_path / "run", tmp_path / "run") == []
