"""The index folder: versioned builds, an atomically swapped CURRENT pointer and a writer lock.

    index_dir/CURRENT          name of the live version (replaced with os.replace, so readers never
                               see a half-written pointer)
    index_dir/versions/<name>/ chroma/, chunks.json, manifest.json (+ classifier artefacts)
    index_dir/.lock            held by the one process allowed to write

A build happens in versions/.staging-*; a process killed mid-build leaves the live version untouched
and the next build sweeps the leftovers away.
"""

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from service.errors import IndexLockedError, IndexNotFoundError

MANIFEST = "manifest.json"
CHUNKS = "chunks.json"


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class IndexLayout:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.versions = root / "versions"

    def current_name(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return None
        return name if name and (self.versions / name).is_dir() else None

    def current_dir(self) -> Path:
        name = self.current_name()
        if name is None:
            raise IndexNotFoundError(f"no index in {self.root}: run `python -m service ingest`")
        return self.versions / name

    def current_manifest(self) -> dict | None:
        name = self.current_name()
        if name is None:
            return None
        return json.loads((self.versions / name / MANIFEST).read_text(encoding="utf-8"))

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        self.versions.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IndexLockedError(
                    f"another process is writing the index in {self.root}; wait for it to finish"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def new_staging(self) -> Path:
        """A fresh build folder; leftovers of killed builds are removed first (we hold the lock)."""
        for stale in self.versions.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix=".staging-", dir=self.versions))

    def publish(self, staging: Path, name: str) -> Path:
        final = self.versions / name
        os.rename(staging, final)
        _fsync_dir(self.versions)
        pointer = self.root / "CURRENT.tmp"
        with open(pointer, "w") as fh:
            fh.write(name)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(pointer, self.root / "CURRENT")
        _fsync_dir(self.root)
        return final

    def version_names(self) -> set[str]:
        return {p.name for p in self.versions.iterdir() if p.is_dir() and not p.name.startswith(".")}

    def prune(self, keep: int) -> None:
        """Delete all but the newest `keep` versions besides the live one (servers may still read those)."""
        live = self.current_name()
        old = sorted(
            (p for p in self.versions.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name
        )
        old = [p for p in old if p.name != live]
        for path in old[: max(0, len(old) - keep)]:
            shutil.rmtree(path, ignore_errors=True)
