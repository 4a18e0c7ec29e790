"""Chroma's server mode: a real `chroma run` on a loopback port; ingestion and the API against it."""

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.container import Container
from service.loopback import free_port
from service.settings import Settings
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    exe = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(tmp_path_factory.mktemp("chroma")), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            break
        except Exception:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def test_ingest_and_answer_through_chroma_server(chroma_port: int, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        database_url="sqlite://",
        chroma_host="127.0.0.1",
        chroma_port=chroma_port,
    )
    first = Container(settings).ingest(show_progress=False)
    assert first.changed and first.added == first.chunks

    note = corpus / "cases" / "detroit.en.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(
        text.replace("## Summary\n", "## Summary\n\nDetroit is the advisor's test of an incremental edit.\n", 1),
        encoding="utf-8",
    )
    c = Container(settings)
    second = c.ingest(show_progress=False)
    assert second.changed and 0 < second.added <= 3 and second.removed <= 3  # only the edited chunk re-embedded
    assert not c.ingest(show_progress=False).changed

    names = {col.name for col in chromadb.HttpClient(host="127.0.0.1", port=chroma_port).list_collections()}
    assert f"chunks-v{Path(second.version_dir).name}" in names

    with TestClient(create_app(c, load_in_background=False)) as client:
        r = client.post("/v1/chat", json={"message": "我们市有一家龙头车企和上百家配套供应商，适合哪种模式？"})
        assert r.status_code == 200 and r.json()["model"]["id"] == "anchor_company"
        hits = client.post("/v1/search", json={"query": "Detroit incremental edit", "k": 3}).json()["hits"]
        assert any("incremental edit" in h["text"] for h in hits)
