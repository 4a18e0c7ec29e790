"""Recognising a follow-up ("那风险呢?", "what should we do first?") and the aspect it asks about."""

import re

from service.advisor.signals import Signals

_ASPECTS: list[tuple[str, re.Pattern[str]]] = [
    ("risks", re.compile(r"风险|隐患|问题|挑战|坑|risk|pitfall|danger|downside|go wrong|challenge", re.I)),
    (
        "cases",
        re.compile(
            r"案例|例子|类似|相似|可比|先例|哪些地方|像我们|examples?|cases?|similar|comparable|precedents?|"
            r"who else|(?:which|what|any|other)\s+(?:places?|cities|towns|districts|parks)\b[^?]*"
            r"\blike\s+(?:ours|us)\b",
            re.I,
        ),
    ),
    (
        "plan",
        re.compile(
            r"先做|第一步|下一步|怎么做|做什么|怎么办|规划|建议|应该|first|next|should we|plan|"
            r"priorit|start|what do we do|recommend",
            re.I,
        ),
    ),
    ("logic", re.compile(r"为什么|逻辑|原理|怎么理解|why|logic|how does|explain", re.I)),
]
_SHORT = {"zh": 30, "en": 14}  # characters for zh, words for en


def follow_up_aspect(text: str, lang: str, signals: Signals, last_context: dict | None) -> str | None:
    """The aspect asked about, when the question builds on the session's last answer; else None.

    A follow-up is short, names no model or district of its own, and describes no new place.
    """
    if not last_context or signals.named_models or signals.districts:
        return None
    size = len(text.strip()) if lang == "zh" else len(text.split())
    if size > _SHORT[lang] or sum(signals.counts(tuple(signals.words))) > 1:
        return None
    for aspect, pattern in _ASPECTS:
        if pattern.search(text):
            return aspect
    return None
