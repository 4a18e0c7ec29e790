"""What the advisor read from the planner's words, as plain lines for a language model's prompt (v2):
the stated problem, the clauses that decided the judgement and those pointing elsewhere, what the place
lacks, what added facts changed. The model words it; the judgement and the quotes stay the advisor's."""

from service.advisor.brief import Brief
from service.cases.labels import ACTOR_GROUP_NAMES
from service.typology import MODEL_NAMES

_LINES = {
    "en": {
        "concern": "Stated problem: “{}”",
        "for": "Facts that decided the judgement: {}",
        "against": "Pointing to {}: “{}”",
        "lacks": "Actors the description does not show: {}",
        "changed": "Judgement before the facts just added: {}",
        "unknown": "The case library holds no note on: {}",
        "none": "(nothing beyond the question)",
    },
    "zh": {
        "concern": "提出的问题:“{}”",
        "for": "决定判断的事实:{}",
        "against": "指向{}的表述:“{}”",
        "lacks": "描述中未体现的主体:{}",
        "changed": "补充情况之前的判断:{}",
        "unknown": "案例库中没有笔记的地方:{}",
        "none": "(除问题本身外无其他信息)",
    },
}


def situation(brief: Brief) -> str:
    lang = brief.lang
    t = _LINES[lang]
    lines = []
    if brief.concern:
        lines.append(t["concern"].format(brief.concern))
    e = brief.explanation
    if e and e.supporting:
        lines.append(t["for"].format("; ".join(f"“{r.text}”" for r in e.supporting[:3])))
    if e and e.opposing:
        r = e.opposing[0]
        lines.append(t["against"].format(MODEL_NAMES[r.model][lang], r.text))
    missing = [ACTOR_GROUP_NAMES[g][lang] for g, words in brief.actors.items() if not words]
    if missing:
        lines.append(t["lacks"].format(", ".join(missing)))
    if brief.previous_model:
        lines.append(t["changed"].format(MODEL_NAMES[brief.previous_model][lang]))
    if brief.unknown_place:
        lines.append(t["unknown"].format(brief.unknown_place))
    return "\n".join(lines) or t["none"]
