"""Out-of-fold features from counts made once equal those of a featuriser fitted on the fold."""

import numpy as np
import pytest
import scipy.sparse as sp

from service.advisor.features import Featurizer, char_grams
from service.advisor.fold_features import FoldFeatures
from service.advisor.signals import SignalExtractor
from service.corpus.glossary import load_glossary
from service.retrieval.tokenize import Tokenizer
from tests.conftest import CORPUS
from tests.fakes import FakeEmbedder
from tests.test_classifier import TRAIN

GLOSSARY = load_glossary(CORPUS / "glossary.yaml")
TEXTS = [t for ts in TRAIN.values() for t in ts]


def featurizer(max_chars: int | None) -> Featurizer:
    f = Featurizer({}).attach(Tokenizer(GLOSSARY.zh_words()), SignalExtractor(GLOSSARY))
    f.chars.max_features = max_chars
    f.words.min_df = 2  # a third of this small train set has no word in three questions; the rule is the same
    return f


def row_values(m: sp.csr_matrix) -> list[np.ndarray]:
    """Each row's non-zero values, sorted: equal whatever the column order."""
    m = m.tocsr()
    return [np.sort(m.data[m.indptr[i] : m.indptr[i + 1]]) for i in range(m.shape[0])]


@pytest.mark.parametrize("max_chars", [None, 150])
def test_fold_matrices_equal_a_featurizer_fitted_on_the_fold(max_chars: int | None) -> None:
    f = featurizer(max_chars)
    tokens, grams = f.tokens(TEXTS), [char_grams(t) for t in TEXTS]
    vectors, sigs = FakeEmbedder().embed(TEXTS), [f.signals(t) for t in TEXTS]
    train = np.arange(0, len(TEXTS), 3)
    test = np.setdiff1d(np.arange(len(TEXTS)), train)

    got_train, got_test = FoldFeatures(f, tokens, grams, vectors, sigs).matrices(train, test)

    fold = featurizer(max_chars).fit([TEXTS[i] for i in train], [tokens[i] for i in train], [grams[i] for i in train])
    want = fold.transform(TEXTS, vectors, sigs, tokens, grams)
    assert got_train.shape == (len(train), want.shape[1]) and got_test.shape == (len(test), want.shape[1])
    for got, rows in ((got_train, train), (got_test, test)):
        for a, b in zip(row_values(got), row_values(want[rows]), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-6)
    if max_chars:  # the limit bites: the fold keeps no more character grams than asked
        assert len(fold.chars.vocabulary_) == max_chars


@pytest.mark.parametrize("max_chars", [None, 150])
def test_a_featurizer_fitted_from_the_counts_equals_one_fitted_on_the_texts(max_chars: int | None) -> None:
    f = featurizer(max_chars)
    tokens, grams = f.tokens(TEXTS), [char_grams(t) for t in TEXTS]
    vectors, sigs = FakeEmbedder().embed(TEXTS), [f.signals(t) for t in TEXTS]

    got = FoldFeatures(f, tokens, grams, vectors, sigs).fit_all(f)

    direct = featurizer(max_chars).fit(TEXTS, tokens, grams)
    for mine, theirs in ((f.words, direct.words), (f.chars, direct.chars)):
        assert mine.vocabulary_ == theirs.vocabulary_
        np.testing.assert_allclose(mine.idf_, theirs.idf_)
    want = direct.transform(TEXTS, vectors, sigs, tokens, grams)
    np.testing.assert_allclose(got.toarray(), want.toarray(), rtol=1e-6)
    # and the fitted featuriser reads new text as the directly fitted one does
    np.testing.assert_allclose(f.transform(TEXTS[:3], vectors[:3]).toarray(), want[:3].toarray(), rtol=1e-6)
