"""The one pipeline every channel calls: language -> session -> guard -> classify -> evidence -> compose."""

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

import numpy as np

from service.advisor.brief import Brief
from service.advisor.classifier import Prediction, ScenarioClassifier
from service.advisor.evidence import EvidenceFinder
from service.advisor.followup import follow_up_aspect
from service.advisor.guard import split_injection
from service.advisor.language import detect_language
from service.advisor.signals import SignalExtractor
from service.advisor.types import Alternative, Answer, ModelJudgment
from service.corpus.glossary import Glossary
from service.errors import AdvisorError
from service.generation.base import Draft, Generator, OfflineGenerator
from service.retrieval.hybrid import HybridRetriever
from service.retrieval.index import IndexReader, LoadedIndex
from service.retrieval.tokenize import Tokenizer
from service.store.repository import Store
from service.typology import MODEL_IDS, MODEL_NAMES

MAX_QUESTION = 4000
CLASSIFIER_DIR = "classifier"


class InvalidQuestionError(AdvisorError):
    """The question is empty, too long, or asks for an unknown language."""


@dataclass
class _Loaded:
    index: LoadedIndex
    classifier: ScenarioClassifier


@dataclass
class _Turn:
    """One question on its way through the pipeline."""

    text: str
    lang: str
    session_id: str
    res: _Loaded
    brief: Brief
    context: dict
    started: float


class Advisor:
    def __init__(
        self,
        reader: IndexReader,
        retriever: HybridRetriever,
        glossary: Glossary,
        tokenizer: Tokenizer,
        store: Store,
        generator: Generator | None = None,
        observers: list[Callable[[Answer], None]] | None = None,
    ) -> None:
        self.reader = reader
        self.retriever = retriever
        self.embedder = retriever.embedder
        self.glossary = glossary
        self.tokenize = tokenizer
        self.extractor = SignalExtractor(glossary)
        self.evidence = EvidenceFinder(retriever, tokenizer)
        self.store = store
        self.generator = generator or OfflineGenerator()
        self.observers = list(observers or [])  # e.g. metrics; called with every answer
        self._loaded: _Loaded | None = None
        self._lock = Lock()
        self._district_names = {e.id: {"en": e.en[0], "zh": e.zh[0]} for e in glossary.entries if e.kind == "district"}

    # --- resources follow the live index version -------------------------------------------------------

    def loaded(self) -> _Loaded:
        index = self.reader.get()
        current = self._loaded
        if current is not None and current.index is index:
            return current
        with self._lock:
            if self._loaded is None or self._loaded.index is not index:
                clf = ScenarioClassifier.load(Path(index.path) / CLASSIFIER_DIR)
                clf.featurizer.attach(self.tokenize, self.extractor)
                self._loaded = _Loaded(index, clf)
            return self._loaded

    def warm_up(self) -> None:
        self.loaded()
        self.embedder.warm_up()

    # --- the pipeline ----------------------------------------------------------------------------------

    def answer(self, question: str, session_id: str | None = None, language: str = "auto") -> Answer:
        turn = self._prepare(question, session_id, language)
        return self._finish(turn, self.generator.generate(turn.brief))

    def answer_stream(
        self, question: str, session_id: str | None = None, language: str = "auto"
    ) -> Iterator[str | Answer]:
        """Text pieces as the generator writes them, then the final, verified Answer.
        Bad input raises before the first piece, so channels can still answer it with an error."""
        turn = self._prepare(question, session_id, language)

        def pieces() -> Iterator[str | Answer]:
            for item in self.generator.stream(turn.brief):
                yield item if isinstance(item, str) else self._finish(turn, item)

        return pieces()

    def _prepare(self, question: str, session_id: str | None, language: str) -> _Turn:
        started = time.perf_counter()
        text = question.strip() if isinstance(question, str) else ""
        if not text:
            raise InvalidQuestionError("message is empty")
        if len(text) > MAX_QUESTION:
            raise InvalidQuestionError(f"message is longer than {MAX_QUESTION} characters")
        if language not in ("auto", "zh", "en"):
            raise InvalidQuestionError("language must be 'auto', 'zh' or 'en'")
        lang = detect_language(text) if language == "auto" else language
        session_id, last = self.store.open_session(session_id)
        res = self.loaded()
        clean, set_aside = split_injection(text)
        vector = self.embedder.embed_query(clean or text)
        brief, context = self._brief(res, clean, lang, vector, last)
        brief.set_aside = set_aside
        return _Turn(text, lang, session_id, res, brief, context, started)

    def _finish(self, turn: _Turn, draft: Draft) -> Answer:
        self._verify(turn.res.index, draft.citations)
        brief = turn.brief
        answer = Answer(
            answer_id=uuid.uuid4().hex,
            session_id=turn.session_id,
            language=turn.lang,  # type: ignore[arg-type]
            answer=draft.text,
            model=brief.judgment,
            abstained=brief.judgment is None,
            abstain_reason=brief.abstain_reason,
            intent=brief.intent,
            citations=draft.citations,
            corpus_version=turn.res.index.corpus_version,
            classifier_version=str(turn.res.index.manifest.get("artefacts", "")),
            generator=draft.generator,
            verified=draft.verified,
            verification=draft.verification,
            prompt=draft.prompt,
            latency_ms=round((time.perf_counter() - turn.started) * 1000, 2),
        )
        self.store.log_answer(answer, turn.text, turn.context)
        for observe in self.observers:
            observe(answer)
        return answer

    # --- deciding what to say --------------------------------------------------------------------------

    def _brief(self, res: _Loaded, text: str, lang: str, vector: np.ndarray, last: dict | None) -> tuple[Brief, dict]:
        if not text:  # the message was nothing but instructions to the advisor
            return Brief(
                question=text, lang=lang, intent="out_of_scope", judgment=None, abstain_reason="out_of_scope"
            ), {}
        pred = res.classifier.predict(text, vector)
        aspect = follow_up_aspect(text, lang, pred.signals, last)
        if aspect and last:
            return self._follow_up(res, text, lang, vector, last, aspect)

        intent = pred.intent
        if pred.reason == "not_a_scenario" and not self._in_domain(text, pred):
            intent = "out_of_scope"  # no label and not one word of the domain: say what the advisor is for
        judgment = self._judgment(pred, lang)
        brief = Brief(
            question=text,
            lang=lang,
            intent=intent,
            judgment=judgment,  # type: ignore[arg-type]
            negated=pred.signals.negated[:4],
        )
        if judgment is None:
            brief.abstain_reason = pred.reason
        context: dict = {"model": judgment.id, "confidence": judgment.confidence} if judgment else {}

        if intent == "out_of_scope":
            brief.judgment, brief.abstain_reason = None, "out_of_scope"
            return brief, {}
        if intent == "trend":
            trend = self.evidence.trend_of(pred.signals, text, vector)
            brief.subject = trend
            brief.parts = self.evidence.trend(res.index, trend, lang, text)
            return brief, {"trend": trend}
        if judgment is None:
            brief.candidates = {m: p for m, p in pred.probs.items() if m != "none"}
            top = sorted(brief.candidates, key=lambda m: -brief.candidates[m])[:2]
            brief.parts = [self.evidence.card(res.index, m, lang, "signals", text) for m in top]
            return brief, context
        model = judgment.id
        if intent == "district" and pred.signals.districts:
            slug = pred.signals.districts[0]
            brief.subject = self._district_names.get(slug, {}).get(lang, slug)
            brief.parts = self.evidence.district(res.index, slug, lang, text)
            context["district"] = slug
        elif intent == "compare" and len(pred.signals.named_models) >= 2:
            brief.compared = pred.signals.named_models[:2]
            brief.parts = [
                self.evidence.card(res.index, m, lang, role, text)
                for m in brief.compared
                for role in ("definition", "risks")
            ]
        elif intent == "explain_model":
            brief.parts = [
                self.evidence.card(res.index, model, lang, r, text) for r in ("definition", "logic", "risks", "plan")
            ]
            brief.parts += self.evidence.cases(res.index, model, lang, text, vector)
        else:
            brief.parts = [self.evidence.card(res.index, model, lang, r, text) for r in ("logic", "risks", "plan")]
            brief.parts += self.evidence.cases(res.index, model, lang, text, vector)
        brief.parts = [p for p in brief.parts if p.evidence]
        return brief, context

    def _in_domain(self, text: str, pred: Prediction) -> bool:
        sig = pred.signals
        return bool(sig.words or sig.named_models or sig.named_trends or sig.districts or self.glossary.matches(text))

    def _follow_up(
        self, res: _Loaded, text: str, lang: str, vector: np.ndarray, last: dict, aspect: str
    ) -> tuple[Brief, dict]:
        brief = Brief(question=text, lang=lang, intent="follow_up", judgment=None, focus=aspect)
        if last.get("model"):
            model = last["model"]
            conf = float(last.get("confidence") or 0.0)
            brief.judgment = ModelJudgment(id=model, name=MODEL_NAMES[model][lang], confidence=conf)
            roles = {
                "risks": ("risks", "plan"),
                "plan": ("plan", "risks"),
                "logic": ("logic", "definition"),
                "cases": ("cases",),
            }[aspect]
            brief.parts = [self.evidence.card(res.index, model, lang, r, text) for r in roles]
            if aspect == "cases":
                brief.parts += self.evidence.cases(res.index, model, lang, text, vector)
        elif last.get("trend"):
            brief.subject = last["trend"]
            brief.parts = self.evidence.trend(res.index, last["trend"], lang, text)
            brief.abstain_reason = "trend"
        else:
            brief.abstain_reason = "no_context"
        brief.parts = [p for p in brief.parts if p.evidence]
        return brief, dict(last)

    def _judgment(self, pred: Prediction, lang: str) -> ModelJudgment | None:
        if pred.label is None:
            return None
        words = list(pred.signals.words.get(pred.label, []))
        words += [n for n in pred.signals.named_models if n == pred.label]
        return ModelJudgment(
            id=pred.label,
            name=MODEL_NAMES[pred.label][lang],
            confidence=pred.confidence,
            alternatives=[Alternative(id=m, confidence=p) for m, p in pred.alternatives],
            secondary=pred.secondary,
            signals=[w for w in words if w not in MODEL_IDS],
        )

    @staticmethod
    def _verify(index: LoadedIndex, citations: list) -> None:
        """Every quote must occur verbatim in the chunk it cites; anything else is a bug, not an answer."""
        for c in citations:
            chunk = index.chunks[index.by_id[c.chunk_id]]
            if c.quote not in chunk.text:
                raise AdvisorError(f"citation [{c.n}] does not quote its chunk {c.chunk_id}")
