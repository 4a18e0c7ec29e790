"""The glossary's phrase matcher: one trie-shaped regex finds what an alternation, longest first, finds."""

import random
import re

from service.corpus.glossary import PhraseMatcher

PHRASES = ["房租", "房租便宜", "大学", "研究型大学", "spin-off", "spin", "r&d", "lab", "labs", "national lab", "vc"]


def alternation(phrases: list[str], text: str) -> list[tuple[str, int]]:
    """The plain reference: every phrase in one alternation, longest first."""
    en = sorted({p.lower() for p in phrases if p.isascii()}, key=len, reverse=True)
    zh = sorted({p for p in phrases if not p.isascii()}, key=len, reverse=True)
    rx_en = re.compile(rf"(?<![a-z0-9])(?:{'|'.join(map(re.escape, en))})(?![a-z0-9])")
    rx_zh = re.compile("|".join(map(re.escape, zh)))
    lower = text.lower()
    return sorted(((m.group(0), m.start()) for rx in (rx_en, rx_zh) for m in rx.finditer(lower)), key=lambda h: h[1])


def test_longest_phrase_wins_and_words_are_whole() -> None:
    m = PhraseMatcher(PHRASES)
    assert m.find("房租便宜，研究型大学") == [("房租便宜", 0), ("研究型大学", 5)]
    assert m.find("Our national labs spin out; a spin-off, R&D, vcs") == [
        ("labs", 13),  # "national lab" fails on the "s" that follows; "vcs" is not "vc"
        ("spin", 18),
        ("spin-off", 30),
        ("r&d", 40),
    ]


def test_matches_equal_the_alternation_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = [*"ab -&", "房", "租", "便", "宜", "大", "学"]
    found = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))).strip() for _ in range(60)}
    phrases = sorted(p for p in found if p)
    m = PhraseMatcher(phrases)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert m.find(text) == alternation(phrases, text)
