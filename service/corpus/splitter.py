"""Split documents into chunks by section, with language-aware separators and stable content-hash ids."""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from langchain_text_splitters import RecursiveCharacterTextSplitter

from service.corpus.loader import Document
from service.typology import MODEL_IDS, TREND_IDS

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*$", re.M)

# Chinese sentences end in full-width punctuation, and the article also uses ASCII commas between clauses.
_SEPARATORS = {
    "zh": ["\n\n", "\n", "。", "！", "？", "!", "?", "；", ";", "，", ",", "、", ""],
    "en": ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""],
}
# Sizes in characters: a Chinese character carries about as much as an English word.
_SIZES = {"zh": (260, 40), "en": (700, 100)}
# Reference lists are provenance, already in the front-matter; as passages they only add retrieval noise.
_SKIPPED_SECTIONS = {"Sources", "资料来源"}


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    text: str
    section: str
    start: int  # character offsets into the document body: body[start:end] == text
    end: int
    lang: str
    doc_type: str
    title: str
    path: str
    models: list[str] = field(default_factory=list)
    trends: list[str] = field(default_factory=list)
    district: str = ""

    def embedding_text(self) -> str:
        """What the embedder sees: the title and section give a short passage its context."""
        return f"{self.title} | {self.section}\n{self.text}"

    def to_dict(self) -> dict:
        return asdict(self)


def _sections(body: str) -> list[tuple[str, int, int]]:
    """(heading, start of its text, end) for each `##`/`###` section; text before the first is 'intro'."""
    marks = [(m.group(2), m.start(), m.end()) for m in _HEADING.finditer(body) if len(m.group(1)) > 1]
    title_end = 0
    first = _HEADING.search(body)
    if first and len(first.group(1)) == 1:
        title_end = first.end()
    out: list[tuple[str, int, int]] = []
    if not marks or body[title_end : marks[0][1]].strip():
        out.append(("intro", title_end, marks[0][1] if marks else len(body)))
    for i, (name, _, text_start) in enumerate(marks):
        out.append((name, text_start, marks[i + 1][1] if i + 1 < len(marks) else len(body)))
    return out


def _tags(doc: Document, section: str) -> tuple[list[str], list[str]]:
    meta = doc.meta
    if meta.section_tags:  # a document spanning several models tags each section instead
        tags = meta.section_tags.get(section, [])
        return [t for t in tags if t in MODEL_IDS], [t for t in tags if t in TREND_IDS]
    return list(dict.fromkeys([*meta.models, *meta.secondary_models])), list(meta.trends)


def split_document(doc: Document) -> list[Chunk]:
    lang = doc.meta.lang
    size, overlap = _SIZES[lang]
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, separators=_SEPARATORS[lang], keep_separator="end"
    )
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for section, start, end in _sections(doc.body):
        if section in _SKIPPED_SECTIONS:
            continue
        models, trends = _tags(doc, section)
        cursor = start
        for piece in splitter.split_text(doc.body[start:end]):
            piece = piece.strip()
            if not piece:
                continue
            offset = doc.body.find(piece, cursor)
            if offset < 0:  # overlap can step back before the cursor
                offset = doc.body.find(piece, start)
            cursor = offset + 1
            fingerprint = json.dumps(
                [doc.meta.doc_id, section, piece, doc.meta.title, models, trends, doc.meta.district],
                ensure_ascii=False,
            )
            digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
            seen[digest] = seen.get(digest, 0) + 1
            suffix = "" if seen[digest] == 1 else f"-{seen[digest]}"
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.meta.doc_id}#{digest}{suffix}",
                    doc_id=doc.meta.doc_id,
                    text=piece,
                    section=section,
                    start=offset,
                    end=offset + len(piece),
                    lang=lang,
                    doc_type=doc.meta.doc_type,
                    title=doc.meta.title,
                    path=doc.path,
                    models=models,
                    trends=trends,
                    district=doc.meta.district or "",
                )
            )
    return chunks


def corpus_version(chunk_ids: list[str]) -> str:
    """A short hash of the sorted chunk ids: equal ids, equal corpus."""
    return hashlib.sha256("\n".join(sorted(chunk_ids)).encode()).hexdigest()[:16]
