"""The advisor's domain types: what every channel (API, Slack, eval) receives."""

from typing import Literal

from pydantic import BaseModel, Field

Intent = Literal["classify", "explain_model", "compare", "district", "trend", "follow_up", "out_of_scope"]


class Citation(BaseModel):
    n: int = Field(description="The number used as [n] in the answer text.")
    chunk_id: str
    doc_id: str
    title: str
    quote: str = Field(description="A passage that occurs verbatim in the chunk.")
    score: float = Field(description="Retrieval score of the chunk for this question (0 when chosen by section).")


class Alternative(BaseModel):
    id: str
    confidence: float


class ModelJudgment(BaseModel):
    id: str
    name: str
    confidence: float = Field(description="Calibrated probability that this model is the right one.")
    alternatives: list[Alternative] = []
    secondary: str | None = Field(None, description="A second model the place genuinely mixes in.")
    signals: list[str] = Field([], description="Words in the question that drove the judgement.")


class Answer(BaseModel):
    answer_id: str
    session_id: str
    language: Literal["zh", "en"]
    answer: str
    model: ModelJudgment | None
    abstained: bool = Field(description="True when the advisor gives no model label.")
    abstain_reason: str | None = None
    intent: Intent
    citations: list[Citation]
    corpus_version: str
    classifier_version: str
    generator: str = Field(description="offline, a provider:model name, or offline-fallback after a model failure.")
    verified: bool = Field(True, description="False when a claim citing an unprovided passage was removed.")
    verification: list[str] = Field([], description="Why the answer was flagged, or why it fell back.")
    prompt: str | None = Field(None, description="Prompt id@version, when a language model wrote the answer.")
    latency_ms: float


class ComparableCase(BaseModel):
    """A district of the library like the planner's place."""

    id: str
    name: str
    country: str
    primary_model: str
    outcome: str
    score: float
    shares: str = Field(description="What the district has in common with the place described.")
    shared_actors: list[str]
    shared_industries: list[str]
    lesson: str | None = Field(description="The note's lesson for planners that best matches the description.")


class Passage(BaseModel):
    """A sentence of the planner's document that weighed in the judgement, quoted verbatim."""

    quote: str = Field(description="Verbatim from the document.")
    where: str = Field(description="Where it stands: 'page 3', 'paragraph 12', 'table 1, row 2', 'line 40'.")
    model: str = Field(description="The model it points to.")
    role: Literal["leading", "plain", "minor"] = Field(
        description="leading: names who founds, funds or runs the place; minor: an actor present in passing or later."
    )
    weight: float


class DocumentInfo(BaseModel):
    name: str
    kind: Literal["text", "markdown", "docx", "pdf"]
    characters: int


class Assessment(BaseModel):
    """A planning document judged: the model (or an abstention), the document's own sentences behind it,
    the library's districts most like the place, and the advice. Nothing of the document is stored."""

    document: DocumentInfo
    language: Literal["zh", "en"]
    model: ModelJudgment | None
    abstained: bool
    abstain_reason: str | None = None
    deciding: list[Passage] = Field(description="The document's sentences behind the judged model, strongest first.")
    pointing_elsewhere: list[Passage] = Field(description="Sentences that point to another model, and which.")
    comparable_cases: list[ComparableCase]
    answer: Answer = Field(description="The advice in the document's language, with verbatim citations.")
