"""The planner describes a place: which model fits, what to plan for, the places most like it."""

import numpy as np

from service.advisor.brief import Brief, Evidence, Part
from service.advisor.concerns import concern_of
from service.advisor.cues import likens_own_place
from service.advisor.explain import clauses, explain_located
from service.advisor.handlers.actors import actor_map, actors_part
from service.advisor.handlers.answering import answering
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.comparable import comparable_parts
from service.advisor.handlers.judgement import from_prediction, from_profile, place_of
from service.advisor.profile import PlaceProfile
from service.cases.profiles import Profile
from service.typology import MODEL_IDS


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    judgment = from_prediction(q.pred, q.lang)
    likened = _likened(q) if judgment is None else None
    if likened is not None:
        judgment = from_profile(likened, q.lang)
    brief = Brief(
        question=q.text, lang=q.lang, intent="classify", judgment=judgment, negated=q.pred.signals.negated[:4]
    )
    brief.likened = place_of(likened, q.lang).name if likened is not None else ""
    if judgment is None:  # the place is remembered, so facts added next are judged with it
        return _abstain(q, tools, brief), {"profile": PlaceProfile([q.text], probs=q.pred.probs).to_context()}
    model = judgment.id
    located = q.located if q.located is not None else [(c, "") for c in clauses(q.text, q.lang)]
    brief.explanation = explain_located(q.classifier, located, len(q.vector), model, judgment.secondary)
    brief.concern = concern_of(q.text)
    runner_up = judgment.secondary or next((a.id for a in judgment.alternatives), None)
    brief.parts = concern_parts(q, tools, brief.concern, [model, *([runner_up] if runner_up else [])])
    brief.parts += [tools.evidence.card(q.index, model, q.lang, r, q.text) for r in ("logic", "risks", "plan")]
    brief.parts += likeness_parts(q, tools)
    brief.actors = actor_map(q)
    lacking = actors_part(q)
    brief.parts += [lacking] if lacking else []
    probs = {m: q.pred.probs.get(m, 0.0) for m in MODEL_IDS}
    comparables = comparable_parts(q, tools, probs, query=brief.concern or q.text)
    brief.parts += comparables
    brief.parts += disputes_of([p.subject for p in comparables], q, tools)
    brief.parts = [p for p in _without_repeats(brief.parts) if p.evidence]
    profile = PlaceProfile([q.text], model, judgment.confidence, q.pred.probs)
    return brief, {"model": model, "confidence": judgment.confidence, "profile": profile.to_context()}


def concern_parts(q: Question, tools: Tools, concern: str, models: list[str]) -> list[Part]:
    """What speaks to the planner's situation comes first: the passages nearest in meaning to the stated
    problem (read with the whole question at half weight), else to the question."""
    if tools.advice is None or tools.embed is None:
        return []
    vector = 0.5 * _unit(q.vector) + (_unit(tools.embed(concern)) if concern else 0)
    found = answering(q, tools, concern or q.text, vector, models)
    return [Part("concern", [Evidence(a.chunk, a.quote) for a in found], subject=models[0], note=concern)]


def _unit(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32).ravel()
    return v / (np.linalg.norm(v) or 1.0)


def _without_repeats(parts: list[Part]) -> list[Part]:
    """A sentence quoted for the concern is not quoted again among the general points."""
    seen: list[str] = []
    for part in parts:
        part.evidence = [e for e in part.evidence if not any(e.quote in s or s in e.quote for s in seen)]
        seen += [e.quote for e in part.evidence]
    return parts


def _abstain(q: Question, tools: Tools, brief: Brief) -> Brief:
    brief.abstain_reason = q.pred.reason
    brief.candidates = {m: p for m, p in q.pred.probs.items() if m != "none"}
    top = sorted(brief.candidates, key=lambda m: -brief.candidates[m])[:2]
    # a stated problem is answered even when the model cannot be told: from the two likeliest models'
    # cards, the passage the nearest training concerns were answered with, and the case lessons
    brief.concern = concern_of(q.text)
    brief.parts = concern_parts(q, tools, brief.concern, top) if brief.concern else []
    brief.parts += [tools.evidence.card(q.index, m, q.lang, "signals", q.text) for m in top]
    brief.parts += likeness_parts(q, tools)
    brief.parts = [p for p in brief.parts if p.evidence]
    return brief


def _likened(q: Question) -> Profile | None:
    """The district of the library a planner likens their place to, when the likeness is all the question
    says of it ("we're a bit like Zhangjiang; what should we plan for?"): the place takes that district's
    model, as its note gives it, and the answer says so."""
    if q.pred.reason not in ("not_a_scenario", "low_confidence") or not likens_own_place(q.text):
        return None
    return next((p for f in q.districts if (p := q.profiles.get(f.district_id)) is not None), None)


def likeness_parts(q: Question, tools: Tools) -> list[Part]:
    """A district the planner likens their place to is evidence: what it is and why it has its model."""
    parts = []
    for found in q.districts[:2]:
        profile = q.profiles.get(found.district_id)
        if profile is None:
            continue
        for part in tools.evidence.district(q.index, profile.id, q.lang, q.text, roles=("summary", "why")):
            part.role, part.place = "likeness", place_of(profile, q.lang)
            parts.append(part)
    return parts


def disputes_of(district_ids: list[str], q: Question, tools: Tools) -> list[Part]:
    """Where the sources disagree on the first of these districts whose record flags a dispute."""
    for did in district_ids:
        profile = q.profiles.get(did)
        if profile is None or not profile.record.disputed:
            continue
        both_sides = tools.evidence.dispute(q.index, did, q.lang)
        if both_sides:
            return [Part("disputes", both_sides, subject=did, place=place_of(profile, q.lang))]
    return []
