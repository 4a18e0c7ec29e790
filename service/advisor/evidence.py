"""Choosing the passages an answer rests on, and the verbatim quotes taken from them."""

import re
from functools import lru_cache

import numpy as np

from service.advisor.brief import Evidence, Part
from service.advisor.signals import Signals
from service.corpus.splitter import Chunk
from service.retrieval.hybrid import HybridRetriever
from service.retrieval.index import LoadedIndex
from service.retrieval.tokenize import Tokenizer
from service.typology import TREND_IDS

# Section headings of the model/trend cards and case notes (corpus/README.md), by language.
CARD_SECTIONS = {
    "en": {
        "definition": "Definition",
        "logic": "Core logic",
        "strengths": "Strengths",
        "risks": "Risks",
        "plan": "What to plan for",
        "signals": "Signals that a place fits",
        "cases": "Example cases",
    },
    "zh": {
        "definition": "定义",
        "logic": "核心逻辑",
        "strengths": "优势",
        "risks": "风险",
        "plan": "规划要点",
        "signals": "适用信号",
        "cases": "典型案例",
    },
}
# Case-note headings, matched as contained words: new notes say "Where the sources disagree" / "资料的出入",
# the article's cases "Where the article and the sources disagree" / "文章与资料的出入".
CASE_SECTIONS = {
    "en": {
        "summary": "Summary",
        "why": "Why ",
        "facts": "Key facts",
        "risks": "Risks and lessons",
        "disputes": "Where",
    },
    "zh": {"summary": "概述", "why": "为何", "facts": "关键事实", "risks": "风险与规划启示", "disputes": "出入"},
}
DISTRICT_ROLES = ("summary", "why", "facts", "risks", "disputes")
_DISTRICT_PART = {"why": "why_case"}  # the composer's label for a note's "why" section
# A sentence keeps the source markers that follow it ("... in 1976. [1][3]"), so a quote carries its source.
_SENTENCE = re.compile(
    r"[^。！？!?\n]*?(?:(?:[。！？!?]|(?<=[a-z0-9)\"'%\]])\.(?=\s|$))(?:\s?\[\d+(?:[,，]\s*\d+)*\])*|\n|$)", re.I
)
_MAX_QUOTE = {"en": 260, "zh": 110}
_ARTICLE = re.compile(r"\b(?:the|source) article\b|原文|文章称|文章说|文章认为", re.I)


def sentences(text: str) -> list[str]:
    """Sentences of a chunk, stripped of list markers; each is a verbatim substring of the text."""
    out = []
    for m in _SENTENCE.finditer(text):
        s = m.group(0).strip()
        s = re.sub(r"^[-*•]\s+", "", s).strip()
        if len(s) > 3:
            out.append(s)
    return out


def best_quote(chunk: Chunk, tokenize: Tokenizer, query: str = "", n: int = 1) -> str:
    """The chunk's most relevant sentence(s) for the query (the first ones when nothing overlaps),
    kept short enough to read; always a verbatim substring of the chunk."""
    sents = sentences(chunk.text) or [chunk.text.strip()]
    q = set(tokenize(query)) if query else set()
    ranked = sorted(range(len(sents)), key=lambda i: (-len(q & set(tokenize(sents[i]))), i)) if q else range(len(sents))
    picked = sorted(list(ranked)[:n])
    limit = _MAX_QUOTE.get(chunk.lang, 200)
    quote = ""
    for i in picked:
        if quote and len(quote) + len(sents[i]) > limit:
            break
        # Consecutive sentences are joined as they stand in the chunk, so the quote stays verbatim.
        candidate = sents[i] if not quote else _span(chunk.text, quote, sents[i])
        if candidate is None:
            break
        quote = candidate
    return quote if quote in chunk.text else sents[0]


def _span(text: str, first: str, second: str) -> str | None:
    start = text.find(first)
    end = text.find(second, start + len(first))
    gap = text[start + len(first) : end] if start >= 0 and end >= 0 else "x"
    if gap.strip() or len(gap) > 3:  # only whitespace between them: never a list marker inside a quote
        return None
    return text[start : end + len(second)]


def section_chunks(index: LoadedIndex, doc_id: str, section: str) -> list[Chunk]:
    """The chunks of one document's section, named by a word its heading contains."""
    return [c for c in index.by_doc.get(doc_id, []) if section in c.section]


class EvidenceFinder:
    """Which passages each part of an answer rests on: card sections, the nearest comparable case,
    district notes, trend cards and the article itself."""

    def __init__(self, retriever: HybridRetriever, tokenizer: Tokenizer) -> None:
        self.retriever = retriever
        self.tokenize = tokenizer
        # one answer ranks several notes' sentences against the same question (a whole document, maybe)
        self._words = lru_cache(maxsize=16)(lambda text: frozenset(tokenizer(text)))

    def card(self, index: LoadedIndex, model: str, lang: str, role: str, query: str) -> Part:
        chunks = section_chunks(index, f"model.{model}.{lang}", CARD_SECTIONS[lang][role])
        # A card section opens with its thesis: quote its first sentences rather than the best keyword match.
        evidence = [Evidence(c, best_quote(c, self.tokenize, n=2)) for c in chunks[:1]]
        return Part(role=role, evidence=evidence, subject=model)

    def cases(self, index: LoadedIndex, model: str, lang: str, query: str, vector: np.ndarray) -> list[Part]:
        """The most similar example district of this model, and where the sources dispute the article on it."""
        hits = self.retriever.search(
            query, k=5, filters={"model": model, "doc_type": "case", "lang": lang}, vector=vector
        )
        primary = [h for h in hits if h.chunk.models and h.chunk.models[0] == model] or hits
        if not primary:
            return []
        hit = primary[0]
        parts = [
            Part(
                "cases",
                [Evidence(hit.chunk, best_quote(hit.chunk, self.tokenize, query), hit.score)],
                subject=hit.chunk.title,
            )
        ]
        both_sides = self.dispute(index, hit.chunk.district, lang) if hit.chunk.district else []
        if both_sides:
            parts.append(Part("disputes", both_sides))
        return parts

    def district(
        self, index: LoadedIndex, slug: str, lang: str, query: str, roles: tuple[str, ...] = DISTRICT_ROLES
    ) -> list[Part]:
        """A district's note, section by section: its summary and reasons quoted from their opening, its key
        facts and lessons by what the question asks."""
        doc = f"case.{slug}.{lang}"
        parts = []
        for role in roles:
            chunks = section_chunks(index, doc, CASE_SECTIONS[lang][role])
            if not chunks:
                continue
            if role in ("facts", "risks"):
                ranked = self._ranked_sentences(chunks, query)
                evidence = [Evidence(c, q) for c, q in ranked[:2]]
            elif role == "disputes":
                evidence = self.dispute(index, slug, lang)
            else:
                evidence = [Evidence(chunks[0], best_quote(chunks[0], self.tokenize, n=2))]
            parts.append(Part(_DISTRICT_PART.get(role, role), evidence, subject=slug))
        return parts

    def dispute(self, index: LoadedIndex, slug: str, lang: str) -> list[Evidence]:
        """Both sides of the note's first disagreement: the article's (or one source's) claim, quoted, and
        what the sources say against it, quoted."""
        chunks = section_chunks(index, f"case.{slug}.{lang}", CASE_SECTIONS[lang]["disputes"])
        found = [(c, s) for c in chunks for s in sentences(c.text)]
        claims = [i for i, (_, s) in enumerate(found) if _ARTICLE.search(s)]
        first = claims[0] if claims else 0
        answer = next((i for i in range(first + 1, len(found)) if not _ARTICLE.search(found[i][1])), None)
        picked = [first] if answer is None else [first, answer]
        return [Evidence(*found[i]) for i in picked if i < len(found)]

    def lesson(self, index: LoadedIndex, slug: str, lang: str, query: str) -> Evidence | None:
        """The district's lesson for planners that best matches the question (its first one otherwise)."""
        chunks = section_chunks(index, f"case.{slug}.{lang}", CASE_SECTIONS[lang]["risks"])
        ranked = self._ranked_sentences(chunks, query)
        return Evidence(*ranked[0]) if ranked else None

    def _ranked_sentences(self, chunks: list[Chunk], query: str) -> list[tuple[Chunk, str]]:
        """Sentences of the chunks, those sharing most words with the query first, else in order."""
        q = self._words(query) if query else set()
        found = [(c, s) for c in chunks for s in sentences(c.text)]
        if not q:
            return found
        order = sorted(range(len(found)), key=lambda i: (-len(q & set(self.tokenize(found[i][1]))), i))
        return [found[i] for i in order]

    def trend_of(self, signals: Signals, text: str, vector: np.ndarray) -> str:
        """The trend named, else the one its words point to, else the nearest trend card."""
        if signals.named_trends:
            return signals.named_trends[0]
        counts = {t: len(signals.words.get(t, [])) for t in TREND_IDS}
        if max(counts.values()) > 0:
            return max(counts, key=lambda t: counts[t])
        hits = self.retriever.search(text, k=3, filters={"doc_type": "trend"}, vector=vector)
        return hits[0].chunk.trends[0] if hits and hits[0].chunk.trends else TREND_IDS[0]

    def trend(self, index: LoadedIndex, trend: str, lang: str, query: str) -> list[Part]:
        doc = f"trend.{trend}.{lang}"
        parts = []
        for role in ("definition", "logic", "plan"):
            chunks = section_chunks(index, doc, CARD_SECTIONS[lang][role])
            if chunks:
                parts.append(Part(role, [Evidence(chunks[0], best_quote(chunks[0], self.tokenize, n=2))]))
        if lang == "zh":  # the article itself is Chinese: quote it directly in Chinese answers
            article = [c for c in index.chunks if c.doc_id == "source.article.zh" and trend in c.trends]
            if article:
                parts.append(Part("article", [Evidence(article[0], best_quote(article[0], self.tokenize, query))]))
        return parts
