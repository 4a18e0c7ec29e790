"""The place a conversation is about: what the planner has said of it, and the judgement.

It travels in the session's context (the store keeps it with each answer), so any worker, the
OpenAI-compatible face and Slack threads continue the same place. A message in an active session is a
follow-up about the place, adds facts about it (the whole profile is judged again), turns to another
place (a new profile), or is plainly unrelated.
"""

import re
from dataclasses import dataclass, field

from service.advisor.roles import LEAVING_EN, LEAVING_ZH
from service.cases.facets import Facets

MAX_FACTS = 12  # the profile keeps the planner's latest descriptions; the classifier reads them together

_NEW_PLACE = re.compile(
    r"\b(?:another|(?:a )?different|a second|other|neighbou?ring|next[- ]door|new)\s+"
    r"(?:city|town|place|district|county|region|park|zone|area|question|case)\b|"
    r"\bswitch(?:ing)? to\b|\bnow about\b|\b(?:one )?more place\b|"
    r"\bsister city\b|\btwin town\b|\bacross the (?:river|border|bay|water|county line)\b|"
    r"\b(?:north|south|east|west)(?:east|west)? of us\b|\bto our (?:north|south|east|west)\b|"
    r"(?:北|南|东|西)边(?:的|那个)(?:县|市|城|镇|区)|以(?:北|南|东|西)\d+\s*(?:公里|千米)|"
    r"换个|换一个|另一个|另外一个|另一座|另一处|隔壁|邻近的|再问一个|再说一个|说说另|"
    r"另外.{0,4}(?:地方|城市|园区|片区|县|市)|再.{0,2}问.{0,3}(?:地方|城市|园区|片区)",
    re.I,
)
# "要是" asks "what if", but not inside 主要是 / 需要是 ("主要是租金低").
_WHAT_IF = re.compile(
    r"\bwhat if\b|\bsuppose\b|\bimagine\b|\bif (?:the|our|we|they)\b|假如|如果|(?<![主需只重不])要是|万一|假设", re.I
)
_ADDING = re.compile(
    r"\b(?:actually|in fact|to add|also|i should add|i forgot|correction|more precisely|update|left out|"
    r"turns out|i had it wrong|i was wrong|one more thing|forgot to mention|to be precise)\b|"
    r"补充|其实|另外还|还有|更正|纠正|忘了说|说漏了|漏了|搞错了|更新一下|最新情况|准确地说|实际上|需要说明",
    re.I,
)
# A question: a question mark, or, in a short message, an English sentence opening with an interrogative ("Are
# the firms…" yes, "The firms are…" no) or a Chinese question word. A long statement uses them too ("What I
# didn't mention: the centrepiece is…", "政府没怎么插手", "跟它没什么关系了").
_QUESTION_MARK = re.compile(r"[?？]")
_ASKING = re.compile(
    r"(?:^|[.!;:]\s+)(?:what|how|why|which|should|could|would|can|do|does|is|are)\b|吗|呢|么|怎|如何|哪|什么|"
    r"为何|为什么",
    re.I,
)
SHORT_QUESTION = 40  # Chinese characters plus English words
_LEAD_IN = re.compile(r"^[^.?!:。？！：]{0,40}[:：]")
_NUMBER = re.compile(r"\d")
# A message that points back to the place, or speaks of what planning it involves: in a conversation
# about a place, such a message is a follow-up even when, alone, it would look off the subject.
_BACK_REFERENCE = re.compile(
    r"\b(?:it|its|this|that|these|there|here|we|our|us|the (?:park|lab|labs|district|zone|place|city|town|"
    r"area|campus|cluster|project|plan)|plan\w*|budget|indicators?|metrics?|scorecard|mayor|council|mp|"
    r"investors?|risks?|rents?|subsid\w*|model|label|start-?ups?|firms?|jobs|residents?|graduates?|talent|"
    r"housing|transport\w*|land|funding|timeline|steps?|summar\w*|recap|bullets?|table|memo|email|briefing|"
    r"one-liner|one-line|tl;?dr|anything else|how much|how long|cost\w*|money)\b|"
    r"这|那|它|我们|咱|园区|片区|这里|那里|本地|当地|把握|规划|指标|补贴|隐患|风险|资本|投资|政府|企业|人才|"
    r"模式|预算|政策|市长|书记|领导|年轻人|毕业生|空间|产业|方向|总结|概括|一句话|要点|简单说|具体|住房|交通|土地|"
    r"钱|多久|多长时间|几年|见效|成本|费用|经费|资金",
    re.I,
)


@dataclass
class PlaceProfile:
    facts: list[str] = field(default_factory=list)  # the planner's words about the place, oldest first
    model: str | None = None
    confidence: float = 0.0
    probs: dict[str, float] = field(default_factory=dict)  # the judgement's probabilities, to weigh additions

    @property
    def text(self) -> str:
        return "\n".join(self.facts)

    def with_fact(self, message: str) -> "PlaceProfile":
        return PlaceProfile([*self.facts, message][-MAX_FACTS:], self.model, self.confidence, self.probs)

    def to_context(self) -> dict:
        return {"facts": self.facts, "model": self.model, "confidence": self.confidence, "probs": self.probs}

    @classmethod
    def from_context(cls, context: dict | None) -> "PlaceProfile | None":
        data = (context or {}).get("profile")
        if not data or not data.get("facts"):
            return None
        probs = {str(k): float(v) for k, v in (data.get("probs") or {}).items()}
        return cls(list(data["facts"]), data.get("model"), float(data.get("confidence") or 0.0), probs)


# A message that says itself it leaves the subject ("unrelated, but…", "题外话").
_ASIDE = re.compile(
    r"\b(?:unrelated|off[- ]topic|random question|different topic|change of subject|"
    r"(?:quick|as an|an) aside)\b|题外话|跟这个无关|与此无关|"
    r"无关的问题|换个话题|顺便问",
    re.I,
)
# A correction supersedes what was said before ("I need to correct myself", "那个项目去年被撤了").
_CORRECTION = re.compile(
    r"\b(?:correct(?:ion|ing)? myself|correction|(?:let me|need to|have to|must) correct|correct (?:that|this)|"
    r"i was wrong|i had it wrong|i misspoke|(?:was|wasn't|was not) "
    r"(?:accurate|right|correct)|inaccurate|i (?:just )?(?:checked|verified)|not true any ?more|no longer|"
    r"closed|shut (?:down)?|wound down|pulled out|withdr[ae]w\w*|moved away|left)\b|"
    r"更正|纠正|搞错了|说错了|不准确|不对|核实|查证|撤了|撤走|关闭|关了|搬走|退出|不再|已经没有",
    re.I,
)

# The place has changed since it was described: what was said is history ("the company moved its R&D centre
# away", "现在进驻的是…", "一家巨头把这几家企业整合了进去").
_CHANGED = re.compile(
    r"\b(?:(?:has|have|had|things) (?:since |all )?changed|(?:big|major|real) (?:change|shift)|new development|"
    r"update:|since then|(?:has|have) (?:actually )?happened since|these days|nowadays|took over|taken over|"
    r"acquired|bought (?:up|out)|sold (?:its|their|the)|" + LEAVING_EN + r")\b|"
    r"变了|大变化|新变化|新进展|新情况|如今|现在的情况|收购|整合|接手|接管|" + LEAVING_ZH,
    re.I,
)


# Everyday subjects no planner's question about a place is about: the weather, a match, a recipe, a film.
_EVERYDAY = re.compile(
    r"\b(?:weather|forecast|rain(?:s|ing|y)?|snow(?:ing)?|umbrella|sunny|football|soccer|basketball|derby|"
    r"penalty|referee|world cup|recipe|movie|tv show|birthday|vacation|holidays?|sightseeing|beach|restaurant|"
    r"podcast)\b|"
    r"天气|降温|升温|下雨|下雪|气温|带伞|外套|球赛|足球|篮球|德比|点球|裁判|世界杯|菜谱|电影|电视剧|生日|旅游|度假|"
    r"景点|海边|餐厅|饭店",
    re.I,
)


def leaves_the_subject(text: str) -> bool:
    return bool(_ASIDE.search(text))


def about_everyday_life(text: str) -> bool:
    return bool(_EVERYDAY.search(text)) and not _WHAT_IF.search(text)


def corrects(text: str) -> bool:
    return bool(_CORRECTION.search(text))


def supersedes(text: str) -> bool:
    """The message replaces what was said of the place: a correction, or news that the place has changed."""
    return corrects(text) or bool(_CHANGED.search(text))


def asks(text: str) -> bool:
    if _QUESTION_MARK.search(text):
        return True
    body = _LEAD_IN.sub("", text, count=1)  # "What I left out: the county owns…" states what follows
    size = sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff") + len(re.findall(r"[A-Za-z]+", body))
    return size <= SHORT_QUESTION and bool(_ASKING.search(body))


def refers_to_the_place(text: str) -> bool:
    """The message points back to the place talked about ("what if it...", "这个园区", "what if")."""
    return bool(_BACK_REFERENCE.search(text) or _WHAT_IF.search(text))


def turns_to_another_place(text: str) -> bool:
    return bool(_NEW_PLACE.search(text))


def without_lead_in(text: str) -> str:
    """'Another question, about our neighbouring county: one carmaker pays…' -> 'one carmaker pays…':
    the lead-in that turns to another place says nothing about that place."""
    m = _NEW_PLACE.search(text)
    colon = re.search(r"[:：]", text[m.end() : m.end() + 60]) if m else None
    rest = text[m.end() + colon.end() :].strip() if m and colon else ""
    return rest or text


def adds_facts(text: str, facets: Facets, signal_words: int) -> bool:
    """A statement about the place that carries facts (actors, counts, who founded or funds it), not a
    question or a "what if"."""
    if _WHAT_IF.search(text):
        return False
    described = len(facets.actors) + len(facets.industries) + signal_words + bool(_NUMBER.search(text))
    statement = not asks(text)
    return described >= 1 and (bool(_ADDING.search(text) or supersedes(text)) or (statement and described >= 2))
