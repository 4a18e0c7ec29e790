"""District records and notes: what validation accepts and refuses, naming the file and field."""

from pathlib import Path

import pytest

from service.corpus.glossary import load_glossary
from service.corpus.loader import load_corpus, load_districts
from service.corpus.validate import validate_cases
from service.errors import CorpusError
from tests.case_records import NOTE_EN, NOTE_ZH, record, write_district
from tests.conftest import CORPUS


def _corpus(tmp_path: Path, *records: dict) -> Path:
    root = tmp_path / "corpus"
    for r in records:
        write_district(root, r)
    (root / "glossary.yaml").write_text((CORPUS / "glossary.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_a_valid_record_gives_two_notes_whose_metadata_comes_from_it(tmp_path: Path) -> None:
    root = _corpus(tmp_path, record("alpha_park", primary_model="anchor_company", secondary_models=["market_driven"]))
    docs = {d.meta.doc_id: d for d in load_corpus(root)}
    en, zh = docs["case.alpha_park.en"], docs["case.alpha_park.zh"]
    assert en.meta.models == zh.meta.models == ["anchor_company"]
    assert en.meta.secondary_models == ["market_driven"] and en.meta.district == "alpha_park"
    assert en.meta.title == "Alpha Park" and en.meta.sources[0].url == "https://one.example.org/a"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sources": [{"title": "Only", "url": "https://one.example.org/a"}]}, "sources"),
        (
            {
                "sources": [
                    {"title": "A", "url": "https://one.example.org/a"},
                    {"title": "B", "url": "https://www.one.example.org/b"},
                ]
            },
            "record",  # two pages of one site are not two independent sources
        ),
        ({"primary_model": "seaside"}, "primary_model"),
        ({"names": {"en": "Alpha", "zh": "Alpha"}}, "names.zh"),
        ({"region": "atlantis"}, "region"),
        ({"actors": []}, "actors"),
        ({"colour": "red"}, "colour"),
        ({"secondary_models": ["university_led"]}, "record"),
    ],
)
def test_bad_records_name_the_file_and_field(tmp_path: Path, changes: dict, field: str) -> None:
    root = _corpus(tmp_path, record("alpha_park", **changes))
    with pytest.raises(CorpusError) as exc:
        load_corpus(root)
    assert exc.value.path == "cases/alpha_park.yaml"
    assert exc.value.field.startswith(field), exc.value.field


@pytest.mark.parametrize(
    ("note", "message"),
    [
        (NOTE_EN.replace("## Risks and lessons for planners", "## Thoughts"), "Risks and lessons"),
        (NOTE_EN.replace("in 1990 [1].", "in 1990."), "without a [n] source marker"),
        (NOTE_EN.replace("in 1990 [1].", "in 1990 [7]."), "marker [7] names no source"),
        ("---\ndoc_id: x\n---\n" + NOTE_EN, "takes its metadata from"),
    ],
)
def test_bad_notes_are_refused(tmp_path: Path, note: str, message: str) -> None:
    root = tmp_path / "corpus"
    data = record("alpha_park")
    write_district(root, data, en=note.format(name="Alpha Park"), zh=NOTE_ZH.format(zh=data["names"]["zh"]))
    with pytest.raises(CorpusError) as exc:
        load_corpus(root)
    assert message in exc.value.message and exc.value.path.startswith("cases/alpha_park.")


def test_one_alias_never_names_two_districts(tmp_path: Path) -> None:
    root = _corpus(
        tmp_path,
        record("alpha_park", aliases={"en": ["The Valley"], "zh": []}),
        record("beta_park", aliases={"en": ["the valley"], "zh": []}),
    )
    with pytest.raises(CorpusError, match="already names the district 'alpha_park'"):
        load_districts(root)
    _, problems = validate_cases(root)
    assert any("the valley" in p for p in problems)


def test_a_missing_note_is_named(tmp_path: Path) -> None:
    root = _corpus(tmp_path, record("alpha_park"))
    (root / "cases" / "alpha_park.zh.md").unlink()
    with pytest.raises(CorpusError, match=r"alpha_park\.zh\.md is missing"):
        load_corpus(root)


def test_glossary_district_entries_are_derived_from_records_never_written_twice(tmp_path: Path) -> None:
    root = _corpus(tmp_path, record("alpha_park", aliases={"en": ["Alpha Valley"], "zh": ["阿尔法谷"]}))
    entry = next(e for e in load_glossary(root / "glossary.yaml").entries if e.id == "alpha_park")
    assert entry.kind == "district" and "Alpha Valley" in entry.en and "阿尔法谷" in entry.zh
    text = (root / "glossary.yaml").read_text(encoding="utf-8")
    twice = text.replace("districts:\n", "districts:\n  alpha_park:\n    en: Alpha Park\n    zh: 阿尔法园\n")
    (root / "glossary.yaml").write_text(twice, encoding="utf-8")
    with pytest.raises(CorpusError, match="derived from cases"):
        load_glossary(root / "glossary.yaml")
