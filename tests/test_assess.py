"""POST /v1/assess and `python -m service assess` over the real index: each file type over real HTTP, the
judgement explained by the document's own located sentences, and a clear 4xx, with nothing stored, for
each bad file."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from service.app import create_app
from service.container import Container
from service.loopback import LoopbackServer
from service.store.tables import AnswerRow, SessionRow
from tests.documents import BRIEF_EN, BRIEF_ZH, bad_files, files

NO_INFORMATION = (
    "我区概况：常住人口86万，2024年地区生产总值1350亿元，同比增长6.2%，一般公共预算收入92亿元。"
    "全区面积410平方公里，地铁2号线和4号线贯通，距机场35分钟。区委区政府高度重视创新发展，"
    "提出打造千亿级创新高地、建设国际一流创新区的目标，力争到2030年研发投入强度达到3.5%。"
    "你看我们属于哪种模式？"
)


@pytest.fixture(scope="module")
def server(real_container: Container) -> Iterator[str]:
    with LoopbackServer(create_app(real_container, load_in_background=False)) as app:
        yield app.url


def stored(c: Container) -> tuple[int, int]:
    with c.store.read() as db:
        return db.scalar(select(func.count()).select_from(AnswerRow)), db.scalar(
            select(func.count()).select_from(SessionRow)
        )


@pytest.mark.parametrize("name", sorted(files()))
def test_each_file_type_is_assessed_in_its_language(server: str, name: str) -> None:
    r = httpx.post(f"{server}/v1/assess", files={"file": (name, files()[name])}, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    zh = "说明" in name or name == "gbk.txt"
    assert body["language"] == ("zh" if zh else "en") and body["answer"]["language"] == body["language"]
    assert body["document"]["name"] == name and body["comparable_cases"]
    assert body["answer"]["citations"] and not body["answer"]["session_id"]


def test_the_deciding_sentences_are_quoted_from_the_document_with_their_page(server: str) -> None:
    r = httpx.post(f"{server}/v1/assess", files={"file": ("note.pdf", files()["note.pdf"])}, timeout=60)
    body = r.json()
    assert body["model"]["id"] == "science_facility"  # the shipbuilder's small shop does not flip it
    text = " ".join(BRIEF_EN)
    assert body["deciding"] and all(p["where"] == "page 1" for p in body["deciding"])
    assert all(p["quote"].replace("\n", " ") in text or p["quote"] in text for p in body["deciding"])
    assert any(p["role"] == "leading" for p in body["deciding"])


def test_a_sign_hung_later_does_not_make_a_grown_quarter_government_led(server: str) -> None:
    r = httpx.post(f"{server}/v1/assess", json={"text": "\n".join(BRIEF_ZH)}, timeout=60)
    body = r.json()
    assert body["model"]["id"] == "market_driven", body["model"]
    sign = [p for p in body["pointing_elsewhere"] if "挂牌" in p["quote"]]
    assert all(p["role"] == "minor" for p in sign)
    assert {p["where"] for p in body["deciding"]} <= {"line 2", "line 3"}


def test_figures_alone_decide_nothing_and_the_answer_asks_for_what_would(server: str) -> None:
    body = httpx.post(f"{server}/v1/assess", json={"text": NO_INFORMATION}, timeout=60).json()
    assert body["abstained"] and body["model"] is None and not body["deciding"]
    assert "请补充" in body["answer"]["answer"]  # it asks for who anchors, funds and drives the place


@pytest.mark.parametrize(("name", "data", "status", "says"), bad_files(), ids=[b[0] for b in bad_files()])
def test_a_bad_file_is_a_clear_4xx_and_nothing_is_stored(
    server: str, real_container: Container, name: str, data: bytes, status: int, says: str
) -> None:
    before = stored(real_container)
    r = httpx.post(f"{server}/v1/assess", files={"file": (name, data)}, timeout=60)
    assert r.status_code == status and says in r.json()["error"], r.text
    assert stored(real_container) == before


@pytest.mark.parametrize(
    ("kwargs", "status", "says"),
    [
        ({"json": {"text": "x" * 50_001}}, 413, "at most 50,000"),
        ({"json": {"text": ""}}, 422, "text"),
        ({"json": {"text": "ok", "language": "fr"}}, 422, "language"),
        ({"json": {"txt": "typo"}}, 422, "txt"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "not valid JSON"),
        ({"content": b"hello", "headers": {"content-type": "text/plain"}}, 415, "multipart/form-data"),
        ({"files": {"document": ("a.txt", b"hello")}}, 422, "'file'"),
        ({"files": {"file": ("a.txt", b"hello")}, "data": {"language": "de"}}, 422, "language"),
        ({"files": {"file": ("a.txt", b"hi")}, "data": {f"f{i}": "x" for i in range(6)}}, 422, "Too many fields"),
        ({"content": b"x" * (6 * 1024 * 1024), "headers": {"content-type": "application/json"}}, 413, "larger than"),
    ],
)
def test_bad_requests_to_assess_say_what_is_wrong(server: str, kwargs: dict, status: int, says: str) -> None:
    r = httpx.post(f"{server}/v1/assess", timeout=60, **kwargs)
    assert r.status_code == status and says in r.json()["error"], r.text


def test_pasted_text_is_never_stored(server: str, real_container: Container) -> None:
    before = stored(real_container)
    assert httpx.post(f"{server}/v1/assess", json={"text": "\n".join(BRIEF_EN)}, timeout=60).status_code == 200
    assert stored(real_container) == before


def _cli(real_container: Container, *args: str) -> subprocess.CompletedProcess:
    s = real_container.settings
    env = os.environ | {
        "ADVISOR_CORPUS_DIR": str(s.corpus_dir),
        "ADVISOR_INDEX_DIR": str(s.index_dir),
        "ADVISOR_DATABASE_URL": "sqlite://",
    }
    return subprocess.run(
        [sys.executable, "-m", "service", "assess", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_the_cli_prints_the_assessment_of_each_file_type(real_container: Container, tmp_path: Path) -> None:
    for name in ("note.txt", "说明.md", "plan.docx", "note.pdf"):
        (tmp_path / name).write_bytes(files()[name])
    for name in ("note.txt", "说明.md", "plan.docx", "note.pdf"):
        done = _cli(real_container, str(tmp_path / name))
        assert done.returncode == 0, done.stderr
        assert name in done.stdout and ("Judgement" in done.stdout or "判断" in done.stdout)


def test_the_cli_names_the_bad_file_and_exits_2(real_container: Container, tmp_path: Path) -> None:
    (tmp_path / "locked.pdf").write_bytes(bad_files()[0][1])
    done = _cli(real_container, str(tmp_path / "locked.pdf"))
    assert done.returncode == 2 and "locked.pdf" in done.stderr and "password-protected" in done.stderr
    done = _cli(real_container, str(tmp_path / "missing.pdf"))
    assert done.returncode == 2 and "missing.pdf" in done.stderr
