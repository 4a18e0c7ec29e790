"""Out-of-fold feature matrices without refitting a vectoriser per fold.

Training scores every train question with a model that never saw it (five folds), which needs five
TF-IDF vocabularies. Counting words and character grams once over the whole train set and then, per fold,
keeping the columns the fold's own vectoriser would keep and weighting them by the fold's document
frequencies gives the same matrix (up to column order) in a fraction of the time: counting is the slow part.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from service.advisor.features import Featurizer, char_grams
from service.advisor.signals import Signals


class _Counted:
    """One vectoriser's raw counts over every text, and how to turn a fold of them into its TF-IDF."""

    def __init__(self, like: TfidfVectorizer, docs: list) -> None:
        counter = CountVectorizer(
            analyzer=like.analyzer,
            tokenizer=like.tokenizer,
            token_pattern=like.token_pattern,
            lowercase=like.lowercase,
            ngram_range=like.ngram_range,
        )
        self.counts = counter.fit_transform(docs).tocsc()
        self.terms = counter.get_feature_names_out()
        self.min_df = like.min_df
        self.max_features = like.max_features
        self.sublinear = like.sublinear_tf

    def columns(self, train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The count columns a vectoriser fitted on `train` keeps (in its order), and their idf."""
        part = self.counts[train]
        df = np.diff((part > 0).tocsc().indptr)
        keep = np.flatnonzero(df >= self.min_df)
        if self.max_features is not None and len(keep) > self.max_features:
            tf = np.asarray(part[:, keep].sum(axis=0)).ravel()
            # The same sort as TfidfVectorizer's (over the same alphabetical order), so ties fall alike.
            keep = np.sort(keep[(-tf).argsort()[: self.max_features]])
        return keep, np.log((1 + len(train)) / (1 + df[keep])) + 1.0  # TfidfVectorizer's smoothed idf

    def fit_into(self, vectorizer: TfidfVectorizer) -> sp.csr_matrix:
        """Makes `vectorizer` what fitting it on every counted text would (its vocabulary and idf), and
        returns every text's TF-IDF."""
        keep, idf = self.columns(np.arange(self.counts.shape[0]))
        vectorizer.vocabulary_ = {term: i for i, term in enumerate(self.terms[keep])}
        vectorizer.idf_ = idf
        return self._weighted(keep, idf)

    def tfidf(self, train: np.ndarray) -> sp.csr_matrix:
        return self._weighted(*self.columns(train))

    def _weighted(self, keep: np.ndarray, idf: np.ndarray) -> sp.csr_matrix:
        x = self.counts[:, keep].tocsr().astype(np.float64)
        if self.sublinear:
            np.log(x.data, out=x.data)
            x.data += 1.0
        return normalize(x @ sp.diags(idf), norm="l2", copy=False).tocsr()


class FoldFeatures:
    """Every train question's features as a featuriser fitted on one fold would give them."""

    def __init__(
        self,
        featurizer: Featurizer,
        tokens: list[str],
        grams: list[list[str]],
        vectors: np.ndarray,
        sigs: list[Signals],
    ) -> None:
        assert featurizer.chars.analyzer is char_grams, "the character vectoriser reads precomputed grams"
        self.words = _Counted(featurizer.words, tokens)
        self.chars = _Counted(featurizer.chars, grams)
        meaning = np.asarray(vectors, dtype=np.float32) * featurizer.weights["embedding"]
        self.fixed = sp.hstack([sp.csr_matrix(meaning), sp.csr_matrix(featurizer.structured(sigs))], format="csr")

    def matrices(self, train: np.ndarray, test: np.ndarray) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        x = sp.hstack([self.words.tfidf(train), self.chars.tfidf(train), self.fixed], format="csr")
        return x[train], x[test]

    def fit_all(self, featurizer: Featurizer) -> sp.csr_matrix:
        """Fits `featurizer` on every train text from the counts (no second pass over the texts) and returns
        their features, as `featurizer.fit(...)` then `featurizer.transform(...)` would."""
        words, chars = self.words.fit_into(featurizer.words), self.chars.fit_into(featurizer.chars)
        return sp.hstack([words, chars, self.fixed], format="csr")
