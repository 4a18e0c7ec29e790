"""PDF with pypdf: each page's text layer, one block per line, located by page."""

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from service.documents.model import Block, CorruptDocumentError, EncryptedDocumentError, NoTextLayerError

logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable files warn on every page


def read_pdf(data: bytes, name: str) -> list[Block]:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise CorruptDocumentError(f"{name}: not a PDF file (it does not start with %PDF)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise EncryptedDocumentError(
                f"{name}: the PDF is password-protected; export a copy without a password and send that"
            )
        blocks, images = [], 0
        for n, page in enumerate(reader.pages, 1):
            text = page.extract_text() or ""
            blocks += [Block(line.strip(), f"page {n}") for line in text.splitlines() if line.strip()]
            if not text.strip():
                images += _has_images(page)
    except (EncryptedDocumentError, CorruptDocumentError):
        raise
    except (PdfReadError, FileNotDecryptedError, DependencyError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorruptDocumentError(f"{name}: the PDF is damaged and cannot be read ({exc})") from None
    if not blocks and images:
        raise NoTextLayerError(
            f"{name}: the PDF holds scanned images only, no text; export it with its text or send a .docx"
        )
    return blocks


def _opens_without_password(reader: PdfReader) -> bool:
    """Some PDFs are encrypted only against editing and open with an empty password."""
    try:
        return bool(reader.decrypt(""))
    except (DependencyError, NotImplementedError, PdfReadError):
        return False


def _has_images(page: object) -> bool:
    try:
        return bool(page.images)  # type: ignore[attr-defined]
    except Exception:  # an image stream pypdf cannot decode is still an image
        return True
