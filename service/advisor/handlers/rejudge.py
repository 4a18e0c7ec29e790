"""The planner adds facts about the place: the whole profile is judged again, the message just added
weighing as much as everything said before (less when it only adds an actor in a minor, later or planned
role: "the district will hang its sign on it next year"; more when it corrects what was said), and the
answer says what changed and why."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.classify import handle as classify
from service.advisor.profile import PlaceProfile, corrects
from service.advisor.roles import role_of

LATEST_WEIGHT = {"leading": 0.5, "plain": 0.5, "minor": 0.15}
CORRECTION_WEIGHT = 0.8  # "I need to correct myself: that company closed": the new facts replace the old


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    assert tools.reread is not None
    before = PlaceProfile.from_context(q.last) or PlaceProfile()
    after = before.with_fact(q.text)
    whole = tools.reread(q, after.text)
    weight = CORRECTION_WEIGHT if corrects(q.text) else LATEST_WEIGHT[role_of(q.text)]
    whole.pred = q.classifier.predict_weighing_latest(after.text, whole.vector, q.text, q.vector, weight)
    brief, context = classify(whole, tools)
    brief.question, brief.previous_model, brief.added = q.text, before.model or "", q.text
    if "profile" in context:
        context["profile"]["facts"] = after.facts
    return brief, context
