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
