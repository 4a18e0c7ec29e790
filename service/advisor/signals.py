"""Lexical signals from the glossary and the corpus: model words, named models, named districts.

These are interpretable features: the answer lists the ones it found as the reasons for its judgement.
"""

from dataclasses import dataclass, field

from service.corpus.glossary import Glossary, _word_in
from service.typology import MODEL_IDS, TREND_IDS


@dataclass
class Signals:
    words: dict[str, list[str]] = field(default_factory=dict)  # model/trend id -> signal words found
    named_models: list[str] = field(default_factory=list)  # model ids named outright, in order of mention
    named_trends: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)  # district slugs named, in order of mention

    def counts(self, ids: tuple[str, ...]) -> list[int]:
        return [len(self.words.get(i, [])) for i in ids]


class SignalExtractor:
    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._names = {e.id: (e.kind, [*e.en, *e.zh]) for e in glossary.entries if e.kind != "term"}

    def __call__(self, text: str) -> Signals:
        lower = text.lower()
        sig = Signals()
        for key, by_lang in self.glossary.signals.items():
            found = [w for w in (*by_lang.get("en", []), *by_lang.get("zh", [])) if _word_in(w, lower)]
            if found:
                sig.words[key] = _drop_contained(found)
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
