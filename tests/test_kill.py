"""A process killed (SIGKILL) in the middle of ingestion leaves the previous index whole and serving."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from service.corpus.glossary import load_glossary
from service.ingest.pipeline import ingest
from service.retrieval.hybrid import HybridRetriever
from service.retrieval.index import IndexReader
from service.retrieval.tokenize import Tokenizer
from tests.conftest import REPO, write_doc
from tests.fakes import FakeEmbedder

CHILD = """
import sys
from pathlib import Path
from service.ingest.pipeline import ingest
from tests.fakes import SlowEmbedder
corpus, index, marker = map(Path, sys.argv[1:4])
ingest(corpus, index, SlowEmbedder(marker), show_progress=False)
"""


def test_sigkill_mid_ingest_keeps_the_old_index_serving(mini_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    ingest(mini_corpus, index, FakeEmbedder(), show_progress=False)
    reader = IndexReader(index)
    glossary = load_glossary(mini_corpus / "glossary.yaml")
    retriever = HybridRetriever(reader, FakeEmbedder(), glossary, Tokenizer(glossary.zh_words()))
    before = [h.chunk.chunk_id for h in retriever.search("cheap rents warehouses", k=3)]
    old_version = reader.get().corpus_version

    write_doc(mini_corpus, "delta_lab", "en", "Delta Lab", "science_facility", "A national laboratory.")
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(mini_corpus), str(index), str(marker)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "the child never reached the embedding step"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)

    assert reader.get().corpus_version == old_version
    assert [h.chunk.chunk_id for h in retriever.search("cheap rents warehouses", k=3)] == before
    assert list((index / "versions").glob(".staging-*")), "the killed build left its staging folder"

    report = ingest(mini_corpus, index, FakeEmbedder(), show_progress=False)
    assert report.changed and report.corpus_version != old_version
    assert not list((index / "versions").glob(".staging-*"))
    assert any(h.chunk.doc_id == "case.delta_lab.en" for h in retriever.search("national laboratory", k=3))
