"""Finding the districts a question names, however loosely: "光谷", "Z-Park", "Berlin's start-up scene",
"the Airbus cluster in Toulouse", "坂田华为那边".

Three kinds of evidence, strongest first: a full name or alias; the distinctive core of a name once its
generic words are set aside ("Kista" of "Kista Science City", "坂田" of "深圳坂田"); and an anchor named
together with the district's city. A core or anchor shared by two districts identifies neither.
"""

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from service.corpus.district import DistrictRecord
from service.corpus.glossary import PhraseMatcher

_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
# Words that name a kind of place, not a place: what is left after removing them is the name's core.
_GENERIC_EN = frozenset(
    """science sciences scientific park parks city cities technology technologies tech techno innovation innovative
    district districts campus research area areas zone zones hightech high new special start up startup startups
    scene cluster clusters hub valley development economic national comprehensive centre center international
    business precinct quarter community square corridor town village street avenue software industrial industry
    high-tech start-up sci lake south north east west western eastern southern northern and the of de del la le da
    do di in at on for its medical medicine health region regional smart digital knowledge bio biomedical life
    creative information media energy food marine ocean aerospace space electronics electronic internet data green
    eco global world capital metropolitan metro greater central old downtown port harbour harbor bay river hills
    island coast free trade export processing university institute laboratory lab labs academy foundation
    government state federal provincial municipal city's group holdings company""".split()  # noqa: SIM905
)
_GENERIC_ZH = (
    "综合性国家科学中心",
    "国家自主创新示范区",
    "高新技术产业开发区",
    "经济技术开发区",
    "新技术开发区",
    "创新区",
    "高新区",
    "科技园区",
    "科学园区",
    "科技园",
    "科学园",
    "科学城",
    "科技城",
    "新片区",
    "新区",
    "园区",
    "开发区",
    "软件园",
    "特区",
    "小镇",
    "基地",
    "集群",
    "研究园",
    "创新中心",
    "创新城",
    "创业大街",
    "智慧城",
    "国际商务区",
)
_MIN_CORE = {"en": 4, "zh": 2}
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['’]s\b")


@dataclass(frozen=True)
class Found:
    district_id: str
    form: str  # the words of the question that named it
    position: int
    how: str  # name | place (a name that is its own city's or country's: "Copenhagen") | core | anchor | city


def _core_en(form: str, city_words: set[str]) -> str:
    """The name's distinctive words, as written ("Kista" of "Kista Science City")."""
    words = [w for w in re.findall(r"[\w@']+", form) if w.lower() not in _GENERIC_EN and w.lower() not in city_words]
    return " ".join(words)


def _core_zh(form: str, city: str) -> str:
    core = form
    for generic in _GENERIC_ZH:
        core = core.replace(generic, "")
    core = re.sub(r"[()（）\s·]", "", core)
    for n in (3, 2):  # "深圳坂田" in "深圳龙岗": the city's leading name is not part of the core
        if len(city) >= n and core.startswith(city[:n]) and len(core) >= n + 2:
            return core[n:]
    return core


def _variants(form: str, places: Collection[str] = ()) -> set[str]:
    """The ways a name is written: 'Z-Park' also as 'Z Park' and 'ZPark'; "King's Cross" as the text is
    matched, without its possessive; 'Brunnshög' also as 'Brunnshog'; 'Rochester, MN (Mayo Clinic)' also
    as 'Rochester, MN' and 'Rochester MN'; 'Optics Valley of China' also as 'Optics Valley' when China is
    the district's own country or city (not 'Silicon Valley of the East')."""
    form = fold(_POSSESSIVE.sub("", form))
    if _HAS_CJK.search(form):
        return {form}
    out = {form, re.sub(r"\s*[(（][^()（）]*[)）]", "", form).strip()}
    out |= {f.replace(",", "") for f in out if "," in f}
    for f in list(out):
        head = re.match(r"^(.+?)\s+of\s+(\S.*)$", f)
        if head and head.group(2).lower() in places:
            out.add(head.group(1))
    out |= {v for f in out if "-" in f for v in (f.replace("-", " "), f.replace("-", ""))}
    return {f for f in out if len(f) >= 2}


def fold(text: str) -> str:
    """Latin letters without their accents, one character for one, so positions in the text still hold."""
    return "".join(_FOLD.get(ch, ch) for ch in text)


_FOLD = {
    ch: base
    for ch in "àáâãäåèéêëìíîïòóôõöøùúûüýÿñçÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜÝÑÇ"
    if (base := unicodedata.normalize("NFKD", ch)[0]) != ch
}


def _cores(record: DistrictRecord) -> set[str]:
    city_en = set(re.findall(r"\w+", fold(record.city.en).lower()))
    cores = set()
    forms = [fold(_POSSESSIVE.sub("", f)) for f in record.forms()]
    # what a name holds in brackets is a name of its own: "重庆西部(金凤)科学城" -> "金凤"
    forms += [m for f in forms for m in re.findall(r"[(（]([^()（）]+)[)）]", f)]
    for form in forms:
        if _HAS_CJK.search(form):
            core = _core_zh(form, record.city.zh)
            if len(core) >= _MIN_CORE["zh"] and _HAS_CJK.search(core):
                cores.add(core)
        else:
            core = _core_en(form, city_en)
            if len(core.replace(" ", "")) >= _MIN_CORE["en"]:
                cores.add(core)
    return cores


def _place_names(r: DistrictRecord) -> set[str]:
    """The record's city and country names, and the leading two or three characters of a Chinese city
    ("北京" of "北京海淀")."""
    out = {r.country.en, r.country.zh, r.city.en, r.city.zh, *_city_parts(r.city.en), *_city_parts(r.city.zh)}
    out |= {r.city.zh[:n] for n in (2, 3) if len(r.city.zh) > n}
    return out


def _all_generic(form: str) -> bool:
    words = re.findall(r"[\w'-]+", form.lower())
    return bool(words) and not _HAS_CJK.search(form) and all(w in _GENERIC_EN for w in words)


def _city_parts(city: str) -> list[str]:
    """'Toulouse (with Bordeaux; Occitanie)' -> ['Toulouse', 'with Bordeaux', 'Occitanie']."""
    return [p for p in re.split(r"\s*[,，、;；()（）]\s*", city) if p]


def _unique(owners: dict[str, set[str]]) -> dict[str, str]:
    return {form: next(iter(ids)) for form, ids in owners.items() if len(ids) == 1}


_ACRONYM = re.compile(r"^[A-Z0-9@&]{2,6}$")  # "GIANT", "SIP", "BDA": matched only as written
FUZZY_MIN = 6  # letters: a shorter name within one edit of a word is too often another word
FUZZY_TEXT = 2000  # characters: a question is read for slips, a whole document only as written


def _spoken(key: str) -> str:
    """A name as it sounds where spellings differ ("Sofia" for "Sophia"): slips are looked for in this form."""
    return key.replace("ph", "f")


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class DistrictFinder:
    def __init__(
        self,
        records: Iterable[DistrictRecord],
        common: Iterable[str] = (),
        boundaries: Callable[[str], set[int]] | None = None,
        proper: Callable[[str], bool] | None = None,
    ) -> None:
        """`common`: words of the domain's everyday vocabulary ("medical", "海洋"), which a name's core
        never is, however a district's name is built. `boundaries`: word boundaries of a Chinese text; a
        two-character name must sit on them ("路科" is not in "丝路科创港"). `proper`: whether a Chinese word is
        a name; a Chinese core must be one ("坂田", not "西部" or "创业圈")."""
        self._boundaries = boundaries
        records = list(records)
        common_keys = {_key(fold(w)) for w in common}
        names: dict[str, set[str]] = {}
        cores: dict[str, set[str]] = {}
        anchors: dict[str, set[str]] = {}
        cities: dict[str, set[str]] = {}
        acronyms: dict[str, set[str]] = {}
        for r in records:
            own_places = {p.lower() for p in _place_names(r)}
            for form in r.forms():
                for variant in _variants(form, own_places):
                    # an acronym, or a name of only generic words ("Tech City"), counts only as written
                    if _ACRONYM.match(variant) or _all_generic(variant):
                        acronyms.setdefault(variant, set()).add(r.id)
                    else:
                        names.setdefault(_key(variant), set()).add(r.id)
            for core in _cores(r):
                if _HAS_CJK.search(core) and proper is not None and not proper(core):
                    continue
                if not _HAS_CJK.search(core) and not core[:1].isupper():  # "Kista", not "sector"
                    continue
                cores.setdefault(core if not _HAS_CJK.search(core) else _key(core), set()).add(r.id)
            for a in r.anchors:
                anchors.setdefault(_key(fold(a)), set()).add(r.id)
            for c in (r.city.en, r.city.zh, *_city_parts(r.city.en), *_city_parts(r.city.zh)):
                if len(c) >= 2:
                    cities.setdefault(_key(fold(c)), set()).add(r.id)
        self._names = _unique(names)
        self._acronyms = _unique(acronyms)
        # one slip of the keyboard ("Sciene", "Fransisco", "tallin"): every English name of FUZZY_MIN letters
        # or more, under each of its one-letter deletions
        self._fuzzy: dict[str, set[str]] = {}
        for key in self._names:
            if not _HAS_CJK.search(key) and len(key) >= FUZZY_MIN:
                spoken = _spoken(key)
                for d in _deletions(spoken) | {spoken}:
                    self._fuzzy.setdefault(d, set()).add(key)
        # a slip makes a word no one uses: "Silicon Valley" is not a slip for "Silicon Alley"
        self._known = common_keys | {w for key in names for w in re.findall(r"[a-z0-9'&.]+", key)}
        # a core that is also another district's full name is that district's, not this one's; one that is
        # a city or country ("北京" of "北京经济技术开发区") names a place, not the district
        places: dict[str, set[str]] = {}
        for r in records:
            for p in _place_names(r):
                places.setdefault(_key(fold(p)), set()).add(r.id)
        self._places = places
        taken = names.keys() | {_key(a) for a in acronyms}
        self._cores = {
            k: v
            for k, v in _unique(cores).items()
            if _key(k) not in taken and _key(k) not in places and _key(k) not in common_keys
        }
        self._anchors = {k: ids for k, ids in anchors.items()}
        self._cities = cities
        self._name_rx = PhraseMatcher(self._names)
        alternation = "|".join(map(re.escape, sorted(self._acronyms, key=len, reverse=True)))
        self._acronym_rx = re.compile(rf"(?<![A-Za-z0-9])(?:{alternation})(?![A-Za-z0-9])") if alternation else None
        # English cores are matched as written: "Kista", "Harwell", not "blue" or "sector"
        self._core_rx = PhraseMatcher([k for k in self._cores if _HAS_CJK.search(k)])
        core_alt = "|".join(
            map(re.escape, sorted((k for k in self._cores if not _HAS_CJK.search(k)), key=len, reverse=True))
        )
        self._core_en_rx = re.compile(rf"(?<![A-Za-z0-9])(?:{core_alt})(?![A-Za-z0-9])") if core_alt else None
        self._anchor_rx = PhraseMatcher(self._anchors)
        self._city_rx = PhraseMatcher(self._cities)

    def find(self, text: str) -> list[Found]:
        """Districts the text names, in order of first mention, each once. A name that is also a city or
        country ("斯德哥尔摩") counts as a city hit."""
        text = fold(_POSSESSIVE.sub("", text))
        found: dict[str, Found] = {}
        taken: list[tuple[int, int]] = []
        memo: dict[str, set[int]] = {}
        hits = self._name_rx.find(text)
        if "-" in text:  # "Sophia-Antipolis" for "Sophia Antipolis"
            hits += [h for h in self._name_rx.find(text.replace("-", " ")) if h not in hits]
        if self._acronym_rx:
            hits += [(m.group(0), m.start()) for m in self._acronym_rx.finditer(text)]
        for form, pos in sorted(hits, key=lambda h: h[1]):
            if not self._on_words(text, form, pos, memo):
                continue
            did = self._names.get(_key(form)) or self._acronyms[form]
            # a name that is another district's city too ("斯德哥尔摩") is only a city hit
            places = self._places.get(_key(form), set())
            how = "city" if places - {did} else "place" if places else "name"
            self._add(found, taken, Found(did, form, pos, how))
        if not found and len(text) <= FUZZY_TEXT:
            for form, pos, did in self._near_misses(text):
                self._add(found, taken, Found(did, form, pos, "name"))
        core_hits = self._core_rx.find(text)
        if self._core_en_rx:
            core_hits += [(m.group(0), m.start()) for m in self._core_en_rx.finditer(text)]
        for form, pos in core_hits:
            if not _inside(pos, len(form), taken) and self._on_words(text, form, pos, memo):
                self._add(
                    found, taken, Found(self._cores[form if form in self._cores else _key(form)], form, pos, "core")
                )
        cities = {d for form, _ in self._city_rx.find(text) for d in self._cities[_key(form)]}
        for form, pos in self._anchor_rx.find(text):
            if _inside(pos, len(form), taken):
                continue
            with_city = self._anchors[_key(form)] & cities
            if len(with_city) == 1:
                self._add(found, taken, Found(next(iter(with_city)), form, pos, "anchor"))
        # A city that is home to one district only names it weakly: callers use such hits only when the
        # question is plainly about a place ("Kista vs Lund").
        for form, pos in self._city_rx.find(text):
            ids = self._cities[_key(form)]
            if len(ids) == 1 and not _inside(pos, len(form), taken) and _stands_alone(text, pos + len(form)):
                self._add(found, taken, Found(next(iter(ids)), form, pos, "city"))
        return sorted(found.values(), key=lambda f: f.position)

    def _near_misses(self, text: str) -> list[tuple[str, int, str]]:
        """Names written with one letter wrong, missing, extra or swapped, or spelt as they sound ("Sofia
        Antipolis"): runs of one to four words of the text within one edit of exactly one name, as (the run
        as written, its position, the district)."""
        words = list(re.finditer(r"[a-z0-9][a-z0-9'&.]*", text.lower()))
        out = []
        for i in range(len(words)):
            for j in range(i, min(i + 4, len(words))):
                start, end = words[i].start(), words[j].end()
                run = text[start:end].lower().replace("-", " ")
                if len(run) < FUZZY_MIN or run in self._names or all(w in self._known for w in run.split()):
                    continue
                said = _spoken(run)
                near = {
                    k for d in _deletions(said) | {said} for k in self._fuzzy.get(d, ()) if _one_edit(said, _spoken(k))
                }
                if len(near) == 1:
                    out.append((text[start:end], start, self._names[next(iter(near))]))
        return out

    def _on_words(self, text: str, form: str, pos: int, memo: dict[str, set[int]]) -> bool:
        """A two-character Chinese name must begin and end on word boundaries of the text (segmented once
        per text, in `memo`: a long document has many hits)."""
        if self._boundaries is None or len(form) > 2 or not _HAS_CJK.search(form):
            return True
        if "cuts" not in memo:
            memo["cuts"] = self._boundaries(text)
        cuts = memo["cuts"]
        return pos in cuts and pos + len(form) in cuts

    @staticmethod
    def _add(found: dict[str, Found], taken: list[tuple[int, int]], hit: Found) -> None:
        taken.append((hit.position, hit.position + len(hit.form)))
        if hit.district_id not in found:
            found[hit.district_id] = hit


_LONGER_NAME = re.compile(
    r"\s+[A-Z]|\s+(?i:university|science|tech)|(?:" + "|".join(_GENERIC_ZH) + r"|大学|学院|研究所|研究院|实验室)"
)


def _stands_alone(text: str, end: int) -> bool:
    """'Lund' in "Kista vs Lund", not in "Lund University" or "曼彻斯特科学园"."""
    return not _LONGER_NAME.match(text, end)


def _inside(pos: int, length: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos and pos + length <= b for a, b in spans)


def _key(form: str) -> str:
    """Forms are matched as the phrase matcher reports them: English lower-cased, Chinese as written."""
    return form if _HAS_CJK.search(form) else form.lower()
