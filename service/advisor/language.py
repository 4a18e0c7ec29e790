"""Which language to answer in: the planner's own, unless they ask for one."""

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]+")


def detect_language(text: str) -> str:
    """'zh' when Chinese characters carry the question (names in Latin script inside Chinese are common)."""
    cjk = len(_CJK.findall(text))
    latin_words = len(_LATIN.findall(text))
    return "zh" if cjk and cjk >= latin_words else "en"
