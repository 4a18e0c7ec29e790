"""The generator interface: a Brief in, a Draft (text and verified citations) out."""

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field

from service.advisor.brief import Brief
from service.advisor.composer import OfflineComposer
from service.advisor.types import Citation


@dataclass
class Draft:
    text: str
    citations: list[Citation]
    generator: str
    verified: bool = True
    verification: list[str] = field(default_factory=list)  # why the draft was flagged or fell back
    prompt: str | None = None  # prompt id@version, when a language model wrote it


class Generator(ABC):
    name: str

    @abstractmethod
    def generate(self, brief: Brief) -> Draft:
        """Word the brief. Never raises for a provider failure: it falls back to the offline composer."""

    def stream(self, brief: Brief) -> Iterator[str | Draft]:
        """Text pieces as they are written, then the final Draft. By default, paragraph by paragraph."""
        draft = self.generate(brief)
        for piece in draft.text.split("\n\n"):
            yield piece + "\n\n"
        yield draft


class OfflineGenerator(Generator):
    """The deterministic composer; the default and what CI runs."""

    name = "offline"

    def __init__(self, composer: OfflineComposer | None = None) -> None:
        self.composer = composer or OfflineComposer()

    def generate(self, brief: Brief) -> Draft:
        text, citations = self.composer.compose(brief)
        return Draft(text=text, citations=citations, generator=self.name)
