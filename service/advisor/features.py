"""Feature vectors for a question: words, characters, meaning (the sentence embedding) and signals."""

from collections import Counter
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from service.advisor.signals import SIGNAL_IDS, SignalExtractor, Signals, split_negated
from service.retrieval.tokenize import Tokenizer
from service.typology import MODEL_IDS, TREND_IDS

_CHAR_WB = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).build_analyzer()


def char_grams(doc: str | list[str]) -> list[str]:
    """A text's character 2- to 4-grams within words (lower-cased), or the grams themselves when the caller
    computed them already: training analyses each text once, not once per fold."""
    return doc if isinstance(doc, list) else _CHAR_WB(doc)


def tfidf_rows(vec: TfidfVectorizer, docs: Iterable) -> sp.csr_matrix:
    """`vec.transform(docs)` for a fitted vectorizer with sublinear term frequency and l2 rows, without
    scikit-learn's per-call input checks, which cost more than the arithmetic on one question (the same
    values; a test compares them)."""
    assert vec.sublinear_tf and vec.norm == "l2", "only the vectorizers this module fits"
    analyze, vocab, idf = vec.build_analyzer(), vec.vocabulary_, vec.idf_
    rows = [sorted(Counter(j for t in analyze(d) if (j := vocab.get(t)) is not None).items()) for d in docs]
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    indices = np.fromiter((j for r in rows for j, _ in r), dtype=np.int32, count=int(indptr[-1]))
    counts = np.fromiter((n for r in rows for _, n in r), dtype=np.float64, count=int(indptr[-1]))
    data = (np.log(counts) + 1.0) * idf[indices]
    row_of = np.repeat(np.arange(len(rows)), lengths)
    norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=len(rows)))
    data /= np.where(norms > 0, norms, 1.0)[row_of]
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), len(idf)))


# Relative weights of the feature groups. "names" 1.0 (was 2.0): on leave-one-author-out runs over the train
# files (train on all files but one, score it) it generalised a little better to a new author.
DEFAULT_WEIGHTS = {"embedding": 2.0, "signals": 1.0, "names": 1.0}


class Featurizer:
    """Fitted on the train set at ingestion; pickled with the classifier (tokenisers are reattached on load)."""

    def __init__(self, district_models: dict[str, str], weights: dict[str, float] | None = None) -> None:
        self.district_models = district_models  # district slug -> its primary model, from the case notes
        self.weights = dict(weights or DEFAULT_WEIGHTS)
        # Terms seen in fewer than three questions and all but the 10,000 commonest character n-grams are
        # dropped: leave-one-author-out over the thirteen short and long-brief authors missed 152 rows
        # (109 labelled) against 155 (107) with two questions and 30,000 n-grams, and training took a
        # fifth less time, all of it from the n-grams.
        self.words = TfidfVectorizer(
            tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=(1, 2), sublinear_tf=True, min_df=3
        )
        self.chars = TfidfVectorizer(analyzer=char_grams, sublinear_tf=True, max_features=10000)
        self.tokenizer: Tokenizer | None = None
        self.extractor: SignalExtractor | None = None

    def attach(self, tokenizer: Tokenizer, extractor: SignalExtractor) -> "Featurizer":
        self.tokenizer, self.extractor = tokenizer, extractor
        return self

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("tokenizer", "extractor")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.tokenizer = self.extractor = None

    def signals(self, text: str) -> Signals:
        assert self.extractor is not None, "attach() a signal extractor first"
        return self.extractor(text)

    def tokens(self, texts: list[str]) -> list[str]:
        """Word tokens; those inside a negation are marked, so "no university" differs from "university"."""
        assert self.tokenizer is not None, "attach() a tokenizer first"
        tok = self.tokenizer
        return [
            " ".join(t if not neg else f"not_{t}" for piece, neg in split_negated(text.lower()) for t in tok(piece))
            for text in texts
        ]

    def structured(self, sigs: list[Signals]) -> np.ndarray:
        rows = []
        for s in sigs:
            counts = np.log1p(np.array(s.counts(SIGNAL_IDS), dtype=np.float32)) * self.weights["signals"]
            first = np.zeros(len(MODEL_IDS), dtype=np.float32)
            named = np.zeros(len(MODEL_IDS), dtype=np.float32)
            district = np.zeros(len(MODEL_IDS), dtype=np.float32)
            trends = np.zeros(len(TREND_IDS), dtype=np.float32)
            if s.named_models:
                first[MODEL_IDS.index(s.named_models[0])] = 1
                for m in s.named_models:
                    named[MODEL_IDS.index(m)] = 1
            for d in s.districts[:1]:
                if d in self.district_models:
                    district[MODEL_IDS.index(self.district_models[d])] = 1
            for t in s.named_trends:
                trends[TREND_IDS.index(t)] = 1
            names = np.concatenate([first, named, district, trends]) * self.weights["names"]
            rows.append(np.concatenate([counts, names, _role_features(s)]))
        return np.vstack(rows)

    def fit(self, texts: list[str], tokens: list[str], grams: list[list[str]] | None = None) -> "Featurizer":
        """`tokens` are `self.tokens(texts)` and `grams` their `char_grams`, computed once by the caller and
        shared across folds."""
        self.words.fit(tokens)
        self.chars.fit(grams if grams is not None else texts)
        return self

    def transform(
        self,
        texts: list[str],
        vectors: np.ndarray,
        sigs: list[Signals] | None = None,
        tokens: list[str] | None = None,
        grams: list[list[str]] | None = None,
    ) -> sp.csr_matrix:
        """`sigs`, `tokens` and `grams`, when given, are those of `texts`: training reuses them across folds."""
        sigs = sigs if sigs is not None else [self.signals(t) for t in texts]
        tokens = tokens if tokens is not None else self.tokens(texts)
        words, chars = tfidf_rows(self.words, tokens), tfidf_rows(self.chars, grams if grams is not None else texts)
        return sp.hstack(
            [
                words,
                chars,
                sp.csr_matrix(np.asarray(vectors, dtype=np.float32) * self.weights["embedding"]),
                sp.csr_matrix(self.structured(sigs)),
            ],
            format="csr",
        )

    def split(self, coef: np.ndarray, dim: int) -> list[np.ndarray]:
        """A linear model's weights (classes x features) cut into the blocks `transform` stacks (words,
        characters, the `dim`-wide embedding, signals), each features x classes, for `scores`."""
        ends = np.cumsum([len(self.words.idf_), len(self.chars.idf_), dim])
        return [np.ascontiguousarray(b.T, dtype=np.float64) for b in np.split(np.asarray(coef), ends, axis=1)]

    def scores(
        self, texts: list[str], vectors: np.ndarray, sigs: list[Signals], blocks: list[np.ndarray]
    ) -> np.ndarray:
        """`self.transform(texts, vectors, sigs) @ coef.T` for `blocks = self.split(coef, dim)`, without building the
        stacked matrix: each block of features times its own weights (an answer's hot path; a test compares
        them)."""
        words = tfidf_rows(self.words, self.tokens(texts))
        chars = tfidf_rows(self.chars, texts)
        meaning = np.asarray(vectors, dtype=np.float32).astype(np.float64) * self.weights["embedding"]
        w, c, m, s = blocks
        return words @ w + chars @ c + meaning @ m + self.structured(sigs).astype(np.float64) @ s


def _role_features(s: Signals) -> np.ndarray:
    """Model words in leading and in minor clauses (roles.py), how much of the text names actors at all (a
    long text of figures and ambitions with no actor in it decides nothing), each model's share of the
    firms the text counts by origin, and whether two drivers are said or counted to weigh the same."""
    r = s.roles
    leading = [r.leading.get(m, 0) for m in MODEL_IDS]
    minor = [r.minor.get(m, 0) for m in MODEL_IDS]
    share = r.actor_clauses / r.clauses if r.clauses else 0.0
    extent = [np.log1p(r.clauses), np.log1p(r.actor_clauses), share]
    firms = r.firm_shares()
    origin = [firms.get(m, 0.0) for m in MODEL_IDS]  # who generates the firms, where the text counts them
    top = sorted(origin, reverse=True)
    even = [float(r.balanced > 0), float(top[0] > 0 and top[0] - top[1] < 0.1)]  # two drivers of equal weight
    unknown = [float(r.unknown > 0)]  # the writer says they do not know who drives it
    return np.concatenate(
        [
            np.log1p(np.array(leading + minor, dtype=np.float32)),
            np.array(extent + origin + even + unknown, dtype=np.float32),
        ]
    )
