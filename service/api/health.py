"""GET /healthz (the process is up) and GET /readyz (the index and classifier are loaded)."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from service.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """Liveness: answers as soon as the process serves HTTP."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
def readyz(request: Request) -> Health | JSONResponse:
    """Readiness: 503 until the index and the classifier are loaded, then their versions."""
    state = request.app.state
    if not state.ready.is_set():
        reason = state.load_error or "loading index and classifier"
        return JSONResponse(status_code=503, content=Health(status=reason).model_dump())
    index = state.container.reader.get()
    return Health(
        status="ready", corpus_version=index.corpus_version, classifier_version=str(index.manifest.get("artefacts", ""))
    )


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(request: Request) -> Response:
    """Prometheus metrics: requests, latency histograms, answers per model, abstentions, fallbacks,
    Slack events, ingest runs and the live index version."""
    state = request.app.state
    m = state.container.metrics
    if state.ready.is_set():
        m.index_info.clear()
        m.index_info.labels(state.container.reader.get().corpus_version).set(1)
    return Response(generate_latest(m.registry), media_type=CONTENT_TYPE_LATEST)
