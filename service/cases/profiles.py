"""District profiles, built at ingestion beside the classifier and versioned with the index.

A profile is the district's record plus two derived readings used to rank comparable cases and to
state a district's model with a confidence: the sentence embedding of its note's summary and reasons,
and the classifier's calibrated probabilities over the five models on that same text.
"""

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.corpus.district import DistrictRecord
from service.corpus.loader import Document
from service.typology import MODEL_IDS

PROFILES = "districts"
_RECORDS = "records.json"
_VECTORS = "vectors.npy"
# The parts of the English note that describe the place rather than advise on it.
_DESCRIBING = ("## Summary", "## Why")


@dataclass(frozen=True)
class Profile:
    record: DistrictRecord
    probs: dict[str, float]  # the classifier's reading of the note, over the five models
    notes: dict[str, str]  # lang -> the note's text, as the corpus holds it

    @property
    def id(self) -> str:
        return self.record.id


def describing_text(body: str) -> str:
    """The note's summary and 'why' sections, headings dropped."""
    keep, on = [], False
    for line in body.splitlines():
        if line.startswith("## "):
            on = line.startswith(_DESCRIBING)
            continue
        if on and line.strip():
            keep.append(line.lstrip("- ").strip())
    return " ".join(keep)


class ProfilesBuilder:
    """The ingestion artefact, for one ingestion. `classify(staging, texts, vectors)` reads the classifier just
    trained in the same staging version, so profiles and classifier always match. The notes' embedding needs
    no classifier: `prepare` makes it on the thread the corpus embedding leaves idle, while the classifier
    still trains; the build makes it itself when nobody did."""

    def __init__(
        self,
        embed: Callable[[list[str]], np.ndarray],
        classify: Callable[[Path, list[str], np.ndarray], list[dict[str, float]]],
        records: Callable[[], dict[str, DistrictRecord]],
    ) -> None:
        self._embed, self._classify, self._records = embed, classify, records
        self._lock = threading.Lock()
        self._read: _Read | None = None

    def prepare(self, docs: list[Document]) -> None:
        self._reading(docs)

    def __call__(self, folder: Path, docs: list[Document], previous: Path | None) -> dict:
        recs, notes, texts, vectors = self._reading(docs)
        ids = sorted(recs)
        probs = self._classify(folder.parent, texts, vectors) if ids else []
        folder.mkdir(parents=True, exist_ok=True)
        rows = [
            {"record": recs[i].model_dump(mode="json"), "probs": p, "notes": notes[i]}
            for i, p in zip(ids, probs, strict=True)
        ]
        (folder / _RECORDS).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        np.save(folder / _VECTORS, vectors)
        return {"districts": len(ids)}

    def _reading(self, docs: list[Document]) -> "_Read":
        """The records, their notes, and the embedded describing texts, in id order: made once (a second
        caller waits for the first)."""
        with self._lock:
            if self._read is None:
                recs = self._records()
                notes: dict[str, dict[str, str]] = {}
                for d in docs:
                    if d.meta.doc_type == "case" and d.meta.district in recs:
                        notes.setdefault(d.meta.district, {})[d.meta.lang] = d.body
                texts = [describing_text(notes[i]["en"]) for i in sorted(recs)]
                vectors = np.asarray(self._embed(texts), dtype=np.float32) if texts else np.zeros((0, 1), np.float32)
                self._read = (recs, notes, texts, vectors)
            return self._read


_Read = tuple[dict[str, DistrictRecord], dict[str, dict[str, str]], list[str], np.ndarray]


@dataclass
class Profiles:
    items: list[Profile]
    vectors: np.ndarray  # one unit-length row per profile, in the same order

    @classmethod
    def load(cls, folder: Path) -> "Profiles":
        if not (folder / _RECORDS).exists():
            return cls([], np.zeros((0, 1), np.float32))
        rows = json.loads((folder / _RECORDS).read_text(encoding="utf-8"))
        items = [Profile(DistrictRecord.model_validate(r["record"]), r["probs"], r["notes"]) for r in rows]
        vectors = np.load(folder / _VECTORS).astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return cls(items, vectors / np.where(norms == 0, 1, norms))

    def __post_init__(self) -> None:
        self.by_id = {p.id: i for i, p in enumerate(self.items)}
        # the classifier's readings as a matrix, for one dot product with a question's probabilities
        self.model_matrix = np.array(
            [[p.probs.get(m, 0.0) for m in MODEL_IDS] for p in self.items], dtype=np.float32
        ).reshape(len(self.items), len(MODEL_IDS))

    def get(self, district_id: str) -> Profile | None:
        i = self.by_id.get(district_id)
        return None if i is None else self.items[i]
