"""A mock Slack Web API on 127.0.0.1 that records every call (as slack_bolt's own tests do), plus response_url
endpoints, and can answer the next calls of a method with 429 and Retry-After."""

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response


@dataclass
class SlackMock:
    calls: list[tuple[str, dict]] = field(default_factory=list)
    rate_limited: dict[str, int] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # served at /files/{id} to the bot's token
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))

    def of(self, method: str) -> list[dict]:
        with self.lock:
            return [body for m, body in self.calls if m == method]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 30.0, where: Callable[[dict], bool] | None = None
    ) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [b for b in self.of(method) if where is None or where(b)]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"expected {count} {method} call(s), saw {self.of(method)}")


async def _body(request: Request) -> dict:
    raw = (await request.body()).decode()
    if request.headers.get("content-type", "").startswith("application/json"):
        return json.loads(raw or "{}")
    return dict(parse_qsl(raw))


def slack_api(mock: SlackMock) -> FastAPI:
    app = FastAPI()

    @app.post("/api/{method}")
    async def api(method: str, request: Request) -> JSONResponse:
        body = await _body(request)
        with mock.lock:
            mock.calls.append((method, body))
            if mock.rate_limited.get(method, 0) > 0:
                mock.rate_limited[method] -= 1
                return JSONResponse(
                    status_code=429, headers={"Retry-After": "1"}, content={"ok": False, "error": "ratelimited"}
                )
        if method == "auth.test":
            return JSONResponse({"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "advisor"})
        ts = f"1700000000.{next(mock._ts):06d}"
        return JSONResponse({"ok": True, "channel": body.get("channel", "C1"), "ts": body.get("ts", ts)})

    @app.get("/files/{file_id}")
    async def file(file_id: str, request: Request) -> Response:
        with mock.lock:
            mock.calls.append(("files.download", {"id": file_id, "auth": request.headers.get("authorization")}))
        if request.headers.get("authorization") != "Bearer xoxb-test" or file_id not in mock.files:
            return Response("<html>sign in</html>", media_type="text/html")  # what Slack does
        return Response(mock.files[file_id], media_type="application/octet-stream")

    @app.post("/response/{key}")
    async def response_url(key: str, request: Request) -> JSONResponse:
        body = await _body(request)
        with mock.lock:
            mock.calls.append(("response_url", body | {"_key": key}))
        return JSONResponse({"ok": True})

    return app
