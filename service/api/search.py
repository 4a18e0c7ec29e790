"""POST /v1/search: hybrid retrieval with metadata filters."""

from fastapi import APIRouter

from service.api.deps import ContainerDep
from service.api.schemas import SearchHit, SearchRequest, SearchResponse

router = APIRouter(prefix="/v1", tags=["search"])


@router.post("/search", response_model=SearchResponse)
def search(req: SearchRequest, container: ContainerDep) -> SearchResponse:
    """Ranked passages for a query: dense and keyword results fused by reciprocal rank."""
    hits = container.retriever.search(req.query, k=req.k, filters=dict(req.filters), mode=req.mode)
    return SearchResponse(
        corpus_version=container.reader.get().corpus_version,
        hits=[
            SearchHit(
                rank=i,
                score=h.score,
                dense=h.dense,
                keyword=h.keyword,
                chunk_id=h.chunk.chunk_id,
                doc_id=h.chunk.doc_id,
                title=h.chunk.title,
                section=h.chunk.section,
                lang=h.chunk.lang,
                text=h.chunk.text,
            )
            for i, h in enumerate(hits, 1)
        ],
    )
