"""Tokens for keyword search: jieba words for Chinese, lower-cased words for English."""

import functools
import logging
import re
from collections.abc import Iterable

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)

_TOKEN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "can",
        "do",
        "does",
        "should",
        "could",
        "about",
        "than",
        "then",
        "so",
        "if",
        "not",
        "no",
        "any",
        "all",
        "more",
        "most",
    ]
)
_ZH_STOP = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "也",
        "都",
        "就",
        "而",
        "被",
        "把",
        "让",
        "对",
        "从",
        "这",
        "那",
        "有",
        "为",
        "以",
        "之",
        "其",
        "并",
        "等",
        "个",
        "吗",
        "呢",
        "吧",
        "啊",
        "我们",
        "你们",
        "他们",
    ]
)


TOKEN_CACHE = 50_000  # texts whose tokens are kept

_PROPER = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "eng"})  # jieba's tags for names and Latin words


class Tokenizer:
    """A private jieba instance, so glossary words join its dictionary without touching global state."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self._jieba = jieba.Tokenizer()
        for word in extra_words:
            self._jieba.add_word(word)
        self._pos: jieba.posseg.POSTokenizer | None = None  # loaded on first use
        # An answer tokenises the same corpus sentences again and again (ranking them for the question).
        self._cached = functools.lru_cache(maxsize=TOKEN_CACHE)(self._tokens)

    def __call__(self, text: str) -> list[str]:
        return list(self._cached(text))

    def _tokens(self, text: str) -> tuple[str, ...]:
        tokens: list[str] = []
        for match in _TOKEN.finditer(text.lower()):
            part = match.group(0)
            if "\u4e00" <= part[0] <= "\u9fff":
                tokens += [t for t in self._jieba.lcut_for_search(part) if t.strip() and t not in _ZH_STOP]
            elif part not in _EN_STOP and (len(part) > 1 or part.isdigit()):
                tokens.append(part)
        return tuple(tokens)

    def boundaries(self, text: str) -> set[int]:
        """Offsets in text where jieba's word segmentation puts a word start or end."""
        out: set[int] = set()
        for _word, start, end in self._jieba.tokenize(text):
            out |= {start, end}
        return out

    def is_proper_noun(self, text: str) -> bool:
        """Whether jieba reads a place, person or organisation name (or a Latin-script word) in the text."""
        return any(proper for _word, proper in self.tagged(text))

    def tagged(self, text: str) -> list[tuple[str, bool]]:
        """jieba's words of the text, each with whether it is a name (or a Latin-script word)."""
        if self._pos is None:
            self._pos = jieba.posseg.POSTokenizer(self._jieba)
        return [(p.word, p.flag in _PROPER) for p in self._pos.cut(text) if p.word.strip()]
