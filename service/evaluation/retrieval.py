"""Retrieval evaluation: recall@5 (a gold document among the top 5) and MRR, per language and per
configuration (dense-only, keyword-only, hybrid) for each embedder."""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict
from rich.progress import track

from service.container import Container
from service.retrieval.hybrid import HybridRetriever, Mode
from service.settings import Settings

K = 5
MODES: tuple[Mode, ...] = ("dense", "keyword", "hybrid")


class RetrievalRow(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    lang: Literal["en", "zh"]
    query: str
    doc_ids: list[str]
    cross_lingual: bool = False  # the answer must come from documents in the other language
    filters: dict[str, str] = {}


def _figures(ranks: list[int | None], rows: list[RetrievalRow]) -> dict:
    def summarise(idx: list[int]) -> dict:
        n = len(idx)
        if n == 0:
            return {"n": 0, "recall_at_5": None, "mrr": None}
        hits = sum(1 for i in idx if ranks[i] is not None and ranks[i] <= K)
        rr = sum(1.0 / ranks[i] for i in idx if ranks[i] is not None)
        return {"n": n, "recall_at_5": round(hits / n, 4), "mrr": round(rr / n, 4)}

    every = list(range(len(rows)))
    overall = summarise(every)
    cross = summarise([i for i in every if rows[i].cross_lingual])
    return {
        **overall,
        "cross_lingual_recall_at_5": cross["recall_at_5"],
        "cross_lingual_n": cross["n"],
        "by_lang": {lang: summarise([i for i in every if rows[i].lang == lang]) for lang in ("zh", "en")},
    }


def rank_of_gold(retriever: HybridRetriever, row: RetrievalRow, mode: Mode, depth: int = 20) -> int | None:
    """1-based rank of the first passage from a gold document, or None within `depth`."""
    hits = retriever.search(row.query, k=depth, filters=row.filters, mode=mode)
    for rank, hit in enumerate(hits, 1):
        if hit.chunk.doc_id in row.doc_ids:
            return rank
    return None


def run_retrieval_eval(settings: Settings, dataset: Path, embedders: list[str]) -> dict:
    from service.evaluation.datasets import read_jsonl

    rows = read_jsonl(dataset, RetrievalRow)
    by_config: dict[str, dict] = {}
    failures: dict[str, list[str]] = {}
    headline: dict | None = None
    for name in embedders:
        # The configured embedder uses the live index; others get their own, built incrementally.
        index_dir = (
            settings.index_dir if name == settings.embedder else (settings.index_dir.parent / "eval-index" / name)
        )
        c = Container(settings.model_copy(update={"embedder": name, "index_dir": index_dir}))
        c.ingest(show_progress=True)
        for mode in MODES:
            ranks = [
                rank_of_gold(c.retriever, r, mode) for r in track(rows, description=f"{name} {mode}", transient=True)
            ]
            figures = _figures(ranks, rows)
            by_config[f"{name}/{mode}"] = figures
            if mode == "hybrid":
                failures[name] = [r.id for r, rank in zip(rows, ranks, strict=True) if rank is None or rank > K]
                if name == settings.embedder or headline is None:
                    headline = figures
    assert headline is not None
    return {
        "n": headline["n"],
        "recall_at_5": headline["recall_at_5"],
        "mrr": headline["mrr"],
        "cross_lingual_recall_at_5": headline["cross_lingual_recall_at_5"],
        "by_lang": headline["by_lang"],
        "embedder": settings.embedder,
        "by_config": by_config,
        "hybrid_misses": failures,
    }
