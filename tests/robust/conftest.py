"""A real server process on a loopback port for the robustness suite."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.container import Container
from service.loopback import ServerProcess
from tests.conftest import REPO


def rss_kb(server: ServerProcess) -> int:
    value = server.status_kb("VmRSS")
    assert value is not None, "no VmRSS for the server process"
    return value


def serve(container: Container, tmp: Path, **extra: str) -> ServerProcess:
    s = container.settings
    env = {
        "ADVISOR_CORPUS_DIR": str(s.corpus_dir),
        "ADVISOR_INDEX_DIR": str(s.index_dir),
        "ADVISOR_DATABASE_URL": f"sqlite:///{tmp}/robust.db",
        "ADVISOR_LOG_LEVEL": "WARNING",
        **extra,
    }
    return ServerProcess(env, cwd=REPO)


@pytest.fixture(scope="module")
def server(real_container: Container, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    served = serve(real_container, tmp_path_factory.mktemp("served"), ADVISOR_RATE_LIMIT_PER_MINUTE="0")
    yield served
    served.stop()
