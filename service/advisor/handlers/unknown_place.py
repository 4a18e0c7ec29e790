"""A question about a place the library holds no note on. Never "out of scope": say there is no note,
judge from whatever the question describes, and ask for the facts that would decide it."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.classify import handle as classify


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    brief, context = classify(q, tools)
    brief.intent = "district"
    brief.unknown_place = q.extra.get("place") or ""
    if brief.judgment is None:
        brief.abstain_reason = "unknown_place"
    return brief, context
