"""Keys, limits, timeouts, metrics and request ids, through the app with the real container."""

import time
from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient

from service.advisor.brief import Brief
from service.api.middleware import is_open
from service.app import create_app
from service.container import Container
from service.generation.base import Draft, Generator, OfflineGenerator


def app_with(real_container: Container, tmp_path: Path, **settings: object) -> tuple[TestClient, Container]:
    update = {"database_url": f"sqlite:///{tmp_path}/ops.db", **settings}
    c = Container(real_container.settings.model_copy(update=update))
    app = create_app(c, load_in_background=False)
    client = TestClient(app)
    client.app_under_test = app  # the FastAPI app whose routes are walked
    return client, c


def test_with_auth_on_every_protected_route_needs_a_key(real_container: Container, tmp_path: Path) -> None:
    client, c = app_with(real_container, tmp_path, auth_required=True)
    with client:
        # Walked from the app's own schema, not listed by hand.
        paths = client.app_under_test.openapi()["paths"]
        protected = [(m.upper(), p) for p, ops in paths.items() for m in ops if not is_open(p)]
        assert len(protected) >= 8
        for method, path in protected:
            assert client.request(method, path).status_code == 401, path
        for path in ("/docs", "/openapi.json", "/metrics"):
            assert client.get(path).status_code == 401
        assert client.get("/healthz").status_code == 200 and client.get("/readyz").status_code == 200

        key_id, key = c.api_keys.create("planning team")
        ok = client.post(
            "/v1/chat",
            json={"message": "What is a university-led district?"},
            headers={"Authorization": f"Bearer {key}"},
        )
        assert ok.status_code == 200
        assert (
            client.post("/v1/chat", json={"message": "hi"}, headers={"Authorization": f"Bearer {key}x"}).status_code
            == 401
        )
        assert c.api_keys.revoke(key_id)
        assert client.get("/v1/typology", headers={"Authorization": f"Bearer {key}"}).status_code == 401
        assert all(key not in str(row) for row in c.api_keys.list())


def test_rate_limit_gives_429_with_retry_after(real_container: Container, tmp_path: Path) -> None:
    client, _ = app_with(real_container, tmp_path, rate_limit_per_minute=60, rate_limit_burst=3)
    with client:
        codes = [client.get("/v1/typology").status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3] == 429
        refused = client.get("/v1/typology")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert client.get("/healthz").status_code == 200  # health is never limited


def test_oversized_bodies_get_413_declared_or_streamed(real_container: Container, tmp_path: Path) -> None:
    client, _ = app_with(real_container, tmp_path, max_body_bytes=2048)
    with client:
        big = b'{"message": "' + b"x" * 5000 + b'"}'
        r = client.post("/v1/chat", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and "2048" in r.json()["error"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            for _ in range(10):
                yield b"x" * 1000

        r = client.post("/v1/chat", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413


class Slow(Generator):
    name = "slow"

    def generate(self, brief: Brief) -> Draft:
        time.sleep(2.0)
        return OfflineGenerator().generate(brief)


def test_a_slow_answer_is_a_504(real_container: Container, tmp_path: Path) -> None:
    client, c = app_with(real_container, tmp_path, answer_timeout_s=0.5)
    c.generator = Slow()  # injected at the composition root
    with client:
        r = client.post("/v1/chat", json={"message": "What is a market-driven district?"})
        assert r.status_code == 504 and "0.5 s" in r.json()["error"]


def test_metrics_and_request_ids(real_container: Container, tmp_path: Path) -> None:
    client, _ = app_with(real_container, tmp_path)
    with client:
        r = client.post(
            "/v1/chat",
            json={"message": "我们有国家实验室和大科学装置，适合哪种模式？"},
            headers={"X-Request-ID": "req-123"},
        )
        assert r.headers["x-request-id"] == "req-123"
        assert len(client.get("/healthz").headers["x-request-id"]) == 32  # generated when absent
        client.post("/v1/chat", json={"message": "Recommend a good pizza place"})
        text = client.get("/metrics").text
    assert 'advisor_answers_total{intent="classify",model="science_facility"} 1.0' in text
    assert 'advisor_abstentions_total{reason="out_of_scope"} 1.0' in text
    assert 'advisor_http_requests_total{method="POST",route="/v1/chat",status="200"}' in text
    assert "advisor_http_request_duration_seconds_bucket" in text and "advisor_index_info{" in text
    assert "advisor_index_loads_total 1.0" in text


def test_revoking_an_unknown_key_is_an_error() -> None:
    from typer.testing import CliRunner

    from service.cli import app

    result = CliRunner().invoke(app, ["keys", "revoke", "999999"], env={"ADVISOR_DATABASE_URL": "sqlite://"})
    assert result.exit_code == 1 and "no active key" in result.output
