"""Load and validate every document under the corpus folder. Any malformed file raises CorpusError."""

import re
from dataclasses import dataclass
from pathlib import Path

from service.corpus.case_notes import check_note, load_record, note_meta
from service.corpus.district import DistrictRecord
from service.corpus.schema import DocMeta
from service.corpus.yaml_model import parse_yaml_model
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


def parse_document(path: Path, rel: str, record: DistrictRecord | None = None) -> Document:
    raw = clean(path.read_text(encoding="utf-8"))
    match = _FRONT.match(raw)
    if record is not None:
        return _case_note(raw, path, rel, record, has_front=bool(match))
    if not match:
        raise CorpusError(rel, "front-matter", "the file must start with a '---' YAML block closed by '---'")
    meta = parse_yaml_model(match.group(1), DocMeta, rel, "front-matter")
    for field, message in meta.problems():
        raise CorpusError(rel, field, message)
    expected_name = f"{meta.slug}.{meta.lang}.md"
    if path.name != expected_name:
        raise CorpusError(rel, "doc_id", f"'{meta.doc_id}' means the file should be named {expected_name}")
    body = raw[match.end() :].strip() + "\n"
    if not body.strip():
        raise CorpusError(rel, "body", "the document has no text")
    return Document(meta=meta, body=body, path=rel)


def _case_note(raw: str, path: Path, rel: str, record: DistrictRecord, has_front: bool) -> Document:
    if has_front:
        raise CorpusError(rel, "front-matter", f"a case note takes its metadata from {record.id}.yaml; remove it")
    lang = path.name.split(".")[1]
    if lang not in ("en", "zh"):
        raise CorpusError(rel, "lang", f"'{lang}' is not en or zh (name notes {record.id}.en.md, {record.id}.zh.md)")
    title = check_note(raw, lang, record, rel)
    return Document(meta=note_meta(record, lang, title), body=raw.strip() + "\n", path=rel)


def load_districts(corpus_dir: Path) -> dict[str, DistrictRecord]:
    """Every district record (cases/*.yaml), validated, with no alias naming two districts."""
    records: dict[str, DistrictRecord] = {}
    owner: dict[str, str] = {}
    for path in sorted((corpus_dir / "cases").glob("*.yaml")):
        rel = path.relative_to(corpus_dir).as_posix()
        record = load_record(path, rel)
        for form in record.forms():
            key = alias_key(form)
            if owner.setdefault(key, record.id) != record.id:
                raise CorpusError(rel, "aliases", f"'{form}' already names the district '{owner[key]}'")
        records[record.id] = record
    return records


def alias_key(form: str) -> str:
    """How two spellings of a name are judged the same: case, spaces and punctuation aside."""
    return re.sub(r"[\s\-_'’.·,()（）]+", "", form.casefold())


def load_corpus(corpus_dir: Path) -> list[Document]:
    """Every `*.md` below corpus_dir except README files, validated, sorted by doc_id."""
    if not corpus_dir.is_dir():
        raise CorpusError(corpus_dir, "corpus_dir", "is not a folder")
    records = load_districts(corpus_dir)
    docs: dict[str, Document] = {}
    for path in sorted(corpus_dir.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        rel = path.relative_to(corpus_dir).as_posix()
        stem = path.name.split(".")[0]
        record = records.get(stem) if path.parent == corpus_dir / "cases" else None
        doc = parse_document(path, rel, record)
        if doc.meta.doc_id in docs:
            other = docs[doc.meta.doc_id].path
            raise CorpusError(rel, "doc_id", f"'{doc.meta.doc_id}' is already used by {other}")
        docs[doc.meta.doc_id] = doc
    if not docs:
        raise CorpusError(corpus_dir, "corpus_dir", "holds no Markdown documents")
    for rid in records:
        for lang in ("en", "zh"):
            if f"case.{rid}.{lang}" not in docs:
                raise CorpusError(f"cases/{rid}.yaml", "notes", f"the note cases/{rid}.{lang}.md is missing")
    return [docs[k] for k in sorted(docs)]
