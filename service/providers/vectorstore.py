"""The Chroma collection behind dense retrieval: embedded (one folder per index version) or Chroma's
server (one collection per index version). Chroma types stay in this module.

Chroma is never given an embedding function: every call passes vectors we computed, because its
default function downloads a model and fails offline.
"""

import contextlib
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

COLLECTION = "chunks"
CHROMA_DIR = "chroma"
_COPY_BATCH = 500


class ChromaStore:
    """One collection: upsert, delete, query by vector."""

    def __init__(self, client: Any, name: str, owns_client: bool) -> None:
        self._client = client
        self._owns = owns_client
        self.name = name
        self._col = client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"}, embedding_function=None)

    def count(self) -> int:
        return self._col.count()

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, texts: Sequence[str], metas: Sequence[dict]) -> None:
        if ids:
            self._col.upsert(ids=list(ids), embeddings=vectors, documents=list(texts), metadatas=list(metas))

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._col.delete(ids=list(ids))

    def copy_from(self, other: "ChromaStore", ids: Sequence[str]) -> None:
        """Bring over stored vectors, so unchanged chunks are never embedded again."""
        ids = list(ids)
        for i in range(0, len(ids), _COPY_BATCH):
            got = other._col.get(ids=ids[i : i + _COPY_BATCH], include=["embeddings", "documents", "metadatas"])
            if got["ids"]:
                self._col.upsert(
                    ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"], metadatas=got["metadatas"]
                )

    def vectors(self, ids: Sequence[str]) -> np.ndarray:
        """The stored vectors of these chunks, in the order asked."""
        ids = list(ids)
        got = self._col.get(ids=ids, include=["embeddings"]) if ids else {"ids": [], "embeddings": []}
        by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
        return np.asarray([by_id[i] for i in ids], dtype=np.float32).reshape(len(ids), -1)

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        n = min(n, self.count())
        if n <= 0:
            return []
        res = self._col.query(query_embeddings=[vector], n_results=n, where=where or None, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def close(self) -> None:
        if self._owns:
            self._client.close()


class EmbeddedBackend:
    """Chroma in-process: each index version keeps its own persistent folder (one writer: see the lock)."""

    kind = "embedded"

    @staticmethod
    def _client(path: Path) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))

    def begin(self, staging: Path, name: str, previous: Path | None) -> tuple[ChromaStore, ChromaStore | None]:
        """The store for a new version, pre-filled from the previous one by copying its folder."""
        if previous is not None:
            shutil.copytree(previous / CHROMA_DIR, staging / CHROMA_DIR)
        return ChromaStore(self._client(staging / CHROMA_DIR), COLLECTION, owns_client=True), None

    def open(self, version_dir: Path) -> ChromaStore:
        return ChromaStore(self._client(version_dir / CHROMA_DIR), COLLECTION, owns_client=True)

    def prune(self, keep: set[str]) -> None:
        """Nothing to do: the version folders hold the data and the layout removes them."""


class ServerBackend:
    """Chroma's own server (`chroma run`): one collection per index version, so several API workers read
    while an ingest writes the next version."""

    kind = "server"

    def __init__(self, host: str, port: int) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.host, self.port = host, port
        self._client = chromadb.HttpClient(host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))

    @staticmethod
    def collection_for(version: str) -> str:
        return f"{COLLECTION}-v{version}"

    def begin(self, staging: Path, name: str, previous: Path | None) -> tuple[ChromaStore, ChromaStore | None]:
        target = self.collection_for(name)
        # A leftover of a killed build with the same name (Chroma's "not found" error type varies by version).
        with contextlib.suppress(Exception):
            self._client.delete_collection(target)
        old = ChromaStore(self._client, self.collection_for(previous.name), owns_client=False) if previous else None
        return ChromaStore(self._client, target, owns_client=False), old

    def open(self, version_dir: Path) -> ChromaStore:
        return ChromaStore(self._client, self.collection_for(version_dir.name), owns_client=False)

    def prune(self, keep: set[str]) -> None:
        """Drop collections of versions that no longer exist (and of builds that were killed)."""
        wanted = {self.collection_for(v) for v in keep}
        for col in self._client.list_collections():
            name = getattr(col, "name", col)
            if str(name).startswith(f"{COLLECTION}-v") and name not in wanted:
                self._client.delete_collection(name)


VectorBackend = EmbeddedBackend | ServerBackend
