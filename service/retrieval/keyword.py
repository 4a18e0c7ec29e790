"""BM25 over the tokens stored with each chunk."""

import numpy as np
from rank_bm25 import BM25Okapi


class KeywordIndex:
    def __init__(self, tokens: list[list[str]]) -> None:
        # BM25Okapi divides by the corpus size; an empty document list would fail, so keep one blank row.
        self._bm25 = BM25Okapi(tokens or [[]])
        self._n = len(tokens)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        if not query_tokens or self._n == 0:
            return np.zeros(self._n)
        return np.asarray(self._bm25.get_scores(query_tokens))[: self._n]
