"""Sessions belong to their creator: an API key, or a Slack workspace and channel."""

from pathlib import Path

from service.container import Container
from tests.test_operations import app_with

PLACE = "Our city has one carmaker that pays most of the taxes, and its suppliers around it. Which model fits?"


def test_a_session_id_sent_by_another_key_names_an_empty_session(real_container: Container, tmp_path: Path) -> None:
    client, c = app_with(real_container, tmp_path, auth_required=True)
    with client:
        _, key_a = c.api_keys.create("city A")
        _, key_b = c.api_keys.create("city B")
        a = {"Authorization": f"Bearer {key_a}"}
        b = {"Authorization": f"Bearer {key_b}"}
        first = client.post("/v1/chat", json={"message": PLACE, "session_id": "shared-id"}, headers=a).json()
        assert first["model"]["id"] == "anchor_company"

        follow_up = {"message": "What are the risks?", "session_id": "shared-id"}
        stranger = client.post("/v1/chat", json=follow_up, headers=b)
        body = stranger.json()
        assert stranger.status_code == 200 and body["session_id"] == "shared-id"
        assert body["intent"] != "follow_up" or body["abstain_reason"] == "no_context"
        assert body["model"] is None or body["model"]["id"] != "anchor_company" or "carmaker" not in body["answer"]

        owner = client.post("/v1/chat", json=follow_up, headers=a)
        assert owner.json()["intent"] == "follow_up" and owner.json()["model"]["id"] == "anchor_company"


def test_slack_threads_are_scoped_to_their_workspace_and_channel(real_container: Container) -> None:
    advisor = real_container.advisor
    advisor.answer(PLACE, session_id="1700000000.000100", owner="slack:T1:C1")
    same = advisor.answer("What are the risks?", session_id="1700000000.000100", owner="slack:T1:C1")
    other_channel = advisor.answer("What are the risks?", session_id="1700000000.000100", owner="slack:T1:C2")
    assert same.intent == "follow_up" and same.model and same.model.id == "anchor_company"
    assert not (other_channel.intent == "follow_up" and other_channel.model)
    assert not real_container.store.has_session("1700000000.000100", "slack:T2:C1")
