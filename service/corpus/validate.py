"""Check district records and their notes one by one, collecting every problem instead of stopping at
the first: what an author runs while writing notes (`python -m service validate`)."""

from pathlib import Path

from service.corpus.case_notes import load_record
from service.corpus.loader import alias_key, parse_document
from service.errors import CorpusError


def validate_cases(corpus_dir: Path, ids: list[str] | None = None) -> tuple[int, list[str]]:
    """(records checked, problems as 'file: field: message' lines). Alias clashes are checked across the
    whole library, whichever ids are asked for."""
    problems: list[str] = []
    owner: dict[str, str] = {}
    checked = 0
    for path in sorted((corpus_dir / "cases").glob("*.yaml")):
        rel = path.relative_to(corpus_dir).as_posix()
        try:
            record = load_record(path, rel)
        except CorpusError as exc:
            if ids is None or path.stem in ids:
                problems.append(str(exc))
            continue
        for form in record.forms():
            other = owner.setdefault(alias_key(form), record.id)
            if other != record.id and (ids is None or {record.id, other} & set(ids)):
                problems.append(f"{rel}: field 'aliases': '{form}' already names the district '{other}'")
        if ids is not None and record.id not in ids:
            continue
        checked += 1
        for lang in ("en", "zh"):
            note = path.with_name(f"{record.id}.{lang}.md")
            if not note.exists():
                problems.append(f"cases/{note.name}: field 'notes': the note is missing")
                continue
            try:
                parse_document(note, f"cases/{note.name}", record)
            except CorpusError as exc:
                problems.append(str(exc))
    return checked, problems
