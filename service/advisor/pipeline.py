"""The one pipeline every channel calls: language -> session -> guard -> classify -> evidence -> compose."""

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

import numpy as np

from service.advisor.brief import Brief
from service.advisor.classifier import ScenarioClassifier
from service.advisor.concerns import AdviceIndex
from service.advisor.evidence import EvidenceFinder
from service.advisor.exemplars import Exemplars
from service.advisor.explain import Reason, located_clauses
from service.advisor.guard import split_injection
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.comparable import similar_rows
from service.advisor.handlers.router import HANDLERS, NEW_PLACE_HANDLERS, route
from service.advisor.language import detect_language
from service.advisor.roles import gist
from service.advisor.signals import SignalExtractor
from service.advisor.types import Answer, Assessment, ComparableCase, DocumentInfo, Passage
from service.cases.facets import FacetReader
from service.cases.finder import DistrictFinder
from service.cases.profiles import PROFILES, Profiles
from service.corpus.glossary import Glossary
from service.documents.model import Document
from service.errors import AdvisorError
from service.generation.base import Draft, Generator, OfflineGenerator
from service.retrieval.hybrid import HybridRetriever
from service.retrieval.index import IndexReader, LoadedIndex
from service.retrieval.tokenize import Tokenizer
from service.store.repository import ANONYMOUS, SessionRef, Store
from service.typology import MODEL_IDS

MAX_QUESTION = 10_000  # a pasted page of a plan; whole documents go to assess()
CLASSIFIER_DIR = "classifier"


MAX_PASSAGES = 5  # the document's sentences shown for and against the judgement


def _passage(r: Reason) -> Passage:
    return Passage(quote=r.text, where=r.where, model=r.model, role=r.role, weight=r.weight)  # type: ignore[arg-type]


class InvalidQuestionError(AdvisorError):
    """The question is empty, too long, or asks for an unknown language."""


def _language(text: str, language: str) -> str:
    """The answer's language: the one asked for, or the text's own."""
    if language not in ("auto", "zh", "en"):
        raise InvalidQuestionError("language must be 'auto', 'zh' or 'en'")
    return detect_language(text) if language == "auto" else language


@dataclass
class _Loaded:
    index: LoadedIndex
    classifier: ScenarioClassifier
    profiles: Profiles
    finder: DistrictFinder
    advice: AdviceIndex


@dataclass
class _Turn:
    """One question on its way through the pipeline."""

    text: str
    lang: str
    session: SessionRef
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
        self.facets = FacetReader(glossary)

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
                profiles = Profiles.load(Path(index.path) / PROFILES)
                records = (p.record for p in profiles.items)
                finder = DistrictFinder(
                    records, self._common_words(index), self.tokenize.boundaries, self.tokenize.is_proper_noun
                )
                exemplars = Exemplars.load(Path(index.path) / CLASSIFIER_DIR)
                advice = AdviceIndex(index, self.embedder.embed, self.tokenize, exemplars)
                self._loaded = _Loaded(index, clf, profiles, finder, advice)
            return self._loaded

    def _common_words(self, index: LoadedIndex) -> set[str]:
        """Words of the domain's general writing (the glossary, the article, the model and trend cards, the
        typologies): a district name's core is never one of them ("future", "未来", "medical")."""
        general = [c.text for c in index.chunks if c.doc_type in ("source", "model", "trend", "reference")]
        return self.glossary.vocabulary() | {t for text in general for t in self.tokenize(text)}

    def warm_up(self) -> None:
        self.loaded()
        self.embedder.warm_up()

    # --- the pipeline ----------------------------------------------------------------------------------

    def answer(
        self, question: str, session_id: str | None = None, language: str = "auto", owner: str = ANONYMOUS
    ) -> Answer:
        """`owner` (an API key, a Slack team and channel) scopes the session: the same id sent by another
        owner continues nothing."""
        turn = self._prepare(question, session_id, language, owner)
        return self._finish(turn, self.generator.generate(turn.brief))

    def answer_stream(
        self, question: str, session_id: str | None = None, language: str = "auto", owner: str = ANONYMOUS
    ) -> Iterator[str | Answer]:
        """Text pieces as the generator writes them, then the final, verified Answer.
        Bad input raises before the first piece, so channels can still answer it with an error."""
        turn = self._prepare(question, session_id, language, owner)

        def pieces() -> Iterator[str | Answer]:
            for item in self.generator.stream(turn.brief):
                yield item if isinstance(item, str) else self._finish(turn, item)

        return pieces()

    def _prepare(self, question: str, session_id: str | None, language: str, owner: str) -> _Turn:
        started = time.perf_counter()
        text = question.strip() if isinstance(question, str) else ""
        if not text:
            raise InvalidQuestionError("message is empty")
        if len(text) > MAX_QUESTION:
            raise InvalidQuestionError(f"message is longer than {MAX_QUESTION} characters")
        lang = _language(text, language)
        session = self.store.open_session(session_id, owner)
        res = self.loaded()
        clean, set_aside = split_injection(text)
        vector = self.embedder.embed_query(gist(clean or text))
        brief, context = self._brief(res, clean, lang, vector, session.last)
        brief.set_aside = set_aside
        return _Turn(text, lang, session, res, brief, context, started)

    def _finish(self, turn: _Turn, draft: Draft) -> Answer:
        self._verify(turn.res.index, draft.citations)
        brief = turn.brief
        answer = Answer(
            answer_id=uuid.uuid4().hex,
            session_id=turn.session.id,
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
        if turn.session.key:  # an assessed document has no session: nothing of it is stored
            self.store.log_answer(answer, turn.text, turn.context, turn.session.key)
        for observe in self.observers:
            observe(answer)
        return answer

    # --- deciding what to say --------------------------------------------------------------------------

    def _brief(self, res: _Loaded, text: str, lang: str, vector: np.ndarray, last: dict | None) -> tuple[Brief, dict]:
        q = self._question(res, text, lang, vector, last)
        name = route(q, self.glossary)
        brief, context = HANDLERS[name](q, self._tools(res))
        if q.extra.get("aside") and last:
            context = dict(last)  # a question aside about another place: the conversation stays where it was
        elif last and last.get("profile") and "profile" not in context and name not in NEW_PLACE_HANDLERS:
            context["profile"] = last["profile"]  # a side question keeps the conversation's place
        return brief, context

    def _question(self, res: _Loaded, text: str, lang: str, vector: np.ndarray, last: dict | None) -> Question:
        pred = res.classifier.predict(text or " ", vector)
        return Question(
            text=text,
            lang=lang,
            vector=vector,
            pred=pred,
            classifier=res.classifier,
            index=res.index,
            profiles=res.profiles,
            districts=[f for f in res.finder.find(text) if res.profiles.get(f.district_id)],
            facets=self.facets(text),
            last=last,
            proper=self.tokenize.is_proper_noun,
            tagged=self.tokenize.tagged,
        )

    def _tools(self, res: _Loaded) -> Tools:
        def reread(q: Question, text: str) -> Question:
            return self._question(res, text, q.lang, self.embedder.embed_query(gist(text)), q.last)

        return Tools(evidence=self.evidence, advice=res.advice, embed=self.embedder.embed_query, reread=reread)

    def similar(self, description: str, lang: str = "auto") -> tuple[str, list[ComparableCase]]:
        """The library's districts most like a described place (the ranking classification answers use),
        each with what it shares with the place and its lesson."""
        text = description.strip()
        if not text:
            raise InvalidQuestionError("description is empty")
        if len(text) > MAX_QUESTION:
            raise InvalidQuestionError(f"description is longer than {MAX_QUESTION} characters")
        lang = _language(text, lang)
        res = self.loaded()
        q = self._question(res, text, lang, self.embedder.embed_query(gist(text)), None)
        return lang, similar_rows(q, self._tools(res), {m: q.pred.probs.get(m, 0.0) for m in MODEL_IDS})

    def assess(self, doc: Document, language: str = "auto") -> Assessment:
        """A planning document judged as a description of one place: the classify handler's answer, explained
        by the document's own sentences with their location. Nothing of the document is stored."""
        started = time.perf_counter()
        text = doc.text
        lang = _language(text, language)
        res = self.loaded()
        clean, set_aside = split_injection(text)
        q = self._question(res, clean or text, lang, self.embedder.embed_query(gist(clean or text)), None)
        q.located = located_clauses(doc, lang)
        brief, _ = HANDLERS["classify"](q, self._tools(res))
        brief.set_aside = set_aside
        j = brief.judgment
        turn = _Turn(text, lang, SessionRef(id="", key="", last=None), res, brief, {}, started)
        answer = self._finish(turn, self.generator.generate(brief))
        e = brief.explanation
        return Assessment(
            document=DocumentInfo(name=doc.name, kind=doc.kind, characters=doc.characters),  # type: ignore[arg-type]
            language=lang,  # type: ignore[arg-type]
            model=j,
            abstained=j is None,
            abstain_reason=brief.abstain_reason,
            deciding=[_passage(r) for r in e.supporting[:MAX_PASSAGES]] if e else [],
            pointing_elsewhere=[_passage(r) for r in e.opposing[:MAX_PASSAGES]] if e else [],
            comparable_cases=similar_rows(q, self._tools(res), {m: q.pred.probs.get(m, 0.0) for m in MODEL_IDS}),
            answer=answer,
        )

    @staticmethod
    def _verify(index: LoadedIndex, citations: list) -> None:
        """Every quote must occur verbatim in the chunk it cites; anything else is a bug, not an answer."""
        for c in citations:
            chunk = index.chunks[index.by_id[c.chunk_id]]
            if c.quote not in chunk.text:
                raise AdvisorError(f"citation [{c.n}] does not quote its chunk {c.chunk_id}")
