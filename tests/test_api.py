"""Every route and every bad input, through TestClient over the real container."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.advisor.pipeline import MAX_QUESTION
from service.app import create_app
from service.container import Container
from service.settings import Settings
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def client(real_container: Container) -> TestClient:
    with TestClient(create_app(real_container, load_in_background=False)) as c:
        yield c


def test_chat_returns_the_documented_shape(client: TestClient) -> None:
    r = client.post("/v1/chat", json={"message": "我们有一个国家实验室和同步辐射光源，适合哪种模式？"})
    assert r.status_code == 200
    body = r.json()
    for key in (
        "answer_id",
        "session_id",
        "language",
        "answer",
        "model",
        "abstained",
        "intent",
        "citations",
        "corpus_version",
        "generator",
        "latency_ms",
    ):
        assert key in body
    assert body["language"] == "zh" and body["model"]["id"] == "science_facility"
    assert {"id", "name", "confidence", "alternatives"} <= set(body["model"])
    assert {"n", "chunk_id", "doc_id", "title", "quote", "score"} <= set(body["citations"][0])


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({"message": ""}, "message"),
        ({"message": "   \n "}, "whitespace"),
        ({"message": "x" * (MAX_QUESTION + 1)}, f"{MAX_QUESTION}"),
        ({"message": 42}, "string"),
        ({"message": "hi", "language": "fr"}, "language"),
        ({}, "message"),
        ({"message": "hi", "session_id": ["a"]}, "session_id"),
        ({"message": "hi", "extra": 1}, "extra"),
    ],
)
def test_bad_chat_input_is_a_clear_422(client: TestClient, payload: dict, needle: str) -> None:
    for path in ("/v1/chat", "/v1/chat/stream"):
        r = client.post(path, json=payload)
        assert r.status_code == 422, (path, payload)
        assert needle in r.json()["error"]


def test_non_json_body_is_a_422(client: TestClient) -> None:
    r = client.post("/v1/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["error"]


def test_unknown_session_starts_a_new_one(client: TestClient) -> None:
    r = client.post("/v1/chat", json={"message": "What is a university-led district?", "session_id": "nobody-123"})
    assert r.status_code == 200 and r.json()["session_id"] == "nobody-123" and r.json()["intent"] != "follow_up"


def test_stream_sends_pieces_then_the_answer(client: TestClient) -> None:
    with client.stream("POST", "/v1/chat/stream", json={"message": "What is the anchor-company model?"}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        text = "".join(r.iter_text())
    events = [block.split("\n")[0] for block in text.strip().split("\n\n")]
    assert events[-1] == "event: answer" and events.count("event: answer") == 1 and "event: delta" in events


def test_feedback_is_stored_and_unknown_answers_are_404(client: TestClient, real_container: Container) -> None:
    answer_id = client.post("/v1/chat", json={"message": "What is a market-driven district?"}).json()["answer_id"]
    r = client.post("/v1/feedback", json={"answer_id": answer_id, "rating": -1, "comment": "too short"})
    assert r.status_code == 201
    assert real_container.store.feedback_for(answer_id) == [{"rating": -1, "comment": "too short", "channel": "api"}]
    assert client.post("/v1/feedback", json={"answer_id": "missing", "rating": 1}).status_code == 404
    assert client.post("/v1/feedback", json={"answer_id": answer_id, "rating": 5}).status_code == 422


def test_search_filters_and_validation(client: TestClient) -> None:
    r = client.post("/v1/search", json={"query": "head tax Amazon", "k": 3, "filters": {"lang": "en"}})
    assert r.status_code == 200 and len(r.json()["hits"]) == 3
    assert all(h["lang"] == "en" for h in r.json()["hits"])
    assert client.post("/v1/search", json={"query": "x", "filters": {"colour": "red"}}).status_code == 422
    assert client.post("/v1/search", json={"query": "x", "k": 0}).status_code == 422


def test_typology_is_bilingual(client: TestClient) -> None:
    body = client.get("/v1/typology").json()
    assert [m["id"] for m in body["models"]] == [
        "university_led",
        "science_facility",
        "anchor_company",
        "government_cultivated",
        "market_driven",
    ]
    assert len(body["trends"]) == 3
    assert all(m["definition"]["en"] and m["definition"]["zh"] for m in body["models"] + body["trends"])


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["corpus_version"]


def test_readiness_is_503_without_an_index(tmp_path: Path) -> None:
    c = Container(Settings(corpus_dir=CORPUS, index_dir=tmp_path / "none", database_url="sqlite://"))
    with TestClient(create_app(c, load_in_background=False)) as client:
        assert client.get("/healthz").status_code == 200
        r = client.get("/readyz")
        assert r.status_code == 503 and "ingest" in r.json()["status"]
        assert client.post("/v1/chat", json={"message": "hello"}).status_code == 503


def test_feedback_survives_a_restart(real_container: Container, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/advisor.db"
    settings = real_container.settings.model_copy(update={"database_url": url})
    with TestClient(create_app(Container(settings), load_in_background=False)) as first:
        answer_id = first.post("/v1/chat", json={"message": "What is a science-facility district?"}).json()["answer_id"]
        assert first.post("/v1/feedback", json={"answer_id": answer_id, "rating": 1}).status_code == 201
    restarted = Container(settings)
    assert restarted.store.feedback_for(answer_id) == [{"rating": 1, "comment": None, "channel": "api"}]
    assert restarted.store.answer(answer_id)["question"] == "What is a science-facility district?"
