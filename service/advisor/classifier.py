"""The scenario classifier: which of the five models fits, how sure, and when to abstain.

A multinomial logistic regression over words, characters, the sentence embedding and glossary signals,
with a second one for the question's intent. Trained at ingestion on the train set only; the
temperature (calibration) and the abstention threshold are tuned on out-of-fold predictions of that
same train set, never on the sets that judge it, once for short questions and once for long texts: a long
brief lights up many more features, so its raw scores run hotter and need their own calibration.
"""

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from service.advisor.features import Featurizer, char_grams
from service.advisor.fold_features import FoldFeatures
from service.advisor.signals import Signals
from service.typology import MODEL_IDS

LABELS: tuple[str, ...] = (*MODEL_IDS, "none")
# "follow_up": a message that leans on the conversation ("And talent?", "那接下来呢？"); the router reads it
# only inside a session, where it tells a follow-up from an unrelated message.
INTENTS: tuple[str, ...] = ("classify", "explain_model", "compare", "district", "trend", "follow_up", "out_of_scope")
NO_LABEL_INTENTS = frozenset({"trend", "out_of_scope"})
# Regularisation chosen by out-of-fold loss. The grid (4, 16) chose 16 on every train set from 1,160 to 1,830
# questions; one value keeps cold ingestion within its budget (each value costs twelve fits). Widen it when
# the train set changes much.
C_GRID = (16.0,)
# Out-of-fold scores calibrate and tune the threshold. Four folds cost a fit less at ingestion and held out
# short authors alike, but the long-brief authors lost 3 rows of 420 (40 misses against 37).
FOLDS = 5
WRONG_ABSTAIN_COST = 0.7
SMOOTH = 2  # threshold steps (of 0.02) either side averaged into a threshold's cost
SECONDARY_MIN = 0.2  # a second model this likely is reported as a genuine mix
LONG_WORDS, LONG_CJK = 120, 150  # a brief of this many English words or Chinese characters reads as long
MIN_GROUP = 30  # fewer long rows than this in training: long texts share the short calibration


def length_group(text: str) -> str:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return "long" if cjk >= LONG_CJK or len(text.split()) >= LONG_WORDS else "short"


@dataclass
class Prediction:
    label: str | None  # a model id, or None when the advisor abstains
    confidence: float  # calibrated probability of `label` (of the best model when abstaining)
    probs: dict[str, float]  # calibrated, over the five models and "none"
    intent: str
    intent_confidence: float
    signals: Signals
    reason: str  # confident | low_confidence | not_a_scenario | out_of_scope | trend
    secondary: str | None = None
    alternatives: list[tuple[str, float]] = field(default_factory=list)


def _softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _softmax_weights(lr: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
    """Weights and intercepts whose softmax is `lr.predict_proba`, a row per class: a binary model's one row
    scores its second class against a zero first (the sigmoid is that softmax)."""
    coef, intercept = np.asarray(lr.coef_), np.asarray(lr.intercept_)
    if len(lr.classes_) == 2:
        return np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    return coef, intercept


def decide(probs: np.ndarray, intent: str, threshold: float) -> tuple[str | None, str]:
    """The abstention rule, shared by training-time tuning and prediction."""
    if intent in NO_LABEL_INTENTS:
        return None, intent
    best = int(np.argmax(probs))
    if LABELS[best] == "none":
        return None, "not_a_scenario"
    if probs[best] < threshold:
        return None, "low_confidence"
    return LABELS[best], "confident"


@dataclass
class TextReading:
    """What training reads of each text besides its embedding (signals, words, character grams): read once
    and shared by every fold."""

    signals: list[Signals]
    tokens: list[str]
    grams: list[list[str]]

    @classmethod
    def of(cls, texts: list[str], featurizer: Featurizer) -> "TextReading":
        return cls([featurizer.signals(t) for t in texts], featurizer.tokens(texts), [char_grams(t) for t in texts])


class ScenarioClassifier:
    def __init__(
        self,
        featurizer: Featurizer,
        model_lr: LogisticRegression,
        intent_lr: LogisticRegression,
        temperature: dict[str, float],
        threshold: dict[str, float],
        report: dict,
    ) -> None:
        self.featurizer = featurizer
        self.model_lr = model_lr
        self.intent_lr = intent_lr
        self.temperature = temperature
        self.threshold = threshold
        self.report = report
        self._blocks: dict[int, list[np.ndarray]] = {}
        self._intercepts = np.concatenate([_softmax_weights(model_lr)[1], _softmax_weights(intent_lr)[1]])

    def predict(self, text: str, vector: np.ndarray) -> Prediction:
        sig = self.featurizer.signals(text)
        logits = self.featurizer.scores([text], vector[None, :], [sig], self._heads(vector.shape[-1]))[0]
        logits += self._intercepts
        n, group = len(self.model_lr.classes_), length_group(text)
        probs = _softmax(logits[None, :n], self.temperature[group])[0]
        intent_p = _softmax(logits[None, n:])[0]  # multinomial: scikit-learn's predict_proba is this softmax
        return self._prediction(probs, intent_p, sig, self.threshold[group])

    def shares(self, texts: list[str], sigs: list[Signals], dim: int) -> np.ndarray:
        """What each text adds to each model's score by its own words, characters and signals, the `dim`-wide
        embedding block left at zero and no intercept (columns: `model_lr.classes_`): explain.py's clauses."""
        zeros = np.zeros((len(texts), dim), dtype=np.float32)
        return self.featurizer.scores(texts, zeros, sigs, self._heads(dim))[:, : len(self.model_lr.classes_)]

    def _heads(self, dim: int) -> list[np.ndarray]:
        """Both models' weights side by side (model columns, then intent columns), cut into feature blocks
        once per loaded classifier (by the embedding's width): one pass over a question's features scores
        both."""
        if dim not in self._blocks:
            both = np.vstack([_softmax_weights(self.model_lr)[0], _softmax_weights(self.intent_lr)[0]])
            self._blocks[dim] = self.featurizer.split(both, dim)
        return self._blocks[dim]

    def predict_weighing_latest(
        self,
        whole: str,
        whole_vector: np.ndarray,
        latest: str,
        latest_vector: np.ndarray,
        weight: float = 0.5,
        prior: dict[str, float] | None = None,
    ) -> Prediction:
        """A place described over several messages: the whole reading and the latest message's own reading
        mixed, so facts just added (a correction, "actually 70 of 90 firms…") weigh as much as all before
        (`weight` 0.5), or less when they only add a minor or planned actor. With `prior` (the judgement the
        conversation kept), what came before is its mean with the whole reading: the whole text still holds
        what a correction took back."""
        a = self.predict(whole, whole_vector)
        base = {m: (a.probs[m] + prior.get(m, 0.0)) / 2 for m in LABELS} if prior else a.probs
        return self._weighed(base, a.intent, a.signals, whole, latest, latest_vector, weight)

    def predict_weighing_prior(
        self, prior: dict[str, float], whole: str, latest: str, latest_vector: np.ndarray, weight: float
    ) -> Prediction:
        """The judgement a conversation kept (`prior`, its probabilities) mixed with the latest message's own
        reading."""
        return self._weighed(prior, "classify", self.featurizer.signals(whole), whole, latest, latest_vector, weight)

    def _weighed(
        self,
        base: dict[str, float],
        intent: str,
        sig: Signals,
        whole: str,
        latest: str,
        latest_vector: np.ndarray,
        weight: float,
    ) -> Prediction:
        b = self.predict(latest, latest_vector)
        # A message weighs by how much it decides: one that alone names no model ("there's also an airport",
        # "more precisely, it opened in 2019") leaves the judgement where it was.
        decided = 1.0 - b.probs["none"]
        weight *= decided
        said = {m: b.probs[m] / decided if decided > 0 else 0.0 for m in MODEL_IDS}
        probs = np.array([(1 - weight) * base.get(m, 0.0) + weight * said.get(m, 0.0) for m in LABELS])
        intent_p = np.array([1.0 if c == intent else 0.0 for c in self.intent_lr.classes_])
        return self._prediction(probs, intent_p, sig, self.threshold[length_group(whole)])

    def _prediction(self, probs: np.ndarray, intent_p: np.ndarray, sig: Signals, threshold: float) -> Prediction:
        intent = str(self.intent_lr.classes_[int(np.argmax(intent_p))])
        label, reason = decide(probs, intent, threshold)
        ranked = sorted(((m, float(probs[i])) for i, m in enumerate(LABELS) if m != "none"), key=lambda t: -t[1])
        confidence = float(probs[LABELS.index(label)]) if label else ranked[0][1]
        others = [(m, p) for m, p in ranked if m != label]
        secondary = others[0][0] if label and others and others[0][1] >= SECONDARY_MIN else None
        return Prediction(
            label=label,
            confidence=round(confidence, 4),
            probs={m: round(float(p), 4) for m, p in zip(LABELS, probs, strict=True)},
            intent=intent,
            intent_confidence=round(float(intent_p.max()), 4),
            signals=sig,
            reason=reason,
            secondary=secondary,
            alternatives=[(m, round(p, 4)) for m, p in others[:3]],
        )

    # --- training -------------------------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        texts: list[str],
        labels: list[str],
        intents: list[str],
        vectors: np.ndarray,
        featurizer: Featurizer,
        seed: int = 0,
        read: "TextReading | None" = None,
    ) -> "ScenarioClassifier":
        """`read`: the texts' TextReading, when the caller made it (while their vectors were being made)."""
        y = np.array([LABELS.index(lab) for lab in labels])
        read = read or TextReading.of(texts, featurizer)
        folds = list(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed).split(texts, y))

        shared = FoldFeatures(featurizer, read.tokens, read.grams, vectors, read.signals)
        mats = [shared.matrices(tr, te) for tr, te in folds]
        x_all = shared.fit_all(featurizer)
        intent_y = np.array(intents)
        fits = _fit_all(folds, mats, x_all, y, intent_y)

        best_c, best_loss, best_logits = C_GRID[0], np.inf, np.zeros((len(texts), len(LABELS)))
        for c in C_GRID:
            logits = np.zeros((len(texts), len(LABELS)))
            for k, (_, te) in enumerate(folds):
                logits[te] = fits["model", c, k].decision_function(mats[k][1])
            loss = -np.mean(np.log(_softmax(logits)[np.arange(len(y)), y] + 1e-12))
            if loss < best_loss:
                best_c, best_loss, best_logits = c, loss, logits

        groups = np.array([length_group(t) for t in texts])
        members = {g: np.flatnonzero(groups == g) for g in ("short", "long")}
        if len(members["long"]) < MIN_GROUP:
            members = {"short": np.arange(len(texts)), "long": np.arange(len(texts))}

        def fitted_temperature(rows: np.ndarray) -> float:
            def nll(t: float) -> float:
                return float(-np.mean(np.log(_softmax(best_logits[rows], t)[np.arange(len(rows)), y[rows]] + 1e-12)))

            return float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)

        temperature = {g: fitted_temperature(rows) for g, rows in members.items()}
        oof = np.empty_like(best_logits)
        for g, t in temperature.items():
            oof[groups == g] = _softmax(best_logits[groups == g], t)

        model_lr, intent_lr = fits["model", best_c, ALL_ROWS], fits["intent", best_c, ALL_ROWS]
        # Which train rows the intent head routes away from a label (trend, out of scope) while the threshold
        # is tuned. Read in-sample: out-of-fold intent heads cost five more fits (6 s of a cold ingest on
        # 4,003 questions) and gave the same thresholds and temperatures.
        routed = intent_lr.predict(x_all)
        tuned = {g: _tune_threshold(oof[rows], y[rows], routed[rows]) for g, rows in members.items()}
        threshold = {g: t for g, (t, _) in tuned.items()}
        oof_acc = float(
            np.mean(
                [decide(oof[i], str(routed[i]), threshold[groups[i]])[0] or "none" for i in range(len(texts))]
                == np.array([LABELS[k] for k in y])
            )
        )
        report = {
            "n_train": len(texts),
            "C": best_c,
            "n_long": int((groups == "long").sum()),
            "temperature": {g: round(t, 4) for g, t in temperature.items()},
            "threshold": {g: round(t, 4) for g, t in threshold.items()},
            "oof_decision_accuracy": round(oof_acc, 4),
        }
        return cls(featurizer, model_lr, intent_lr, temperature, threshold, report)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump(
            {
                "featurizer": self.featurizer,
                "model_lr": self.model_lr,
                "intent_lr": self.intent_lr,
                "temperature": self.temperature,
                "threshold": self.threshold,
                "report": self.report,
            },
            folder / "classifier.joblib",
        )
        (folder / "report.json").write_text(json.dumps(self.report, indent=2))

    @classmethod
    def load(cls, folder: Path) -> "ScenarioClassifier":
        d = joblib.load(folder / "classifier.joblib")
        return cls(d["featurizer"], d["model_lr"], d["intent_lr"], d["temperature"], d["threshold"], d["report"])


ALL_ROWS = -1  # the fold number of a fit on every train row
TOL = 1e-4  # scikit-learn's default; 1e-3 for the model lost 0.03 on long_dev (leave-one-author-out runs)


def _fit_all(
    folds: list[tuple[np.ndarray, np.ndarray]],
    mats: list[tuple[sp.csr_matrix, sp.csr_matrix]],
    x_all: sp.csr_matrix,
    y: np.ndarray,
    intent_y: np.ndarray,
) -> dict[tuple[str, float, int], LogisticRegression]:
    """Every fit training needs, for each C: the model on each fold (its out-of-fold scores choose C,
    calibrate, and tune the threshold), and the model and the intent on all rows. One batch over both
    cores, the slower model fits first, so no core waits between stages."""
    # Single precision halves the memory each solver step reads (and what is sent to the workers): the fits
    # take 40% less time, and leave-one-author-out accuracy the same.
    x32, train32 = x_all.astype(np.float32), [m[0].astype(np.float32) for m in mats]
    jobs = [
        *(("model", c, k, train32[k], y[tr]) for c in C_GRID for k, (tr, _) in enumerate(folds)),
        *((head, c, ALL_ROWS, x32, labels) for c in C_GRID for head, labels in (("model", y), ("intent", intent_y))),
    ]
    fitted = Parallel(n_jobs=2, prefer="processes")(delayed(_fit)(x, target, c) for _, c, _, x, target in jobs)
    return {(head, c, k): lr for (head, c, k, *_), lr in zip(jobs, fitted, strict=True)}


def start_fit_workers() -> None:
    """Start the processes `_fit_all` fits in (each imports scikit-learn, about 1.5 s) while the caller still
    reads and embeds its questions: joblib keeps them and the fits reuse them."""
    threading.Thread(target=lambda: Parallel(n_jobs=2, prefer="processes")(delayed(_ready)() for _ in range(2))).start()


def _ready() -> None:
    """Nothing: unpickled in a worker, it has imported this module and scikit-learn."""


def _fit(x: sp.csr_matrix, y: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, tol=TOL).fit(x, y)


def _tune_threshold(oof: np.ndarray, y: np.ndarray, intents: np.ndarray) -> tuple[float, float]:
    """The abstention threshold, from out-of-fold predictions. A wrong label costs 1; abstaining on a place
    that had an answer costs WRONG_ABSTAIN_COST, a little less, because a planner is better served by "I
    cannot tell" than by a confident mistake. The cost curve is averaged over each threshold's neighbours
    (SMOOTH steps either side) to find its lowest point; then the lowest threshold whose cost is within one
    standard error of that point's (paired over rows) is taken. The curve is flat: its lowest point moved
    between 0.0 and 0.58 as a few hundred rows joined the train set, for a saving of two rows in 2,783, and
    every row a higher threshold abstains on must earn its place. Returns the threshold and its
    out-of-fold accuracy."""
    grid = np.round(np.arange(0.0, 0.9, 0.02), 2)
    costs = _row_costs(oof, y, intents, grid)
    padded = np.pad(costs.sum(axis=1), SMOOTH, mode="edge")
    smoothed = np.convolve(padded, np.ones(2 * SMOOTH + 1) / (2 * SMOOTH + 1), mode="valid")
    best = int(np.argmin(smoothed))

    def within_one_standard_error(i: int) -> bool:
        d = costs[i] - costs[best]
        return d.sum() <= np.sqrt(len(d)) * d.std()

    chosen = next(i for i in range(best + 1) if within_one_standard_error(i))
    return float(grid[chosen]), float(np.mean(costs[chosen] == 0))


def _row_costs(oof: np.ndarray, y: np.ndarray, intents: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Each row's cost at each threshold of `grid` (rows: thresholds): `decide` over every row and threshold
    at once."""
    none = LABELS.index("none")
    best = oof.argmax(axis=1)
    settled = np.isin(intents, list(NO_LABEL_INTENTS)) | (best == none)  # abstains whatever the threshold
    abstains = settled[None, :] | (oof.max(axis=1)[None, :] < grid[:, None])
    predicted = np.where(abstains, none, best[None, :])
    return np.where(predicted == y[None, :], 0.0, np.where(predicted == none, WRONG_ABSTAIN_COST, 1.0))
