"""Writing real .pdf and .docx files: the benchmark and the tests build their documents with these."""

import io
import textwrap

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

_CJK_FONT = "STSong-Light"  # one of reportlab's built-in CID fonts: no font file needed
_WIDTH = {"zh": 38, "en": 90}  # characters a line


def pdf_bytes(paragraphs: list[str], lang: str = "en", image: bytes | None = None, image_pages: int = 0) -> bytes:
    """A PDF whose text layer holds the paragraphs, wrapped onto A4 pages. `image` (PNG bytes) is drawn on
    each of `image_pages` further pages, with no text: a scanned page, or bulk for a large file."""
    if lang == "zh" and _CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_CJK_FONT))
    font = _CJK_FONT if lang == "zh" else "Helvetica"
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 800.0
    for para in paragraphs:
        for line in textwrap.wrap(para, _WIDTH[lang]) or [""]:
            if y < 60:
                c.showPage()
                y = 800.0
            c.setFont(font, 11)
            c.drawString(50, y, line)
            y -= 16
        y -= 8
    if paragraphs:
        c.showPage()
    for _ in range(image_pages):
        from reportlab.lib.utils import ImageReader

        c.drawImage(ImageReader(io.BytesIO(image or b"")), 40, 120, width=515, height=680)
        c.showPage()
    c.save()
    return buf.getvalue()


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    from docx import Document

    doc = Document()
    for para in paragraphs:
        doc.add_paragraph(para)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for k, cell in enumerate(row):
                t.cell(r, k).text = cell
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def noise_png(width: int, height: int, seed: int = 0) -> bytes:
    """An incompressible image, standing in for a scanned page."""
    import numpy as np
    from PIL import Image

    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()
