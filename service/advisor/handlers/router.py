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
    rejudge,
    trend,
    unknown_place,
)
from service.advisor.handlers.base import Handler, Question
from service.advisor.profile import PlaceProfile, adds_facts, refers_to_the_place, turns_to_another_place
from service.corpus.glossary import Glossary

HANDLERS: dict[str, Handler] = {
    "classify": classify.handle,
    "explain_model": explain.handle,
    "compare": compare.handle,
    "district": district.handle,
    "unknown_place": unknown_place.handle,
    "trend": trend.handle,
    "follow_up": follow_up.handle,
    "rejudge": rejudge.handle,
    "out_of_scope": out_of_scope.handle,
}

STRENGTH = ("name", "core", "anchor", "city")
# Handlers whose answer is about a new place: the conversation's profile is not carried past them.
NEW_PLACE_HANDLERS = frozenset({"classify", "unknown_place", "explain_model", "compare"})


def route(q: Question, glossary: Glossary) -> str:
    """The name of the handler for q; may note what it learnt in q.extra."""
    if not q.text:  # the message was nothing but instructions to the advisor
        return "out_of_scope"
    aspect = follow_up_aspect(q.text, q.lang, q.pred.signals, q.last)
    if aspect and q.last:
        q.extra["aspect"] = aspect
    if PlaceProfile.from_context(q.last) is not None:
        in_session = _in_session(q, glossary)
        if in_session:
            return in_session
    elif aspect and q.last:
        return "follow_up"
    if q.pred.intent == "trend" and q.pred.signals.named_trends:  # districts named as a trend's examples
        return "trend"
    asked = place_asked_about(q.text)
    likens = likens_own_place(q.text) and not asked
    # strongest evidence first (a full name before a name's core, an anchor, a city), then by position
    q.districts.sort(key=lambda f: (STRENGTH.index(f.how), f.position))
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


def _in_session(q: Question, glossary: Glossary) -> str | None:
    """Within a conversation about one place: a follow-up of any form, facts added (judged again), or a
    clearly unrelated message. None when the message turns to another place or asks about a district."""
    if turns_to_another_place(q.text) or (q.districts and place_asked_about(q.text)):
        return None
    if q.pred.intent == "out_of_scope" and not _in_domain(q, glossary) and not refers_to_the_place(q.text):
        return "out_of_scope"  # clearly unrelated: nothing of the domain, nothing pointing back to the place
    signal_words = sum(len(v) for v in q.pred.signals.words.values())
    return "rejudge" if adds_facts(q.text, q.facets, signal_words) else "follow_up"


def _in_domain(q: Question, glossary: Glossary) -> bool:
    sig = q.pred.signals
    named = sig.words or sig.named_models or sig.named_trends or q.districts or q.facets.actors or q.facets.industries
    return bool(named or glossary.matches(q.text) or names_a_kind_of_place(q.text))
