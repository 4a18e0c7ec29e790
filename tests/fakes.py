"""Test doubles injected where production takes an interface (never patched into modules)."""

import hashlib
import time
from pathlib import Path

import numpy as np

from service.providers.embeddings import Embedder
from service.retrieval.tokenize import Tokenizer


class FakeEmbedder(Embedder):
    """Deterministic bag-of-tokens hashing embedder; records every text it embeds."""

    name = "fake-hash"

    def __init__(self, dim: int = 64) -> None:
        super().__init__()
        self.dim = dim
        self.embedded: list[str] = []
        self._tok = Tokenizer()

    def _load(self) -> object:
        return object()

    def _encode(self, model: object, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in self._tok(text) or ["<empty>"]:
                h = int(hashlib.md5(token.encode()).hexdigest(), 16)
                out[row, h % self.dim] += 1.0 if (h >> 8) % 2 else -1.0
            out[row, 0] += 1e-3  # never an all-zero row
        return out


class SlowEmbedder(FakeEmbedder):
    """Announces through a marker file that embedding has started, then stalls, so a test can kill it."""

    def __init__(self, marker: Path, delay: float = 30.0) -> None:
        super().__init__()
        self.marker, self.delay = marker, delay

    def _encode(self, model: object, texts: list[str]) -> np.ndarray:
        self.marker.write_text("embedding")
        time.sleep(self.delay)
        return super()._encode(model, texts)
