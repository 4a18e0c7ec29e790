"""A question outside the advisor's domain: say what the advisor is for."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    return Brief(question=q.text, lang=q.lang, intent="out_of_scope", judgment=None, abstain_reason="out_of_scope"), {}
