"""The Slack bot over real HTTP: signed requests to the running app on loopback, a mock Slack Web API."""

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import httpx
import pytest
from pydantic import SecretStr

from service.advisor.pipeline import MAX_QUESTION
from service.app import create_app
from service.container import Container
from service.loopback import LoopbackServer
from service.slack import render
from tests.documents import encrypted_pdf, files, scanned_pdf
from tests.slack_mock import SlackMock, slack_api

SECRET = "test-signing-secret"


def signed(body: str, *, skew: int = 0, secret: str = SECRET, content_type: str = "application/json") -> dict:
    ts = str(int(time.time()) - skew)
    sig = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, "Content-Type": content_type}


@pytest.fixture(scope="module")
def slack(real_container: Container) -> Iterator[tuple[str, SlackMock, Container]]:
    mock = SlackMock()
    with LoopbackServer(slack_api(mock)) as api:
        settings = real_container.settings.model_copy(
            update={
                "slack_bot_token": SecretStr("xoxb-test"),
                "slack_signing_secret": SecretStr(SECRET),
                "slack_api_url": f"{api.url}/api/",
            }
        )
        container = Container(settings)
        with LoopbackServer(create_app(container, load_in_background=False)) as app:
            yield app.url, mock, container


def event(
    text: str,
    *,
    channel: str = "C1",
    ts: str | None = None,
    thread_ts: str | None = None,
    kind: str = "app_mention",
    channel_type: str = "channel",
    files: list[dict] | None = None,
) -> tuple[str, str]:
    event_id = f"Ev{uuid.uuid4().hex[:10]}"
    inner = {
        "type": kind,
        "user": "U1",
        "text": text,
        "ts": ts or f"{time.time():.6f}",
        "channel": channel,
        "channel_type": channel_type,
    } | ({"thread_ts": thread_ts} if thread_ts else {})
    if files:
        inner |= {"subtype": "file_share", "files": files}
    body = {
        "type": "event_callback",
        "team_id": "T1",
        "api_app_id": "A1",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": inner,
    }
    return json.dumps(body), event_id


def post(url: str, body: str, headers: dict) -> httpx.Response:
    return httpx.post(f"{url}/slack/events", content=body, headers=headers, timeout=10)


def test_url_verification_is_answered(slack) -> None:
    url, _, _ = slack
    body = json.dumps({"type": "url_verification", "token": "t", "challenge": "c-123"})
    r = post(url, body, signed(body))
    assert r.status_code == 200 and "c-123" in r.text


@pytest.mark.parametrize(("skew", "status"), [(0, 200), (299, 200), (301, 401), (-301, 401)])
def test_signature_clock_skew(slack, skew: int, status: int) -> None:
    url, _, _ = slack
    body = json.dumps({"type": "url_verification", "token": "t", "challenge": "x"})
    # Slack's header holds whole seconds and the verifier compares them with a float clock, so
    # sign at the start of a second: the request then arrives `skew` seconds plus its latency late.
    time.sleep(1 - time.time() % 1)
    assert post(url, body, signed(body, skew=skew)).status_code == status


def test_missing_wrong_or_tampered_signatures_are_401_and_do_nothing(slack) -> None:
    url, mock, _ = slack
    body, _ = event("<@UBOT> which model fits a city with a national lab?", channel="C-forged")
    headers = signed(body)
    assert post(url, body, {"Content-Type": "application/json"}).status_code == 401
    assert post(url, body, signed(body, secret="wrong")).status_code == 401
    tampered = body.replace("national", "nationaL")
    assert post(url, tampered, headers).status_code == 401
    time.sleep(1.0)
    assert not [c for c in mock.of("chat.postMessage") if c.get("channel") == "C-forged"]


def test_four_deliveries_of_one_event_get_exactly_one_answer(slack) -> None:
    url, mock, _ = slack
    body, _ = event("<@UBOT> 我们市有一家龙头车企和上百家配套供应商，适合哪种模式？", channel="C-retry")
    for retry in range(4):
        headers = signed(body) | (
            {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        )
        assert post(url, body, headers).status_code == 200
    mock.wait_for("chat.update", where=lambda b: b.get("channel") == "C-retry")
    time.sleep(1.0)
    assert len([c for c in mock.of("chat.postMessage") if c.get("channel") == "C-retry"]) == 1


def test_concurrent_retries_still_get_one_answer(slack) -> None:
    url, mock, _ = slack
    body, _ = event("<@UBOT> What is the science-facility model?", channel="C-race")
    headers = [signed(body) | ({"X-Slack-Retry-Num": str(n)} if n else {}) for n in range(4)]
    with ThreadPoolExecutor(4) as pool:
        assert all(r.status_code == 200 for r in pool.map(lambda h: post(url, body, h), headers))
    mock.wait_for("chat.update", where=lambda b: b.get("channel") == "C-race")
    time.sleep(1.0)
    assert len([c for c in mock.of("chat.postMessage") if c.get("channel") == "C-race"]) == 1


def test_mention_is_answered_in_its_thread_and_a_reply_is_a_follow_up(slack) -> None:
    url, mock, _ = slack
    ts = f"{time.time():.6f}"
    body, _ = event(
        "<@UBOT> Our region hosts a national synchrotron and three federal institutes. Which model?",
        channel="C-thread",
        ts=ts,
    )
    post(url, body, signed(body))
    placeholder = mock.wait_for("chat.postMessage", where=lambda b: b.get("channel") == "C-thread")[0]
    assert placeholder["thread_ts"] == ts
    first = mock.wait_for("chat.update", where=lambda b: b.get("channel") == "C-thread")[0]
    assert "Science-facility" in json.dumps(first["blocks"]) and any(b["type"] == "context" for b in first["blocks"])

    reply, _ = event("What are the risks?", channel="C-thread", thread_ts=ts, kind="message")
    post(url, reply, signed(reply))
    updates = mock.wait_for("chat.update", count=2, where=lambda b: b.get("channel") == "C-thread")
    assert "Following up" in json.dumps(updates[1]["blocks"])


def test_a_direct_message_is_answered(slack) -> None:
    url, mock, _ = slack
    body, _ = event("What is a government-cultivated district?", channel="D1", kind="message", channel_type="im")
    post(url, body, signed(body))
    assert "Government-cultivated" in json.dumps(
        mock.wait_for("chat.update", where=lambda b: b.get("channel") == "D1")[0]["blocks"]
    )


def test_a_failure_posts_an_apology_in_the_thread(slack) -> None:
    url, mock, _ = slack
    body, _ = event("<@UBOT> " + "x" * (MAX_QUESTION + 1000), channel="C-fail")  # over the advisor's limit
    post(url, body, signed(body))
    update = mock.wait_for("chat.update", where=lambda b: b.get("channel") == "C-fail")[0]
    assert update["text"] == render.APOLOGY["en"]


def test_a_429_is_retried_after_retry_after(slack) -> None:
    url, mock, _ = slack
    mock.rate_limited["chat.postMessage"] = 1
    body, _ = event("<@UBOT> What is the market-driven model?", channel="C-429")
    post(url, body, signed(body))
    mock.wait_for("chat.update", where=lambda b: b.get("channel") == "C-429", timeout=30)
    assert len([c for c in mock.of("chat.postMessage") if c.get("channel") == "C-429"]) == 2  # 429, then the retry


def test_slash_command_is_private_and_can_be_shared_and_rated(slack) -> None:
    url, mock, container = slack
    form = {
        "command": "/district",
        "text": "我们有国家实验室和大科学装置，适合哪种模式？",
        "user_id": "U1",
        "channel_id": "C-cmd",
        "team_id": "T1",
        "response_url": f"{mock_url(container)}/response/cmd1",
        "trigger_id": "t",
    }
    body = urlencode(form)
    r = post(url, body, signed(body, content_type="application/x-www-form-urlencoded"))
    # The ack carries no answer: that comes later through response_url. How fast the ack is
    # is measured by `python -m service bench`, not timed here.
    assert r.status_code == 200 and "Science-facility" not in r.text
    reply = mock.wait_for("response_url", where=lambda b: b.get("_key") == "cmd1")[0]
    assert reply["response_type"] == "ephemeral"
    share = next(
        e
        for b in reply["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == render.ACTION_SHARE
    )

    def click(action_id: str, value: str, key: str) -> None:
        payload = {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": "U1"},
            "api_app_id": "A1",
            "channel": {"id": "C-cmd"},
            "message": {"ts": "1700000000.000001"},
            "response_url": f"{mock_url(container)}/response/{key}",
            "trigger_id": "t",
            "actions": [{"action_id": action_id, "value": value, "type": "button", "block_id": "b"}],
        }
        raw = urlencode({"payload": json.dumps(payload)})
        assert post(url, raw, signed(raw, content_type="application/x-www-form-urlencoded")).status_code == 200

    click(render.ACTION_SHARE, share["value"], "share1")
    shared = mock.wait_for("chat.postMessage", where=lambda b: b.get("channel") == "C-cmd")[0]
    assert "Science" in json.dumps(shared["blocks"]) or "科学" in json.dumps(shared["blocks"], ensure_ascii=False)
    assert mock.wait_for("response_url", where=lambda b: b.get("_key") == "share1")[0].get("delete_original")

    click(render.ACTION_UP, share["value"], "fb1")
    mock.wait_for("chat.update", where=lambda b: b.get("channel") == "C-cmd")
    assert container.store.feedback_for(share["value"]) == [{"rating": 1, "comment": None, "channel": "slack"}]


def mock_url(container: Container) -> str:
    return container.settings.slack_api_url.removesuffix("/api/")


def shared(mock: SlackMock, api: str, name: str, data: bytes | None) -> dict:
    """A file as Slack describes it in a file_share event; `data` None is a file the bot may not read."""
    file_id = f"F{uuid.uuid4().hex[:8]}"
    if data is not None:
        mock.files[file_id] = data
    return {"id": file_id, "name": name, "size": len(data or b""), "url_private_download": f"{api}/files/{file_id}"}


def test_a_file_shared_with_the_bot_in_a_thread_is_assessed(slack) -> None:
    url, mock, container = slack
    api = container.settings.slack_api_url.removesuffix("/api/")
    ts = f"{time.time():.6f}"
    f = shared(mock, api, "note.pdf", files()["note.pdf"])
    body, _ = event("<@UBOT> here is our note", channel="C-file", ts=ts, kind="message", files=[f])
    post(url, body, signed(body))
    update = mock.wait_for("chat.update", where=lambda b: b.get("channel") == "C-file", timeout=60)[0]
    blocks = json.dumps(update["blocks"], ensure_ascii=False)
    assert "What in your document decided it" in blocks and "(page 1)" in blocks
    posted = [c for c in mock.of("chat.postMessage") if c.get("channel") == "C-file"]
    assert posted[0]["thread_ts"] == ts and "Reading note.pdf" in posted[0]["text"]
    assert mock.of("files.download")[-1]["auth"] == "Bearer xoxb-test"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("locked.pdf", "encrypted", "password-protected"),
        ("scan.pdf", "scanned", "scanned images only"),
        ("secret.pdf", None, "did not let the bot read"),
    ],
)
def test_a_file_the_bot_cannot_read_gets_the_reason_in_the_thread(
    slack, name: str, data: str | None, says: str
) -> None:
    url, mock, container = slack
    api = container.settings.slack_api_url.removesuffix("/api/")
    content = {"encrypted": encrypted_pdf, "scanned": scanned_pdf}[data]() if data else None
    channel = f"C-bad-{name}"
    body, _ = event("<@UBOT> please read", channel=channel, kind="message", files=[shared(mock, api, name, content)])
    post(url, body, signed(body))
    update = mock.wait_for("chat.update", where=lambda b: b.get("channel") == channel, timeout=60)[0]
    assert says in update["text"] and name in update["text"]


def test_a_file_not_shared_with_the_bot_is_left_alone(slack) -> None:
    url, mock, container = slack
    api = container.settings.slack_api_url.removesuffix("/api/")
    f = shared(mock, api, "note.txt", files()["note.txt"])
    body, _ = event("our notes for the team", channel="C-nobot", kind="message", files=[f])
    post(url, body, signed(body))
    time.sleep(1.0)
    assert not [c for c in mock.of("chat.postMessage") if c.get("channel") == "C-nobot"]
