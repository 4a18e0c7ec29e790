"""Pure ASGI middleware: request ids and access logs, body-size limit, API keys, rate limits.

Order (outermost first): request context -> body limit -> API key -> rate limit -> the app.
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.observability import Metrics, request_id

log = logging.getLogger("service.access")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
OPEN_PATHS = ("/healthz", "/readyz", "/slack/")  # never need a key; Slack signs its own requests


async def send_json(send: Send, status: int, body: dict, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith("/slack/")


class RequestContextMiddleware:
    """A request id (the client's X-Request-ID if well-formed, else a new one) on the response and in
    every log line; one access-log line and the HTTP metrics per request."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        rid = incoming if incoming and _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(route).observe(elapsed)
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "ms": round(elapsed * 1000, 2),
                },
            )
            request_id.reset(token)


class BodyLimitMiddleware:
    """413 for a body over `limit` bytes: at once when Content-Length says so, else as soon as the streamed
    bytes pass the limit. The body is never read whole. `per_path` gives a route its own limit (an
    uploaded document may be larger than any question)."""

    def __init__(self, app: ASGIApp, limit: int, per_path: dict[str, int] | None = None) -> None:
        self.app, self.default, self.per_path = app, limit, dict(per_path or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.default)
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        seen = 0
        exceeded = refused = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            if exceeded:
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:  # stop reading: the app sees an ended body, its reply is replaced
                    exceeded = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal refused
            if not exceeded:
                await send(message)
            elif not refused:
                refused = True
                await self._refuse(send, limit)

        await self.app(scope, counting_receive, guarded_send)

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        await send_json(send, 413, {"error": f"request body is larger than {limit} bytes"}, [(b"connection", b"close")])


class ApiKeyMiddleware:
    """With auth required, every route but /healthz, /readyz and /slack/* needs `Authorization: Bearer KEY`."""

    def __init__(self, app: ASGIApp, verify: Callable[[str], str | None]) -> None:
        self.app, self.verify = app, verify

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_open(scope["path"]):
            await self.app(scope, receive, send)
            return
        header = _header(scope, b"authorization") or ""
        scheme, _, key = header.partition(" ")
        key_id = self.verify(key.strip()) if scheme.lower() == "bearer" and key.strip() else None
        if key_id is None:
            await send_json(
                send,
                401,
                {"error": "a valid API key is required: Authorization: Bearer <key>"},
                [(b"www-authenticate", b'Bearer realm="advisor"')],
            )
            return
        scope.setdefault("state", {})["api_key_id"] = key_id
        await self.app(scope, receive, send)


class RateLimitMiddleware:
    """A token bucket per API key (or per client address without one): `per_minute` requests a minute
    with bursts of `burst`; past that, 429 with Retry-After. Per process: with several workers, each
    enforces its share."""

    def __init__(self, app: ASGIApp, per_minute: int, burst: int, metrics: Metrics) -> None:
        self.app, self.rate, self.burst, self.metrics = app, per_minute / 60.0, burst, metrics
        self._buckets: dict[str, tuple[float, float]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_open(scope["path"]) or scope["path"] == "/metrics":
            await self.app(scope, receive, send)
            return
        key_id = scope.get("state", {}).get("api_key_id")
        who = f"key:{key_id}" if key_id else f"ip:{(scope.get('client') or ('-', 0))[0]}"
        now = time.monotonic()
        tokens, last = self._buckets.get(who, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            retry = max(1, int((1.0 - tokens) / self.rate + 0.999))
            self._buckets[who] = (tokens, now)
            self.metrics.rate_limited.inc()
            await send_json(
                send,
                429,
                {"error": f"rate limit exceeded; retry after {retry} s"},
                [(b"retry-after", str(retry).encode())],
            )
            return
        self._buckets[who] = (tokens - 1.0, now)
        if len(self._buckets) > 100_000:  # forget idle clients rather than grow without bound
            self._buckets = dict(list(self._buckets.items())[-50_000:])
        await self.app(scope, receive, send)
