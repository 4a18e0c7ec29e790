"""The passages that answer what the planner said of their place (a stated concern, a follow-up such as "what
if the lab's budget is cut?"): the cards' risk and plan sentences nearest to it, the passage its nearest
training concerns were answered with, and the case notes' lessons nearest to it."""

import numpy as np

from service.advisor.concerns import Advice
from service.advisor.handlers.base import Question, Tools


def answering(q: Question, tools: Tools, text: str, vector: np.ndarray, models: list[str]) -> list[Advice]:
    """Best first: three sentences from the first model's card and one from the second's (a concern is
    answered even when the place sits between two models), the voted passage, then two case lessons."""
    if tools.advice is None:
        return []
    votes = tools.advice.votes(q.vector, q.lang)
    found = tools.advice.answer(text, vector, q.lang, models[:1], k=3, votes=votes)
    found += tools.advice.answer(text, vector, q.lang, models[1:2], k=1, votes=votes) if len(models) > 1 else []
    voted = tools.advice.voted(votes, q.lang)
    found += [voted] if voted and all(voted.quote != a.quote for a in found) else []
    quoted = {a.quote for a in found}
    return found + [a for a in tools.advice.case_lessons(text, vector, q.lang, votes) if a.quote not in quoted]
