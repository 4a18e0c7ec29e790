"""A follow-up about the place the conversation is about, of any form: what if, why not another model,
compare with a case, which indicators, first steps, what to tell the mayor. The place keeps its
judgement; the message chooses the passages (the cards' risk and plan sentences and the case lessons
nearest to it, a named case's note, another model's card, the places most like this one)."""

from service.advisor.brief import Brief, Evidence, Part
from service.advisor.handlers.answering import answering
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.comparable import comparable_parts
from service.advisor.handlers.judgement import place_of
from service.advisor.profile import PlaceProfile
from service.advisor.types import ModelJudgment
from service.typology import MODEL_NAMES

_ROLES = {"risks": ("risks", "plan"), "plan": ("plan", "risks"), "logic": ("logic", "definition"), "cases": ("cases",)}


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    last = q.last or {}
    brief = Brief(question=q.text, lang=q.lang, intent="follow_up", judgment=None, focus=q.extra.get("aspect"))
    place = PlaceProfile.from_context(last)
    model = place.model if place and place.model else last.get("model")
    if model:
        confidence = place.confidence if place and place.model else float(last.get("confidence") or 0.0)
        brief.judgment = ModelJudgment(id=model, name=MODEL_NAMES[model][q.lang], confidence=confidence)
        brief.parts = _about_the_place(q, tools, model, place) if place else _aspect(q, tools, model)
    elif last.get("trend"):
        brief.subject = last["trend"]
        brief.parts = tools.evidence.trend(q.index, last["trend"], q.lang, q.text)
        brief.abstain_reason = "trend"
    else:
        brief.abstain_reason = "no_context"
    brief.parts = [p for p in brief.parts if p.evidence]
    return brief, dict(last)


def _aspect(q: Question, tools: Tools, model: str) -> list[Part]:
    """A short follow-up to an answer that held no place profile (a district, a model explained)."""
    aspect = q.extra.get("aspect") or "plan"
    parts = [tools.evidence.card(q.index, model, q.lang, r, q.text) for r in _ROLES[aspect]]
    if aspect == "cases":
        parts += tools.evidence.cases(q.index, model, q.lang, q.text, q.vector)
    return parts


def _about_the_place(q: Question, tools: Tools, model: str, place: PlaceProfile) -> list[Part]:
    parts: list[Part] = []
    other = next((m for m in q.pred.signals.named_models if m != model), None)
    if other:  # "why not the market-driven model?": what that model would need, from its card
        parts += [tools.evidence.card(q.index, other, q.lang, r, q.text) for r in ("signals", "definition")]
    for found in q.districts[:1]:  # "how does this compare with Kista?"
        profile = q.profiles.get(found.district_id)
        if profile:
            for part in tools.evidence.district(q.index, profile.id, q.lang, q.text, roles=("summary", "why", "risks")):
                part.place = place_of(profile, q.lang)
                parts.append(part)
    if q.extra.get("aspect") == "cases" and tools.reread is not None:  # "which places are like ours?"
        described = tools.reread(q, place.text)
        return parts + comparable_parts(described, tools, place.probs or described.pred.probs, query=q.text)
    # the passages nearest to the message: the place's model first, and the model the message's own words
    # point to ("what if the state stops funding the park"); then the case lessons nearest to it
    pointed = q.pred.label if q.pred.label and q.pred.label != model else None
    found = answering(q, tools, q.text, q.vector, [model, *([pointed] if pointed else [])])
    if found:
        parts.insert(0, Part("follow_up", [Evidence(a.chunk, a.quote) for a in found], subject=model))
    return parts
