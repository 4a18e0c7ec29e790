"""Building district records and notes for tests: the smallest valid ones, changed one field at a time."""

from pathlib import Path

import yaml

NOTE_EN = """# {name}

## Summary
{name} is a test district.

## Key facts
- {name} was founded in 1990 [1].
- {name} has two anchors [2].

## Why it fits the model
- {name} is driven by its anchors.

## Risks and lessons for planners
- {name} shows that anchors matter.

## Where the sources disagree
- The sources on {name} agree.

## Sources
1. One — https://one.example.org/a
2. Two — https://two.example.net/b
"""
NOTE_ZH = """# {zh}

## 概述
{zh}是一个测试园区。

## 关键事实
- {zh}成立于1990年 [1]。

## 为何属于该模式
- {zh}由核心机构驱动。

## 风险与规划启示
- {zh}说明核心机构很重要。

## 资料的出入
- 关于{zh}的资料一致。

## 资料来源
1. One — https://one.example.org/a
"""


def record(rid: str, **changes: object) -> dict:
    base: dict = {
        "id": rid,
        "names": {"en": rid.replace("_", " ").title(), "zh": "测试园" + str(abs(hash(rid)) % 1000)},
        "aliases": {"en": [], "zh": []},
        "country": {"en": "Testland", "zh": "测试国"},
        "city": {"en": "Testville", "zh": "测试市"},
        "region": "europe",
        "founded": "1990",
        "area": None,
        "anchors": ["Test University"],
        "funding": {"en": "The state paid.", "zh": "国家出资。"},
        "governance": {"en": "A board runs it.", "zh": "董事会管理。"},
        "primary_model": "university_led",
        "secondary_models": [],
        "trends": [],
        "actors": ["research_university"],
        "industries": ["biotech_pharma"],
        "stage": "mature",
        "outcome": "success",
        "sources": [
            {"title": "One", "url": "https://one.example.org/a"},
            {"title": "Two", "url": "https://two.example.net/b"},
        ],
        "disputed": [],
    }
    base.update(changes)
    return base


def write_district(root: Path, data: dict, en: str | None = None, zh: str | None = None) -> None:
    cases = root / "cases"
    cases.mkdir(parents=True, exist_ok=True)
    (cases / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    names = {"name": data["names"]["en"], "zh": data["names"]["zh"]}
    (cases / f"{data['id']}.en.md").write_text(en if en is not None else NOTE_EN.format(**names), encoding="utf-8")
    (cases / f"{data['id']}.zh.md").write_text(zh if zh is not None else NOTE_ZH.format(**names), encoding="utf-8")
