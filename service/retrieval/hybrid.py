"""Hybrid retrieval: dense (Chroma) and keyword (BM25) rankings fused by reciprocal rank fusion."""

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from service.corpus.glossary import Glossary
from service.corpus.splitter import Chunk
from service.providers.embeddings import Embedder
from service.retrieval.index import IndexReader, LoadedIndex
from service.retrieval.tokenize import Tokenizer

Mode = Literal["hybrid", "dense", "keyword"]
FILTER_KEYS = ("model", "trend", "doc_type", "lang", "district", "doc_id")


@dataclass
class Hit:
    chunk: Chunk
    score: float
    dense: float | None = None  # cosine similarity, when the dense retriever found it
    keyword: float | None = None  # BM25 score, when the keyword retriever found it


@dataclass
class Query:
    text: str
    filters: dict[str, str] = field(default_factory=dict)
    expansions: list[str] = field(default_factory=list)

    @property
    def expanded(self) -> str:
        return " ".join([self.text, *self.expansions])


def chroma_where(filters: dict[str, str]) -> dict | None:
    clauses: list[dict] = []
    for key, value in filters.items():
        if key == "model":
            clauses.append({f"model_{value}": True})
        elif key == "trend":
            clauses.append({f"trend_{value}": True})
        else:
            clauses.append({key: value})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def matches(chunk: Chunk, filters: dict[str, str]) -> bool:
    for key, value in filters.items():
        if key == "model" and value not in chunk.models:
            return False
        if key == "trend" and value not in chunk.trends:
            return False
        if key in ("doc_type", "lang", "district", "doc_id") and getattr(chunk, key) != value:
            return False
    return True


class HybridRetriever:
    def __init__(
        self,
        reader: IndexReader,
        embedder: Embedder,
        glossary: Glossary,
        tokenizer: Tokenizer,
        *,
        candidates: int = 30,
        rrf_k: int = 60,
    ) -> None:
        self.reader = reader
        self.embedder = embedder
        self.glossary = glossary
        self.tokenize = tokenizer
        self.candidates = candidates
        self.rrf_k = rrf_k

    def query(self, text: str, filters: dict[str, str] | None = None) -> Query:
        unknown = set(filters or {}) - set(FILTER_KEYS)
        if unknown:
            raise ValueError(f"unknown filter {sorted(unknown)}; use {', '.join(FILTER_KEYS)}")
        return Query(text=text, filters=dict(filters or {}), expansions=self.glossary.expand(text))

    def search(
        self,
        text: str,
        k: int = 5,
        filters: dict[str, str] | None = None,
        mode: Mode = "hybrid",
        vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """Top-k passages. `vector` lets a caller that already embedded the question reuse it."""
        q = self.query(text, filters)
        index = self.reader.get()
        dense = self._dense(index, q, vector) if mode != "keyword" else []
        keyword = self._keyword(index, q) if mode != "dense" else []
        fused: dict[str, float] = {}
        for ranking in (dense, keyword):
            for rank, (cid, _) in enumerate(ranking):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        dense_scores, keyword_scores = dict(dense), dict(keyword)
        best = sorted(fused, key=lambda cid: (-fused[cid], cid))[:k]
        return [
            Hit(index.chunks[index.by_id[cid]], fused[cid], dense_scores.get(cid), keyword_scores.get(cid))
            for cid in best
        ]

    def _dense(self, index: LoadedIndex, q: Query, vector: np.ndarray | None) -> list[tuple[str, float]]:
        if vector is None:
            vector = self.embedder.embed_query(q.expanded)
        return index.store.query(vector, self.candidates, chroma_where(q.filters))

    def _keyword(self, index: LoadedIndex, q: Query) -> list[tuple[str, float]]:
        scores = index.keyword.scores(self.tokenize(q.expanded))
        order = np.argsort(-scores, kind="stable")
        out: list[tuple[str, float]] = []
        for i in order:
            if scores[i] <= 0 or len(out) >= self.candidates:
                break
            chunk = index.chunks[i]
            if matches(chunk, q.filters):
                out.append((chunk.chunk_id, float(scores[i])))
        return out
