"""What an answer will say, before anyone words it: the judgement and the evidence for each part.

The advisor builds a Brief; a generator (the offline composer, or later a language model) words it.
"""

from dataclasses import dataclass, field

from service.advisor.explain import Explanation
from service.advisor.types import Intent, ModelJudgment
from service.corpus.splitter import Chunk


@dataclass
class Evidence:
    chunk: Chunk
    quote: str  # verbatim in chunk.text
    score: float = 0.0


@dataclass(frozen=True)
class Place:
    """A district of the library as an answer names it, in the answer's language."""

    id: str
    name: str
    country: str
    model: str
    confidence: float
    secondary: str | None = None
    outcome: str = ""


@dataclass
class Part:
    role: str  # logic | risks | plan | cases | disputes | definition | summary | why | article | signals
    evidence: list[Evidence]
    subject: str = ""  # the model, trend or district the part is about
    note: str = ""  # the advisor's own words for the part (what a comparable case shares with the place)
    place: Place | None = None  # the district a case part is about


@dataclass
class Brief:
    question: str
    lang: str
    intent: Intent
    judgment: ModelJudgment | None
    abstain_reason: str | None = None
    parts: list[Part] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # instruction-like sentences the guard removed
    focus: str | None = None  # a follow-up's aspect: risks | plan | cases | logic
    subject: str | None = None  # the trend or district the answer is about, when not a model
    candidates: dict[str, float] = field(default_factory=dict)  # model -> probability, for an abstention
    compared: list[str] = field(default_factory=list)  # the two models a comparison names
    places: list[Place] = field(default_factory=list)  # the library's districts the answer is about
    unknown_place: str | None = None  # a place asked about that the library holds no note on
    likened: str = ""  # the district whose model the place takes when a likeness is all that was said
    explanation: Explanation | None = None  # the planner's clauses behind the judgement, and against it
    actors: dict[str, list[str]] = field(default_factory=dict)  # the article's actors -> the words showing each
    concern: str = ""  # the planner's stated problem or goal, verbatim from the question
    previous_model: str | None = None  # set when added facts re-judged the place: the model before ("" none)
    added: str = ""  # the message that added them
