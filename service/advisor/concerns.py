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
    r"afford\w*|fees?|royalt\w*|too (?:high|long|slow|few|expensive)|tight|strapped|laid off|layoffs?|"
    r"debts?|deficits?|burden\w*|pressure\w*|weak\w*|bottlenecks?|ag(?:e)?ing|decay\w*|"
    r"derelict|idle|shortfall|falling|fell|shut\w*|bankrupt\w*|outdated|obsolete|no longer)\b|"
    r"但|却|问题|担心|担忧|怕|困难|难|慢|贵|涨|翻了|离开|流失|外流|跑了|搬走|缺|没有|没人|不够|不足|只有|只靠|依赖|"
    r"到期|取消|退出|撤|削减|砍|下滑|萎缩|空置|空着|官僚|审批|手续|拆迁|征收|改造|希望|目标|想要|想让|如何|怎么|"
    r"留住|留不住|吸引|招不到|用不上|排队|太长|太久|太高|不愿|不肯|不敢|还没|迟迟|卡|等着|拖|僵|死板|拿不到|"
    r"用不了|不让|谈不拢|定不下|抱怨|吐槽|不满|不起|紧张|下岗|负担|压力|短板|瓶颈|薄弱|落后|老化|衰退|衰落|"
    r"空心|闲置|债务|负债|亏损|倒闭|关停|下降|减少|不景气",
    re.I,
)
# What a clause says that is no problem: the ask every question makes ("怎么规划？", "what should we plan
# for?") and an asset ("rents are low", "租金便宜"). A clause that says only these states no concern.
_NOT_A_PROBLEM = re.compile(
    r"\b(?:(?:how|what) (?:should|do|can|could|would) (?:we|i|our city|the city) "
    r"(?:plan(?: for)?|prepare(?: for)?|start|begin|proceed)|how to (?:plan|start|proceed)|"
    r"(?:low|cheap|affordable|modest) (?:rents?|costs?|prices?|land(?: prices)?)|"
    r"(?:rents?|costs?|prices?|land) (?:is |are |remains? |stays? |were |was )?(?:still |very |relatively |fairly )?"
    r"(?:low|cheap|affordable|modest))\b|"
    r"(?:应该|该|要)?(?:怎么|如何)(?:规划|布局|做|入手|开始|起步|定位)|"
    r"(?:租金|房租|成本|地价|土地价格|价格)(?:也|都|还)?(?:很|较|比较|相对|非常)?(?:低廉|低|便宜)|"
    r"(?:低廉|便宜)的(?:租金|房租|成本|地价)",
    re.I,
)
_CLAUSE = re.compile(r"[^,.;!?，。；！？\n]+")
ROLES = ("risks", "plan")
LEXICAL_WEIGHT = 0.05  # per shared word: a tie-breaker beside meaning, not a keyword match
PLAN_PRIOR = 0.05  # a plan sentence says what to do about a problem; a risk sentence restates it
VOTE_WEIGHT = 0.3  # a passage that answered all the nearest training concerns (exemplars.py); on concerns_dev


def concern_of(text: str) -> str:
    """The clauses of the question that state a problem or a goal, verbatim and in order ('' if none)."""
    found = [m.group(0).strip() for m in _CLAUSE.finditer(text) if _CUES.search(_NOT_A_PROBLEM.sub(" ", m.group(0)))]
    return ("，" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else ", ").join(found)


@dataclass(frozen=True)
class Advice:
    chunk: Chunk
    quote: str  # one sentence, verbatim in the chunk
    model: str
    role: str  # risks | plan | lesson


class AdviceIndex:
    """Every risk and plan sentence of the five model cards and every lesson sentence of the case notes, in
    both languages, each with its embedding (about two seconds, once per index version)."""

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
        self.vectors = _unit_rows(embed([a.quote for a in self.items])) if self.items else np.zeros((0, 1))
        self._tokens = [set(tokenize(a.quote)) for a in self.items]
        # the case notes' lessons, sentence by sentence: a note's lessons section holds several unrelated
        # lessons, so one vector for the whole section finds the right note but not the right lesson. Only
        # districts' notes: a note with no model (the article's DeepMind and Nvidia examples of a trend)
        # draws lessons about the article's evidence, not about planning a place.
        self.lessons = [
            Advice(c, s, c.models[0], "lesson")
            for c in index.chunks
            if c.doc_type == "case" and c.models and CASE_SECTIONS[c.lang]["risks"] in c.section
            for s in sentences(c.text)
        ]
        self.lesson_vectors = _unit_rows(embed([a.quote for a in self.lessons])) if self.lessons else np.zeros((0, 1))
        self._lesson_langs = np.array([a.chunk.lang for a in self.lessons])
        self._lesson_with: dict[str, list[int]] = {}  # word -> the lesson sentences that hold it
        for i, a in enumerate(self.lessons):
            for word in set(tokenize(a.quote)):
                self._lesson_with.setdefault(word, []).append(i)
        self._lesson_at = {a.quote: i for i, a in enumerate(self.lessons)}
        # where each training concern's answers stand, found once here rather than on every question: the
        # card sentences an answer holds (an answer may be a whole bullet), the lessons passage that holds it
        self.exemplars = exemplars or Exemplars.empty()
        answers = {a for row in self.exemplars.answers for a in row}
        self._sentences_of = {a: [i for i, item in enumerate(self.items) if item.quote in a] for a in answers}
        chunks = list({a.chunk.chunk_id: a.chunk for a in self.lessons}.values())
        self._lesson_of = {a: chunk for a in answers if (chunk := next((c for c in chunks if a in c.text), None))}

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

    def case_lessons(
        self, concern: str, vector: np.ndarray, lang: str, votes: dict[str, float] | None = None, n: int = 2
    ) -> list[Advice]:
        """The case notes' lessons for the concern, one per note: first the one the nearest training concerns
        were answered with, then the lesson sentences nearest in meaning (and words) to the concern."""
        if not concern:
            return []
        votes = votes or {}
        out: list[Advice] = []
        for quote, _share in sorted(votes.items(), key=lambda kv: -kv[1]):
            chunk = self._lesson_of.get(quote)
            if chunk is not None and chunk.lang == lang:
                out.append(Advice(chunk, quote, chunk.models[0] if chunk.models else "", "lesson"))
                break
        scores = self.lesson_vectors @ _unit_rows(vector)[0]
        for word in set(self.tokenize(concern)):
            scores[self._lesson_with.get(word, [])] += LEXICAL_WEIGHT
        for quote, share in votes.items():
            if quote in self._lesson_at:
                scores[self._lesson_at[quote]] += VOTE_WEIGHT * share
        scores[self._lesson_langs != lang] = -np.inf
        for i in np.argsort(-scores)[: 10 * n]:
            if len(out) >= n:
                break
            if all(self.lessons[i].chunk.doc_id != a.chunk.doc_id for a in out):
                out.append(self.lessons[i])
        return out[:n]

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
        q = _unit_rows(vector)[0]
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


def _unit_rows(vectors: np.ndarray | list) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero)."""
    v = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms == 0, 1, norms)
