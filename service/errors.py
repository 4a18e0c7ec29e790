"""A small error hierarchy: raised inside, translated only at the edges (CLI exit code, HTTP status)."""

from pathlib import Path


class AdvisorError(Exception):
    """Base class for the service's own errors."""


class CorpusError(AdvisorError):
    """A corpus file is malformed. Names the file and the field so the author can fix it."""

    def __init__(self, path: Path | str, field: str, message: str) -> None:
        self.path = str(path)
        self.field = field
        self.message = message
        super().__init__(f"{self.path}: field '{field}': {message}")


class IndexNotFoundError(AdvisorError):
    """No index has been built yet (run `python -m service ingest`)."""


class IndexLockedError(AdvisorError):
    """Another process is writing the index."""


class ConfigError(AdvisorError):
    """A setting names something that does not exist (an unknown embedder, a missing model folder)."""
