"""A question about one of the five models itself: its definition, logic, risks and plan, and a case."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.classify import handle as classify
from service.advisor.handlers.comparable import comparable_parts
from service.advisor.handlers.judgement import from_prediction


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    judgment = from_prediction(q.pred, q.lang)
    if judgment is None:
        return classify(q, tools)
    model = judgment.id
    brief = Brief(question=q.text, lang=q.lang, intent="explain_model", judgment=judgment)
    roles = ("definition", "logic", "risks", "plan")
    brief.parts = [tools.evidence.card(q.index, model, q.lang, r, q.text) for r in roles]
    brief.parts += comparable_parts(q, tools, {model: 1.0})[:2]
    brief.parts = [p for p in brief.parts if p.evidence]
    return brief, {"model": model, "confidence": judgment.confidence}
