"""Dependencies as type aliases; tests swap them with app.dependency_overrides."""

import asyncio
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from service.advisor.pipeline import Advisor
from service.container import Container
from service.errors import AdvisorError
from service.store.repository import ANONYMOUS


class AnswerTimeoutError(AdvisorError):
    """An answer took longer than ADVISOR_ANSWER_TIMEOUT_S."""


def get_container(request: Request) -> Container:
    return request.app.state.container


def get_advisor(request: Request) -> Advisor:
    return request.app.state.container.advisor


def session_owner(request: Request) -> str:
    """Who a session belongs to: the API key that sent the request (one owner when auth is off)."""
    key_id = getattr(request.state, "api_key_id", None)
    return f"key:{key_id}" if key_id else ANONYMOUS


ContainerDep = Annotated[Container, Depends(get_container)]
OwnerDep = Annotated[str, Depends(session_owner)]
AdvisorDep = Annotated[Advisor, Depends(get_advisor)]


async def bounded(request: Request, fn: Callable[..., Any], *args: Any) -> Any:
    """Run blocking pipeline work off the event loop, within the answer timeout (504 past it)."""
    limit = request.app.state.container.settings.answer_timeout_s
    try:
        return await asyncio.wait_for(run_in_threadpool(fn, *args), limit)
    except TimeoutError:
        raise AnswerTimeoutError(f"the answer took longer than {limit:g} s; please try again") from None
