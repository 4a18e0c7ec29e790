"""Which handler a question goes to. The order matters: a follow-up before a new question, a named
district before the classifier's intent, and an in-domain question is never out of scope."""

from service.advisor.cues import compares, likens_own_place, names_a_kind_of_place, place_asked_about
from service.advisor.followup import follow_up_aspect
from service.advisor.handlers import (
    classify,
    compare,
    district,
    explain,
    follow_up,
    out_of_scope,
    trend,
    unknown_place,
)
from service.advisor.handlers.base import Handler, Question
from service.corpus.glossary import Glossary

HANDLERS: dict[str, Handler] = {
    "classify": classify.handle,
    "explain_model": explain.handle,
    "compare": compare.handle,
    "district": district.handle,
    "unknown_place": unknown_place.handle,
    "trend": trend.handle,
    "follow_up": follow_up.handle,
    "out_of_scope": out_of_scope.handle,
}


def route(q: Question, glossary: Glossary) -> str:
    """The name of the handler for q; may note what it learnt in q.extra."""
    if not q.text:  # the message was nothing but instructions to the advisor
        return "out_of_scope"
    aspect = follow_up_aspect(q.text, q.lang, q.pred.signals, q.last)
    if aspect and q.last:
        q.extra["aspect"] = aspect
        return "follow_up"
    if q.pred.intent == "trend" and q.pred.signals.named_trends:  # districts named as a trend's examples
        return "trend"
    asked = place_asked_about(q.text)
    likens = likens_own_place(q.text) and not asked
    named = [f for f in q.districts if f.how != "city"]
    # A city names a district only when nothing more specific does, in a question about places
    q.districts = named or (q.districts if asked or likens or compares(q.text) else [])
    if q.districts:
        # "our city, a bit like Hsinchu, ..." describes the planner's own place; "which model is Hsinchu",
        # "is Hsinchu a good example for us", "what can we learn from Hsinchu" ask about the district
        return "classify" if likens else "district"
    if asked and not glossary.matches(asked):
        q.extra["place"] = asked
        return "unknown_place"
    intent = q.pred.intent
    if names_a_kind_of_place(q.text) and (intent == "out_of_scope" or q.pred.reason == "not_a_scenario"):
        return "unknown_place"  # in the domain, about a place the library does not hold
    if intent == "out_of_scope" or (q.pred.reason == "not_a_scenario" and not _in_domain(q, glossary)):
        return "out_of_scope"
    if intent in ("trend", "explain_model", "compare"):
        return intent
    return "classify"


def _in_domain(q: Question, glossary: Glossary) -> bool:
    sig = q.pred.signals
    return bool(sig.words or sig.named_models or sig.named_trends or q.districts or glossary.matches(q.text))
