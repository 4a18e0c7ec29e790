"""The composition root: builds every provider once from Settings. Nothing is built at import time."""

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from service.corpus.glossary import Glossary, load_glossary
from service.errors import ConfigError
from service.ingest.pipeline import IngestReport, ingest
from service.providers.embeddings import Embedder, create_embedder
from service.providers.vectorstore import EmbeddedBackend, ServerBackend, VectorBackend
from service.retrieval.hybrid import HybridRetriever
from service.retrieval.index import IndexReader
from service.retrieval.tokenize import Tokenizer
from service.settings import Settings

if TYPE_CHECKING:
    import numpy as np
    from slack_bolt import App

    from service.advisor.pipeline import Advisor
    from service.generation.base import Generator
    from service.observability import Metrics
    from service.store.keys import ApiKeys
    from service.store.repository import Store

CLASSIFIER = "classifier"


@dataclass
class Container:
    settings: Settings = field(default_factory=Settings)
    _keep_alive: object | None = field(default=None, repr=False)  # e.g. the embedded llama.cpp server

    @cached_property
    def embedder(self) -> Embedder:
        s = self.settings
        return create_embedder(s.embedder, s.embedder_model, s.embed_threads)

    @cached_property
    def glossary(self) -> Glossary:
        return load_glossary(self.settings.corpus_dir / "glossary.yaml")

    @cached_property
    def tokenizer(self) -> Tokenizer:
        return Tokenizer(self.glossary.zh_words())

    @cached_property
    def vector_backend(self) -> VectorBackend:
        """Embedded Chroma by default; Chroma's server when ADVISOR_CHROMA_HOST is set (several workers)."""
        s = self.settings
        return ServerBackend(s.chroma_host, s.chroma_port) if s.chroma_host else EmbeddedBackend()

    @cached_property
    def reader(self) -> IndexReader:
        return IndexReader(
            self.settings.index_dir, self.vector_backend, on_reload=lambda _version: self.metrics.index_loads.inc()
        )

    @cached_property
    def retriever(self) -> HybridRetriever:
        s = self.settings
        return HybridRetriever(
            self.reader,
            self.embedder,
            self.glossary,
            self.tokenizer,
            candidates=s.retrieval_candidates,
            rrf_k=s.rrf_k,
        )

    @cached_property
    def store(self) -> "Store":
        from service.store.repository import Store

        return Store(self.settings.database_url)

    @cached_property
    def advisor(self) -> "Advisor":
        from service.advisor.pipeline import Advisor

        return Advisor(
            self.reader,
            self.retriever,
            self.glossary,
            self.tokenizer,
            self.store,
            self.generator,
            observers=[self.metrics.observe_answer],
        )

    @cached_property
    def metrics(self) -> "Metrics":
        from service.observability import Metrics

        return Metrics()

    @cached_property
    def api_keys(self) -> "ApiKeys":
        from service.store.keys import ApiKeys

        return ApiKeys(self.store)

    @cached_property
    def generator(self) -> "Generator":
        """The configured generator; prompts load (strictly) here, so a bad prompt fails at start-up."""
        from service.generation.base import OfflineGenerator

        s = self.settings
        if s.generator == "offline":
            return OfflineGenerator()
        from service.generation.chat_models import build_chat_model
        from service.generation.llm import LLMGenerator
        from service.generation.prompts import load_prompts

        prompts = load_prompts(s.prompts_dir, "answer", s.prompt_version)
        name, model, self._keep_alive = build_chat_model(s)
        return LLMGenerator(
            name, model, prompts, self.tokenizer, passage_budget=s.llm_passage_chars, retries=s.llm_max_retries
        )

    @property
    def slack_enabled(self) -> bool:
        return bool(self.settings.slack_bot_token and self.settings.slack_signing_secret)

    @cached_property
    def bolt(self) -> "App":
        """The Slack app (Bolt); needs ADVISOR_SLACK_BOT_TOKEN and ADVISOR_SLACK_SIGNING_SECRET."""
        from service.slack.bot import build_bolt_app

        s = self.settings
        if not (s.slack_bot_token and s.slack_signing_secret):
            raise ConfigError("Slack needs ADVISOR_SLACK_BOT_TOKEN and ADVISOR_SLACK_SIGNING_SECRET")
        return build_bolt_app(
            self.advisor,
            self.store,
            token=s.slack_bot_token.get_secret_value(),
            signing_secret=s.slack_signing_secret.get_secret_value(),
            api_url=s.slack_api_url,
            command=s.slack_command,
            metrics=self.metrics,
        )

    def _read_districts(self, version: Path, texts: list[str], vectors: "np.ndarray") -> list[dict[str, float]]:
        """The classifier of a staged index version, reading each district note: model probabilities."""
        from service.advisor.classifier import ScenarioClassifier
        from service.advisor.signals import SignalExtractor
        from service.typology import MODEL_IDS

        clf = ScenarioClassifier.load(version / CLASSIFIER)
        clf.featurizer.attach(self.tokenizer, SignalExtractor(self.glossary))
        out = []
        for text, vector in zip(texts, vectors, strict=True):
            probs = clf.predict(text, vector).probs
            total = sum(probs[m] for m in MODEL_IDS) or 1.0
            out.append({m: round(probs[m] / total, 4) for m in MODEL_IDS})
        return out

    def train_paths(self) -> list[Path]:
        return sorted(self.settings.train_dir.glob(self.settings.train_glob))

    def ingest(self, show_progress: bool = True) -> IngestReport:
        from service.advisor.training import artefact_version, classifier_builder
        from service.cases.profiles import PROFILES, ProfilesBuilder
        from service.corpus.loader import load_districts

        s = self.settings
        paths = self.train_paths()
        # The corpus and the training questions are embedded at the same time, each by its own copy of the
        # model on half the threads: one copy on both threads is only half as fast again as on one.
        half = max(1, s.embed_threads // 2)
        corpus, questions = (create_embedder(s.embedder, s.embedder_model, half) for _ in range(2))
        try:
            report = ingest(
                s.corpus_dir,
                s.index_dir,
                corpus,
                batch_size=s.embed_batch_size,
                keep_versions=s.keep_versions,
                show_progress=show_progress,
                artefacts={  # in order: the district profiles read the classifier just trained
                    CLASSIFIER: classifier_builder(paths, questions, self.glossary, self.tokenizer),
                    PROFILES: ProfilesBuilder(corpus.embed, self._read_districts, lambda: load_districts(s.corpus_dir)),
                },
                artefacts_version=artefact_version(paths),
                backend=self.vector_backend,
            )
        except Exception:
            self.metrics.ingest_runs.labels("failed").inc()
            raise
        self.metrics.ingest_runs.labels("published" if report.changed else "unchanged").inc()
        return report
