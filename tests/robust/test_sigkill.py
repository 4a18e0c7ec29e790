"""SIGKILL during a re-ingest, 20 times: the service keeps answering from the previous index every time,
and the next ingest completes."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from service.ingest.layout import IndexLayout
from service.loopback import ServerProcess
from tests.conftest import CORPUS, REPO

pytestmark = pytest.mark.robust
ROUNDS = 20


def edit(corpus: Path, n: int) -> None:
    note = corpus / "cases" / "detroit.en.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(
        text.replace("## Summary\n", f"## Summary\n\nRevision {n} of the Detroit note.\n", 1), encoding="utf-8"
    )


def test_killed_ingests_never_take_the_service_down(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    env = {**os.environ, "ADVISOR_CORPUS_DIR": str(corpus), "ADVISOR_INDEX_DIR": str(index)}
    ingest = [sys.executable, "-m", "service", "ingest", "--quiet"]
    subprocess.run(ingest, cwd=REPO, env=env, check=True, capture_output=True, timeout=300)
    layout = IndexLayout(index)
    live = layout.current_name()
    server = ServerProcess(
        {
            "ADVISOR_CORPUS_DIR": str(corpus),
            "ADVISOR_INDEX_DIR": str(index),
            "ADVISOR_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite",
            "ADVISOR_RATE_LIMIT_PER_MINUTE": "0",
        },
        cwd=REPO,
    )
    try:
        old_version = httpx.get(f"{server.url}/readyz").json()["corpus_version"]
        rng = random.Random(7)
        for n in range(ROUNDS):
            edit(corpus, n)
            proc = subprocess.Popen(ingest, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while not list(layout.versions.glob(".staging-*")) and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 2.0))  # somewhere in embedding, copying or training
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            assert layout.current_name() == live, f"round {n}: a killed build was published"
            r = httpx.post(f"{server.url}/v1/chat", json={"message": "What happened to Detroit?"}, timeout=30)
            assert r.status_code == 200 and r.json()["corpus_version"] == old_version, f"round {n}"

        done = subprocess.run(ingest, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert layout.current_name() != live and not list(layout.versions.glob(".staging-*"))
        new_version = httpx.get(f"{server.url}/readyz").json()["corpus_version"]
        assert new_version != old_version  # the server followed the new version without a restart
        hits = httpx.post(f"{server.url}/v1/search", json={"query": "Revision 19 of the Detroit note", "k": 3}).json()
        assert any("Revision 19" in h["text"] for h in hits["hits"])
    finally:
        server.stop()
