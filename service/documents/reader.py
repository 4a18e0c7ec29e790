"""read_document: the one entry for every channel (API, CLI, Slack): type by name, limits, clear errors."""

from collections.abc import Callable
from pathlib import PurePath

from service.documents.model import (
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENT_CHARS,
    Block,
    Document,
    DocumentTooLargeError,
    EmptyDocumentError,
    UnsupportedDocumentError,
)
from service.documents.office import read_docx
from service.documents.pdf import read_pdf
from service.documents.plain import blocks_of_text, read_plain

Parser = Callable[[bytes, str], list[Block]]
PARSERS: dict[str, tuple[str, Parser]] = {
    ".txt": ("text", read_plain),
    ".md": ("markdown", read_plain),
    ".markdown": ("markdown", read_plain),
    ".docx": ("docx", read_docx),
    ".pdf": ("pdf", read_pdf),
}
SUPPORTED = ", ".join(sorted({s for s in PARSERS if s != ".markdown"}))


def read_document(name: str, data: bytes) -> Document:
    """The file's text as located blocks, or a DocumentError saying what is wrong with it."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in PARSERS:
        raise UnsupportedDocumentError(f"{name or 'the file'}: unsupported file type; send one of {SUPPORTED}")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLargeError(
            f"{name}: the file is {len(data) / 2**20:.1f} MB; at most {MAX_DOCUMENT_BYTES // 2**20} MB are read"
        )
    if not data:
        raise EmptyDocumentError(f"{name}: the file is empty")
    kind, parse = PARSERS[suffix]
    return _checked(Document(name, kind, tuple(parse(data, name))))


def document_from_text(text: str, name: str = "text") -> Document:
    """Pasted text, read like a .txt file."""
    return _checked(Document(name, "text", tuple(blocks_of_text(text))))


def _checked(doc: Document) -> Document:
    if not doc.blocks:
        raise EmptyDocumentError(f"{doc.name}: the document holds no text to read")
    if doc.characters > MAX_DOCUMENT_CHARS:
        raise DocumentTooLargeError(
            f"{doc.name}: the text is {doc.characters:,} characters; at most {MAX_DOCUMENT_CHARS:,} are read. "
            "Send the sections that describe the place (location, current state, industry, research, policy)"
        )
    return doc
