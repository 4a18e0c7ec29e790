"""Ingest the corpus into a new index version: only new or changed chunks are embedded.

Everything is validated before anything is written; a malformed file raises CorpusError and the
live index stays as it was.
"""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from service.corpus.glossary import load_glossary
from service.corpus.loader import Document, load_corpus
from service.corpus.splitter import Chunk, corpus_version, split_document
from service.ingest.layout import CHUNKS, MANIFEST, IndexLayout, write_json_atomic
from service.providers.embeddings import Embedder
from service.providers.vectorstore import ChromaStore, EmbeddedBackend, VectorBackend
from service.retrieval.tokenize import Tokenizer

# Bump when the stored layout or tokenisation changes, so an old index is rebuilt rather than misread.
FORMAT_VERSION = 1
# Chunks written to the store at a time: Chroma's upsert costs about a third less in batches of hundreds
# than of 32 (3,000 chunks: 2.2 s against 3.2 s).
UPSERT_BATCH = 512

# Artefact builders (the classifier) run on every new version: given their folder in the new version, the
# documents, and their folder in the previous version (to reuse work), they return a small report. A builder
# with a `prepare(docs)` method gets it called on the main thread once the corpus is embedded: work it can
# do before the artefacts built ahead of it are ready.
ArtefactBuilder = Callable[[Path, list[Document], Path | None], dict]


@dataclass
class IngestReport:
    docs: int
    chunks: int
    added: int
    removed: int
    seconds: float
    corpus_version: str
    changed: bool
    version_dir: str

    def summary(self) -> str:
        state = "published" if self.changed else "unchanged"
        return (
            f"{state}: {self.docs} docs, {self.chunks} chunks, {self.added} added, {self.removed} removed, "
            f"{self.seconds:.2f}s (corpus_version {self.corpus_version})"
        )


def chroma_metadata(chunk: Chunk) -> dict:
    """Flat metadata Chroma can filter on: one boolean flag per model and trend the chunk is about."""
    meta: dict = {
        "doc_id": chunk.doc_id,
        "lang": chunk.lang,
        "doc_type": chunk.doc_type,
        "district": chunk.district,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
    }
    meta.update({f"model_{m}": True for m in chunk.models})
    meta.update({f"trend_{t}": True for t in chunk.trends})
    return meta


def ingest(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    *,
    batch_size: int = 32,
    keep_versions: int = 3,
    artefacts: dict[str, ArtefactBuilder] | None = None,
    artefacts_version: str = "",
    show_progress: bool = True,
    backend: VectorBackend | None = None,
) -> IngestReport:
    started = time.perf_counter()
    docs = load_corpus(corpus_dir)
    glossary = load_glossary(corpus_dir / "glossary.yaml")
    chunks = [c for d in docs for c in split_document(d)]
    version = corpus_version([c.chunk_id for c in chunks])
    layout = IndexLayout(index_dir)

    backend = backend or EmbeddedBackend()
    with layout.writer_lock():
        current = layout.current_manifest()
        fingerprint = {
            "corpus_version": version,
            "embedder": embedder.name,
            "glossary": glossary.digest,
            "format": FORMAT_VERSION,
            "artefacts": artefacts_version,
            "vector_store": backend.kind,
        }
        if current and all(current.get(k) == v for k, v in fingerprint.items()):
            return IngestReport(
                len(docs), len(chunks), 0, 0, time.perf_counter() - started, version, False, str(layout.current_dir())
            )

        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{version[:8]}"
        staging = layout.new_staging()
        # Unchanged chunks keep their vectors when the embedder and the kind of store are the same.
        reuse = bool(
            current
            and current.get("embedder") == embedder.name
            and current.get("vector_store", "embedded") == backend.kind
        )
        previous = layout.current_dir() if reuse else None
        old_ids = set(current["chunk_ids"]) if reuse and current else set()
        new_ids = {c.chunk_id for c in chunks}
        to_add = [c for c in chunks if c.chunk_id not in old_ids]
        removed = sorted(old_ids - new_ids)

        # The artefacts (the classifier's training) need no chunk vectors: built beside the embedding, they
        # use the core it leaves idle (a cold ingest: 72 s one after the other).
        with ThreadPoolExecutor(max_workers=1) as pool:
            last = layout.current_dir() if current else None
            building = pool.submit(_build_artefacts, artefacts or {}, staging, docs, last)
            store, old_store = backend.begin(staging, name, previous)
            try:
                if old_store is not None:  # a server collection starts empty: copy what is kept
                    store.copy_from(old_store, sorted(old_ids & new_ids))
                else:  # a copied folder still holds what was removed
                    store.delete(removed)
                _embed_into(store, to_add, embedder, batch_size, show_progress)
                vectors_ok = store.count() == len(chunks)
            finally:
                store.close()
            if not vectors_ok:
                raise RuntimeError("the new index does not hold one vector per chunk; the live index is unchanged")
            for builder in (artefacts or {}).values():  # what an artefact can make before the one it reads
                prepare = getattr(builder, "prepare", None)
                if prepare is not None:
                    prepare(docs)
            tokenize = Tokenizer(glossary.zh_words())
            records = [{**c.to_dict(), "tokens": tokenize(f"{c.title} {c.section} {c.text}")} for c in chunks]
            write_json_atomic(staging / CHUNKS, records)
            extra = building.result()
        manifest = {
            **fingerprint,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "docs": {d.meta.doc_id: d.path for d in docs},
            "chunk_ids": sorted(new_ids),
            "artefact_info": extra,
        }
        write_json_atomic(staging / MANIFEST, manifest)
        final = layout.publish(staging, name)
        layout.prune(keep_versions)
        backend.prune(layout.version_names())

    return IngestReport(
        len(docs), len(chunks), len(to_add), len(removed), time.perf_counter() - started, version, True, str(final)
    )


def _build_artefacts(
    artefacts: dict[str, ArtefactBuilder], staging: Path, docs: list[Document], current: Path | None
) -> dict[str, dict]:
    """In order: a later artefact may read an earlier one (the district profiles read the classifier)."""
    return {name: build(staging / name, docs, current / name if current else None) for name, build in artefacts.items()}


def _embed_into(store: ChromaStore, chunks: list[Chunk], embedder: Embedder, batch: int, show: bool) -> None:
    columns = (TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not show or not chunks, transient=False) as progress:
        task = progress.add_task("embed", total=len(chunks))
        for i in range(0, len(chunks), UPSERT_BATCH):
            part = chunks[i : i + UPSERT_BATCH]
            vectors = []
            for j in range(0, len(part), batch):
                vectors.append(np.asarray(embedder.embed([c.embedding_text() for c in part[j : j + batch]])))
                progress.advance(task, len(vectors[-1]))
            ids, texts, metas = [c.chunk_id for c in part], [c.text for c in part], [chroma_metadata(c) for c in part]
            store.upsert(ids, np.vstack(vectors), texts, metas)
