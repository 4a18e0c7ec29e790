"""The case library: GET /v1/cases, GET /v1/cases/{id}, POST /v1/cases/similar."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from service.api.cases_schemas import (
    CaseDetail,
    CaseList,
    CaseQuery,
    CaseSummary,
    SimilarRequest,
    SimilarResponse,
)
from service.api.deps import AdvisorDep, bounded
from service.cases.library import select
from service.cases.profiles import Profile
from service.errors import AdvisorError

router = APIRouter(prefix="/v1/cases", tags=["cases"])


class UnknownCaseError(AdvisorError):
    """No district in the library has this id."""


class DescriptionTooLongError(AdvisorError):
    """A description for /v1/cases/similar is longer than the advisor reads."""


def _summary(p: Profile) -> dict:
    r = p.record
    return {
        "id": r.id,
        "name": r.names.model_dump(),
        "country": r.country.model_dump(),
        "city": r.city.model_dump(),
        "region": r.region,
        "primary_model": r.primary_model,
        "secondary_models": r.secondary_models,
        "outcome": r.outcome,
    }


@router.get("", response_model=CaseList)
def list_cases(query: Annotated[CaseQuery, Query()], advisor: AdvisorDep) -> CaseList:
    """The library's districts, filtered (model, secondary model, country, region, text) and paginated."""
    filters = query.model_dump(exclude={"page", "per_page"})
    found = select(advisor.loaded().profiles, **filters)
    start = (query.page - 1) * query.per_page
    items = [CaseSummary(**_summary(p)) for p in found[start : start + query.per_page]]
    return CaseList(total=len(found), page=query.page, per_page=query.per_page, items=items)


@router.get("/{case_id}", response_model=CaseDetail, responses={404: {"description": "No district has this id."}})
def get_case(case_id: str, advisor: AdvisorDep) -> CaseDetail:
    """One district: its record in both languages, the classifier's reading, sources and both notes."""
    p = advisor.loaded().profiles.get(case_id)
    if p is None:
        raise UnknownCaseError(f"no district with id '{case_id}' (GET /v1/cases lists them)")
    r = p.record
    return CaseDetail(
        **_summary(p),
        aliases=r.aliases.model_dump(),
        founded=r.founded,
        area=r.area,
        anchors=r.anchors,
        funding=r.funding.model_dump(),
        governance=r.governance.model_dump(),
        actors=r.actors,
        industries=r.industries,
        stage=r.stage,
        trends=r.trends,
        model_reading=p.probs,
        disputed=r.disputed,
        sources=[s.model_dump() for s in r.sources],
        notes={"en": p.notes.get("en", ""), "zh": p.notes.get("zh", "")},
    )


@router.post(
    "/similar",
    response_model=SimilarResponse,
    responses={413: {"description": "The description is longer than the advisor reads."}},
)
async def similar_cases(req: SimilarRequest, request: Request, advisor: AdvisorDep) -> SimilarResponse:
    """The three districts most like a described place, ranked as classification answers rank them."""
    from service.advisor.pipeline import MAX_QUESTION

    if len(req.description) > MAX_QUESTION:
        raise DescriptionTooLongError(
            f"description is {len(req.description)} characters; at most {MAX_QUESTION} are read"
        )
    lang, found = await bounded(request, advisor.similar, req.description, req.language)
    return SimilarResponse(language=lang, items=found)
