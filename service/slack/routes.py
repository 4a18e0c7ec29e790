"""POST /slack/events: Events API, the slash command and interactivity on one endpoint."""

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response


def slack_router(bolt: App) -> APIRouter:
    router = APIRouter(tags=["slack"])

    @router.post("/slack/events", include_in_schema=False)
    async def events(request: Request) -> Response:
        """Bolt verifies the signature (401 when missing, wrong or over 5 minutes old), answers
        url_verification, and acknowledges before the listener does the answering."""
        body = await request.body()
        bolt_response = await run_in_threadpool(bolt.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    return router
