"""The typed boundary: the parts of Slack payloads the bot uses, validated before anything else sees them."""

import re

from pydantic import BaseModel, ConfigDict

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SharedFile(_Payload):
    """A file attached to a message (files:read scope)."""

    id: str
    name: str = "file"
    size: int | None = None
    url_private: str | None = None
    url_private_download: str | None = None


class MessageEvent(_Payload):
    """An app_mention or a message (channel, thread or direct message)."""

    type: str
    channel: str
    user: str | None = None
    text: str = ""
    ts: str
    thread_ts: str | None = None
    channel_type: str | None = None
    subtype: str | None = None
    bot_id: str | None = None
    team: str | None = None
    files: list[SharedFile] = []

    @property
    def thread(self) -> str:
        return self.thread_ts or self.ts

    @property
    def question(self) -> str:
        """The text without @mentions of the bot or anyone else."""
        return _MENTION.sub("", self.text).strip()


class SlashCommand(_Payload):
    command: str
    text: str = ""
    user_id: str
    channel_id: str
    response_url: str | None = None


class _Channel(_Payload):
    id: str


class _Message(_Payload):
    ts: str
    thread_ts: str | None = None


class _Action(_Payload):
    action_id: str
    value: str = ""


class BlockAction(_Payload):
    actions: list[_Action]
    channel: _Channel | None = None
    message: _Message | None = None
    response_url: str | None = None

    @property
    def action(self) -> _Action:
        return self.actions[0]


def owner_for(team: str | None, channel: str) -> str:
    """Slack sessions belong to their workspace and channel: a thread id sent from elsewhere names nothing."""
    return f"slack:{team or '-'}:{channel}"
