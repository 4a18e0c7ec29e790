"""The offline composer: words a Brief as an adviser's note, deterministically, in the planner's language.

Every statement of fact is a quote with its [n]; what the advisor infers is labelled as its inference.
"""

from service.advisor.brief import Brief, Evidence, Part, Place
from service.advisor.types import Citation
from service.cases.labels import ACTOR_GROUP_NAMES
from service.typology import MODEL_NAMES, TREND_NAMES

LABELS = {
    "en": {
        "judgement": "Judgement",
        "why": "Why",
        "logic": "Core logic",
        "risks": "Main risks",
        "plan": "What to plan for",
        "cases": "Comparable case",
        "disputes": "Where the sources disagree (both sides quoted)",
        "definition": "Definition",
        "summary": "Summary",
        "why_case": "Why it fits",
        "article": "From the article",
        "signals": "What would point to",
        "strengths": "Strengths",
        "comparable": "Comparable case",
        "likeness": "The place you liken yours to",
        "facts": "Key facts",
        "actors": "What the place has and lacks",
        "concern": "On the problem you raised",
        "follow_up": "For your place",
        "situation": "What speaks most to your situation",
    },
    "zh": {
        "judgement": "判断",
        "why": "依据",
        "logic": "核心逻辑",
        "risks": "主要风险",
        "plan": "规划要点",
        "cases": "可比案例",
        "disputes": "资料的出入(双方均引原文)",
        "definition": "定义",
        "summary": "概述",
        "why_case": "为何属于该模式",
        "article": "文章原文",
        "signals": "以下情况会指向",
        "strengths": "优势",
        "comparable": "可比案例",
        "likeness": "您所类比的地方",
        "facts": "关键事实",
        "actors": "现有与欠缺的主体",
        "concern": "针对您提出的问题",
        "follow_up": "就您所在地而言",
        "situation": "与您的情况最相关的要点",
    },
}

TEXT = {
    "en": {
        "likened": "Your question says little of the place beyond its likeness to {place}, so it takes that "
        "district's model, as the case note gives it: ",
        "judged": "{name} model (confidence {p}){secondary}. This is the advisor's inference from your "
        "description, weighed against the article's five models.",
        "secondary": "; it also shows traits of the {name} model ({p})",
        "signals": "Your description mentions {words}.",
        "no_signals": "Your description has no single decisive keyword; the judgement rests on its overall wording.",
        "negated": " You said the place has no {words}, so that did not count in its favour.",
        "abstain": "I cannot tell which model fits from what you have described: the likeliest, {name}, has only "
        "{p} confidence. ",
        "undecided": "Nothing said so far decides which model fits. ",
        "ask": "Tell me who anchors the place (a research university, national labs or large "
        "scientific facilities, one leading company, a government development agency, or organic start-up "
        "activity), who pays for it, and what drives its growth.",
        "out_of_scope": "That is outside what I can advise on. I help planners and policy teams with innovation "
        "districts: which of the article's five models (university-led, science-facility, anchor-company, "
        "government-cultivated, market-driven) fits a place, what to plan for, the example districts, and the "
        "three trends (multi-model fusion, hyper-city hybrid districts, pan-regional networks).",
        "set_aside": "Note: your message contained instructions addressed to the advisor; they were set aside, and "
        "the answer rests only on what you said about the place.",
        "trend": "Trend: {name}. What follows is the article's projection, attributed to it, not an established fact.",
        "district": "{district} is, in the article's typology, a {name} district (confidence {p}).",
        "follow_up": "Following up on the {name} model from your previous question.",
        "follow_up_trend": "Following up on {name}.",
        "compare": "Comparing the {a} and {b} models; the better fit for the place you describe is {name} "
        "(confidence {p}, the advisor's inference).",
        "compare_open": "Comparing the {a} and {b} models: your question does not yet say who drives the place, "
        "so neither is chosen for it. Below is each model's definition and typical risks. ",
        "explain": "The {name} model, as the article defines it.",
        "place": "{district} ({country}): the case library places it in the {name} model{secondary}, "
        "judged from the sources its note cites (the classifier, reading the note, gives {p}).",
        "place_secondary": ", with traits of the {name} model",
        "unknown": "I have no note on {place} in the case library, so I cannot say from sources which model it "
        "follows.",
        "unknown_judged": "Judging only from what your question describes: {name} (confidence {p}), the advisor's "
        "inference.",
        "unknown_ask": "To judge it, tell me who founded the place, who funds and governs it, and what generates its "
        "firms and ideas: a research university, national labs or large facilities, one leading company, a "
        "government development agency, or founders and investors on their own.",
        "shares": "Shares with your place: {items}.",
        "because": "{name}, because you said {clauses}.",
        "shows": "Your description shows {items}. ",
        "lacks": "It does not show {items}, which the article counts among a district's actors.",
        "and": " and ",
        "or": " or ",
        "warning": "The article's warning:",
        "you_raised": "You raised: “{concern}”.",
        "rejudged_same": "With what you added (“{added}”), the judgement stays {name}.",
        "rejudged_changed": "With what you added (“{added}”), the place now reads as {name}, no longer {old}.",
        "rejudged_first": "With what you added (“{added}”), the place can now be judged.",
        "against": " You also said “{clause}”, which points to the {name} model; the rest of your description "
        "outweighs it.",
        "against_minor": " You also mention “{clause}”, which points to the {name} model, but in a minor or later "
        "role; who founds, funds and runs the place decides.",
        "secondary_from": " The {name} traits come from “{clause}”.",
        "shares_little": "Close to your description in wording more than in named actors.",
        "lesson": "Lesson:",
        "outcome": {
            "success": "a success",
            "mixed": "mixed results",
            "cautionary": "a cautionary case",
            "too_early": "too early to judge",
        },
    },
    "zh": {
        "likened": "您的问题除了与{place}相似之外,对当地情况说得很少,因此沿用案例笔记中{place}的模式:",
        "judged": "{name}(置信度 {p}){secondary}。这是顾问根据您的描述、对照文章五种模式作出的推断。",
        "secondary": ";同时带有{name}的特征({p})",
        "signals": "您的描述中提到:{words}。",
        "no_signals": "您的描述中没有单一的决定性关键词,判断依据的是整体表述。",
        "negated": "您说明当地没有{words},因此这些不计入该模式的依据。",
        "abstain": "根据您目前的描述,我无法判断适合哪种模式:可能性最高的{name}置信度也只有 {p}。",
        "undecided": "目前所说的情况还不足以判断适合哪种模式。",
        "ask": "请补充:当地的核心依托是什么(研究型大学、国家实验室或大科学装置、龙头企业、政府开发机构,"
        "还是自发的创业活动)、由谁出资、增长靠什么驱动。",
        "out_of_scope": "这个问题超出了我能提供建议的范围。我可以帮助规划和政策团队分析创新区:文章所说的五种模式"
        "(大学主导型、科学装置型、龙头平台型、政府培育型、市场导向型)哪种适合某地、规划应关注什么、典型案例,"
        "以及三大趋势(多模式融合、超城市创新区、泛区域创新网)。",
        "set_aside": "说明:您的消息中含有针对顾问的指令,已被忽略;回答仅依据您对当地情况的描述。",
        "trend": "趋势:{name}。以下是文章对未来的判断,归属于文章本身,并非既定事实。",
        "district": "按文章的分类,{district}属于{name}创新区(置信度 {p})。",
        "follow_up": "接着您上一个问题,继续谈{name}。",
        "follow_up_trend": "接着谈{name}。",
        "compare": "比较{a}与{b};就您描述的情况而言,更贴合的是{name}(置信度 {p},顾问推断)。",
        "compare_open": "比较{a}与{b}:您的问题还没有说明是谁在驱动这个地方,所以暂不替它选定模式;"
        "下面分别给出两种模式的界定和典型风险。",
        "explain": "文章对{name}的界定如下。",
        "place": "{district}({country}):案例库判断其为{name}创新区{secondary},依据是案例笔记所引的资料"
        "(分类器阅读该笔记给出的置信度为 {p})。",
        "place_secondary": ",兼有{name}的特征",
        "unknown": "案例库中没有关于{place}的笔记,因此无法依据资料说明它属于哪种模式。",
        "unknown_judged": "仅根据您问题中的描述判断:{name}(置信度 {p}),这是顾问的推断。",
        "unknown_ask": "要作出判断,请告诉我:该地由谁发起、由谁出资和管理,企业和创新主要从哪里产生"
        "(研究型大学、国家实验室或大科学装置、龙头企业、政府开发机构,还是创业者和投资人自发形成)。",
        "shares": "与您所在地的共同点:{items}。",
        "because": "判断为{name},因为您提到{clauses}。",
        "shows": "您的描述体现了{items}。",
        "lacks": "尚未体现{items},而文章认为这些都是创新区不可缺少的主体。",
        "and": "和",
        "or": "或",
        "warning": "文章的提醒:",
        "you_raised": "您提到:“{concern}”。",
        "rejudged_same": "结合您补充的情况(“{added}”),判断仍为{name}。",
        "rejudged_changed": "结合您补充的情况(“{added}”),判断由{old}改为{name}。",
        "rejudged_first": "结合您补充的情况(“{added}”),现在可以作出判断。",
        "against": "您也提到“{clause}”,这一点指向{name},但描述的其余部分分量更重。",
        "against_minor": "您也提到“{clause}”,这一点指向{name},但只是次要或后来的角色;"
        "决定模式的是谁创办、出资和运营这个地方。",
        "secondary_from": "{name}的特征来自“{clause}”。",
        "shares_little": "与您的描述在整体表述上相近,而非在具体主体上。",
        "lesson": "启示:",
        "outcome": {"success": "成功案例", "mixed": "成败参半", "cautionary": "警示案例", "too_early": "尚难定论"},
    },
}


def pct(p: float) -> str:
    """A probability for people: never "100%", which no classifier can honestly claim."""
    return ">99%" if p >= 0.995 else f"{p}"


def model_name(model_id: str, lang: str) -> str:
    return MODEL_NAMES[model_id][lang]


class OfflineComposer:
    """Deterministic: the same Brief always gives the same text."""

    name = "offline"

    def compose(self, brief: Brief) -> tuple[str, list[Citation]]:
        lang = brief.lang
        t, lab = TEXT[lang], LABELS[lang]
        sep = ":" if lang == "zh" else ": "
        lines: list[str] = []
        citations: list[Citation] = []

        if brief.set_aside:
            lines.append(t["set_aside"])
        lines += self.opening(brief)
        for part in brief.parts:
            label = self._label(part, lab, lang)
            cited = [self._cite(ev, citations) for ev in part.evidence]
            body = " ".join(f"“{ev.quote}” [{n}]" for ev, n in zip(part.evidence, cited, strict=True))
            if part.role == "comparable":
                shares = t["shares"].format(items=part.note) if part.note else t["shares_little"]
                body = f"{shares} {t['lesson']} {body}"
            elif part.role == "concern" and part.note:
                body = f"{t['you_raised'].format(concern=part.note)} {body}"
            elif part.role == "concern":
                label = lab["situation"]
            elif part.role == "actors":
                body = f"{self._actors(brief)} {t['warning']} {body}"
            lines.append(f"**{label}**{sep}{body}")
        return "\n\n".join(lines), citations

    def opening(self, brief: Brief) -> list[str]:
        """The judgement lines: always the classifier's, whoever words the rest."""
        lang, t, lab = brief.lang, TEXT[brief.lang], LABELS[brief.lang]
        sep = ":" if lang == "zh" else ": "
        j = brief.judgment
        if brief.intent == "out_of_scope":
            return [t["out_of_scope"]]
        if brief.intent == "trend" or (brief.intent == "follow_up" and brief.subject in TREND_NAMES):
            name = TREND_NAMES[brief.subject][lang] if brief.subject in TREND_NAMES else ""
            key = "follow_up_trend" if brief.intent == "follow_up" else "trend"
            return [t[key].format(name=name)] if name else [t["trend"].format(name="")]
        if brief.unknown_place is not None:
            return self._unknown(brief)
        if j is None:
            # a likeliest model is worth naming only when it nearly decided; "no scenario" has none
            best = max(brief.candidates.items(), key=lambda kv: kv[1]) if brief.candidates else None
            if brief.intent == "compare" and len(brief.compared) == 2:
                a, b = (model_name(m, lang) for m in brief.compared)
                said = t["compare_open"].format(a=a, b=b)
            elif best and brief.abstain_reason == "low_confidence":
                said = t["abstain"].format(name=model_name(best[0], lang), p=pct(best[1]))
            else:
                said = t["undecided"]
            return [said + t["ask"]]
        name = model_name(j.id, lang)
        out: list[str] = []
        if brief.previous_model is not None:
            out.append(self._rejudged(brief))
        if brief.intent == "follow_up":
            out.append(t["follow_up"].format(name=name))
            return out
        if brief.places:
            return [self._place_line(p, lang) for p in brief.places]
        if brief.intent == "compare" and len(brief.compared) == 2:
            a, b = (model_name(m, lang) for m in brief.compared)
            out.append(t["compare"].format(a=a, b=b, name=name, p=pct(j.confidence)))
        elif brief.intent == "explain_model":
            out.append(t["explain"].format(name=name))
        secondary = ""
        if j.secondary:
            p2 = next((a.confidence for a in j.alternatives if a.id == j.secondary), 0.0)
            secondary = t["secondary"].format(name=model_name(j.secondary, lang), p=pct(p2))
        likened = t["likened"].format(place=brief.likened) if brief.likened else ""
        out.append(
            f"**{lab['judgement']}**{sep}{likened}"
            + t["judged"].format(name=name, p=pct(j.confidence), secondary=secondary)
        )
        if brief.intent == "classify":
            listing = "、".join(j.signals[:6]) if lang == "zh" else ", ".join(f"“{w}”" for w in j.signals[:6])
            why = self._explained(brief) or (t["signals"].format(words=listing) if j.signals else t["no_signals"])
            if brief.negated:
                neg = "、".join(brief.negated[:4]) if lang == "zh" else ", ".join(brief.negated[:4])
                why += t["negated"].format(words=neg)
            out.append(f"**{lab['why']}**{sep}{why}")
        return out

    @staticmethod
    def _rejudged(brief: Brief) -> str:
        """What added facts did to the judgement."""
        t, lang, j = TEXT[brief.lang], brief.lang, brief.judgment
        assert j is not None
        added = brief.added if len(brief.added) <= 160 else brief.added[:157] + "…"
        if not brief.previous_model:
            return t["rejudged_first"].format(added=added)
        if brief.previous_model == j.id:
            return t["rejudged_same"].format(added=added, name=model_name(j.id, lang))
        return t["rejudged_changed"].format(
            added=added, name=model_name(j.id, lang), old=model_name(brief.previous_model, lang)
        )

    @staticmethod
    def _actors(brief: Brief) -> str:
        """What the description shows of the article's actors, and what it does not."""
        t, lang = TEXT[brief.lang], brief.lang
        names = {g: n[lang] for g, n in ACTOR_GROUP_NAMES.items()}
        sep = "、" if lang == "zh" else ", "
        shown = [
            f"{names[g]}(“{w[0]}”)" if lang == "zh" else f"{names[g]} (“{w[0]}”)" for g, w in brief.actors.items() if w
        ]
        missing = [names[g] for g, w in brief.actors.items() if not w]
        out = t["shows"].format(items=_series(shown, sep, t["and"])) if shown else ""
        return out + (t["lacks"].format(items=_series(missing, sep, t["or"])) if missing else "")

    @staticmethod
    def _explained(brief: Brief) -> str:
        """The planner's own clauses that decided the model, those pointing elsewhere, and the secondary's."""
        e, lang, j = brief.explanation, brief.lang, brief.judgment
        if e is None or j is None or not e.supporting:
            return ""
        t = TEXT[lang]
        joiner = "、" if lang == "zh" else " and "
        quoted = joiner.join(f"“{r.text}”" for r in e.supporting[:3])
        out = t["because"].format(clauses=quoted, name=model_name(j.id, lang))
        if e.opposing:
            r = e.opposing[0]
            against = t["against_minor"] if r.role == "minor" else t["against"]
            out += against.format(clause=r.text, name=model_name(r.model, lang))
        if j.secondary and e.secondary and (not e.opposing or e.secondary[0].text != e.opposing[0].text):
            out += t["secondary_from"].format(clause=e.secondary[0].text, name=model_name(j.secondary, lang))
        return out

    @staticmethod
    def _place_line(p: Place, lang: str) -> str:
        t = TEXT[lang]
        secondary = t["place_secondary"].format(name=model_name(p.secondary, lang)) if p.secondary else ""
        return t["place"].format(
            district=p.name, country=p.country, name=model_name(p.model, lang), secondary=secondary, p=pct(p.confidence)
        )

    @staticmethod
    def _unknown(brief: Brief) -> list[str]:
        t, j = TEXT[brief.lang], brief.judgment
        place = brief.unknown_place or ("that place" if brief.lang == "en" else "该地")
        out = [t["unknown"].format(place=place)]
        if j is not None:
            out.append(t["unknown_judged"].format(name=model_name(j.id, brief.lang), p=pct(j.confidence)))
        out.append(t["unknown_ask"])
        return out

    @staticmethod
    def _label(part: Part, lab: dict[str, str], lang: str) -> str:
        if part.place is not None:
            p = part.place
            outcome = TEXT[lang]["outcome"].get(p.outcome, "")
            detail = "; ".join(x for x in (p.country, model_name(p.model, lang), outcome) if x)
            if part.role == "comparable":
                return (
                    f"{lab['comparable']}:{p.name}({detail})"
                    if lang == "zh"
                    else f"{lab['comparable']}: {p.name} ({detail})"
                )
            return (
                f"{lab.get(part.role, part.role)}({p.name})"
                if lang == "zh"
                else f"{lab.get(part.role, part.role)} ({p.name})"
            )
        if part.role == "cases" and part.subject:
            return f"{lab['cases']}({part.subject})" if lang == "zh" else f"{lab['cases']} ({part.subject})"
        if part.role == "signals" and part.subject:
            return (
                f"{lab['signals']}{model_name(part.subject, lang)}"
                if lang == "zh"
                else (f"{lab['signals']} the {model_name(part.subject, lang)} model")
            )
        if part.role in ("definition", "risks", "logic", "plan") and part.subject in MODEL_NAMES:
            prefix = model_name(part.subject, lang)
            return f"{prefix}·{lab[part.role]}" if lang == "zh" else f"{prefix}: {lab[part.role].lower()}"
        return lab.get(part.role, part.role)

    @staticmethod
    def _cite(ev: Evidence, citations: list[Citation]) -> int:
        for c in citations:
            if c.chunk_id == ev.chunk.chunk_id and c.quote == ev.quote:
                return c.n
        n = len(citations) + 1
        citations.append(
            Citation(
                n=n,
                chunk_id=ev.chunk.chunk_id,
                doc_id=ev.chunk.doc_id,
                title=ev.chunk.title,
                quote=ev.quote,
                score=round(ev.score, 4),
            )
        )
        return n


def _series(items: list[str], sep: str, last: str) -> str:
    """A list read as a sentence: "a, b and c" ("a、b和c")."""
    return items[0] if len(items) == 1 else sep.join(items[:-1]) + last + items[-1]
