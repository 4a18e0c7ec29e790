"""The Chroma collection behind dense retrieval. Chroma types stay in this module.

Chroma is never given an embedding function: every call passes vectors we computed, because its
default function downloads a model and fails offline.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

COLLECTION = "chunks"


class ChromaStore:
    def __init__(self, path: Path) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self._client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
        self._col = self._client.get_or_create_collection(
            COLLECTION, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )

    def count(self) -> int:
        return self._col.count()

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, texts: Sequence[str], metas: Sequence[dict]) -> None:
        if ids:
            self._col.upsert(ids=list(ids), embeddings=vectors, documents=list(texts), metadatas=list(metas))

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._col.delete(ids=list(ids))

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        n = min(n, self.count())
        if n <= 0:
            return []
        res = self._col.query(query_embeddings=[vector], n_results=n, where=where or None, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def close(self) -> None:
        self._client.close()
