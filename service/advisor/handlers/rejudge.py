"""The planner adds facts about the place: the whole profile is judged again, and the answer says what
changed and why.

The message just added weighs as much as everything said before; less when it only adds an actor in a minor,
later or planned role ("the district will hang its sign on it next year"); more when it corrects what was
said or says the place has changed ("the company moved its R&D centre away"), and then it is read without
the clauses that name the old actor. It weighs by how much it decides: a detail that alone names no model
leaves the judgement where it was. What came before is the judgement the conversation kept, with the whole
text read again: read into the whole text alone, a later sign ("后来挂了高新区的牌子") can outweigh the facts
that decided the place, and the whole text still holds what a correction took back."""

import numpy as np

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.classify import handle as classify
from service.advisor.profile import PlaceProfile, supersedes
from service.advisor.roles import current_clauses, role_of

LATEST_WEIGHT = {"leading": 0.5, "plain": 0.5, "minor": 0.15}
CORRECTION_WEIGHT = 0.8  # "I need to correct myself: that company closed": the new facts replace the old


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    assert tools.reread is not None
    before = PlaceProfile.from_context(q.last) or PlaceProfile()
    after = before.with_fact(q.text)
    whole = tools.reread(q, after.text)
    role = "correction" if supersedes(q.text) else role_of(q.text)
    weight = CORRECTION_WEIGHT if role == "correction" else LATEST_WEIGHT[role]
    latest, vector = _as_it_is_now(q, tools) if role == "correction" else (q.text, q.vector)
    if role == "minor" and before.model:  # weighed against the judgement so far, as the conversation kept it
        whole.pred = q.classifier.predict_weighing_prior(before.probs, after.text, latest, vector, weight)
    else:
        kept = before.probs if before.model and role != "correction" else None
        whole.pred = q.classifier.predict_weighing_latest(after.text, whole.vector, latest, vector, weight, kept)
    brief, context = classify(whole, tools)
    brief.question, brief.previous_model, brief.added = q.text, before.model or "", q.text
    if "profile" in context:
        context["profile"]["facts"] = after.facts
    return brief, context


def _as_it_is_now(q: Question, tools: Tools) -> tuple[str, np.ndarray]:
    """A correction read without its clauses that deny, restate or retire an actor: they name the old one."""
    now = current_clauses(q.text)
    if now == q.text or tools.embed is None:
        return q.text, q.vector
    return now, tools.embed(now)
