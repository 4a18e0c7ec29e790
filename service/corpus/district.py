"""A district record: the one place a district's structured facts live (corpus/cases/<id>.yaml).

The two prose notes beside it (<id>.en.md, <id>.zh.md) take their front-matter from this record, and
everything else that needs the district (alias matching, the glossary's district entries, the cases API,
comparable-case ranking) is derived from it at ingestion, never written a second time by hand.
"""

import re
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from service.typology import ModelId, TrendId

Region = Literal["greater_china", "asia_pacific", "europe", "north_america", "latin_america_africa"]
# The kinds of actor a district's sources show playing a real part (founding, funding, governing,
# generating firms or ideas). Ranking comparable cases compares these with what a planner describes.
Actor = Literal[
    "research_university",
    "national_lab",
    "large_facility",
    "anchor_company",
    "national_government",
    "local_government",
    "state_developer",
    "private_developer",
    "venture_capital",
    "startups",
    "incubator",
    "hospital",
    "foreign_investment",
    "creative_scene",
]
# The five actors the article says a district needs; every kind of Actor shows one of them
# (service/advisor/handlers/actors.py), and the glossary's `presence` words show one without saying which kind.
ActorGroup = Literal["research_base", "industry", "government", "capital", "market_demand"]
Industry = Literal[
    "software_internet",
    "telecom",
    "semiconductors",
    "electronics_hardware",
    "ai_data",
    "biotech_pharma",
    "medtech_health",
    "aerospace_space",
    "automotive_mobility",
    "energy_cleantech",
    "advanced_manufacturing",
    "materials_chemicals",
    "finance_fintech",
    "creative_media",
    "ecommerce_retail",
    "agrifood",
    "marine",
    "physics_big_science",
    "defence",
    "logistics_trade",
]
Stage = Literal["planned", "emerging", "growing", "mature", "declining", "transforming"]
# How the sources judge the place so far: a planner wants a success beside a cautionary case.
Outcome = Literal["success", "mixed", "cautionary", "too_early"]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]{1,60}$")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


class Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    @field_validator("zh")
    @classmethod
    def _zh_is_chinese(cls, v: str) -> str:
        if not _HAS_CJK.search(v):
            raise ValueError("the Chinese text holds no Chinese characters")
        return v


class Aliases(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: list[str] = []
    zh: list[str] = []


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1)
    url: str

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        parsed = urlparse(v)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"'{v}' is not an http(s) URL")
        return v

    @property
    def host(self) -> str:
        host = urlparse(self.url).netloc.lower()
        return host[4:] if host.startswith("www.") else host


class DistrictRecord(BaseModel):
    """Structured facts of one district. Unknown keys are refused so that typos surface at ingestion."""

    model_config = ConfigDict(extra="forbid")

    id: str
    names: Bilingual
    aliases: Aliases = Aliases()
    country: Bilingual
    city: Bilingual
    region: Region
    founded: str | None = None  # a year or a period as the sources give it ("1988", "1970s")
    area: str | None = None  # as the sources give it, with its unit
    anchors: list[str] = Field(min_length=1)
    funding: Bilingual  # who paid for it, as the sources say
    governance: Bilingual  # who runs it
    primary_model: ModelId
    secondary_models: list[ModelId] = []
    trends: list[TrendId] = []
    actors: list[Actor] = Field(min_length=1)
    industries: list[Industry] = Field(min_length=1)
    stage: Stage
    outcome: Outcome
    sources: list[Source] = Field(min_length=2)
    disputed: list[str] = []

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _SLUG.match(v):
            raise ValueError("must be a lower-case slug of letters, digits and '_'")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "DistrictRecord":
        if self.primary_model in self.secondary_models:
            raise ValueError("secondary_models repeats the primary model")
        if len({s.host for s in self.sources}) < 2:
            raise ValueError("sources need at least two independent sites (two different hosts)")
        for lang in ("en", "zh"):
            forms = [getattr(self.names, lang), *getattr(self.aliases, lang)]
            if len({f.casefold() for f in forms}) != len(forms):
                raise ValueError(f"aliases.{lang} repeats a name")
        return self

    def forms(self) -> list[str]:
        """Every name this district goes by, in both languages, main names first."""
        return [self.names.en, self.names.zh, *self.aliases.en, *self.aliases.zh]
