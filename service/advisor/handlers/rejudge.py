"""The planner adds facts about the place: the whole profile is judged again, and the answer says what
changed and why. The pipeline hands this handler the question read over the whole profile."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.classify import handle as classify
from service.advisor.profile import PlaceProfile


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    before = PlaceProfile.from_context(q.last) or PlaceProfile()
    message = q.extra["message"]
    brief, context = classify(q, tools)
    brief.question = message
    brief.previous_model = before.model or ""
    brief.added = message
    if "profile" in context:
        context["profile"]["facts"] = before.with_fact(message).facts
    return brief, context
