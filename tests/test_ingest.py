"""Ingestion: idempotent, incremental, atomic, and strict about malformed files."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from service.errors import CorpusError, IndexLockedError
from service.ingest.layout import IndexLayout
from service.ingest.pipeline import ingest
from tests.conftest import CORPUS, REPO, write_doc
from tests.fakes import FakeEmbedder


def run(corpus: Path, index: Path, embedder: FakeEmbedder | None = None):
    return ingest(corpus, index, embedder or FakeEmbedder(), show_progress=False)


def test_second_run_embeds_nothing_and_keeps_ids(mini_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = run(mini_corpus, index)
    ids = IndexLayout(index).current_manifest()["chunk_ids"]
    again = FakeEmbedder()
    second = run(mini_corpus, index, again)
    assert first.changed and first.added == first.chunks > 0
    assert not second.changed and second.added == 0 and again.embedded == []
    assert IndexLayout(index).current_manifest()["chunk_ids"] == ids
    assert second.corpus_version == first.corpus_version


def test_an_edit_re_embeds_only_that_files_chunks(mini_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run(mini_corpus, index)
    write_doc(
        mini_corpus,
        "beta_city",
        "en",
        "Beta City",
        "market_driven",
        "Beta City's start-up scene formed around cheap rents.\n\nA new paragraph about venture capital.",
    )
    emb = FakeEmbedder()
    report = run(mini_corpus, index, emb)
    assert report.changed and report.added >= 1 and report.removed >= 1
    assert emb.embedded and all(t.startswith("Beta City") for t in emb.embedded)
    manifest = IndexLayout(index).current_manifest()
    assert manifest["corpus_version"] == report.corpus_version


def test_a_deleted_file_disappears_from_the_index(mini_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run(mini_corpus, index)
    (mini_corpus / "cases" / "beta_city.en.md").unlink()
    report = run(mini_corpus, index)
    manifest = IndexLayout(index).current_manifest()
    assert report.removed >= 1 and not any(i.startswith("case.beta_city") for i in manifest["chunk_ids"])
    chunks = json.loads((IndexLayout(index).current_dir() / "chunks.json").read_text())
    assert {c["doc_id"] for c in chunks} == {"case.alpha_park.en", "case.gamma_hub.zh"}


@pytest.mark.parametrize(
    ("front", "field"),
    [
        ("lang: fr", "lang"),
        ("doc_type: novel", "doc_type"),
        ("models: [space_port]", "models.0"),
        ("doc_id: not an id", "doc_id"),
        ("colour: red", "colour"),
    ],
)
def test_malformed_front_matter_names_file_and_field(mini_corpus: Path, front: str, field: str) -> None:
    path = mini_corpus / "cases" / "alpha_park.en.md"
    key = front.split(":")[0]
    lines = [ln for ln in path.read_text().splitlines() if not ln.startswith(f"{key}:")]
    lines.insert(1, front)
    path.write_text("\n".join(lines))
    with pytest.raises(CorpusError) as exc:
        run(mini_corpus, mini_corpus.parent / "index")
    assert exc.value.field == field and exc.value.path.endswith("alpha_park.en.md")


def test_cli_exits_2_with_one_line_and_leaves_the_index_alone(mini_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run(mini_corpus, index)
    before = IndexLayout(index).current_name()
    bad = mini_corpus / "cases" / "beta_city.en.md"
    bad.write_text(bad.read_text().replace("lang: en", "lang: klingon"))
    proc = subprocess.run(
        [sys.executable, "-m", "service", "ingest", "--corpus", str(mini_corpus), "--index", str(index)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "beta_city.en.md" in lines[0] and "'lang'" in lines[0]
    assert IndexLayout(index).current_name() == before


def test_a_second_writer_fails_fast(mini_corpus: Path, tmp_path: Path) -> None:
    layout = IndexLayout(tmp_path / "index")
    with layout.writer_lock(), pytest.raises(IndexLockedError):
        run(mini_corpus, tmp_path / "index")


def test_artefacts_built_beside_the_embedding_land_in_the_new_version(mini_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    seen: list[Path | None] = []

    def build(folder: Path, docs: list, previous: Path | None) -> dict:
        seen.append(previous)
        folder.mkdir(parents=True)
        (folder / "made").write_text("yes")
        return {"docs": len(docs)}

    for version in ("a", "b"):
        ingest(
            mini_corpus,
            index,
            FakeEmbedder(),
            show_progress=False,
            artefacts={"extra": build},
            artefacts_version=version,
        )
    current = IndexLayout(index).current_dir()
    assert (current / "extra" / "made").read_text() == "yes"
    assert IndexLayout(index).current_manifest()["artefact_info"]["extra"]["docs"] > 0
    assert seen[0] is None and seen[1] is not None and seen[1].name == "extra"


def test_a_failing_artefact_leaves_the_live_index_alone(mini_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run(mini_corpus, index)
    before = IndexLayout(index).current_manifest()

    def broken(folder: Path, docs: list, previous: Path | None) -> dict:
        raise RuntimeError("training failed")

    with pytest.raises(RuntimeError, match="training failed"):
        ingest(
            mini_corpus, index, FakeEmbedder(), show_progress=False, artefacts={"clf": broken}, artefacts_version="2"
        )
    assert IndexLayout(index).current_manifest() == before


def test_an_artefacts_prepare_runs_on_the_main_thread_once_the_corpus_is_embedded(
    mini_corpus: Path, tmp_path: Path
) -> None:
    """The district profiles embed their notes there while the classifier still trains in the other thread."""
    calls: list[tuple[str, str]] = []

    class Builder:
        def prepare(self, docs: list) -> None:
            calls.append(("prepare", threading.current_thread().name))

        def __call__(self, folder: Path, docs: list, previous: Path | None) -> dict:
            calls.append(("build", threading.current_thread().name))
            return {}

    class CountingEmbedder(FakeEmbedder):
        def embed(self, texts):  # type: ignore[no-untyped-def]
            calls.append(("embed", threading.current_thread().name))
            return super().embed(texts)

    ingest(mini_corpus, tmp_path / "index", CountingEmbedder(), show_progress=False, artefacts={"x": Builder()})
    main = threading.main_thread().name
    kinds = [k for k, _ in calls]
    assert ("prepare", main) in calls and kinds.count("prepare") == 1
    assert kinds.index("prepare") > max(i for i, k in enumerate(kinds) if k == "embed")  # after the corpus
    assert [t for k, t in calls if k == "build"] != [main]  # the build itself runs beside


def test_district_profiles_embed_their_notes_once_whoever_asks_first(tmp_path: Path) -> None:
    from service.cases.profiles import ProfilesBuilder
    from service.corpus.loader import load_corpus, load_districts

    embedded: list[int] = []

    def embed(texts: list[str]):  # type: ignore[no-untyped-def]
        embedded.append(len(texts))
        return FakeEmbedder().embed(texts)

    def classify(version: Path, texts: list[str], vectors) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
        return [{"university_led": 1.0} for _ in texts]

    docs = load_corpus(CORPUS)
    builder = ProfilesBuilder(embed, classify, lambda: load_districts(CORPUS))
    builder.prepare(docs)
    report = builder(tmp_path / "v" / "districts", docs, None)
    assert embedded == [report["districts"]] and report["districts"] > 100
