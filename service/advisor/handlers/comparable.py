"""The three districts of the library most like the planner's place, each with what it shares and its
main lesson (quoted from its note)."""

from service.advisor.brief import Part
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.judgement import place_of
from service.advisor.types import ComparableCase
from service.cases.labels import ACTOR_NAMES, INDUSTRY_NAMES
from service.cases.similar import Similar, choose, rank
from service.typology import MODEL_NAMES


def similar_places(q: Question, probs: dict[str, float]) -> list[Similar]:
    """Ranked once per question: an assessment's data rows reuse the ranking its answer text used."""
    if "similar" not in q.extra:
        named = frozenset(f.district_id for f in q.districts)
        q.extra["similar"] = choose(rank(q.profiles, q.vector, probs, q.facets, exclude=named))
    return q.extra["similar"]


def shares_line(s: Similar, lang: str) -> str:
    """What the district has in common with the place described, in the planner's language."""
    items = []
    if s.shared_model:
        items.append(MODEL_NAMES[s.shared_model][lang])
    items += [ACTOR_NAMES[a][lang] for a in s.shared_actors[:3]]
    items += [INDUSTRY_NAMES[i][lang] for i in s.shared_industries[:2]]
    return ("、" if lang == "zh" else ", ").join(items)


def comparable_parts(q: Question, tools: Tools, probs: dict[str, float], query: str = "") -> list[Part]:
    """`query` chooses each case's lesson (the planner's concern, when stated)."""
    parts = []
    for s in similar_places(q, probs):
        lesson = tools.evidence.lesson(q.index, s.profile.id, q.lang, query or q.text)
        if lesson is None:
            continue
        place = place_of(s.profile, q.lang)
        parts.append(Part("comparable", [lesson], subject=s.profile.id, note=shares_line(s, q.lang), place=place))
    return parts


def similar_rows(q: Question, tools: Tools, probs: dict[str, float]) -> list[ComparableCase]:
    """The same ranking as data, for the cases API."""
    rows = []
    for s in similar_places(q, probs):
        r = s.profile.record
        lesson = tools.evidence.lesson(q.index, r.id, q.lang, q.text)
        rows.append(
            ComparableCase(
                id=r.id,
                name=getattr(r.names, q.lang),
                country=getattr(r.country, q.lang),
                primary_model=r.primary_model,
                outcome=r.outcome,
                score=round(s.score, 4),
                shares=shares_line(s, q.lang),
                shared_actors=s.shared_actors,
                shared_industries=s.shared_industries,
                lesson=lesson.quote if lesson else None,
            )
        )
    return rows
