"""What every handler receives: the question as the pipeline has read it, and the shared tools."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from service.advisor.brief import Brief
from service.advisor.classifier import Prediction, ScenarioClassifier
from service.advisor.concerns import AdviceIndex
from service.advisor.evidence import EvidenceFinder
from service.cases.facets import Facets
from service.cases.finder import Found
from service.cases.profiles import Profiles
from service.retrieval.index import LoadedIndex

DESCRIBED = 3  # signal words, kinds of actor and industries that make a question a description


@dataclass
class Question:
    text: str  # with any instructions to the advisor set aside
    lang: str
    vector: np.ndarray
    pred: Prediction
    classifier: ScenarioClassifier
    index: LoadedIndex
    profiles: Profiles
    districts: list[Found]  # the library's districts the question names, in order of mention
    facets: Facets
    last: dict | None = None  # the session's context after its previous answer
    extra: dict = field(default_factory=dict)  # what the router learnt on the way (a follow-up's aspect, a name)
    proper: Callable[[str], bool] = lambda _text: True  # whether a Chinese phrase holds a name (jieba's tags)
    tagged: Callable[[str], list[tuple[str, bool]]] = lambda _text: []  # jieba's words, each: is it a name?
    # a document's clauses with where each stands ("page 3"); None for a chat message (its own clauses)
    located: list[tuple[str, str]] | None = None

    def describes(self, at_least: int = DESCRIBED) -> bool:
        """The question states facts about the place (who anchors, funds and founds it), not only a name."""
        words = sum(len(v) for v in self.pred.signals.words.values())
        return words + len(self.facets.actors) + len(self.facets.industries) >= at_least


@dataclass
class Tools:
    evidence: EvidenceFinder
    advice: AdviceIndex | None = None  # the cards' risk and plan sentences, for a stated concern
    embed: Callable[[str], np.ndarray] | None = None  # the query embedder
    # the same question read afresh over another text (a whole profile, a message without its lead-in)
    reread: Callable[[Question, str], Question] | None = None


class Handler(Protocol):
    def __call__(self, q: Question, tools: Tools) -> tuple[Brief, dict]:
        """The brief for this kind of question, and the context a follow-up will build on."""
        ...
