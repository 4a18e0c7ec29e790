"""The front-matter every corpus document carries, validated at ingestion."""

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.typology import Lang, ModelId, TrendId

DocType = Literal["source", "case", "model", "trend", "reference"]
_DOC_ID = re.compile(r"^(source|case|model|trend|reference)\.[a-z0-9_]+\.(en|zh)$")


class SourceRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1)
    url: str | None = None


class DocMeta(BaseModel):
    """Front-matter of one document. Unknown keys are refused so that typos surface at ingestion."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    title: str = Field(min_length=1)
    doc_type: DocType
    lang: Lang
    models: list[ModelId] = []
    trends: list[TrendId] = []
    district: str | None = None
    secondary_models: list[ModelId] = []
    sources: list[SourceRef] = []
    disputed: list[str] = []
    attribution: str | None = None
    section_tags: dict[str, list[str]] = {}

    @field_validator("doc_id")
    @classmethod
    def _doc_id_shape(cls, v: str) -> str:
        if not _DOC_ID.match(v):
            raise ValueError("must look like '{doc_type}.{slug}.{lang}', e.g. 'case.kendall_square.en'")
        return v

    def problems(self) -> list[tuple[str, str]]:
        """Cross-field checks, as (field, message) pairs, so the loader can name the field at fault."""
        doc_type, _, lang = self.doc_id.split(".")
        found: list[tuple[str, str]] = []
        if doc_type != self.doc_type:
            found.append(("doc_type", f"'{self.doc_type}' does not match the doc_id prefix '{doc_type}'"))
        if lang != self.lang:
            found.append(("lang", f"'{self.lang}' does not match the doc_id suffix '{lang}'"))
        if self.doc_type == "case" and not self.district:
            found.append(("district", "case notes need a district slug"))
        if self.doc_type in ("case", "reference") and not self.sources:
            found.append(("sources", "case and reference notes need at least one source"))
        return found

    @property
    def slug(self) -> str:
        return self.doc_id.split(".")[1]
