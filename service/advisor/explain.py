"""Why the classifier judged as it did, in the planner's own words.

The classifier is linear, so each clause of the question can be scored on its own: its word, character
and signal features times the model's weights give what the clause adds to each model's score (the
sentence embedding, which belongs to the whole question, is left out). The clauses that add most to the
judged model are the reasons; a clause that adds more to another model points elsewhere.
"""

import re
from dataclasses import dataclass, field

import numpy as np

from service.advisor.classifier import LABELS, ScenarioClassifier
from service.advisor.roles import role_of
from service.documents.model import Document
from service.typology import MODEL_IDS

_CLAUSE = re.compile(r"[^,.;:!?，。；：！？\n]+")
_MIN_CLAUSE = {"zh": 4, "en": 12}  # characters: shorter pieces ("but", "而且") say nothing on their own
MAX_CLAUSES = 2000  # a 50,000-character document has about this many; the classifier reads any length
MARGIN = 0.15  # how much more a clause must add to another model to count as pointing there
# A reason adds at least this share of what the strongest one adds: "领导让我问下" (0.15 beside 1.9) is not why.
WEAKEST = 0.2
# A clause that gives its actor the leading role decides more than one that names an actor in passing.
ROLE_WEIGHT = {"leading": 1.5, "plain": 1.0, "minor": 0.4}


@dataclass(frozen=True)
class Reason:
    text: str  # verbatim from the question
    model: str  # the model the clause adds most to
    weight: float  # what it adds to that model beyond the next one, times its role's weight
    role: str = "plain"  # leading | plain | minor (roles.py)
    where: str = ""  # its place in a document ("page 3", "paragraph 12"); empty for a chat message


@dataclass
class Explanation:
    supporting: list[Reason] = field(default_factory=list)  # clauses behind the judged model, strongest first
    opposing: list[Reason] = field(default_factory=list)  # clauses that point to another model
    secondary: list[Reason] = field(default_factory=list)  # clauses behind the secondary model


_LEADING = re.compile(r"^(?:(?:and|but|while|whereas|so|also|yet)\s+|(?:但是|但|而且|并且|而|且|同时|不过)\s*)", re.I)


_ASKING = re.compile(r"模式|\bmodels?\b|[?？]\s*$", re.I)  # "which model fits us?" asks; it describes nothing


def clauses(text: str, lang: str) -> list[str]:
    """The question's describing clauses, each verbatim (a leading "and", "but" or "但" set aside), in order."""
    out = [_LEADING.sub("", m.group(0).strip()) for m in _CLAUSE.finditer(text) if not _ASKING.search(m.group(0))]
    return [c for c in out if len(c) >= _MIN_CLAUSE.get(lang, 4)][:MAX_CLAUSES]


def located_clauses(doc: Document, lang: str) -> list[tuple[str, str]]:
    """A document's describing clauses, each with the place of its block ("page 3")."""
    return [(c, b.where) for b in doc.blocks for c in clauses(b.text, lang)]


def contributions(clf: ScenarioClassifier, parts: list[str], dim: int) -> tuple[np.ndarray, list[bool]]:
    """What each clause adds to each of the five models' scores (rows: clauses; columns: MODEL_IDS), and
    whether each names an actor of some model at all. `dim` is the sentence embedding's width: that block
    is zero, as it belongs to the whole question."""
    if not parts:
        return np.zeros((0, len(MODEL_IDS))), []
    sigs = [clf.featurizer.signals(p) for p in parts]
    logits = clf.shares(parts, sigs, dim)  # no intercept: a clause's own share
    columns = [list(clf.model_lr.classes_).index(LABELS.index(m)) for m in MODEL_IDS]
    return logits[:, columns], [any(s.words.get(m) for m in MODEL_IDS) for s in sigs]


def explain_located(
    clf: ScenarioClassifier, located: list[tuple[str, str]], dim: int, label: str, secondary: str | None = None
) -> Explanation:
    """`located`: (clause, where it stands) pairs, clauses verbatim from the text."""
    located = located[:MAX_CLAUSES]
    if not located:
        return Explanation()
    scores, names_actor = contributions(clf, [c for c, _ in located], dim)
    j = MODEL_IDS.index(label)
    out = Explanation()
    plain_support: list[Reason] = []
    for (clause, where), row, actor in zip(located, scores, names_actor, strict=True):
        role = role_of(clause)
        w = ROLE_WEIGHT[role]
        others = np.delete(row, j)
        lead = float(row[j] - others.max())
        best = int(np.argmax(row))
        if lead > 0:
            (out.supporting if actor else plain_support).append(Reason(clause, label, round(lead * w, 3), role, where))
        elif actor and best != j and float(row[best] - row[j]) > MARGIN:  # a heading or a figure points nowhere
            out.opposing.append(Reason(clause, MODEL_IDS[best], round(float(row[best] - row[j]) * w, 3), role, where))
        if secondary and best == MODEL_IDS.index(secondary):
            out.secondary.append(Reason(clause, secondary, round(float(row[best] - row[j]) * w, 3), role, where))
    # clauses that name an actor decide; a title or a figure only when nothing else does (a short question)
    out.supporting = out.supporting or plain_support
    out.supporting.sort(key=lambda r: -r.weight)
    out.supporting = [r for r in out.supporting if r.weight >= WEAKEST * out.supporting[0].weight]
    out.opposing.sort(key=lambda r: -r.weight)
    out.secondary.sort(key=lambda r: -r.weight)
    return out
