"""Slack acknowledgement latency while answers are slow: Bolt must ack within Slack's 3 s regardless.

Signed events go over loopback to the real app; the generator is wrapped to take `answer_delay` seconds;
Web API calls go to a local sink that only says ok.
"""

import hashlib
import hmac
import json
import secrets
import statistics
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
from fastapi import FastAPI
from pydantic import SecretStr

from service.advisor.brief import Brief
from service.app import create_app
from service.container import Container
from service.generation.base import Draft, Generator
from service.loopback import LoopbackServer
from service.settings import Settings


class DelayedGenerator(Generator):
    """A real generator that takes `delay` seconds longer: the slow model of the benchmark."""

    def __init__(self, inner: Generator, delay: float) -> None:
        self.inner, self.delay, self.name = inner, delay, f"{inner.name}+{delay:g}s"

    def generate(self, brief: Brief) -> Draft:
        time.sleep(self.delay)
        return self.inner.generate(brief)


def _sink(calls: Counter) -> FastAPI:
    app = FastAPI()

    @app.post("/api/{method}")
    def api(method: str) -> dict:
        calls[method] += 1
        return {"ok": True, "ts": f"{time.time():.6f}", "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}

    return app


def bench_slack_ack(settings: Settings, events: int = 20, concurrency: int = 4, answer_delay: float = 10.0) -> dict:
    secret = secrets.token_hex(16)
    calls: Counter = Counter()
    with LoopbackServer(_sink(calls)) as sink:
        s = settings.model_copy(
            update={
                "slack_bot_token": SecretStr("xoxb-bench"),
                "slack_signing_secret": SecretStr(secret),
                "slack_api_url": f"{sink.url}/api/",
                "database_url": f"sqlite:///{tempfile.mkdtemp()}/slack.db",
            }
        )
        container = Container(s)
        container.generator = DelayedGenerator(container.generator, answer_delay)  # injected at the root
        with (
            LoopbackServer(create_app(container, load_in_background=False)) as app,
            httpx.Client(base_url=app.url, timeout=30) as client,
        ):

            def deliver(i: int) -> float:
                body = json.dumps(
                    {
                        "type": "event_callback",
                        "team_id": "T1",
                        "event_id": f"EvBench{i}-{secret[:6]}",
                        "event": {
                            "type": "app_mention",
                            "user": "U1",
                            "channel": "CBENCH",
                            "ts": f"{time.time():.6f}",
                            "text": "<@UBOT> What is a market-driven district?",
                        },
                    }
                )
                ts = str(int(time.time()))
                sig = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
                t = time.perf_counter()
                r = client.post(
                    "/slack/events",
                    content=body,
                    headers={
                        "X-Slack-Request-Timestamp": ts,
                        "X-Slack-Signature": sig,
                        "Content-Type": "application/json",
                    },
                )
                r.raise_for_status()
                return time.perf_counter() - t

            with ThreadPoolExecutor(concurrency) as pool:
                acks = list(pool.map(deliver, range(events)))
            # Let the slow answers finish before the servers stop, and count them.
            deadline = time.monotonic() + answer_delay * (events / 10 + 2) + 30
            while calls["chat.update"] < events and time.monotonic() < deadline:
                time.sleep(0.2)
    return {
        "events": events,
        "answers_delivered": calls["chat.update"],
        "answer_delay_s": answer_delay,
        "ack_ms_p50": round(statistics.median(acks) * 1000, 2),
        "ack_ms_p99": round(float(np.percentile(acks, 99)) * 1000, 2),
        "ack_p99_under_1s": float(np.percentile(acks, 99)) < 1.0,
    }
