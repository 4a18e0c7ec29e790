"""A published index version opened for reading: Chroma store, chunk records and the keyword index.

`IndexReader` follows the CURRENT pointer, so a running server picks up a new version after an ingest
and keeps serving the old one if a build fails or is killed.
"""

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from service.corpus.splitter import Chunk
from service.ingest.layout import CHUNKS, MANIFEST, IndexLayout
from service.providers.vectorstore import ChromaStore, EmbeddedBackend, VectorBackend
from service.retrieval.keyword import KeywordIndex


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict
    chunks: list[Chunk]
    store: ChromaStore
    keyword: KeywordIndex
    by_id: dict[str, int]
    by_doc: dict[str, list[Chunk]] = field(default_factory=dict)  # doc_id -> its chunks, in order

    def __post_init__(self) -> None:
        if not self.by_doc:
            for c in self.chunks:
                self.by_doc.setdefault(c.doc_id, []).append(c)

    @property
    def corpus_version(self) -> str:
        return str(self.manifest["corpus_version"])

    @classmethod
    def open(cls, path: Path, backend: VectorBackend) -> "LoadedIndex":
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        records = json.loads((path / CHUNKS).read_text(encoding="utf-8"))
        tokens = [r.pop("tokens") for r in records]
        chunks = [Chunk(**r) for r in records]
        return cls(
            path=path,
            manifest=manifest,
            chunks=chunks,
            store=backend.open(path),
            keyword=KeywordIndex(tokens),
            by_id={c.chunk_id: i for i, c in enumerate(chunks)},
        )


class IndexReader:
    """Hands out the live index, reopening it when ingestion publishes a new version."""

    def __init__(
        self, root: Path, backend: VectorBackend | None = None, on_reload: Callable[[str], None] | None = None
    ) -> None:
        self._layout = IndexLayout(root)
        self._backend = backend or EmbeddedBackend()
        self._on_reload = on_reload  # told the corpus version each time a (new) version is opened
        self._lock = threading.Lock()
        self._loaded: LoadedIndex | None = None

    def get(self) -> LoadedIndex:
        live = self._layout.current_dir()  # a one-line file read: cheap enough for every request
        loaded = self._loaded
        if loaded is not None and loaded.path == live:
            return loaded
        with self._lock:
            if self._loaded is None or self._loaded.path != live:
                self._loaded = LoadedIndex.open(live, self._backend)
                if self._on_reload:
                    self._on_reload(self._loaded.corpus_version)
            return self._loaded
