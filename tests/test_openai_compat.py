"""The official openai SDK, unchanged, as a client of the advisor's OpenAI-compatible API."""

from collections.abc import Iterator

import httpx
import openai
import pytest

from service.api.openai_compat import MODEL_ID
from service.app import create_app
from service.container import Container
from service.loopback import LoopbackServer


@pytest.fixture(scope="module")
def base_url(real_container: Container) -> Iterator[str]:
    with LoopbackServer(create_app(real_container, load_in_background=False)) as server:
        yield server.url


@pytest.fixture
def client(base_url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base_url}/v1", api_key="not-needed", max_retries=0)


def test_models_lists_the_advisor(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == [MODEL_ID]


def test_completion_carries_footnotes_and_the_whole_answer(client: openai.OpenAI) -> None:
    done = client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": "我们市有国家实验室和同步辐射光源，适合哪种模式？"}]
    )
    content = done.choices[0].message.content
    advisor = done.model_extra["advisor"]
    assert advisor["model"]["id"] == "science_facility" and done.choices[0].finish_reason == "stop"
    assert content.startswith(advisor["answer"]) and "\n---\n[1] " in content
    assert all(c["quote"] in content for c in advisor["citations"])
    assert done.usage.total_tokens > 0


def test_streaming_in_the_openai_chunk_format(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model=MODEL_ID, stream=True, messages=[{"role": "user", "content": "What is the anchor-company model?"}]
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    final = chunks[-1]
    assert final.choices[0].finish_reason == "stop" and final.model_extra["advisor"]["model"]["id"] == "anchor_company"
    assert "[1]" in text and final.model_extra["advisor"]["citations"][0]["quote"] in text


def test_a_chat_front_end_resending_history_gets_follow_ups(client: openai.OpenAI) -> None:
    first_q = "Our region hosts a national synchrotron and three federal research institutes. Which model?"
    first = client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": first_q}])
    follow = client.chat.completions.create(
        model=MODEL_ID,
        messages=[
            {"role": "user", "content": first_q},
            {"role": "assistant", "content": first.choices[0].message.content},
            {"role": "user", "content": "What are the risks?"},
        ],
    )
    assert follow.model_extra["advisor"]["intent"] == "follow_up"
    assert follow.model_extra["advisor"]["model"]["id"] == "science_facility"


def test_unknown_model_and_empty_messages_are_client_errors(client: openai.OpenAI, base_url: str) -> None:
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": "hi"}])
    r = httpx.post(f"{base_url}/v1/chat/completions", json={"model": MODEL_ID, "messages": []})
    assert r.status_code == 422
    r = httpx.post(
        f"{base_url}/v1/chat/completions",
        json={"model": MODEL_ID, "messages": [{"role": "system", "content": "be brief"}]},
    )
    assert r.status_code == 422 and "user message" in r.json()["error"]["message"]


def test_plain_curl_style_request(base_url: str) -> None:
    r = httpx.post(
        f"{base_url}/v1/chat/completions",
        json={
            "model": MODEL_ID,
            "messages": [{"role": "user", "content": "What is a government-cultivated district?"}],
        },
    )
    assert r.status_code == 200 and r.json()["object"] == "chat.completion"


def test_a_district_answer_through_the_openai_face(client: openai.OpenAI) -> None:
    done = client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": "光谷属于哪种模式？"}])
    advisor = done.model_extra["advisor"]
    assert advisor["intent"] == "district" and advisor["model"]["id"] == "government_cultivated"
    assert all(c["doc_id"] == "case.wuhan_east_lake.zh" for c in advisor["citations"])
    assert "\n---\n[1] " in done.choices[0].message.content
