"""The compose file validates against the compose specification, and the check does catch a broken one."""

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

CHECK = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec"]


def test_compose_file_is_valid_and_wired_to_chroma_server() -> None:
    assert subprocess.run([*CHECK, str(REPO / "docker-compose.yml")], capture_output=True).returncode == 0
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    api = compose["services"]["api"]
    assert api["environment"]["ADVISOR_CHROMA_HOST"] == "chroma" and "healthcheck" in api
    assert compose["services"]["ollama"]["profiles"] == ["ollama"]


def test_a_broken_compose_file_fails_validation(tmp_path: Path) -> None:
    bad = tmp_path / "docker-compose.yml"
    bad.write_text("services:\n  api:\n    ports: 8000\n    restart: sometimes\n")
    assert subprocess.run([*CHECK, str(bad)], capture_output=True).returncode == 1


def test_dockerfile_runs_as_a_non_root_user_with_a_healthcheck() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile and "USER advisor" in dockerfile and "/readyz" in dockerfile
