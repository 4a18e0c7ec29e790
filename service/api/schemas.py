"""Request and response models of the HTTP API (the OpenAPI schema at /docs is generated from these)."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from service.advisor.pipeline import MAX_QUESTION


def _not_blank(v: str) -> str:
    if not v.strip():
        raise ValueError("must contain some text, not only whitespace")
    return v


Text = Annotated[str, Field(min_length=1, max_length=MAX_QUESTION), AfterValidator(_not_blank)]


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    message: Text = Field(description="The planner's question, zh or en.")
    session_id: str | None = Field(None, max_length=64, description="Continue a session; unknown ids start a new one.")
    language: Literal["auto", "zh", "en"] = Field("auto", description="Answer language; auto follows the question.")


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: Text
    k: int = Field(5, ge=1, le=50)
    filters: dict[Literal["model", "trend", "doc_type", "lang", "district", "doc_id"], str] = {}
    mode: Literal["hybrid", "dense", "keyword"] = "hybrid"


class SearchHit(BaseModel):
    rank: int
    score: float
    dense: float | None
    keyword: float | None
    chunk_id: str
    doc_id: str
    title: str
    section: str
    lang: str
    text: str


class SearchResponse(BaseModel):
    corpus_version: str
    hits: list[SearchHit]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer_id: str = Field(min_length=1, max_length=64)
    rating: Literal[1, -1] = Field(description="1 helpful, -1 not helpful.")
    comment: str | None = Field(None, max_length=2000)


class FeedbackResponse(BaseModel):
    feedback_id: int
    answer_id: str


class TypologyItem(BaseModel):
    id: str
    name: dict[str, str]
    definition: dict[str, str]
    doc_ids: list[str]


class TypologyResponse(BaseModel):
    models: list[TypologyItem]
    trends: list[TypologyItem]


class Health(BaseModel):
    status: str
    corpus_version: str | None = None
    classifier_version: str | None = None
