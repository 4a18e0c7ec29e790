"""The model judgement, as the classifier gives it or as a district's record states it."""

from service.advisor.brief import Place
from service.advisor.classifier import Prediction
from service.advisor.types import Alternative, ModelJudgment
from service.cases.profiles import Profile
from service.typology import MODEL_IDS, MODEL_NAMES


def from_prediction(pred: Prediction, lang: str) -> ModelJudgment | None:
    if pred.label is None:
        return None
    words = list(pred.signals.words.get(pred.label, []))
    words += [n for n in pred.signals.named_models if n == pred.label]
    return ModelJudgment(
        id=pred.label,
        name=MODEL_NAMES[pred.label][lang],
        confidence=pred.confidence,
        alternatives=[Alternative(id=m, confidence=p) for m, p in pred.alternatives],
        secondary=pred.secondary,
        signals=[w for w in words if w not in MODEL_IDS],
    )


def from_profile(profile: Profile, lang: str) -> ModelJudgment:
    """A district's model is its note's (sourced) primary model; the confidence is the classifier's
    calibrated reading of the note's own summary and reasons, so a hybrid reads as less certain."""
    r = profile.record
    others = sorted(((m, p) for m, p in profile.probs.items() if m != r.primary_model), key=lambda t: -t[1])
    return ModelJudgment(
        id=r.primary_model,
        name=MODEL_NAMES[r.primary_model][lang],
        confidence=round(profile.probs.get(r.primary_model, 0.0), 4),
        alternatives=[Alternative(id=m, confidence=p) for m, p in others[:3]],
        secondary=r.secondary_models[0] if r.secondary_models else None,
    )


def place_of(profile: Profile, lang: str) -> Place:
    r = profile.record
    return Place(
        id=r.id,
        name=getattr(r.names, lang),
        country=getattr(r.country, lang),
        model=r.primary_model,
        confidence=round(profile.probs.get(r.primary_model, 0.0), 4),
        secondary=r.secondary_models[0] if r.secondary_models else None,
        outcome=r.outcome,
    )
