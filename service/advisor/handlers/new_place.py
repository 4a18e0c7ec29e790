"""Within a conversation, the planner turns to another place ("Another question, about our neighbouring
county: ..."): a new profile, judged on what the message says of that place, without its lead-in."""

from service.advisor.brief import Brief
from service.advisor.handlers.base import Question, Tools
from service.advisor.handlers.classify import handle as classify
from service.advisor.profile import without_lead_in


def handle(q: Question, tools: Tools) -> tuple[Brief, dict]:
    text = without_lead_in(q.text)
    return classify(tools.reread(q, text) if text != q.text and tools.reread else q, tools)
