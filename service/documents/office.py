"""Word documents (.docx) with python-docx: paragraphs and table cells, located by number."""

import io
import zipfile

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError

from service.documents.model import Block, CorruptDocumentError, EncryptedDocumentError

# Office wraps a password-protected .docx in an OLE compound file instead of a zip.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes, name: str) -> list[Block]:
    if data.startswith(_OLE):
        raise EncryptedDocumentError(
            f"{name}: the document is password-protected; save a copy without a password and send that"
        )
    try:
        doc = open_docx(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise CorruptDocumentError(f"{name}: not a readable .docx file ({exc})") from None
    blocks = [Block(p.text.strip(), f"paragraph {n}") for n, p in enumerate(doc.paragraphs, 1) if p.text.strip()]
    for t, table in enumerate(doc.tables, 1):
        for r, row in enumerate(table.rows, 1):
            cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))  # merged cells repeat
            if cells:
                blocks.append(Block(" | ".join(cells), f"table {t}, row {r}"))
    return blocks
