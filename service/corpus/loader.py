"""Load and validate every document under the corpus folder. Any malformed file raises CorpusError."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from service.corpus.schema import DocMeta
from service.errors import CorpusError

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
# Invisible characters that break tokenisation and verbatim matching; removing them changes no word.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)


@dataclass(frozen=True)
class Document:
    meta: DocMeta
    body: str
    path: str  # relative to the corpus folder, for messages and metadata


def clean(text: str) -> str:
    """Normalise line endings and spacing only; the words stay exactly as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def parse_document(path: Path, rel: str) -> Document:
    raw = clean(path.read_text(encoding="utf-8"))
    match = _FRONT.match(raw)
    if not match:
        raise CorpusError(rel, "front-matter", "the file must start with a '---' YAML block closed by '---'")
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise CorpusError(rel, "front-matter", f"invalid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise CorpusError(rel, "front-matter", "must be a mapping of field: value")
    try:
        meta = DocMeta.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "front-matter"
        raise CorpusError(rel, field, err["msg"]) from exc
    for field, message in meta.problems():
        raise CorpusError(rel, field, message)
    expected_name = f"{meta.slug}.{meta.lang}.md"
    if path.name != expected_name:
        raise CorpusError(rel, "doc_id", f"'{meta.doc_id}' means the file should be named {expected_name}")
    body = raw[match.end() :].strip() + "\n"
    if not body.strip():
        raise CorpusError(rel, "body", "the document has no text")
    return Document(meta=meta, body=body, path=rel)


def load_corpus(corpus_dir: Path) -> list[Document]:
    """Every `*.md` below corpus_dir except README files, validated, sorted by doc_id."""
    if not corpus_dir.is_dir():
        raise CorpusError(corpus_dir, "corpus_dir", "is not a folder")
    docs: dict[str, Document] = {}
    for path in sorted(corpus_dir.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        rel = path.relative_to(corpus_dir).as_posix()
        doc = parse_document(path, rel)
        if doc.meta.doc_id in docs:
            other = docs[doc.meta.doc_id].path
            raise CorpusError(rel, "doc_id", f"'{doc.meta.doc_id}' is already used by {other}")
        docs[doc.meta.doc_id] = doc
    if not docs:
        raise CorpusError(corpus_dir, "corpus_dir", "holds no Markdown documents")
    return [docs[k] for k in sorted(docs)]
