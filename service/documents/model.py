"""A document as the advisor reads it: blocks of text, each with where it stands in the file."""

from dataclasses import dataclass

from service.errors import AdvisorError

MAX_DOCUMENT_CHARS = 50_000  # the text read, whether pasted or extracted from a file
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # an uploaded file


@dataclass(frozen=True)
class Block:
    text: str  # verbatim from the document (a line, a paragraph, a page's text)
    where: str  # "line 12", "paragraph 4", "table 1", "page 3"


@dataclass(frozen=True)
class Document:
    name: str
    kind: str  # text | markdown | docx | pdf
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def characters(self) -> int:
        return sum(len(b.text) for b in self.blocks)


class DocumentError(AdvisorError):
    """A document the advisor cannot read; the message says why and what to send instead."""

    status = 422


class UnsupportedDocumentError(DocumentError):
    status = 415


class DocumentTooLargeError(DocumentError):
    status = 413


class EncryptedDocumentError(DocumentError):
    """Password-protected: the advisor never asks for or tries passwords."""


class NoTextLayerError(DocumentError):
    """A scanned, image-only file: there is no text to read (no OCR here)."""


class CorruptDocumentError(DocumentError):
    """The bytes are not a readable file of the type its name says."""


class EmptyDocumentError(DocumentError):
    """The file holds no text at all."""
