"""Checking a language model's citations against the passages it was given."""

import json
import re
from dataclasses import dataclass, field

_MARKER = re.compile(r"\[(\d+(?:\s*[,，]\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[.])\s+|\n+")
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.S)


class InvalidOutputError(ValueError):
    """The model's reply is not the JSON object the prompt asks for, or says nothing."""


@dataclass
class Checked:
    text: str
    cited: list[int]  # passage numbers cited in the kept text, in order of first use
    problems: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.problems


def parse_reply(content: str) -> tuple[str, list[int]]:
    """The answer text and the declared citation numbers from the model's JSON reply."""
    raw = _FENCE.sub("", content.strip())
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0 or end <= start:
        raise InvalidOutputError("the reply is not a JSON object")
    try:
        data = json.loads(raw[start : end + 1])
    except json.JSONDecodeError as exc:
        raise InvalidOutputError(f"the reply is not valid JSON ({exc.msg})") from exc
    answer = data.get("answer") if isinstance(data, dict) else None
    if not isinstance(answer, str) or not answer.strip():
        raise InvalidOutputError("the reply has no answer text")
    declared = data.get("citations") or []
    if not isinstance(declared, list):
        raise InvalidOutputError("'citations' is not a list")
    return answer.strip(), [int(n) for n in declared if isinstance(n, int | str) and str(n).isdigit()]


def numbers(text: str) -> list[int]:
    return [int(n) for m in _MARKER.finditer(text) for n in re.split(r"\s*[,，]\s*", m.group(1))]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def check(answer: str, declared: list[int], given: int) -> Checked:
    """Drop every sentence that cites a passage the model was not given; flag the draft if any was dropped."""
    valid = set(range(1, given + 1))
    problems: list[str] = []
    kept: list[str] = []
    for sentence in sentences(answer):
        bad = [n for n in numbers(sentence) if n not in valid]
        if bad:
            problems.append(f"removed a claim citing passage {', '.join(map(str, bad))}, which was not provided")
            continue
        kept.append(sentence)
    invented = sorted(set(declared) - valid)
    if invented:
        problems.append(f"the reply listed passages {invented} that were not provided")
    sep = "" if re.search(r"[\u4e00-\u9fff]", answer) else " "
    text = sep.join(kept).strip()
    return Checked(text=text, cited=list(dict.fromkeys(n for n in numbers(text) if n in valid)), problems=problems)
