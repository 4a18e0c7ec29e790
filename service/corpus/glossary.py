"""The zh <-> en glossary: query expansion across languages, jieba words, and classifier signal lists."""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import get_args

import yaml

from service.corpus.district import Actor, ActorGroup, Industry
from service.corpus.loader import load_districts
from service.corpus.yaml_model import load_yaml
from service.errors import CorpusError

_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Entry:
    """One concept: its English and Chinese surface forms, and the id it stands for (model, trend, district)."""

    en: tuple[str, ...]
    zh: tuple[str, ...]
    kind: str  # model | trend | district | term
    id: str = ""


class PhraseMatcher:
    """Finds many phrases in one pass: one compiled alternation for English (on word boundaries,
    case-insensitive) and one for Chinese, longest phrase first so "房租便宜" wins over "房租"."""

    def __init__(self, phrases: Iterable[str]) -> None:
        en = sorted({p.lower() for p in phrases if p and not _HAS_CJK.search(p)}, key=len, reverse=True)
        zh = sorted({p for p in phrases if p and _HAS_CJK.search(p)}, key=len, reverse=True)
        self._en = re.compile(rf"(?<![a-z0-9]){_trie_pattern(en)}(?![a-z0-9])") if en else None
        self._zh = re.compile(_trie_pattern(zh)) if zh else None

    def find(self, text: str) -> list[tuple[str, int]]:
        """(phrase as listed, lower-cased for English; start offset), in order of position."""
        lower = text.lower()
        hits = [(m.group(0), m.start()) for rx in (self._en, self._zh) if rx for m in rx.finditer(lower)]
        return sorted(hits, key=lambda h: h[1])


def _trie_pattern(phrases: list[str]) -> str:
    """One regex for many phrases, shared prefixes written once ("房租(?:便宜)?"): the same matches as an
    alternation of the phrases longest first (a greedy optional part tries the longer phrase first and
    gives it up when what follows does not fit), but each position is tried against one branch per
    distinct next character, not against every phrase: several times faster on a glossary's 1,600."""
    trie: dict = {}
    for p in phrases:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


@dataclass
class Glossary:
    entries: list[Entry]
    signals: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # id -> lang -> words
    digest: str = ""
    # actors | industries | demand | presence -> id -> words
    facets: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def vocabulary(self) -> set[str]:
        """The domain's everyday words: signal words, facet words and terms (not model or place names)."""
        words = {w for by_lang in self.signals.values() for ws in by_lang.values() for w in ws}
        # not the presence words: "company" or "公司" alone does not make a message one about districts
        words |= {w for kind, by_id in self.facets.items() if kind != "presence" for ws in by_id.values() for w in ws}
        words |= {f for e in self.entries if e.kind == "term" for f in (*e.en, *e.zh)}
        return words

    def zh_words(self) -> list[str]:
        """Chinese terms, for jieba's dictionary, so they tokenise whole."""
        words = {w for e in self.entries for w in e.zh}
        words |= {w for by_lang in self.signals.values() for w in by_lang.get("zh", [])}
        return sorted(words)

    @cached_property
    def _forms(self) -> tuple[PhraseMatcher, dict[str, list[int]]]:
        owners: dict[str, list[int]] = {}
        for i, e in enumerate(self.entries):
            for form in (*e.en, *e.zh):
                owners.setdefault(form.lower() if not _HAS_CJK.search(form) else form, []).append(i)
        return PhraseMatcher(owners), owners

    def find(self, text: str) -> list[tuple[Entry, int]]:
        """(entry, position) for every concept the text names, in order of mention."""
        matcher, owners = self._forms
        return [(self.entries[i], pos) for form, pos in matcher.find(text) for i in owners.get(form, [])]

    def spans(self, text: str, kind: str) -> list[tuple[int, int]]:
        """Where the text names a concept of `kind` ("大学主导型" is a model's name, not a university)."""
        matcher, owners = self._forms
        return [
            (pos, pos + len(form))
            for form, pos in matcher.find(text)
            if any(self.entries[i].kind == kind for i in owners.get(form, []))
        ]

    def matches(self, text: str) -> list[Entry]:
        """Entries any of whose forms occur in text, each once, in order of first mention."""
        return list(dict.fromkeys(e for e, _ in self.find(text)))

    def expand(self, text: str) -> list[str]:
        """The other language's main form of every concept the text names: a zh query gains English
        words and the reverse, so keyword search can reach documents in the other language."""
        cjk = bool(_HAS_CJK.search(text))
        extra: list[str] = []
        for e in self.matches(text):
            forms = e.en if cjk else e.zh
            if forms and forms[0] not in extra:
                extra.append(forms[0])
        return extra


def _split(forms: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    en = tuple(f for f in forms if f and not _HAS_CJK.search(f))
    zh = tuple(f for f in forms if f and _HAS_CJK.search(f))
    return en, zh


def load_glossary(path: Path) -> Glossary:
    """The glossary file, plus one district entry per district record in the corpus folder beside it:
    a district's names are written once, in its record, and the glossary is derived from them."""
    if not path.exists():
        raise CorpusError(path, "glossary", "file is missing")
    raw = path.read_bytes()
    try:
        data = load_yaml(raw) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(path, "glossary", f"invalid YAML ({exc.__class__.__name__})") from exc
    entries: list[Entry] = []
    signals: dict[str, dict[str, list[str]]] = {}
    for kind, section in (("model", "models"), ("trend", "trends"), ("district", "districts")):
        for key, item in (data.get(section) or {}).items():
            if not isinstance(item, dict) or "en" not in item or "zh" not in item:
                raise CorpusError(path, f"{section}.{key}", "needs 'en' and 'zh'")
            en_alias, zh_alias = _split(list(item.get("aliases") or []))
            entries.append(Entry((item["en"], *en_alias), (item["zh"], *zh_alias), kind, key))
            sig = item.get("signals") or {}
            if sig:
                signals[key] = {lang: [str(w).lower() for w in sig.get(lang) or []] for lang in ("en", "zh")}
    records = load_districts(path.parent) if (path.parent / "cases").is_dir() else {}
    for rid, record in records.items():
        if rid in (data.get("districts") or {}):
            raise CorpusError(path, f"districts.{rid}", "is derived from cases/{rid}.yaml; remove it here")
        en_alias, zh_alias = _split([*record.aliases.en, *record.aliases.zh])
        entries.append(Entry((record.names.en, *en_alias), (record.names.zh, *zh_alias), "district", rid))
    for i, term in enumerate(data.get("terms") or []):
        if not isinstance(term, dict) or not term.get("en") or not term.get("zh"):
            raise CorpusError(path, f"terms[{i}]", "needs 'en' and 'zh'")
        en = term["en"] if isinstance(term["en"], list) else [term["en"]]
        zh = term["zh"] if isinstance(term["zh"], list) else [term["zh"]]
        entries.append(Entry(tuple(en), tuple(zh), "term"))
    facets = _facets(path, data.get("facets") or {})
    digest = hashlib.sha256(raw)
    for record in records.values():
        digest.update(record.model_dump_json().encode())
    return Glossary(entries=entries, signals=signals, digest=digest.hexdigest()[:16], facets=facets)


def _facets(path: Path, data: dict) -> dict[str, dict[str, list[str]]]:
    """Facet words, keyed by the same ids as the district records' actors and industries."""
    known = {
        "actors": set(get_args(Actor)),
        "industries": set(get_args(Industry)),
        "demand": {"market_demand"},
        "presence": set(get_args(ActorGroup)),
    }
    out: dict[str, dict[str, list[str]]] = {}
    for kind, ids in known.items():
        section = data.get(kind) or {}
        for key, words in section.items():
            if key not in ids:
                raise CorpusError(path, f"facets.{kind}.{key}", f"is not one of: {', '.join(sorted(ids))}")
            out.setdefault(kind, {})[key] = [str(w) for lang in ("en", "zh") for w in (words or {}).get(lang) or []]
    return out
