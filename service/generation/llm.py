"""A language model words the answer; the advisor checks every citation and keeps the label its own.

The model sees the evidence passages, numbered and delimited as data, and replies with JSON: its text
with [n] markers and the numbers it cites. A sentence citing a passage it was not given is removed and
the draft is flagged. Any failure (timeout, error, invalid or empty output) falls back to the offline
composer, and the answer says so with generator "offline-fallback".
"""

import json
import logging
import re
from collections.abc import Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from service.advisor.brief import Brief
from service.advisor.composer import OfflineComposer
from service.advisor.evidence import best_quote
from service.advisor.types import Citation
from service.corpus.splitter import Chunk
from service.generation.base import Draft, Generator
from service.generation.prompts import Prompt
from service.generation.situation import situation
from service.generation.verify import check, numbers, parse_reply, sentences
from service.retrieval.tokenize import Tokenizer
from service.typology import MODEL_NAMES, TREND_NAMES

log = logging.getLogger(__name__)
FALLBACK = "offline-fallback"
_ANSWER_START = re.compile(r'"answer"\s*:\s*"')


class LLMGenerator(Generator):
    def __init__(
        self,
        name: str,
        model: BaseChatModel,
        prompts: dict[str, Prompt],
        tokenizer: Tokenizer,
        *,
        passage_budget: int = 6000,
        retries: int = 2,
    ) -> None:
        self.name = name
        self.model = model
        self.prompts = prompts
        self.tokenize = tokenizer
        self.passage_budget = passage_budget
        self.retries = retries
        self.composer = OfflineComposer()

    # --- building the request --------------------------------------------------------------------------

    def passages(self, brief: Brief) -> list[Chunk]:
        chunks: list[Chunk] = []
        for part in brief.parts:
            for ev in part.evidence:
                if ev.chunk.chunk_id not in {c.chunk_id for c in chunks}:
                    chunks.append(ev.chunk)
        return chunks

    def messages(self, brief: Brief, chunks: list[Chunk]) -> list:
        prompt = self.prompts[brief.lang]
        budget = self.passage_budget // max(1, len(chunks))
        block = "\n\n".join(f"[{i}] {c.title} | {c.section}\n{c.text[:budget]}" for i, c in enumerate(chunks, 1))
        values = {
            "judgement": self._judgement(brief),
            "question": brief.question,
            "passages": block,
            "passage_numbers": ", ".join(str(i) for i in range(1, len(chunks) + 1)),
        }
        if "situation" in prompt.variables:  # v2 on: the planner's concern, reasons, gaps and changes
            values["situation"] = situation(brief)
        system, user = prompt.render(**values)
        return [SystemMessage(system), HumanMessage(user)]

    @staticmethod
    def _judgement(brief: Brief) -> str:
        lang = brief.lang
        if brief.judgment:
            j = brief.judgment
            return f"{MODEL_NAMES[j.id][lang]} ({j.confidence:.0%})"
        if brief.subject in TREND_NAMES:
            return TREND_NAMES[brief.subject][lang]
        return "无法判断 (no model label)" if lang == "zh" else "cannot tell (no model label)"

    # --- generating --------------------------------------------------------------------------------------

    def _usable(self, brief: Brief) -> list[Chunk] | None:
        """Passages to give the model, or None when the offline note is the right answer (a refusal)."""
        if brief.intent == "out_of_scope":
            return None
        chunks = self.passages(brief)
        return chunks or None

    def generate(self, brief: Brief) -> Draft:
        chunks = self._usable(brief)
        if chunks is None:
            return self._offline(brief, self.composer.name)
        try:
            reply = self.model.with_retry(stop_after_attempt=self.retries + 1).invoke(self.messages(brief, chunks))
            return self._finish(brief, chunks, _content(reply))
        except Exception as exc:  # provider failures never reach the user as errors
            log.warning("generator %s failed, falling back: %s", self.name, exc)
            return self._offline(brief, FALLBACK, f"{self.name} failed: {exc.__class__.__name__}: {exc}"[:300])

    def stream(self, brief: Brief) -> Iterator[str | Draft]:
        chunks = self._usable(brief)
        if chunks is None:
            yield from super().stream(brief)
            return
        opening = self.composer.opening(brief)
        if opening:
            yield "\n\n".join(opening) + "\n\n"
        buffer, done = "", 0
        valid = set(range(1, len(chunks) + 1))
        try:
            for piece in self.model.stream(self.messages(brief, chunks)):
                buffer += _content(piece)
                complete = sentences(partial_answer(buffer))[:-1]  # the last one may still be growing
                # Only sentences whose citations check out are shown: nothing unverifiable reaches a user.
                for sentence in complete[done:]:
                    if set(numbers(sentence)) <= valid:
                        yield sentence + ("" if brief.lang == "zh" else " ")
                done = max(done, len(complete))
            draft = self._finish(brief, chunks, buffer)
            tail = sentences(partial_answer(buffer))[done:]
            for sentence in tail:
                if set(numbers(sentence)) <= valid:
                    yield sentence
            yield draft
        except Exception as exc:
            log.warning("generator %s failed while streaming, falling back: %s", self.name, exc)
            yield self._offline(brief, FALLBACK, f"{self.name} failed: {exc.__class__.__name__}: {exc}"[:300])

    def _finish(self, brief: Brief, chunks: list[Chunk], content: str) -> Draft:
        answer, declared = parse_reply(content)
        checked = check(answer, declared, len(chunks))
        if not checked.text or not checked.cited:
            raise ValueError("no verifiable statement is left after checking the citations")
        citations = [
            Citation(
                n=n,
                chunk_id=chunks[n - 1].chunk_id,
                doc_id=chunks[n - 1].doc_id,
                title=chunks[n - 1].title,
                quote=best_quote(chunks[n - 1], self.tokenize, brief.question),
                score=0.0,
            )
            for n in checked.cited
        ]
        text = "\n\n".join([*self.composer.opening(brief), checked.text])
        return Draft(
            text=text,
            citations=citations,
            generator=self.name,
            verified=checked.verified,
            verification=checked.problems,
            prompt=self.prompts[brief.lang].ref,
        )

    def _offline(self, brief: Brief, name: str, reason: str | None = None) -> Draft:
        text, citations = self.composer.compose(brief)
        return Draft(text=text, citations=citations, generator=name, verification=[reason] if reason else [])


def _content(message: object) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, list):  # some providers return content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content or "")


def partial_answer(buffer: str) -> str:
    """The decoded value of the "answer" field as far as it has arrived in a streamed JSON reply."""
    m = _ANSWER_START.search(buffer)
    if not m:
        return ""
    raw, i, out = buffer[m.end() :], 0, []
    while i < len(raw):
        ch = raw[i]
        if ch == '"':
            break
        if ch == "\\":
            if i + 1 >= len(raw):
                break
            if raw[i + 1] == "u":
                if i + 6 > len(raw):
                    break
                out.append(json.loads(f'"{raw[i : i + 6]}"'))
                i += 6
                continue
            out.append(json.loads(f'"{raw[i : i + 2]}"'))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)
