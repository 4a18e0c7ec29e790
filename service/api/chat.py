"""POST /v1/chat and its Server-Sent-Events twin."""

import json
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from service.advisor.types import Answer
from service.api.deps import AdvisorDep, OwnerDep, bounded
from service.api.schemas import ChatRequest

router = APIRouter(prefix="/v1", tags=["chat"])


@router.post("/chat", response_model=Answer, responses={504: {"description": "The answer took too long."}})
async def chat(req: ChatRequest, advisor: AdvisorDep, owner: OwnerDep, request: Request) -> Answer:
    """Answer a planner's question: the model that fits (or an abstention), an adviser's note in the
    question's language, and citations whose quotes occur verbatim in the cited passages. A session id
    belongs to the API key that uses it: another key sending the same id starts an empty session."""
    return await bounded(request, advisor.answer, req.message, req.session_id, req.language, owner)


def sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def answer_events(pieces: Iterator[str | Answer]) -> Iterator[str]:
    """`delta` events with text as it is written, then one `answer` event with the final, verified object."""
    for item in pieces:
        if isinstance(item, str):
            yield sse("delta", {"text": item})
        else:
            yield sse("answer", item.model_dump(mode="json"))


@router.post("/chat/stream", response_class=StreamingResponse, responses={200: {"content": {"text/event-stream": {}}}})
async def chat_stream(req: ChatRequest, advisor: AdvisorDep, owner: OwnerDep, request: Request) -> StreamingResponse:
    """The same answer as /v1/chat, as Server-Sent Events: `delta` events carry text pieces (a language
    model's tokens as they come), then one `answer` event carries the final, verified object."""
    pieces = await bounded(request, advisor.answer_stream, req.message, req.session_id, req.language, owner)
    return StreamingResponse(
        answer_events(pieces),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
