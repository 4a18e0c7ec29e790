"""The planner's stated problems and goals, and the card passages that answer them.

A concern is read from the clauses of the question that say what is wrong or wanted ("signing a licence
takes 18 months", "房租涨了三倍", "we want to keep our graduates"). Every sentence of the model cards'
risk and plan sections is embedded once per index version; a concern is answered by the sentences nearest
in meaning (the sentence encoder is multilingual, so words the card does not use still find it), with a
little weight on shared words.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from service.advisor.evidence import CARD_SECTIONS, CASE_SECTIONS, section_chunks, sentences
from service.advisor.exemplars import Exemplars
from service.corpus.splitter import Chunk
from service.retrieval.index import LoadedIndex
from service.retrieval.tokenize import Tokenizer
from service.typology import MODEL_IDS

_CUES = re.compile(
    r"\b(?:but|however|problem|issues?|worr\w*|concern\w*|fear\w*|afraid|struggl\w*|slow\w*|takes?|months|"
    r"scar\w*|leav\w*|exodus|expensive|costs?|rents?|tripled|doubled|lack\w*|shortage|short of|can't|cannot|"
    r"unable|hard to|difficult|only|depend\w*|reli\w*|most of|ends?|ending|expir\w*|cut\w*|shrink\w*|declin\w*|"
    r"empty|vacan\w*|bureaucra\w*|red tape|rezon\w*|displac\w*|gentrif\w*|want to|goal|aim|hope|keep|retain|"
    r"attract|nobody|no one|few|little|losing|lost|quit\w*|close\w*|move away|moving|what if|unwilling|"
    r"reluctant|refus\w*|stuck|stall\w*|drag\w*|wait(?:s|ing)? for|still no|not yet|won't|will not|complain\w*|"
    r"afford\w*|fees?|royalt\w*|too (?:high|long|slow|few|expensive))\b|"
    r"但|却|问题|担心|担忧|怕|困难|难|慢|贵|涨|翻了|离开|流失|外流|跑了|搬走|缺|没有|没人|不够|不足|只有|只靠|依赖|"
    r"到期|取消|退出|撤|削减|砍|下滑|萎缩|空置|空着|官僚|审批|手续|拆迁|征收|改造|希望|目标|想要|想让|如何|怎么|"
    r"留住|留不住|吸引|招不到|用不上|排队|太长|太久|太高|不愿|不肯|不敢|还没|迟迟|卡|等着|拖|僵|死板|拿不到|"
    r"用不了|不让|谈不拢|定不下|抱怨|吐槽|不满|不起",
    re.I,
)
_CLAUSE = re.compile(r"[^,.;!?，。；！？\n]+")
ROLES = ("risks", "plan")
LEXICAL_WEIGHT = 0.05  # per shared word: a tie-breaker beside meaning, not a keyword match
PLAN_PRIOR = 0.05  # a plan sentence says what to do about a problem; a risk sentence restates it
VOTE_WEIGHT = 0.3  # a passage that answered all the nearest training concerns (exemplars.py); on concerns_dev


def concern_of(text: str) -> str:
    """The clauses of the question that state a problem or a goal, verbatim and in order ('' if none)."""
    found = [m.group(0).strip() for m in _CLAUSE.finditer(text) if _CUES.search(m.group(0))]
    return ("，" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else ", ").join(found)


@dataclass(frozen=True)
class Advice:
    chunk: Chunk
    quote: str  # one sentence, verbatim in the chunk
    model: str
    role: str  # risks | plan


class AdviceIndex:
    """Every risk and plan sentence of the five model cards, in both languages, with its embedding."""

    def __init__(
        self,
        index: LoadedIndex,
        embed: Callable[[list[str]], np.ndarray],
        tokenize: Tokenizer,
        exemplars: Exemplars | None = None,
    ) -> None:
        self.tokenize = tokenize
        self.items: list[Advice] = []
        for lang in ("en", "zh"):
            for model in MODEL_IDS:
                for role in ROLES:
                    for chunk in section_chunks(index, f"model.{model}.{lang}", CARD_SECTIONS[lang][role]):
                        self.items += [Advice(chunk, s, model, role) for s in sentences(chunk.text)]
        vectors = np.asarray(embed([a.quote for a in self.items]), dtype=np.float32) if self.items else None
        if vectors is None:
            self.vectors = np.zeros((0, 1), dtype=np.float32)
        else:
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            self.vectors = vectors / np.where(norms == 0, 1, norms)
        self._tokens = [set(tokenize(a.quote)) for a in self.items]
        # the case notes' lessons, one vector per chunk (read from the store, not embedded again)
        self.lessons = [c for c in index.chunks if c.doc_type == "case" and CASE_SECTIONS[c.lang]["risks"] in c.section]
        found = index.store.vectors([c.chunk_id for c in self.lessons]) if self.lessons else np.zeros((0, 1))
        norms = np.linalg.norm(found, axis=1, keepdims=True) if len(found) else np.ones((0, 1))
        self.lesson_vectors = found / np.where(norms == 0, 1, norms) if len(found) else found
        # where each training concern's answers stand, found once here rather than on every question: the
        # card sentences an answer holds (an answer may be a whole bullet), the lessons passage that holds it
        self.exemplars = exemplars or Exemplars.empty()
        answers = {a for row in self.exemplars.answers for a in row}
        self._sentences_of = {a: [i for i, item in enumerate(self.items) if item.quote in a] for a in answers}
        self._lesson_of = {
            a: j
            for a in answers
            if (j := next((k for k, c in enumerate(self.lessons) if a in c.text), None)) is not None
        }

    def votes(self, vector: np.ndarray, lang: str) -> dict[str, float]:
        """Each passage's share of the training concerns nearest to the question (Exemplars.votes)."""
        return self.exemplars.votes(vector, lang)

    def _shares(self, votes: dict[str, float]) -> dict[int, float]:
        """The votes by card sentence."""
        out: dict[int, float] = {}
        for answer, share in votes.items():
            for i in self._sentences_of.get(answer, ()):
                out[i] = out.get(i, 0.0) + share
        return out

    def case_lesson(
        self, concern: str, vector: np.ndarray, lang: str, votes: dict[str, float] | None = None
    ) -> Advice | None:
        """The case notes' lesson for the concern: the one the nearest training concerns were answered with,
        else the nearest lessons passage and its sentence sharing most words with the concern."""
        rows = [i for i, c in enumerate(self.lessons) if c.lang == lang]
        if not rows or not concern:
            return None
        for quote, _share in sorted((votes or {}).items(), key=lambda kv: -kv[1]):
            if quote in self._lesson_of and self.lessons[self._lesson_of[quote]].lang == lang:
                chunk = self.lessons[self._lesson_of[quote]]
                return Advice(chunk, quote, chunk.models[0] if chunk.models else "", "lesson")
        q = np.asarray(vector, dtype=np.float32).ravel()
        best = rows[int(np.argmax(self.lesson_vectors[rows] @ (q / (np.linalg.norm(q) or 1.0))))]
        chunk = self.lessons[best]
        words = set(self.tokenize(concern))
        ranked = sorted(sentences(chunk.text), key=lambda s: -len(words & set(self.tokenize(s))))
        return Advice(chunk, ranked[0], chunk.models[0] if chunk.models else "", "lesson") if ranked else None

    def voted(self, votes: dict[str, float], lang: str) -> Advice | None:
        """The card sentence, of any model, that answered most of the nearest training concerns: a concern
        is answered even when the place's model is misjudged."""
        shares = [(share, i) for i, share in self._shares(votes).items() if self.items[i].chunk.lang == lang]
        return self.items[max(shares)[1]] if shares else None

    def answer(
        self,
        concern: str,
        vector: np.ndarray,
        lang: str,
        models: list[str],
        k: int = 3,
        votes: dict[str, float] | None = None,
    ) -> list[Advice]:
        """The k sentences of these models' cards that best answer the concern, best first. `votes`: each
        passage's share of the nearest training concerns (`votes()`)."""
        if not self.items or not concern:
            return []
        q = np.asarray(vector, dtype=np.float32).ravel()
        q = q / (np.linalg.norm(q) or 1.0)
        words = set(self.tokenize(concern))
        shares = self._shares(votes or {})
        scored = []
        for i, a in enumerate(self.items):
            if a.chunk.lang != lang or a.model not in models:
                continue
            score = float(self.vectors[i] @ q) + LEXICAL_WEIGHT * len(words & self._tokens[i])
            score += PLAN_PRIOR if a.role == "plan" else 0.0
            score += VOTE_WEIGHT * shares.get(i, 0.0)
            scored.append((score, i))
        scored.sort(reverse=True)
        return [self.items[i] for _, i in scored[:k]]
