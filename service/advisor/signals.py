"""Lexical signals from the glossary and the corpus: model words, named models, named districts.

These are interpretable features: the answer lists the ones it found as the reasons for its judgement.
"""

import re
from dataclasses import dataclass, field

from service.advisor.roles import Roles, read_roles
from service.corpus.glossary import Glossary, PhraseMatcher
from service.typology import MODEL_IDS, TREND_IDS

# A negation cue opens a scope that runs to the end of the clause: "no major university, but a big lab"
# should not count "university" for the university-led model.
_NEGATION = re.compile(
    r"(?<![a-z])(?:no|not|without|lacks?|lacking|neither|nor|never|isn't|aren't|don't|doesn't|haven't|hasn't)"
    r"(?![a-z])|(?<![a-z])(?<!a )(?:few|hardly any|scarcely any)(?![a-z])|"
    r"没有|缺乏|缺少|不是|并非|谈不上|不具备|不依赖|不靠|并无|既无|也无|毫无|没",
    re.I,
)
# Chinese says scarcity after what is scarce ("外资和龙头企业也少", "高校资源匮乏"): the clause up to the cue.
_SCARCE = re.compile(r"(?:(?<![减缺至多])少|不多|匮乏|稀缺|寥寥无几|寥寥)(?=[,.;:!?，。；：！？\n]|$)")
_CLAUSE_END = re.compile(r"[,.;:!?，。；：！？、\n]|(?<![a-z])(?:but|however|yet)(?![a-z])|但|不过|而是", re.I)


# What every question is about: words inside it ("新区" in "创新区") are not signals.
_SUBJECT = re.compile(r"创新区|innovation district", re.I)

_CJK_SUBJECT = 6  # characters: "政府没有管", "大学不参与": a Chinese negation follows its subject


def negated_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NEGATION.finditer(text):
        end = _CLAUSE_END.search(text, m.end())
        start = m.start()
        if "\u4e00" <= m.group(0)[0] <= "\u9fff":
            before = [c.end() for c in _CLAUSE_END.finditer(text, max(0, start - _CJK_SUBJECT), start)]
            clause_start = before[-1] if before else max(0, start - _CJK_SUBJECT)
            if start - clause_start <= _CJK_SUBJECT and (clause_start == 0 or before):
                start = clause_start  # the short subject before the cue is negated with it
        spans.append((start, end.start() if end else len(text)))
    for m in _SCARCE.finditer(text):
        before = [c.end() for c in _CLAUSE_END.finditer(text, 0, m.start())]
        spans.append((before[-1] if before else 0, m.end()))
    return sorted(spans)


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
    roles: Roles = field(default_factory=Roles)  # model words by the role their clause gives them

    def counts(self, ids: tuple[str, ...]) -> list[int]:
        return [len(self.words.get(i, [])) for i in ids]


class SignalExtractor:
    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._owners: dict[str, list[str]] = {}
        for key, by_lang in glossary.signals.items():
            for word in (*by_lang.get("en", []), *by_lang.get("zh", [])):
                self._owners.setdefault(word, []).append(key)
        self._matcher = PhraseMatcher(self._owners)

    def __call__(self, text: str) -> Signals:
        sig = Signals()
        spans = negated_spans(text.lower())
        names = self.glossary.spans(text, "model")
        subject = [m.span() for m in _SUBJECT.finditer(text)]
        negated: list[str] = []
        located: list[tuple[int, str]] = []
        for word, pos in self._matcher.find(text):
            if any(a <= pos < b for a, b in names):
                continue  # "university" in "university-led" names the model, it says nothing of the place
            if any(a <= pos and pos + len(word) <= b for a, b in subject):
                continue  # "新区" (a new district) inside "创新区" (an innovation district) is part of that word
            if any(a <= pos < b for a, b in spans):
                negated.append(word)
                continue
            for key in self._owners.get(word, []):
                sig.words.setdefault(key, []).append(word)
                located.append((pos, key))
        sig.roles = read_roles(text, located)
        sig.words = {k: _drop_contained(v) for k, v in sig.words.items()}
        sig.negated = list(dict.fromkeys(w for w in negated if not any(w in ws for ws in sig.words.values())))
        for entry in self.glossary.matches(text):
            target = {"model": sig.named_models, "trend": sig.named_trends, "district": sig.districts}.get(entry.kind)
            if target is not None and entry.id not in target:
                target.append(entry.id)
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
