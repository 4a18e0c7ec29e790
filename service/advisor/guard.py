"""Prompt-injection guard: sentences that try to instruct the advisor are set aside before classification.

The label must come from what a planner says about their place, never from a demand for a label.
"""

import re

_CUES = re.compile(
    r"ignore (?:all |any |your |the )*(?:previous |prior |above |earlier )*(?:instructions|prompts?|rules)"
    r"|disregard (?:all |your |the )*(?:previous |prior )*(?:instructions|rules)"
    r"|system prompt|developer mode|jailbreak|you are now|pretend (?:to be|you are)"
    r"|(?:just|only|always) (?:say|answer|reply|respond|output)|reveal (?:your|the) (?:prompt|instructions)"
    r"|忽略.{0,12}(?:指令|指示|规则|提示)|无视.{0,12}(?:指令|指示|规则)|系统提示|提示词|开发者模式|系统通知"
    r"|越狱|一律回答|只回答|直接回答|不管用户|你现在是",
    re.I,
)


def split_injection(text: str) -> tuple[str, list[str]]:
    """(the question without instruction-like sentences, the sentences removed)."""
    kept, removed = [], []
    for sentence in _sentences(text):
        (removed if _CUES.search(sentence) else kept).append(sentence)
    return "".join(kept).strip(), [s.strip() for s in removed]


def _sentences(text: str) -> list[str]:
    # English sentences lose the space they were split on; it is put back so the rest still reads.
    parts = re.split(r"(?<=[。！？!?\n])|(?<=\.)\s+", text)
    return [p + " " if p.endswith(".") else p for p in parts if p.strip()]
