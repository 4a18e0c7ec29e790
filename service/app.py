"""create_app(container): the FastAPI application factory. Domain errors become HTTP statuses here."""

import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import __version__
from service.advisor.pipeline import InvalidQuestionError
from service.api import assess, cases, chat, feedback, health, openai_compat, search, typology
from service.api.cases import DescriptionTooLongError, UnknownCaseError
from service.api.deps import AnswerTimeoutError
from service.api.middleware import (
    ApiKeyMiddleware,
    BodyLimitMiddleware,
    RateLimitMiddleware,
    RequestContextMiddleware,
)
from service.container import Container
from service.documents.model import MAX_DOCUMENT_BYTES, DocumentError
from service.errors import AdvisorError, IndexNotFoundError
from service.store.repository import UnknownAnswerError

log = logging.getLogger("service")


class ErrorBody(BaseModel):
    error: str


# What any route may answer, whatever it does: documented once for all of them.
COMMON_ERRORS: dict[int | str, dict] = {
    401: {"model": ErrorBody, "description": "An API key is required (when ADVISOR_AUTH_REQUIRED is on)."},
    413: {
        "model": ErrorBody,
        "description": "The request body is larger than ADVISOR_MAX_BODY_BYTES (5 MB for /v1/assess).",
    },
    429: {"model": ErrorBody, "description": "Rate limit exceeded; see the Retry-After header."},
    503: {"model": ErrorBody, "description": "The index is not loaded yet."},
    504: {"model": ErrorBody, "description": "The answer took longer than ADVISOR_ANSWER_TIMEOUT_S."},
}


# Domain errors whose message is safe and useful to the client, and the status each one becomes.
DOMAIN_STATUS: dict[type[Exception], int] = {
    InvalidQuestionError: 422,
    UnknownAnswerError: 404,
    AnswerTimeoutError: 504,
    IndexNotFoundError: 503,
    UnknownCaseError: 404,
    DescriptionTooLongError: 413,
}


def _load(app: FastAPI) -> None:
    try:
        app.state.container.advisor.warm_up()
        app.state.ready.set()
    except Exception as exc:  # readiness reports it; the process stays up for /healthz
        log.exception("loading the index and classifier failed")
        app.state.load_error = f"not ready: {exc}"


def create_app(container: Container, *, load_in_background: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if load_in_background:
            threading.Thread(target=_load, args=(app,), daemon=True).start()
        else:
            _load(app)
        yield

    app = FastAPI(
        responses=COMMON_ERRORS,
        title="Innovation District Advisor",
        version=__version__,
        description="Which innovation-district model fits a place, with calibrated confidence and cited answers "
        "in Chinese or English.",
        lifespan=lifespan,
    )
    app.state.container = container
    app.state.ready = threading.Event()
    app.state.load_error = None
    for module in (chat, openai_compat, assess, search, typology, cases, feedback, health):
        app.include_router(module.router)
    s = container.settings
    # Added innermost first: the request context ends up outermost.
    if s.rate_limit_per_minute:
        app.add_middleware(
            RateLimitMiddleware, per_minute=s.rate_limit_per_minute, burst=s.rate_limit_burst, metrics=container.metrics
        )
    if s.auth_required:
        app.add_middleware(ApiKeyMiddleware, verify=container.api_keys.verify)
    upload = MAX_DOCUMENT_BYTES + assess.UPLOAD_OVERHEAD
    app.add_middleware(
        BodyLimitMiddleware, limit=s.max_body_bytes, per_path={"/v1/assess": max(upload, s.max_body_bytes)}
    )
    app.add_middleware(RequestContextMiddleware, metrics=container.metrics)
    if container.slack_enabled:
        from service.slack.routes import slack_router

        app.include_router(slack_router(container.bolt))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            if e["type"] == "json_invalid":
                problems.append("body: not valid JSON (send a JSON object)")
                continue
            where = ".".join(str(p) for p in e["loc"] if p != "body") or "body"
            problems.append(f"{where}: {e['msg']}")
        return JSONResponse(status_code=422, content={"error": "; ".join(problems), "detail": jsonable(exc)})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI answers an undecodable body (bad UTF-8) with 400; to a client it is just non-JSON: 422.
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            return JSONResponse(status_code=422, content={"error": "body: not valid JSON (send a UTF-8 JSON object)"})
        return JSONResponse(
            status_code=exc.status_code, content={"error": str(exc.detail)}, headers=getattr(exc, "headers", None)
        )

    def status_for(status: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
        async def handler(_: Request, exc: Exception) -> JSONResponse:
            return JSONResponse(status_code=status, content={"error": str(exc)})

        return handler

    for error, status in DOMAIN_STATUS.items():
        app.add_exception_handler(error, status_for(status))

    @app.exception_handler(DocumentError)
    async def _document(_: Request, exc: DocumentError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"error": str(exc)})

    @app.exception_handler(AdvisorError)
    async def _advisor_error(_: Request, exc: AdvisorError) -> JSONResponse:
        log.error("advisor error: %s", exc)
        return JSONResponse(status_code=500, content={"error": "the advisor could not answer; the error is logged"})

    return app


def jsonable(exc: RequestValidationError) -> list[dict]:
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]


def app_from_env() -> FastAPI:
    """The factory uvicorn imports in each worker process (`serve` with several workers)."""
    from service.observability import configure_logging
    from service.settings import Settings

    container = Container(Settings())
    configure_logging(container.settings.log_level)
    return create_app(container)
