"""The document part of the benchmark: a 50,000-character plan assessed end to end, and a 5 MB PDF parsed
and assessed, against the answer timeout."""

import statistics
import time
from io import BytesIO
from pathlib import Path

from service.container import Container
from service.documents.make import noise_png, pdf_bytes
from service.documents.model import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_CHARS
from service.documents.reader import document_from_text, read_document


def long_text(corpus: Path, lang: str, size: int = MAX_DOCUMENT_CHARS) -> str:
    """Real varied prose of the given length: the library's own notes, one after another, headings dropped."""
    out: list[str] = []
    used = 0
    for note in sorted((corpus / "cases").glob(f"*.{lang}.md")):
        for line in note.read_text(encoding="utf-8").splitlines():
            line = line.strip("-# ").strip()
            if len(line) < 20:
                continue
            if used + len(line) + 1 > size:
                return "\n".join(out)
            out.append(line)
            used += len(line) + 1
    return "\n".join(out)


def big_pdf(corpus: Path, target: int = MAX_DOCUMENT_BYTES - 64 * 1024) -> bytes:
    """A PDF just under the upload limit: 40,000 characters of text, then pages of scans (incompressible
    images, each distinct: reportlab would store one image once) until the next would pass `target`."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf_bytes(long_text(corpus, "en", 40_000).split("\n")))))
    data, seed = _written(writer), 0
    while True:
        page = PdfReader(BytesIO(pdf_bytes([], image=noise_png(300, 300, seed), image_pages=1)))
        trial = PdfWriter(clone_from=PdfReader(BytesIO(data)))
        trial.append(page)
        bigger = _written(trial)
        if len(bigger) > target:
            return data
        data, seed = bigger, seed + 1


def _written(writer: object) -> bytes:
    out = BytesIO()
    writer.write(out)  # type: ignore[attr-defined]
    return out.getvalue()


def bench_documents(c: Container, repeats: int) -> dict:
    corpus = c.settings.corpus_dir
    result: dict = {}
    for lang in ("zh", "en"):
        doc = document_from_text(long_text(corpus, lang), f"plan-{lang}.txt")
        c.advisor.assess(doc)  # warm
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            c.advisor.assess(doc)
            times.append(time.perf_counter() - t)
        result[f"assess_50k_{lang}"] = {"characters": doc.characters, "p50_s": round(statistics.median(times), 3)}
    pdf = big_pdf(corpus)
    parse, assess = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        doc = read_document("big.pdf", pdf)
        parse.append(time.perf_counter() - t)
        t = time.perf_counter()
        c.advisor.assess(doc)
        assess.append(time.perf_counter() - t)
    result["pdf_5mb"] = {
        "bytes": len(pdf),
        "characters": doc.characters,
        "parse_p50_s": round(statistics.median(parse), 3),
        "assess_after_parse_p50_s": round(statistics.median(assess), 3),
        "answer_timeout_s": c.settings.answer_timeout_s,
    }
    return result
