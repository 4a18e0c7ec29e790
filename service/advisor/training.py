"""Training the classifier from the labelled train set: the artefact ingestion rebuilds with each index."""

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from service.advisor.exemplars import Exemplars
from service.advisor.roles import gist
from service.corpus.glossary import Glossary
from service.corpus.loader import Document
from service.evaluation.datasets import read_jsonl
from service.providers.embeddings import Embedder
from service.retrieval.tokenize import Tokenizer

if TYPE_CHECKING:
    from service.advisor.classifier import ScenarioClassifier

Label = Literal[
    "university_led", "science_facility", "anchor_company", "government_cultivated", "market_driven", "none"
]
Intent = Literal["classify", "explain_model", "compare", "district", "trend", "follow_up", "out_of_scope"]


QUESTION_CACHE = "questions.npz"


class LabelledQuestion(BaseModel):
    """A row of the train and dev sets. Extra fields are ignored."""

    model_config = ConfigDict(extra="ignore")
    id: str
    lang: Literal["en", "zh"]
    question: str
    expected_model: Label
    intent: Intent = "classify"
    expected_doc_ids: list[str] = []
    history: list[str] = []  # earlier questions in the same session, asked first
    outside_library: bool = False  # about a place the case library holds no note on: no label is scored
    answers: list[str] = []  # passages that answer the question's stated concern (the concerns set)


def district_models(docs: list[Document]) -> dict[str, str]:
    """Each district's primary model, as its case note states it."""
    return {d.meta.district: d.meta.models[0] for d in docs if d.meta.district and d.meta.models}


def train_digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def read_train(paths: list[Path]) -> list[LabelledQuestion]:
    return [r for p in sorted(paths) for r in read_jsonl(p, LabelledQuestion)]


def train_classifier(
    rows: list[LabelledQuestion],
    embedder: Embedder,
    glossary: Glossary,
    tokenizer: Tokenizer,
    docs: list[Document],
    cache: dict[str, np.ndarray] | None = None,
) -> tuple["ScenarioClassifier", dict[str, np.ndarray]]:
    """Returns the classifier and the question vectors (a cache the next build can reuse)."""
    # scikit-learn loads only when training runs: a no-op ingest stays well under a second.
    from service.advisor.classifier import INTENTS, LABELS, ScenarioClassifier, TextReading, start_fit_workers
    from service.advisor.features import Featurizer
    from service.advisor.signals import SignalExtractor

    start_fit_workers()
    texts = [r.question for r in rows]
    featurizer = Featurizer(district_models(docs)).attach(tokenizer, SignalExtractor(glossary))
    # Read first, embed after: at ingestion the corpus is being embedded meanwhile, and reading is the work
    # that does not wait for the embedder.
    read = TextReading.of(texts, featurizer)
    cache = dict(cache or {})
    missing = [t for t in dict.fromkeys(texts) if t not in cache]
    for i in range(0, len(missing), 64):
        part = missing[i : i + 64]
        for text, vec in zip(part, embedder.embed([gist(t) for t in part]), strict=True):
            cache[text] = vec
    vectors = np.vstack([cache[t] for t in texts])
    assert set(r.expected_model for r in rows) <= set(LABELS) and set(r.intent for r in rows) <= set(INTENTS)
    clf = ScenarioClassifier.train(
        texts, [r.expected_model for r in rows], [r.intent for r in rows], vectors, featurizer, read=read
    )
    return clf, {t: cache[t] for t in texts}


CLASSIFIER_FORMAT = 26  # bump when features or training change, so ingestion retrains


def classifier_builder(
    paths: list[Path], embedder: Embedder, glossary: Glossary, tokenizer: Tokenizer
) -> Callable[[Path, list[Document], Path | None], dict]:
    """The ingestion artefact: trains, saves, and caches question vectors for the next build."""

    def build(folder: Path, docs: list[Document], previous: Path | None) -> dict:
        cache: dict[str, np.ndarray] = {}
        cached = previous / QUESTION_CACHE if previous else None
        if cached and cached.exists():
            data = np.load(cached, allow_pickle=False)
            if str(data["embedder"]) == embedder.name:
                cache = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
        rows = read_train(paths)
        clf, vectors = train_classifier(rows, embedder, glossary, tokenizer, docs, cache)
        clf.save(folder)
        answered = [r for r in rows if r.answers]
        exemplars = Exemplars.build([(r.lang, r.answers) for r in answered], [vectors[r.question] for r in answered])
        exemplars.save(folder)
        texts = list(vectors)
        np.savez(
            folder / QUESTION_CACHE,
            texts=np.array(texts),
            vectors=np.vstack([vectors[t] for t in texts]),
            embedder=np.array(embedder.name),
        )
        return clf.report

    return build


def artefact_version(paths: list[Path]) -> str:
    return f"clf{CLASSIFIER_FORMAT}-{train_digest(paths)}"
