"""A short follow-up that builds on the session's last answer ("那风险呢?", "what should we do first?")."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools
from service.advisor.types import ModelJudgment
from service.typology import MODEL_NAMES

_ROLES = {"risks": ("risks", "plan"), "plan": ("plan", "risks"), "logic": ("logic", "definition"), "cases": ("cases",)}


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    last, aspect = q.last or {}, q.extra["aspect"]
    brief = Brief(question=q.text, lang=q.lang, intent="follow_up", judgment=None, focus=aspect)
    if last.get("model"):
        model = last["model"]
        conf = float(last.get("confidence") or 0.0)
        brief.judgment = ModelJudgment(id=model, name=MODEL_NAMES[model][q.lang], confidence=conf)
        brief.parts = [tools.evidence.card(q.index, model, q.lang, r, q.text) for r in _ROLES[aspect]]
        if aspect == "cases":
            brief.parts += tools.evidence.cases(q.index, model, q.lang, q.text, q.vector)
    elif last.get("trend"):
        brief.subject = last["trend"]
        brief.parts = tools.evidence.trend(q.index, last["trend"], q.lang, q.text)
        brief.abstain_reason = "trend"
    else:
        brief.abstain_reason = "no_context"
    brief.parts = [p for p in brief.parts if p.evidence]
    return brief, dict(last)
