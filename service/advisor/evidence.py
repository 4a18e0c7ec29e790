"""Choosing the passages an answer rests on, and the verbatim quotes taken from them."""

import re
from dataclasses import dataclass

from service.corpus.splitter import Chunk
from service.retrieval.index import LoadedIndex
from service.retrieval.tokenize import Tokenizer

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
CASE_SECTIONS = {
    "en": {"summary": "Summary", "why": "Why ", "risks": "Risks and lessons", "disputes": "Where the article"},
    "zh": {"summary": "概述", "why": "为何", "risks": "风险与规划启示", "disputes": "文章与资料的出入"},
}
_SENTENCE = re.compile(r"[^。！？!?\n]*?(?:[。！？!?]|(?<=[a-z0-9)\"'%])\.(?=\s|$)|\n|$)", re.I)
_MAX_QUOTE = {"en": 260, "zh": 110}


@dataclass
class Evidence:
    chunk: Chunk
    quote: str
    score: float = 0.0


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
    if start < 0 or end < 0 or end - (start + len(first)) > 3:
        return None
    return text[start : end + len(second)]


def section_chunks(index: LoadedIndex, doc_id: str, section_prefix: str) -> list[Chunk]:
    return [c for c in index.chunks if c.doc_id == doc_id and c.section.startswith(section_prefix)]
