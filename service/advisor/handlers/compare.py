"""Two of the five models compared: each one's definition and risks, and which fits the place better."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.classify import handle as classify
from service.advisor.handlers.judgement import from_prediction
from service.advisor.profile import PlaceProfile


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    named = q.pred.signals.named_models
    if len(named) < 2:
        return classify(q, tools)
    # "Government-cultivated or university-led for us? We haven't decided anything yet": naming two models
    # says nothing of the place, so neither is chosen; the answer sets them side by side and asks for facts
    described = q.describes(at_least=1)
    judgment = from_prediction(q.pred, q.lang) if described else None
    if judgment is None and described:
        return classify(q, tools)  # described, yet undecided: the classifier's abstention, explained
    brief = Brief(question=q.text, lang=q.lang, intent="compare", judgment=judgment)
    brief.compared = named[:2]
    roles = ("definition", "risks")
    cards = [tools.evidence.card(q.index, m, q.lang, r, q.text) for m in brief.compared for r in roles]
    brief.parts = [p for p in cards if p.evidence]
    if judgment is None:
        brief.abstain_reason = "undescribed"
        return brief, {"profile": PlaceProfile([q.text]).to_context()}
    return brief, {"model": judgment.id, "confidence": judgment.confidence}
