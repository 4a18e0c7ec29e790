"""The Bolt app: events, the slash command and button actions, all answered through the one Advisor.

Bolt acknowledges within Slack's 3 seconds and runs listeners afterwards (process_before_response is
off); a retried delivery of an event already taken is acknowledged and dropped; 429s from the Web API
are retried after their Retry-After.
"""

import logging
from collections.abc import Callable
from functools import partial

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from service.advisor.language import detect_language
from service.advisor.pipeline import Advisor
from service.documents.model import DocumentError
from service.documents.reader import read_document
from service.observability import Metrics
from service.slack import render
from service.slack.files import SlackFiles
from service.slack.models import BlockAction, MessageEvent, SlashCommand, owner_for
from service.store.repository import Store

log = logging.getLogger(__name__)
MAX_FILES = 3  # files of one message assessed; more are left for the planner to send again


def _message(event: dict, context: dict) -> MessageEvent:
    """The event as a typed message; its workspace from the event or, failing that, from the envelope."""
    return MessageEvent.model_validate({**event, "team": event.get("team") or context.get("team_id")})


def _mentions_bot(ev: MessageEvent, context: dict) -> bool:
    return bool(context.get("bot_user_id")) and f"<@{context['bot_user_id']}>" in ev.text


def build_bolt_app(
    advisor: Advisor,
    store: Store,
    *,
    token: str,
    signing_secret: str,
    api_url: str,
    command: str = "/district",
    metrics: Metrics | None = None,
) -> App:
    client = WebClient(token=token, base_url=api_url)
    files = SlackFiles(token, api_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    app = App(
        client=client, signing_secret=signing_secret, token_verification_enabled=False, process_before_response=False
    )

    @app.middleware
    def drop_retried_deliveries(body: dict, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        event_id = body.get("event_id")
        kind = (
            (body.get("event") or {}).get("type") or body.get("type") or ("command" if "command" in body else "other")
        )
        if event_id and not store.first_delivery(event_id):
            log.info("dropping a repeated delivery of %s", event_id)
            if metrics:
                metrics.slack_events.labels("retry_dropped").inc()
            return BoltResponse(status=200, body="")
        if metrics:
            metrics.slack_events.labels(kind).inc()
        return next()

    def answer_in_thread(client: WebClient, ev: MessageEvent) -> None:
        lang = detect_language(ev.question or ev.text)
        placeholder = client.chat_postMessage(channel=ev.channel, thread_ts=ev.thread, text=render.THINKING[lang])
        try:
            # one advisor session per thread: replies in the thread are follow-ups
            answer = advisor.answer(ev.question, session_id=ev.thread, owner=owner_for(ev.team, ev.channel))
            client.chat_update(
                channel=ev.channel,
                ts=placeholder["ts"],
                text=render.fallback_text(answer),
                blocks=render.answer_blocks(answer),
                unfurl_links=False,
                unfurl_media=False,
            )
        except Exception:
            log.exception("answering a Slack message in %s failed", ev.channel)
            client.chat_update(channel=ev.channel, ts=placeholder["ts"], text=render.APOLOGY[lang], blocks=[])

    def assess_in_thread(client: WebClient, ev: MessageEvent) -> None:
        """Each shared file assessed in the message's thread; a file the advisor cannot read gets the reason."""
        for shared in ev.files[:MAX_FILES]:
            lang = detect_language(ev.question or shared.name)
            reading = render.READING[lang].format(name=render.escape(shared.name))
            placeholder = client.chat_postMessage(channel=ev.channel, thread_ts=ev.thread, text=reading)
            update = partial(client.chat_update, channel=ev.channel, ts=placeholder["ts"], unfurl_links=False)
            try:
                doc = read_document(shared.name, files.fetch(shared))
                a = advisor.assess(doc)
                update(text=render.fallback_text(a.answer), blocks=render.assessment_blocks(a))
            except DocumentError as exc:
                update(text=render.CANNOT_READ[lang].format(reason=render.escape(str(exc))), blocks=[])
            except Exception:
                log.exception("assessing a Slack file in %s failed", ev.channel)
                update(text=render.APOLOGY[lang], blocks=[])

    def in_answered_thread(ev: MessageEvent) -> bool:
        return bool(ev.thread_ts) and store.has_session(ev.thread_ts, owner_for(ev.team, ev.channel))

    def for_the_bot(ev: MessageEvent, context: dict) -> bool:
        """A direct message, a mention, or a reply in a thread the bot is answering in."""
        return ev.channel_type == "im" or _mentions_bot(ev, context) or in_answered_thread(ev)

    @app.event("app_mention")
    def on_mention(event: dict, client: WebClient, context: dict) -> None:
        ev = _message(event, context)
        if ev.question and not ev.files:  # a mention with a file is taken by on_message, once
            answer_in_thread(client, ev)

    @app.event("message")
    def on_message(event: dict, client: WebClient, context: dict) -> None:
        ev = _message(event, context)
        if ev.bot_id:
            return
        if ev.subtype == "file_share" and ev.files:
            if for_the_bot(ev, context):
                assess_in_thread(client, ev)
            return
        if ev.subtype or not ev.question:
            return
        if ev.channel_type == "im":
            answer_in_thread(client, ev)
            return
        # A reply in a thread the bot answered is a follow-up; a mention is handled by app_mention.
        if in_answered_thread(ev) and not _mentions_bot(ev, context):
            answer_in_thread(client, ev)

    @app.command(command)
    def on_command(ack: Callable, body: dict, respond: Callable) -> None:
        ack()
        cmd = SlashCommand.model_validate(body)
        if not cmd.text.strip():
            respond(response_type="ephemeral", text=f"Usage: {command} QUESTION (in Chinese or English)")
            return
        try:
            answer = advisor.answer(cmd.text)
            respond(
                response_type="ephemeral",
                text=render.fallback_text(answer),
                blocks=render.answer_blocks(answer, shareable=True),
            )
        except Exception:
            log.exception("answering %s failed", command)
            respond(response_type="ephemeral", text=render.APOLOGY[detect_language(cmd.text)])

    @app.action(render.ACTION_SHARE)
    def on_share(ack: Callable, body: dict, client: WebClient, respond: Callable) -> None:
        ack()
        action = BlockAction.model_validate(body)
        answer = store.load_answer(action.action.value)
        if answer is None or action.channel is None:
            respond(response_type="ephemeral", replace_original=False, text="That answer is no longer available.")
            return
        client.chat_postMessage(
            channel=action.channel.id,
            text=render.fallback_text(answer),
            blocks=render.answer_blocks(answer),
            unfurl_links=False,
            unfurl_media=False,
        )
        respond(delete_original=True)

    @app.action(render.ACTION_UP)
    @app.action(render.ACTION_DOWN)
    def on_feedback(ack: Callable, body: dict, client: WebClient) -> None:
        ack()
        action = BlockAction.model_validate(body)
        rating = 1 if action.action.action_id == render.ACTION_UP else -1
        answer = store.load_answer(action.action.value)
        if answer is None:
            return
        store.add_feedback(answer.answer_id, rating, None, channel="slack")
        if action.channel and action.message:
            blocks = render.thanks_blocks(render.answer_blocks(answer), zh=answer.language == "zh")
            client.chat_update(
                channel=action.channel.id, ts=action.message.ts, text=render.fallback_text(answer), blocks=blocks
            )

    return app
