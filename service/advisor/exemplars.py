"""Stated concerns with the passages that answer them (train rows that carry `answers`).

A planner's concern votes for the passages that answered the training concerns nearest to it in meaning:
the sentence encoder alone matches a concern to advice by shared meaning of two short texts, which misses
paraphrase ("the contracts office wants royalties no start-up could pay" vs "founder-friendly licensing
terms"); labelled neighbours carry that link. Built at ingestion from vectors the classifier already has.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

EXEMPLARS = "concern_exemplars.npz"
NEIGHBOURS = 5  # training concerns consulted per question (chosen on concerns_dev)


@dataclass
class Exemplars:
    vectors: np.ndarray  # one unit row per training concern
    langs: list[str]
    answers: list[list[str]]  # the passages (verbatim sentences) that answer each

    @classmethod
    def empty(cls) -> "Exemplars":
        return cls(np.zeros((0, 1), dtype=np.float32), [], [])

    @classmethod
    def build(cls, rows: list[tuple[str, list[str]]], vectors: np.ndarray) -> "Exemplars":
        """rows: (language, answers) per training concern, in the order of `vectors`."""
        if not rows:
            return cls.empty()
        v = np.asarray(vectors, dtype=np.float32).reshape(len(rows), -1)
        norms = np.linalg.norm(v, axis=1, keepdims=True)
        return cls(v / np.where(norms == 0, 1, norms), [r[0] for r in rows], [list(r[1]) for r in rows])

    def save(self, folder: Path) -> None:
        np.savez(folder / EXEMPLARS, vectors=self.vectors, langs=np.array(self.langs), answers=json.dumps(self.answers))

    @classmethod
    def load(cls, folder: Path) -> "Exemplars":
        path = folder / EXEMPLARS
        if not path.exists():  # an index built before exemplars existed: no votes, advice by meaning alone
            return cls.empty()
        data = np.load(path, allow_pickle=False)
        return cls(data["vectors"], data["langs"].tolist(), json.loads(str(data["answers"])))

    def votes(self, vector: np.ndarray, lang: str, k: int = NEIGHBOURS) -> dict[str, float]:
        """Each answer passage's share of the k nearest training concerns' similarity (summing to 1)."""
        rows = [i for i, lg in enumerate(self.langs) if lg == lang]
        if not rows:
            return {}
        q = np.asarray(vector, dtype=np.float32).ravel()
        sims = self.vectors[rows] @ (q / (np.linalg.norm(q) or 1.0))
        top = np.argsort(-sims)[:k]
        weights = np.clip(sims[top], 0.0, None)
        total = float(weights.sum()) or 1.0
        out: dict[str, float] = {}
        for j, w in zip(top, weights, strict=True):
            for answer in self.answers[rows[int(j)]]:
                out[answer] = out.get(answer, 0.0) + float(w) / total
        return out
