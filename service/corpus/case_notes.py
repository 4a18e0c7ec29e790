"""Case notes: a district record (<id>.yaml) and its two prose notes (<id>.en.md, <id>.zh.md).

The notes carry no front-matter of their own: their metadata is derived from the record, so a model,
an alias or a source is written once. The body follows a fixed outline, and every key fact names the
source it came from as a [n] marker into the record's source list.
"""

import re
from pathlib import Path

from service.corpus.district import DistrictRecord
from service.corpus.schema import DocMeta
from service.corpus.yaml_model import parse_yaml_model
from service.errors import CorpusError

# The sections every note has, by the start of their heading, in order.
OUTLINE: dict[str, tuple[str, ...]] = {
    "en": ("Summary", "Key facts", "Why", "Risks and lessons", "Where", "Sources"),
    "zh": ("概述", "关键事实", "为何", "风险与规划启示", "出入", "资料来源"),
}
_KEY_FACTS = {"en": "Key facts", "zh": "关键事实"}
_MARKER = re.compile(r"\[(\d+(?:\s*[,，]\s*\d+)*)\]")
_HEADING = re.compile(r"^(#{1,2})\s+(.+?)\s*$", re.M)


def load_record(path: Path, rel: str) -> DistrictRecord:
    record = parse_yaml_model(path.read_text(encoding="utf-8"), DistrictRecord, rel, "record")
    if path.name != f"{record.id}.yaml":
        raise CorpusError(rel, "id", f"'{record.id}' means the file should be named {record.id}.yaml")
    return record


def note_meta(record: DistrictRecord, lang: str, title: str) -> DocMeta:
    return DocMeta(
        doc_id=f"case.{record.id}.{lang}",
        title=title,
        doc_type="case",
        lang=lang,  # type: ignore[arg-type]
        models=[record.primary_model],
        trends=record.trends,
        district=record.id,
        secondary_models=record.secondary_models,
        sources=[{"title": s.title, "url": s.url} for s in record.sources],  # type: ignore[misc]
        disputed=record.disputed,
    )


def check_note(body: str, lang: str, record: DistrictRecord, rel: str) -> str:
    """Validate a note's outline and key-fact markers; return its title."""
    headings = [(len(m.group(1)), m.group(2), m.end()) for m in _HEADING.finditer(body)]
    if not headings or headings[0][0] != 1:
        raise CorpusError(rel, "body", "a note starts with one '# Title' line")
    sections = [(name, end) for level, name, end in headings if level == 2]
    expected = OUTLINE[lang]
    names = [name for name, _ in sections]
    for want in expected:
        if not any(want in name for name in names):
            raise CorpusError(rel, "body", f"the '## {want}…' section is missing (outline: {', '.join(expected)})")
    _check_markers(body, sections, lang, len(record.sources), rel)
    return headings[0][1]


def _check_markers(body: str, sections: list[tuple[str, int]], lang: str, n_sources: int, rel: str) -> None:
    starts = [end for _, end in sections] + [len(body)]
    for i, (name, end) in enumerate(sections):
        if not name.startswith(_KEY_FACTS[lang]):
            continue
        bullets = [ln for ln in body[end : starts[i + 1]].splitlines() if ln.startswith("- ")]
        if not bullets:
            raise CorpusError(rel, "body", "the key facts section has no '- ' bullets")
        for line in bullets:
            found = _MARKER.findall(line)
            if not found:
                raise CorpusError(rel, "body", f"key fact without a [n] source marker: {line[:80]!r}")
            for group in found:
                for n in re.split(r"\s*[,，]\s*", group):
                    if not 1 <= int(n) <= n_sources:
                        raise CorpusError(rel, "body", f"marker [{n}] names no source (there are {n_sources})")
