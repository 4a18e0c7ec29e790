"""The planner adds facts about the place: the whole profile is judged again, the message just added
weighing as much as everything said before (less when it only adds an actor in a minor, later or planned
role: "the district will hang its sign on it next year"; more when it corrects what was said), and the
answer says what changed and why. A minor addition is weighed against the judgement as it stood (a
correction included): read into the whole text, a later sign ("后来挂了高新区的牌子") can outweigh the facts
that decided the place."""

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
    role = "correction" if corrects(q.text) else role_of(q.text)
    weight = CORRECTION_WEIGHT if role == "correction" else LATEST_WEIGHT[role]
    if role == "minor" and before.probs:  # weighed against the judgement so far, as the conversation kept it
        whole.pred = q.classifier.predict_weighing_prior(before.probs, after.text, q.text, q.vector, weight)
    else:
        whole.pred = q.classifier.predict_weighing_latest(after.text, whole.vector, q.text, q.vector, weight)
    brief, context = classify(whole, tools)
    brief.question, brief.previous_model, brief.added = q.text, before.model or "", q.text
    if "profile" in context:
        context["profile"]["facts"] = after.facts
    return brief, context
