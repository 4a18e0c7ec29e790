"""Ranking the library's districts by likeness to a planner's place.

Likeness has four parts, weighed a priori (documented in the README, not tuned on any judging set):
what the description means (sentence embedding against the note's summary and reasons), which model the
classifier reads in it (against the district's primary and secondary models), the kinds of actor it names
(against the record's actors) and its industries. The top three are then chosen for a planner: not three
from one country, and a cautionary case beside the successes where a similar one exists.
"""

from dataclasses import dataclass

import numpy as np

from service.cases.facets import Facets
from service.cases.profiles import Profile, Profiles
from service.typology import MODEL_IDS

WEIGHTS = {"meaning": 0.35, "model": 0.30, "actors": 0.20, "industries": 0.15}
SECONDARY_SHARE = 0.5  # a secondary model counts half
MAX_PER_COUNTRY = 2
POOL = 12  # how far down the ranking a cautionary case may be brought up from
CAUTIONARY = ("cautionary", "mixed")


@dataclass
class Similar:
    profile: Profile
    score: float
    shared_model: str | None  # the planner's likeliest model, when it is this district's primary or secondary
    shared_actors: list[str]
    shared_industries: list[str]


def _model_scores(profiles: Profiles, probs: dict[str, float]) -> np.ndarray:
    p = np.array([probs.get(m, 0.0) for m in MODEL_IDS], dtype=np.float32)
    total = p.sum()
    p = p / total if total > 0 else p
    scores = np.zeros(len(profiles.items), dtype=np.float32)
    for i, prof in enumerate(profiles.items):
        r = prof.record
        secondary = max((p[MODEL_IDS.index(m)] for m in r.secondary_models), default=0.0)
        scores[i] = p[MODEL_IDS.index(r.primary_model)] + SECONDARY_SHARE * secondary
    return scores


def rank(
    profiles: Profiles,
    vector: np.ndarray,
    probs: dict[str, float],
    facets: Facets,
    exclude: frozenset[str] = frozenset(),
) -> list[Similar]:
    """Every district, most alike first."""
    if not profiles.items:
        return []
    q = np.asarray(vector, dtype=np.float32).ravel()
    q = q / (np.linalg.norm(q) or 1.0)
    meaning = profiles.vectors @ q if profiles.vectors.shape[1] == q.shape[0] else np.zeros(len(profiles.items))
    model = _model_scores(profiles, probs)
    best = max(probs, key=lambda m: probs[m]) if probs else None
    actors_q, industries_q, absent = set(facets.actors), set(facets.industries), set(facets.absent)
    out = []
    for i, prof in enumerate(profiles.items):
        r = prof.record
        if r.id in exclude:
            continue
        actors_r, industries_r = set(r.actors), set(r.industries)
        shared_a = actors_q & actors_r
        actor_score = len(shared_a) / len(actors_q | actors_r) if actors_q else 0.0
        actor_score -= 0.5 * len(absent & actors_r) / len(actors_r)  # the planner said the place lacks it
        shared_i = industries_q & industries_r
        industry_score = len(shared_i) / len(industries_q) if industries_q else 0.0
        score = (
            WEIGHTS["meaning"] * float(meaning[i])
            + WEIGHTS["model"] * float(model[i])
            + WEIGHTS["actors"] * actor_score
            + WEIGHTS["industries"] * industry_score
        )
        shared_model = best if best in (r.primary_model, *r.secondary_models) else None
        out.append(Similar(prof, score, shared_model, sorted(shared_a), sorted(shared_i)))
    return sorted(out, key=lambda s: -s.score)


def choose(ranked: list[Similar], k: int = 3) -> list[Similar]:
    """The top k for a planner: at most two from one country, and a cautionary (or mixed) case among them
    when one is within the top POOL while the plain top k holds none."""
    picked: list[Similar] = []
    per_country: dict[str, int] = {}
    for s in ranked:
        country = s.profile.record.country.en
        if per_country.get(country, 0) >= MAX_PER_COUNTRY:
            continue
        picked.append(s)
        per_country[country] = per_country.get(country, 0) + 1
        if len(picked) == k:
            break
    if picked and not any(s.profile.record.outcome in CAUTIONARY for s in picked):
        for s in ranked[:POOL]:
            if s.profile.record.outcome in CAUTIONARY and s not in picked:
                country = s.profile.record.country.en
                # replace the weakest pick, unless that would put three from one country
                rest = picked[:-1]
                if sum(p.profile.record.country.en == country for p in rest) < MAX_PER_COUNTRY:
                    picked = [*rest, s]
                break
    return picked
