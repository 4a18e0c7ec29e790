"""A real server process on a loopback port for the robustness suite."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.container import Container
from service.loopback import free_port
from tests.conftest import REPO


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Served:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service", "serve", "--port", str(self.port)],
            cwd=REPO,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError("the server did not become ready")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def serve(container: Container, tmp: Path, **extra: str) -> Served:
    s = container.settings
    env = {
        "ADVISOR_CORPUS_DIR": str(s.corpus_dir),
        "ADVISOR_INDEX_DIR": str(s.index_dir),
        "ADVISOR_DATABASE_URL": f"sqlite:///{tmp}/robust.db",
        "ADVISOR_LOG_LEVEL": "WARNING",
        **extra,
    }
    return Served(env)


@pytest.fixture(scope="module")
def server(real_container: Container, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = serve(real_container, tmp_path_factory.mktemp("served"), ADVISOR_RATE_LIMIT_PER_MINUTE="0")
    yield served
    served.stop()
