"""Block Kit rendering: pure functions, limits and escaping."""

from service.advisor.types import Answer, Citation, ModelJudgment
from service.slack import render


def make(text: str, n_citations: int = 2, lang: str = "en") -> Answer:
    cites = [
        Citation(n=i, chunk_id=f"c{i}", doc_id="case.x.en", title=f"Title {i}", quote=f"Quote {i}.", score=0)
        for i in range(1, n_citations + 1)
    ]
    return Answer(
        answer_id="a1",
        session_id="s",
        language=lang,
        answer=text,
        model=ModelJudgment(id="market_driven", name="Market-driven", confidence=0.83),
        abstained=False,
        intent="classify",
        citations=cites,
        corpus_version="v",
        classifier_version="c",
        generator="offline",
        latency_ms=1.0,
    )


def test_nothing_from_users_or_the_corpus_can_ping_or_link() -> None:
    hostile = "Hi <!channel> and <!here> and <@U123> see <https://evil.example|click> or http://x.io & www.y.com"
    blocks = render.answer_blocks(make(hostile))
    dumped = str(blocks)
    for needle in ("<!channel>", "<!here>", "<@U123>", "<https://", "http://x", "www.y"):
        assert needle not in dumped
    assert "&lt;!channel&gt;" in dumped and "&amp;" in dumped


def test_bold_markdown_becomes_slack_bold() -> None:
    assert render.to_mrkdwn("**Judgement**: x") == "*Judgement*: x"


def test_long_answers_are_split_within_the_section_limit() -> None:
    text = "\n\n".join(f"Paragraph {i}. " + "word " * 300 for i in range(12))
    blocks = render.answer_blocks(make(text, n_citations=80))
    sections = [b for b in blocks if b["type"] == "section"]
    assert len(sections) > 1 and all(len(b["text"]["text"]) <= render.SECTION_LIMIT for b in sections)
    assert len(blocks) <= render.MAX_BLOCKS and blocks[-1]["type"] == "actions"
    assert "".join(b["text"]["text"] for b in sections).replace("\n", "").replace(" ", "") == render.to_mrkdwn(
        text
    ).replace("\n", "").replace(" ", "")


def test_header_shows_model_and_confidence_or_the_abstention() -> None:
    assert render.headline(make("x")) == "Market-driven · 83%"
    abstained = make("x").model_copy(update={"model": None, "abstained": True})
    assert "cannot tell" in render.headline(abstained)


def test_ephemeral_answers_offer_sharing_and_feedback() -> None:
    actions = render.answer_blocks(make("x"), shareable=True)[-1]["elements"]
    assert [a["action_id"] for a in actions] == [render.ACTION_SHARE, render.ACTION_UP, render.ACTION_DOWN]
    assert all(a["value"] == "a1" for a in actions)
    thanked = render.thanks_blocks(render.answer_blocks(make("x")), zh=False)
    assert all(b["type"] != "actions" for b in thanked) and "Thanks" in str(thanked[-1])
