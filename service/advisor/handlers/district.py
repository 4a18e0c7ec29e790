"""A question about districts the library holds: "which model is X", "what can we learn from X", "X vs Y".

The answer comes from the notes: each district's model (its record's), reasons, key facts and lessons,
quoted with citations, and where the sources disagree.
"""

from service.advisor.brief import Brief
from service.advisor.cues import compares
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.judgement import from_profile, place_of

# One district: the whole note; two compared: what decides each one's model and its main lesson.
_ONE = ("summary", "why", "facts", "risks", "disputes")
_EACH_OF_TWO = ("summary", "why", "risks")


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    ids = [f.district_id for f in q.districts if q.profiles.get(f.district_id)]
    pair = len(ids) >= 2 and compares(q.text)
    ids = ids[:2] if pair else ids[:1]
    first = q.profiles.get(ids[0])
    assert first is not None  # the router sends only questions naming a profiled district
    brief = Brief(question=q.text, lang=q.lang, intent="district", judgment=from_profile(first, q.lang))
    brief.places = [place_of(q.profiles.items[q.profiles.by_id[did]], q.lang) for did in ids]
    brief.subject = brief.places[0].name
    for place in brief.places:
        for part in tools.evidence.district(q.index, place.id, q.lang, q.text, roles=_EACH_OF_TWO if pair else _ONE):
            part.place = place if pair else None  # one district: its name is in the opening line
            brief.parts.append(part)
    brief.parts = [p for p in brief.parts if p.evidence]
    return brief, {"district": ids[0], "model": first.record.primary_model, "confidence": brief.judgment.confidence}
