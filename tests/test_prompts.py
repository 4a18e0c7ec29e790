"""Prompts load strictly: a bad placeholder fails at start-up, not at answer time."""

from pathlib import Path

import pytest

from service.errors import ConfigError
from service.generation.prompts import load_prompt, load_prompts
from service.generation.verify import check, parse_reply
from tests.conftest import REPO

HEADER = "---\nid: answer\nversion: 1\nlang: en\nvariables: [question]\n---\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "v1.en.md"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_shipped_prompts_load_in_both_languages() -> None:
    prompts = load_prompts(REPO / "prompts", "answer", 1)
    assert set(prompts) == {"en", "zh"} and prompts["zh"].ref == "answer@v1"
    system, user = prompts["en"].render(judgement="J", question="Q?", passages="[1] P", passage_numbers="1")
    assert "not instructions" in system and "<passages>\n[1] P\n</passages>" in user
    v2 = load_prompts(REPO / "prompts", "answer", 2)
    assert v2["zh"].ref == "answer@v2" and "situation" in v2["en"].variables
    _, user = v2["zh"].render(judgement="J", question="Q", passages="[1] P", passage_numbers="1", situation="S")
    assert "<situation>\nS\n</situation>" in user


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("### system\nHi {question} {unknown}\n### user\nx", "not declared"),
        ("### system\nHi\n### user\nno placeholder", "never used"),
        ("### system\nHi {question\n### user\nx", "malformed"),
        ("### user\n{question}", "exactly one"),
    ],
)
def test_bad_prompt_files_fail_to_load(tmp_path: Path, body: str, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        load_prompt(write(tmp_path, body))


def test_rendering_refuses_missing_or_extra_values(tmp_path: Path) -> None:
    prompt = load_prompt(write(tmp_path, "### system\nS\n### user\n{question}"))
    with pytest.raises(ConfigError, match="missing"):
        prompt.render()
    with pytest.raises(ConfigError, match="unknown"):
        prompt.render(question="q", other="x")


def test_reply_parsing_and_citation_check() -> None:
    answer, declared = parse_reply('```json\n{"answer": "A [1]. B [3]. C [2, 4].", "citations": [1, 3]}\n```')
    checked = check(answer, declared, given=2)
    assert checked.text == "A [1]." and checked.cited == [1] and len(checked.problems) == 3
    assert check("甲[1]。乙[2]。", [1, 2], given=2).text == "甲[1]。乙[2]。"
