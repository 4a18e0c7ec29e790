"""An OpenAI-compatible face: POST /v1/chat/completions and GET /v1/models, the advisor as a model.

Citations are appended to the content as footnotes and returned whole in the extra `advisor` field.
"""

import hashlib
import json
import time
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from service.advisor.types import Answer
from service.api.deps import AdvisorDep, bounded, session_owner

MODEL_ID = "innovation-district-advisor"
router = APIRouter(prefix="/v1", tags=["openai-compatible"])


class OAMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.get("text", "") for p in self.content if p.get("type") == "text")
        return self.content or ""


class OAChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # clients send temperature, top_p, ...: accepted, not used
    model: str
    messages: list[OAMessage] = Field(min_length=1)
    stream: bool = False
    user: str | None = Field(None, max_length=64, description="Used as the advisor session id.")


def _error(status: int, message: str, code: str) -> JSONResponse:
    return JSONResponse(
        status_code=status, content={"error": {"message": message, "type": "invalid_request_error", "code": code}}
    )


def _session(req: OAChatRequest, header: str | None) -> str:
    """The client's session if it names one; else one derived from the conversation's opening messages, so
    a chat front-end that resends the history gets follow-ups without knowing about sessions. (Two
    conversations that open with the same words share follow-up context; name a session to avoid that.)"""
    if req.user or header:
        return req.user or header  # type: ignore[return-value]
    opening = [m.text() for m in req.messages if m.role in ("system", "developer")]
    opening.append(next((m.text() for m in req.messages if m.role == "user"), ""))
    return "oa-" + hashlib.sha256("\0".join(opening).encode()).hexdigest()[:24]


def footnotes(answer: Answer) -> str:
    if not answer.citations:
        return ""
    lines = [f"[{c.n}] {c.title}: “{c.quote}” ({c.doc_id})" for c in answer.citations]
    return "\n\n---\n" + "\n".join(lines)


def _usage(question: str, content: str) -> dict:
    # A rough count (characters / 4, at least one per CJK character); the advisor does not bill tokens.
    def count(text: str) -> int:
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        return cjk + max(0, len(text) - cjk) // 4

    p, c = count(question), count(content)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


def _chunk(cid: str, created: int, delta: dict, finish: str | None = None, **extra: Any) -> str:
    body = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


@router.get("/models")
def list_models() -> dict:
    """The advisor, presented as one model."""
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 1767225600, "owned_by": "innovation-district-advisor"}],
    }


@router.post(
    "/chat/completions",
    response_model=None,
    responses={
        200: {
            "description": "A chat.completion object, or chat.completion.chunk events when `stream` is true.",
            "content": {"application/json": {}, "text/event-stream": {}},
        },
        404: {"description": "Unknown model (OpenAI error format)."},
        422: {"description": "No user message with text, or an invalid request (OpenAI error format)."},
    },
)
async def chat_completions(
    req: OAChatRequest, advisor: AdvisorDep, request: Request, x_session_id: str | None = Header(None, max_length=64)
) -> JSONResponse | StreamingResponse | dict:
    """OpenAI chat completions: the last user message is the question; `user` (or X-Session-Id) is the
    session. `stream: true` sends chat.completion.chunk events and `data: [DONE]`."""
    if req.model != MODEL_ID:
        return _error(404, f"The model '{req.model}' does not exist; use '{MODEL_ID}'.", "model_not_found")
    question = next((m.text() for m in reversed(req.messages) if m.role == "user"), "").strip()
    if not question:
        return _error(422, "messages must contain a user message with text", "invalid_messages")
    session = _session(req, x_session_id)
    created = int(time.time())
    if not req.stream:
        answer = await bounded(request, advisor.answer, question, session, "auto", session_owner(request))
        content = answer.answer + footnotes(answer)
        return {
            "id": f"chatcmpl-{answer.answer_id}",
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "system_fingerprint": answer.corpus_version,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": _usage(question, content),
            "advisor": answer.model_dump(mode="json"),
        }

    pieces = await bounded(request, advisor.answer_stream, question, session, "auto", session_owner(request))
    cid = f"chatcmpl-{hashlib.sha256(f'{question}{created}'.encode()).hexdigest()[:24]}"

    def events() -> Iterator[str]:
        yield _chunk(cid, created, {"role": "assistant", "content": ""})
        for item in pieces:
            if isinstance(item, str):
                yield _chunk(cid, created, {"content": item})
            else:
                yield _chunk(cid, created, {"content": footnotes(item)})
                yield _chunk(cid, created, {}, "stop", advisor=item.model_dump(mode="json"))
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
