"""Two of the five models compared: each one's definition and risks, and which fits the place better."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.classify import handle as classify
from service.advisor.handlers.judgement import from_prediction


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    judgment = from_prediction(q.pred, q.lang)
    if judgment is None or len(q.pred.signals.named_models) < 2:
        return classify(q, tools)
    brief = Brief(question=q.text, lang=q.lang, intent="compare", judgment=judgment)
    brief.compared = q.pred.signals.named_models[:2]
    brief.parts = [
        tools.evidence.card(q.index, m, q.lang, role, q.text)
        for m in brief.compared
        for role in ("definition", "risks")
    ]
    brief.parts = [p for p in brief.parts if p.evidence]
    return brief, {"model": judgment.id, "confidence": judgment.confidence}
