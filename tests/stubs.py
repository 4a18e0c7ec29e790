"""Scripted language-model servers on 127.0.0.1: the OpenAI chat API and the Ollama chat API.

Each holds a queue of replies (text, HTTP status, or a delay) and records every request it gets.
"""

import asyncio
import json
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0


@dataclass
class ScriptedLLM:
    replies: deque = field(default_factory=deque)
    requests: list[dict] = field(default_factory=list)
    default: Reply = field(default_factory=lambda: Reply(json.dumps({"answer": "Nothing scripted.", "citations": []})))

    def enqueue(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def next(self) -> Reply:
        return self.replies.popleft() if self.replies else self.default


def valid_json(answer: str, citations: list[int]) -> str:
    return json.dumps({"answer": answer, "citations": citations}, ensure_ascii=False)


def _pieces(text: str, size: int = 7) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


async def _take(script: ScriptedLLM, request: Request) -> tuple[dict, Reply]:
    """Record the request, then play the next scripted reply's delay."""
    body = await request.json()
    script.requests.append(body)
    reply = script.next()
    if reply.delay:
        await asyncio.sleep(reply.delay)
    return body, reply


def openai_app(script: ScriptedLLM) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def completions(request: Request):
        body, reply = await _take(script, request)
        if reply.status != 200:
            return JSONResponse(status_code=reply.status, content={"error": {"message": "scripted failure"}})
        if not body.get("stream"):
            return {
                "id": "stub",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body["model"],
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": reply.content}, "finish_reason": "stop"}
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }

        def events() -> Iterator[str]:
            for i, piece in enumerate(_pieces(reply.content)):
                delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                chunk = {
                    "id": "stub",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": body["model"],
                    "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
                }
                yield f"data: {json.dumps(chunk)}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


def ollama_app(script: ScriptedLLM) -> FastAPI:
    app = FastAPI()

    @app.post("/api/chat")
    async def chat(request: Request):
        body, reply = await _take(script, request)
        if reply.status != 200:
            return JSONResponse(status_code=reply.status, content={"error": "scripted failure"})
        model = body.get("model", "stub")

        def lines() -> Iterator[str]:
            for piece in _pieces(reply.content):
                yield (
                    json.dumps(
                        {
                            "model": model,
                            "created_at": "2026-01-01T00:00:00Z",
                            "message": {"role": "assistant", "content": piece},
                            "done": False,
                        }
                    )
                    + "\n"
                )
            yield (
                json.dumps(
                    {
                        "model": model,
                        "created_at": "2026-01-01T00:00:00Z",
                        "message": {"role": "assistant", "content": ""},
                        "done": True,
                        "done_reason": "stop",
                        "total_duration": 1,
                        "eval_count": 1,
                        "prompt_eval_count": 1,
                    }
                )
                + "\n"
            )

        if body.get("stream", True):
            return StreamingResponse(lines(), media_type="application/x-ndjson")
        return json.loads(next(iter(lines()))) | {
            "message": {"role": "assistant", "content": reply.content},
            "done": True,
            "done_reason": "stop",
        }

    return app
