"""A question about one of the article's three trends: the trend card and, in Chinese, the article itself."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    trend = tools.evidence.trend_of(q.pred.signals, q.text, q.vector)
    brief = Brief(question=q.text, lang=q.lang, intent="trend", judgment=None, abstain_reason="trend", subject=trend)
    brief.parts = tools.evidence.trend(q.index, trend, q.lang, q.text)
    return brief, {"trend": trend}
