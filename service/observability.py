"""Prometheus metrics and structured (JSON) logs carrying the request id."""

import contextvars
import json
import logging
import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class Metrics:
    """One registry per app, so several apps in one process (tests) do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "advisor_http_requests_total", "HTTP requests", ["method", "route", "status"], registry=r
        )
        self.latency = Histogram(
            "advisor_http_request_duration_seconds",
            "HTTP request latency",
            ["route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=r,
        )
        self.answers = Counter(
            "advisor_answers_total", "Answers by model label ('none' when abstaining)", ["model", "intent"], registry=r
        )
        self.abstentions = Counter("advisor_abstentions_total", "Abstentions by reason", ["reason"], registry=r)
        self.fallbacks = Counter(
            "advisor_generator_fallbacks_total", "Language-model failures answered offline", registry=r
        )
        self.unverified = Counter("advisor_unverified_answers_total", "Answers with a removed citation", registry=r)
        self.slack_events = Counter("advisor_slack_events_total", "Slack deliveries", ["kind"], registry=r)
        self.ingest_runs = Counter("advisor_ingest_runs_total", "Ingest runs in this process", ["result"], registry=r)
        self.index_loads = Counter(
            "advisor_index_loads_total", "Index versions opened (after each published ingest)", registry=r
        )
        self.rate_limited = Counter("advisor_rate_limited_total", "Requests refused with 429", registry=r)
        self.index_info = Gauge("advisor_index_info", "The live index version", ["corpus_version"], registry=r)

    def observe_answer(self, answer: object) -> None:
        model = getattr(answer, "model", None)
        self.answers.labels(model.id if model else "none", getattr(answer, "intent", "")).inc()
        if model is None:
            self.abstentions.labels(getattr(answer, "abstain_reason", None) or "none").inc()
        if getattr(answer, "generator", "") == "offline-fallback":
            self.fallbacks.inc()
        if not getattr(answer, "verified", True):
            self.unverified.inc()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and any `extra` fields."""

    _skip = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id.get(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in self._skip})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
