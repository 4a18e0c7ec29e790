"""Lexical signals from the glossary and the corpus: model words, named models, named districts.

These are interpretable features: the answer lists the ones it found as the reasons for its judgement.
"""

import re
from dataclasses import dataclass, field

from service.corpus.glossary import Glossary, _word_in
from service.typology import MODEL_IDS, TREND_IDS

# A negation cue opens a scope that runs to the end of the clause: "no major university, but a big lab"
# should not count "university" for the university-led model.
_NEGATION = re.compile(
    r"(?<![a-z])(?:no|not|without|lacks?|lacking|neither|nor|never|isn't|aren't|don't|doesn't|haven't|hasn't)"
    r"(?![a-z])|没有|缺乏|缺少|不是|并非|谈不上|不具备|不依赖|不靠|并无|既无|也无|毫无|没",
    re.I,
)
_CLAUSE_END = re.compile(r"[,.;:!?，。；：！？、\n]|(?<![a-z])(?:but|however|yet)(?![a-z])|但|不过|而是", re.I)


def negated_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NEGATION.finditer(text):
        end = _CLAUSE_END.search(text, m.end())
        spans.append((m.start(), end.start() if end else len(text)))
    return spans


def split_negated(text: str) -> list[tuple[str, bool]]:
    """The text cut into (segment, is_negated) pieces, in order."""
    pieces, pos = [], 0
    for start, end in negated_spans(text):
        if start < pos:
            continue
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


@dataclass
class Signals:
    words: dict[str, list[str]] = field(default_factory=dict)  # model/trend id -> signal words found
    named_models: list[str] = field(default_factory=list)  # model ids named outright, in order of mention
    named_trends: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)  # district slugs named, in order of mention
    negated: list[str] = field(default_factory=list)  # signal words found inside a negation ("no university")

    def counts(self, ids: tuple[str, ...]) -> list[int]:
        return [len(self.words.get(i, [])) for i in ids]


class SignalExtractor:
    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._names = {e.id: (e.kind, [*e.en, *e.zh]) for e in glossary.entries if e.kind != "term"}

    def __call__(self, text: str) -> Signals:
        lower = text.lower()
        sig = Signals()
        pieces = split_negated(lower)
        plain = " | ".join(p for p, neg in pieces if not neg)
        negated = " | ".join(p for p, neg in pieces if neg)
        for key, by_lang in self.glossary.signals.items():
            words = (*by_lang.get("en", []), *by_lang.get("zh", []))
            found = [w for w in words if _word_in(w, plain)]
            if found:
                sig.words[key] = _drop_contained(found)
            sig.negated += [w for w in words if negated and _word_in(w, negated) and w not in found]
        positions: list[tuple[int, str, str]] = []
        for key, (kind, forms) in self._names.items():
            hits = [lower.find(f.lower()) for f in forms if f and _word_in(f.lower(), lower)]
            if hits:
                positions.append((min(hits), kind, key))
        for _, kind, key in sorted(positions):
            {"model": sig.named_models, "trend": sig.named_trends, "district": sig.districts}[kind].append(key)
        return sig


def _drop_contained(words: list[str]) -> list[str]:
    """'房租' inside '房租便宜' is one signal, not two."""
    unique = sorted(set(words), key=len, reverse=True)
    kept: list[str] = []
    for w in unique:
        if not any(w in k for k in kept):
            kept.append(w)
    return kept


SIGNAL_IDS = MODEL_IDS + TREND_IDS
