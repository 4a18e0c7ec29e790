"""Block Kit rendering: pure functions, within Slack's block and text limits.

Everything that comes from users or the corpus is escaped, so an answer can never ping <!channel>,
<!here> or a user, and never renders a link the bot did not put there.
"""

import re

from service.advisor.types import Answer, Assessment
from service.typology import MODEL_NAMES

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
CONTEXT_LIMIT = 2000
HEADER_LIMIT = 150
FALLBACK_LIMIT = 3000
ACTION_SHARE = "share_answer"
ACTION_UP = "feedback_up"
ACTION_DOWN = "feedback_down"

_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|slack)(:)")
_BARE_DOMAIN = re.compile(r"(?i)\b(www)(\.)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def escape(text: str) -> str:
    """Slack's three control characters become entities (so `<!channel>`, `<@U1>` and `<url|label>` are
    inert), and URL schemes get a zero-width joiner so Slack does not auto-link them."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SCHEME.sub("\\1\u2060\\2", text)
    return _BARE_DOMAIN.sub("\\1\u2060\\2", text)


def to_mrkdwn(answer_text: str) -> str:
    """The composer's Markdown bold (**x**) as Slack's (*x*), after escaping."""
    return _BOLD.sub(r"*\1*", escape(answer_text))


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, then line, then sentence boundaries."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind("。"), window.rfind(". "))
        cut = cut + 1 if cut > limit // 3 else limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def headline(answer: Answer) -> str:
    lang = answer.language
    if answer.model:
        name = MODEL_NAMES[answer.model.id][lang]
        text = (
            f"{name} · {answer.model.confidence:.0%}"
            if lang == "en"
            else f"{name} · 置信度 {answer.model.confidence:.0%}"
        )
    elif answer.intent == "out_of_scope":
        text = "Outside what the advisor covers" if lang == "en" else "超出顾问的范围"
    else:
        text = "No model label: cannot tell" if lang == "en" else "无法判断模式"
    return text[:HEADER_LIMIT]


def answer_blocks(answer: Answer, *, shareable: bool = False, feedback: bool = True) -> list[dict]:
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": headline(answer)}}]
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": p}} for p in split_text(to_mrkdwn(answer.answer))]
    tail = _actions(answer, shareable, feedback)
    room = MAX_BLOCKS - len(blocks) - len(tail) - 1
    if answer.citations and room > 0:
        blocks.append({"type": "divider"})
        for cit in answer.citations[:room]:
            line = f"*[{cit.n}] {escape(cit.title)}*: “{escape(cit.quote)}”"
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": line[:CONTEXT_LIMIT]}]})
    return (blocks + tail)[:MAX_BLOCKS]


def assessment_blocks(a: Assessment) -> list[dict]:
    """The answer's blocks, with the document's deciding sentences and where they stand after the header."""
    blocks = answer_blocks(a.answer, feedback=False)  # nothing of a document is stored to rate
    zh = a.language == "zh"
    lines = [f"• “{escape(p.quote)}” ({escape(p.where)})" for p in a.deciding[:3]]
    if not lines:
        return blocks
    title = f"*{'文件中起决定作用的句子' if zh else 'What in your document decided it'}*"
    quoted = {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join([title, *lines])[:SECTION_LIMIT]}}
    return [blocks[0], quoted, *blocks[1:]][:MAX_BLOCKS]


def _actions(answer: Answer, shareable: bool, feedback: bool) -> list[dict]:
    zh = answer.language == "zh"
    elements = []
    if shareable:
        elements.append(_button("分享到频道" if zh else "Share to channel", ACTION_SHARE, answer.answer_id, "primary"))
    if feedback:
        elements.append(_button("有帮助" if zh else "Helpful", ACTION_UP, answer.answer_id))
        elements.append(_button("没帮助" if zh else "Not helpful", ACTION_DOWN, answer.answer_id))
    return [{"type": "actions", "elements": elements}] if elements else []


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id, "value": value}
    return button | ({"style": style} if style else {})


def fallback_text(answer: Answer) -> str:
    """The notification text: the headline and the start of the answer, escaped."""
    return f"{headline(answer)}: {escape(answer.answer)}"[:FALLBACK_LIMIT]


def thanks_blocks(blocks: list[dict], zh: bool) -> list[dict]:
    """The same message with its feedback buttons replaced by a thank-you note."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    note = "已记录您的反馈，谢谢。" if zh else "Thanks, your feedback is recorded."
    return [*kept, {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}]


APOLOGY = {
    "en": "Sorry, I could not answer that just now. The error is logged; please try again.",
    "zh": "抱歉，暂时无法回答。错误已记录，请稍后再试。",
}
THINKING = {"en": "Looking into it…", "zh": "正在分析…"}
READING = {"en": "Reading {name}…", "zh": "正在阅读 {name}…"}
CANNOT_READ = {"en": "I could not read that file: {reason}", "zh": "无法读取该文件：{reason}"}
