"""Request and response models of the cases API (the library of districts)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.advisor.types import ComparableCase
from service.corpus.district import Region
from service.typology import ModelId


class CaseQuery(BaseModel):
    """Filters for GET /v1/cases; an unknown parameter is refused, so a typo does not silently list all."""

    model_config = ConfigDict(extra="forbid")
    model: ModelId | None = Field(None, description="Primary model.")
    secondary_model: ModelId | None = Field(None, description="One of the secondary models.")
    country: str | None = Field(None, max_length=80, description="Country name, English or Chinese.")
    region: Region | None = None
    text: str | None = Field(None, min_length=1, max_length=200, description="Search names, aliases, places, anchors.")
    page: int = Field(1, ge=1)
    per_page: int = Field(20, ge=1, le=200)


class Bilingual(BaseModel):
    en: str
    zh: str


class CaseSource(BaseModel):
    title: str
    url: str


class CaseSummary(BaseModel):
    id: str
    name: Bilingual
    country: Bilingual
    city: Bilingual
    region: str
    primary_model: str
    secondary_models: list[str]
    outcome: str


class CaseList(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[CaseSummary]


class CaseDetail(CaseSummary):
    aliases: dict[str, list[str]]
    founded: str | None
    area: str | None
    anchors: list[str]
    funding: Bilingual
    governance: Bilingual
    actors: list[str]
    industries: list[str]
    stage: str
    trends: list[str]
    model_reading: dict[str, float] = Field(description="The classifier's calibrated reading of the note's text.")
    disputed: list[str]
    sources: list[CaseSource]
    notes: Bilingual = Field(description="The note in each language, as the corpus holds it.")


class SimilarRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str = Field(min_length=1, description="The planner's place, described in zh or en.")
    language: Literal["auto", "zh", "en"] = "auto"


class SimilarResponse(BaseModel):
    language: str
    items: list[ComparableCase]
