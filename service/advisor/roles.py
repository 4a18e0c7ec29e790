"""Who drives a place, not who is mentioned: the role a clause gives the actors it names.

A real brief names actors of several models. What decides the model is who founded, funds, governs and
generates the place's firms and ideas ("核心是", "主要依托", "71 of 92 firms were founded by its staff");
an actor that is only present ("also", "mainly a customer", "a sign hung afterwards", "近年才挂牌") should
not flip the judgement. Each clause is read on its own: its model words are counted as leading, minor or
plain, and the classifier learns from these counts (features.py) how much each kind of mention weighs.
"""

import re
from dataclasses import dataclass, field

from service.typology import MODEL_IDS

# A clause: up to a comma or a sentence end (、 joins a list inside one clause).
CLAUSE = re.compile(r"[^,.;:!?，。；：！？\n]+")

LEADING = re.compile(
    r"(?<![a-z])(?:core|backbone|heart of|main(?:ly)? (?:driver|engine|source|base)|driv(?:en|es|ing)|"
    r"built (?:around|on)|anchored (?:by|on)|centred on|centered on|revolves? around|grew (?:up )?(?:around|out of)|"
    r"founded by|set up by|started by|spun (?:out|off)|spin-?offs?|spinouts?|founders?|(?:most|majority|bulk|"
    r"nearly all|almost all|the rest)\b|more than half|over half|two[- ]thirds|three[- ]quarters|"
    r"\d+\s*(?:of|out of)\s*(?:the\s+)?\d+|\d+(?:\.\d+)?\s*(?:%|per ?cent)|led by|initiated by|owned by|"
    r"pays? for|fund(?:s|ed)? (?:most|the bulk|nearly)|dominat\w+|generat\w+|the reason (?:it|we) exists?)(?![a-z])|"
    r"核心|主要依托|依托|主导|牵头|发起|创办|创立|创始|孵化出|衍生|派生|脱胎|起家|源自|发源|围绕|以.{1,12}为主|"
    r"大部分|大多数|绝大多数|多数|过半|一半以上|半数以上|三分之二|四分之三|七成|八成|九成|六成|占比|\d+\s*%|"
    r"\d+\s*家中|\d+\s*个中|中有\s*\d+|主体|主力|支柱|龙头|全资|出资|投资建设|建设运营|一手",
    re.I,
)
MINOR = re.compile(
    r"(?<![a-z])(?:also|as well|only recently|recently|later|afterwards?|since last year|in passing|"
    r"mainly (?:a|as a|as) (?:customer|client|buyer|tenant)|customers?|clients?|buyers?|tenants?|"
    r"(?:a )?(?:small|minor|modest|token|symbolic|nominal|limited)|a few|a handful|some of (?:its|their|the)|"
    r"(?:only|just) one|branch (?:office|campus)|merely|(?:only|just) (?:supplies|provides|handles|runs|does|serves|"
    r"sends|offers|lends)|"
    r"satellite|outpost|liaison office|sign(?:board|s)?|plaque|label(?:led)?|brand(?:ed|ing)|badge|"
    r"rebrand\w*|hung|renamed|on paper|ceremon\w+|photo[- ]op|plans? to|planned|will(?: be)?|next year|"
    r"is to be|going to)(?![a-z])|"
    r"也有|还有|此外|另有|另外|后来|近年才|最近|近期|去年才|才(?:挂|设|来|进)|之后|随后|挂牌|授牌|揭牌|挂了|牌子|"
    r"名头|冠名|客户|采购方|买家|租户|少量|小额|象征性|有限|分部|分支|办事处|联络处|装配车间|仅|只是|顺带|"
    r"只负责|只管|只做|只提供|只给|只用于|只承担|只输送|"
    r"锦上添花|补贴了一点|一点点|计划|拟|打算|准备|将要|明年|即将",
    re.I,
)


# A count of firms in a clause ("44 were founded by", "71 of 92 firms", "引进186家"): a number that is not a
# year, a share or an amount, in a clause about where firms come from. The clause's model words get it.
FIRM_COUNT = re.compile(
    r"(?<![\d.,])(?!(?:19|20)\d\d(?!\d))(\d{1,5})(?![\d.,]|\s*(?:%|per ?cent|万|亿|元|平方|公顷|年|月|人|名|m\b|"
    r"million|bn|billion|ha\b|hectares?|km|sq|years?|months?|staff|people|researchers|employees|students|jobs))",
    re.I,
)
ORIGIN = re.compile(
    r"(?<![a-z])(?:firms?|compan(?:y|ies)|start-?ups?|spin-?(?:outs?|offs?)|spinouts?|businesses|ventures|tenants|"
    r"were (?:founded|started|set up|recruited|attracted|spun)|came from|grew out of|originated)(?![a-z])|"
    r"\d\s*家|企业|公司|团队|初创|孵化|引进|衍生|落户|创办",
    re.I,
)


# Two drivers said to weigh the same ("half … the other half", "各占一半", "in exactly equal measure"): the
# text then names no primary model, whatever it mentions.
BALANCED = re.compile(
    r"(?<![a-z])(?:exactly (?:equal|the same|half)|equal (?:numbers?|shares?|measure|weight|parts|groups|footing)|"
    r"in equal|the other half|half and half|50\s*/\s*50|fifty[- ]fifty|evenly (?:split|divided|balanced)|"
    r"just as (?:many|much|important)|(?:it's |it is |a )tie(?!-)|dead heat|neck and neck|on a par|"
    r"equally (?:important|strong|split|shared|divided))(?![a-z])|各占一半|一半.{0,40}另一半|平分秋色|不相上下|"
    r"旗鼓相当|势均力敌|难分伯仲|难分高下|平起平坐|平手|打平|一样多|数量相当|数量一样|比重.{0,6}一样|同样重要|五五开|对半",
    re.I,
)

# The text says outright that it does not know who drives the place ("we don't know who funds them",
# "no one has counted", "搞不清到底谁在拍板"): whatever it mentions, it names no primary model.
UNKNOWN = re.compile(
    r"(?<![a-z])(?:(?:don'?t|do not|doesn'?t|does not|didn'?t|did not) (?:really |actually )?know|not sure|unclear|"
    r"no (?:one|data|record)s? (?:on|of|about|knows?))(?![a-z]).{0,60}?(?<![a-z])(?:who (?:\w+ )?(?:drives?|runs?|"
    r"funds?|started|founded|pays?|leads?|decides?|governs?|set up)|where (?:\w+ ){0,3}(?:came|come) from|"
    r"which of (?:them|these|those|the))(?![a-z])|(?<![a-z])no one has counted|"
    r"(?:不清楚|搞不清|说不清|不知道|没人知道|没有数据|没人统计).{0,20}?"
    r"(?:谁在|谁出|谁主导|谁发起|谁创办|谁说了算|谁拍板|从哪来|从哪儿来|来自哪|哪一方|哪家主导)",
    re.I,
)


@dataclass
class Roles:
    """Model-word counts by the role their clause gives them, and how much of the text describes actors."""

    leading: dict[str, int] = field(default_factory=dict)
    minor: dict[str, int] = field(default_factory=dict)
    clauses: int = 0
    actor_clauses: int = 0
    firms: dict[str, int] = field(default_factory=dict)  # firms counted in clauses naming each model
    balanced: int = 0  # statements that two drivers weigh the same
    unknown: int = 0  # statements that the writer does not know who drives the place

    def firm_shares(self) -> dict[str, float]:
        """Each model's share of the firms the text counts by origin (empty when it counts none)."""
        total = sum(self.firms.values())
        return {m: n / total for m, n in self.firms.items()} if total else {}


def role_of(clause: str) -> str:
    """leading, minor or plain. A clause with both kinds of cue ("also founded by") counts as plain."""
    lead, minor = bool(LEADING.search(clause)), bool(MINOR.search(clause))
    return "leading" if lead and not minor else "minor" if minor and not lead else "plain"


# A contrast inside a sentence ("the city built the roads, but 71 of 92 firms came from the university", "园区挂着
# 大学科技园的牌子，其实企业都是招商引进的"): what comes before it is the lesser part, what follows the point made.
CONTRAST = re.compile(
    r"(?<![a-z])(?:but|however|actually|in fact|in reality|rather)(?![a-z])|但是|但|不过|其实|实际上|而是", re.I
)
SENTENCE = re.compile(r"[^.!?;。！？；\n]+")


def _contrasts(text: str) -> list[tuple[int, int, int]]:
    """(start, contrast, end) of each sentence with a contrast after its first word."""
    out = []
    for s in SENTENCE.finditer(text):
        m = CONTRAST.search(s.group(0))
        if m and m.start() > 0:
            out.append((s.start(), s.start() + m.start(), s.end()))
    return out


def _role_in_sentence(clause: re.Match[str], contrasts: list[tuple[int, int, int]]) -> str:
    """A clause's own cues decide its role; a plain clause before a contrast is minor, one after it leading."""
    role = role_of(clause.group(0))
    if role != "plain":
        return role
    for start, pivot, end in contrasts:
        if start <= clause.start() and clause.end() <= pivot:
            return "minor"
        if pivot < clause.end() and clause.start() < end:
            return "leading"
    return role


def read_roles(text: str, located: list[tuple[int, str]]) -> Roles:
    """`located`: (offset, model id) of each model word found in text (negated ones left out)."""
    out = Roles(balanced=len(BALANCED.findall(text)), unknown=len(UNKNOWN.findall(text)))
    words = sorted(p for p in located if p[1] in MODEL_IDS)
    contrasts = _contrasts(text)
    i = 0
    for m in CLAUSE.finditer(text):
        if not m.group(0).strip():
            continue
        out.clauses += 1
        inside: list[str] = []
        while i < len(words) and words[i][0] < m.end():
            if words[i][0] >= m.start():
                inside.append(words[i][1])
            i += 1
        if not inside:
            continue
        out.actor_clauses += 1
        counted = _firm_count(m.group(0))
        for model in dict.fromkeys(inside) if counted else ():
            out.firms[model] = out.firms.get(model, 0) + counted
        role = _role_in_sentence(m, contrasts)
        if role != "plain":
            counts = out.leading if role == "leading" else out.minor
            for model in inside:
                counts[model] = counts.get(model, 0) + 1
    return out


def _firm_count(clause: str) -> int:
    """The first number of a clause about where firms come from ("71 of 92": 71), or 0."""
    if not ORIGIN.search(clause):
        return 0
    m = FIRM_COUNT.search(clause)
    return int(m.group(1)) if m else 0


# An actor leaving the place ("the institute moved its gene bank away", "那家大厂搬去了省会"): in a message, news that
# the place has changed (profile.py); in a clause, the place as it no longer is.
LEAVING_EN = (
    r"relocated|moved (?:its|their) [^,.;]{0,50}?(?:away|elsewhere|out of|to (?:another|the main|a different|other))|"
    r"left (?:the|for|in)"
)
LEAVING_ZH = "搬去|迁走|迁往|迁到|撤销|卖给"

# In a message that corrects or updates what was said of a place, a clause that denies an actor ("那些企业并不是
# 教授办的", "the firms were not founded by its staff"), restates what was said ("我说它是巨头的总部", "I said it was
# the carmaker's town"), retires one ("那家大厂搬去了省会", "the institute moved its gene bank away") or cuts it
# down ("那家整车厂其实只是个组装基地", "the hospital merely supplies clinical access") speaks of the place as it
# no longer is.
SUPERSEDED = re.compile(
    r"(?<![a-z])(?:not|never|no longer|nothing to do with|no (?:link|connection|relation)s?|i (?:said|told you|"
    r"mentioned|described)|moved (?:away|out)|" + LEAVING_EN + r"|closed|shut|sold|"
    r"pulled out|withdr[ae]w\w*|(?:is|was|are|were) (?:only|just|merely)|merely|only (?:supplies|provides|offers|"
    r"sends|runs|does|handles))(?![a-z])|n't\b|只是|只不过|仅仅是|仅是|只负责|只提供|只给|"
    r"不是|并非|不再|不在|没有|没什么|无关|不属于|谈不上|算不上|我说|我刚才说|我前面说|我之前说|老黄历|"
    r"搬走|搬到|撤了|撤走|关门|倒闭|卖掉|退出|" + LEAVING_ZH,
    re.I,
)


PIECE = re.compile(r"[,.;:!?，。；：！？\n]|\s[-–—]\s|—+")  # a clause's bounds, a dash's included


def current_clauses(text: str) -> str:
    """The text without its clauses that deny, restate or retire an actor (the whole text if none is left)."""
    spans = [c.strip() for c in PIECE.split(text) if c.strip()]
    kept = [c for c in spans if not SUPERSEDED.search(c)]
    if not kept or len(kept) == len(spans):
        return text
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return ("，" if cjk * 2 > len(text) else ", ").join(kept)


GIST_CHARS = 4000  # the sentence embedding reads at most this much; its cost grows with the length


def gist(text: str, limit: int = GIST_CHARS) -> str:
    """What the sentence embedding reads of a long text: the clauses that give an actor a role first, then
    the opening, in the text's order. Words, characters and roles are still read from the whole text."""
    if len(text) <= limit:
        return text
    spans = [m for m in CLAUSE.finditer(text) if m.group(0).strip()]
    cued = [m for m in spans if LEADING.search(m.group(0)) or MINOR.search(m.group(0))]
    chosen: set[int] = set()
    used = 0
    for m in [*cued, *spans]:
        if m.start() in chosen:
            continue
        if used + len(m.group(0)) + 1 > limit:
            break
        chosen.add(m.start())
        used += len(m.group(0)) + 1
    return "，".join(m.group(0).strip() for m in spans if m.start() in chosen)
