"""Which handler a question goes to. The order matters: a follow-up before a new question, a named
district before the classifier's intent, and an in-domain question is never out of scope."""

from service.advisor.cues import (
    about_own_place,
    asks_for_a_model,
    asks_for_lessons,
    bare_place_question,
    compares,
    is_long,
    likened_name,
    likens_own_place,
    looks_like_a_place_name,
    named_kind_of_place,
    names_a_kind_of_place,
    place_asked_about,
    specific_place,
    unmarked_place_question,
)
from service.advisor.followup import follow_up_aspect
from service.advisor.handlers import (
    classify,
    compare,
    district,
    explain,
    follow_up,
    new_place,
    out_of_scope,
    rejudge,
    trend,
    unknown_place,
)
from service.advisor.handlers.base import Handler, Question
from service.advisor.profile import (
    PlaceProfile,
    about_everyday_life,
    adds_facts,
    leaves_the_subject,
    refers_to_the_place,
    turns_to_another_place,
)
from service.corpus.glossary import Glossary
from service.typology import TREND_IDS

HANDLERS: dict[str, Handler] = {
    "classify": classify.handle,
    "explain_model": explain.handle,
    "compare": compare.handle,
    "district": district.handle,
    "unknown_place": unknown_place.handle,
    "trend": trend.handle,
    "follow_up": follow_up.handle,
    "rejudge": rejudge.handle,
    "new_place": new_place.handle,
    "out_of_scope": out_of_scope.handle,
}

# Handlers whose answer is about a new place: the conversation's profile is not carried past them.
NEW_PLACE_HANDLERS = frozenset({"classify", "new_place", "unknown_place", "explain_model", "compare"})


def route(q: Question, glossary: Glossary) -> str:
    """The name of the handler for q: the first rule that claims it, in order. Rules may note what they
    learnt in q.extra (a follow-up's aspect, a place's name)."""
    for rule in (_instructions_only, _conversation, _trend_examples, _named_district, _unknown_place):
        name = rule(q, glossary)
        if name:
            return name
    return _by_intent(q, glossary)


def _instructions_only(q: Question, glossary: Glossary) -> str | None:
    return "out_of_scope" if not q.text else None  # the message was nothing but instructions to the advisor


def _conversation(q: Question, glossary: Glossary) -> str | None:
    """A message in a session: about the profiled place, or a short follow-up to the last answer."""
    aspect = follow_up_aspect(q.text, q.lang, q.pred.signals, q.last)
    if aspect and q.last:
        q.extra["aspect"] = aspect
    if PlaceProfile.from_context(q.last) is not None:
        return _in_session(q, glossary)
    return "follow_up" if (aspect or q.pred.intent == "follow_up") and q.last else None


def _trend_examples(q: Question, glossary: Glossary) -> str | None:
    """A question about a trend, by its name, or by its signs with several districts named only by their cities
    ("Amsterdam, Berlin and Stockholm's cross-border cooperation"): examples, not districts asked about."""
    sig = q.pred.signals
    if q.pred.intent != "trend":
        return None
    by_city = len(q.districts) >= 2 and all(f.how in ("city", "place") for f in q.districts)
    return "trend" if sig.named_trends or (by_city and any(t in sig.words for t in TREND_IDS)) else None


def _named_district(q: Question, glossary: Glossary) -> str | None:
    """A question naming districts of the library: about them, or about the planner's place likened to one."""
    asked = place_asked_about(q.text)
    low = asked.lower() if asked else ""
    about = [f for f in q.districts if low and (f.form.lower() in low or low in f.form.lower())]
    likens = likens_own_place(q.text) and not about
    # "How many bike lanes does Copenhagen have?" names a city, not its district
    weak = ("city", "place") if _in_passing(q, glossary) else ("city",)
    named = [f for f in q.districts if f.how not in weak]
    # A city names a district only when nothing more specific does, in a question about places
    lessons = asks_for_lessons(q.text, q.lang)
    q.districts = named or (q.districts if about or likens or lessons or compares(q.text) else [])
    if not q.districts:
        return None
    if compares(q.text) and len(named) >= 2:
        return "district"  # "Binjiang vs Zhangjiang: which is the better reference for us?"
    if likens or is_long(q.text, q.lang):
        return "classify"
    if about or lessons:
        return "district"
    # a description of a named place ("Grenoble: ESRF, ILL, CEA-Leti; model?") or of the planner's own place
    # beside it is judged from what it says, with the note as evidence; a name with nothing decided about
    # the planner's place ("We keep hearing about Yabacon Valley. Which type is it?") is answered from the note
    own = about_own_place(q.text) and q.pred.label is not None
    return "classify" if own or q.describes() else "district"


def _in_passing(q: Question, glossary: Glossary) -> bool:
    """A question outside the domain that names a district's city in passing: not asked about, with no other
    word of the domain."""
    asked = place_asked_about(q.text) or bare_place_question(q.text, q.tagged) or asks_for_lessons(q.text, q.lang)
    return q.pred.intent == "out_of_scope" and not asked and not _domain_words(q, glossary)


def _unknown_place(q: Question, glossary: Glossary) -> str | None:
    """A question about a named place the library does not hold: in the domain, never out of scope. A long
    text describes its place at length: it is judged as a description, whatever name it carries."""
    if is_long(q.text, q.lang):
        return None
    asked = place_asked_about(q.text)
    if asked and looks_like_a_place_name(asked, q.proper) and not glossary.matches(asked):
        q.extra["place"] = asked
        return "unknown_place"
    undecided = q.pred.intent == "out_of_scope" or q.pred.reason == "not_a_scenario"
    if not (undecided or (q.pred.intent == "classify" and not about_own_place(q.text))):
        return None
    place = _named_place(q)
    if place:
        q.extra["place"] = place
        return "unknown_place"
    return None


def _named_place(q: Question) -> str | None:
    """A place the message names: of an innovation kind ("Nongsa Digital Park", "Cluj's tech scene"), the
    planner's likeness ("something like NEOM"), asked about with nothing else said ("坦佩雷怎么样？"), or, in
    a message with nothing of the planner's place in it, written in lower case ("astana hub")."""
    return (
        specific_place(q.text, q.proper)
        or named_kind_of_place(q.text, q.tagged)
        or likened_name(q.text)
        or bare_place_question(q.text, q.tagged)
        or (None if q.describes(at_least=1) else unmarked_place_question(q.text))
    )


def _by_intent(q: Question, glossary: Glossary) -> str:
    intent = q.pred.intent
    # "Our district covers 450 hectares. What model are we?" asks in the domain, however little it says
    undecided = intent == "out_of_scope" or (q.pred.reason == "not_a_scenario" and not _in_domain(q, glossary))
    if undecided and not asks_for_a_model(q.text):
        return "out_of_scope"
    if intent == "classify" and len(q.pred.signals.named_models) >= 2 and not q.describes(at_least=1):
        return "compare"  # "X or Y for us?" with nothing said of the place: set side by side, not chosen
    return intent if intent in ("trend", "explain_model", "compare") else "classify"


def _in_session(q: Question, glossary: Glossary) -> str | None:
    """Within a conversation about one place: a follow-up of any form, facts added (judged again), or a
    clearly unrelated message, or another place. None when it asks about a district of the library."""
    if q.districts and place_asked_about(q.text):
        return None
    if turns_to_another_place(q.text):
        return "new_place"
    signal_words = sum(len(v) for v in q.pred.signals.words.values())
    adds = adds_facts(q.text, q.facets, signal_words)
    # only a name proper will do here: "这种地方搞创新区" speaks of the place talked about
    place = None if q.districts else specific_place(q.text, q.proper)
    profile = PlaceProfile.from_context(q.last)
    # a statement of facts with a name in quotes ("the city hung a 'Creative Quarter' banner", "the agency
    # runs it as the 'Hardware Innovation Zone'") gives the place talked about a new name
    renamed = place is not None and adds and _quoted(place, q.text)
    if place and profile and place.lower() not in profile.text.lower() and not renamed:
        q.extra["place"] = place  # a named park or zone the library holds no note on: a question aside
        q.extra["aside"] = True
        return "unknown_place"
    if _clearly_unrelated(q, glossary):
        return "out_of_scope"
    return "rejudge" if adds else "follow_up"


_QUOTES = "'\"“”‘’「」『』"


def _quoted(name: str, text: str) -> bool:
    """The name stands between quotation marks in the text."""
    i = text.find(name)
    after = text[i + len(name) : i + len(name) + 1]
    return i > 0 and text[i - 1] in _QUOTES and bool(after) and after in _QUOTES


UNRELATED = 0.75  # intent confidence: "Who won the football?" ~0.99, a cat's name 0.79, "And talent?" 0.54


def _clearly_unrelated(q: Question, glossary: Glossary) -> bool:
    """Inside a conversation a short question leans on the place talked about ("And talent?", "Give me a
    one-line summary"): only a message confidently out of the domain, with nothing of the domain in it and
    nothing pointing back to the place, is out of scope."""
    if leaves_the_subject(q.text):  # "Unrelated, but what's the weather in Chicago?"
        return True
    if about_everyday_life(q.text) and not _domain_words(q, glossary):  # "明天降温吗？", "did you see the derby?"
        return True
    if q.pred.intent != "out_of_scope":
        return False
    return _confidently_unrelated(q, glossary) and not refers_to_the_place(q.text)


def _confidently_unrelated(q: Question, glossary: Glossary) -> bool:
    """The classifier is sure the message is outside the domain, and nothing but a place's name says
    otherwise."""
    if q.pred.intent != "out_of_scope" or q.pred.intent_confidence < UNRELATED:
        return False
    return not _domain_words(q, glossary)


def _in_domain(q: Question, glossary: Glossary) -> bool:
    return bool(q.districts or glossary.matches(q.text)) or _domain_words(q, glossary)


def _domain_words(q: Question, glossary: Glossary) -> bool:
    """Words of the domain other than a place's name: signal words, a model or trend, actors, industries,
    a glossary term, a kind of innovation place."""
    sig = q.pred.signals
    named = sig.words or sig.named_models or sig.named_trends or q.facets.actors or q.facets.industries
    terms = any(e.kind != "district" for e in glossary.matches(q.text))
    return bool(named or terms or names_a_kind_of_place(q.text))
