"""Which of the actors the article says a district needs (a research base, industry, government, capital,
market demand) the planner's description shows, and which it lacks; with the article's triple-helix
passage, quoted, as the warning that applies."""

from service.advisor.brief import Evidence, Part
from service.advisor.evidence import CARD_SECTIONS, section_chunks, sentences
from service.advisor.handlers.base import Question

# The article's actors, each shown by any of these facet kinds (service/corpus/district.py).
ACTOR_GROUPS: dict[str, tuple[str, ...]] = {
    "research_base": ("research_university", "national_lab", "large_facility"),
    "industry": ("anchor_company", "startups", "foreign_investment"),
    "government": ("national_government", "local_government", "state_developer"),
    "capital": ("venture_capital",),
    "market_demand": ("market_demand",),
}
_HELIX = ("triple helix", "三螺旋")
_MUTUAL = ("depend", "依赖")


def actor_map(q: Question) -> dict[str, list[str]]:
    """Group -> the planner's words that show it (empty: the description shows no such actor)."""
    shown: dict[str, list[str]] = {}
    for group, kinds in ACTOR_GROUPS.items():
        words = [w for k in kinds for w in q.facets.actors.get(k, [])]
        if group == "market_demand":
            words = list(q.facets.demand)
        shown[group] = list(dict.fromkeys(words + q.facets.present.get(group, [])))
    return shown


def actors_part(q: Question) -> Part | None:
    """The article's warning for a place that lacks some of its actors: the triple-helix sentence on how
    university, industry and government depend on each other, quoted from the fusion card."""
    if all(actor_map(q).values()):
        return None
    chunks = section_chunks(q.index, f"trend.multi_model_fusion.{q.lang}", CARD_SECTIONS[q.lang]["logic"])
    helix = [(c, s) for c in chunks for s in sentences(c.text) if any(h in s.lower() for h in _HELIX)]
    mutual = [h for h in helix if any(m in h[1] for m in _MUTUAL)] or helix
    return Part("actors", [Evidence(*mutual[0])], subject="multi_model_fusion") if mutual else None
