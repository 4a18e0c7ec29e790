"""Finding districts by name, alias, name core, anchor with city; ranking comparable cases."""

import numpy as np

from service.cases.facets import Facets
from service.cases.finder import DistrictFinder
from service.cases.profiles import Profile, Profiles
from service.cases.similar import choose, rank
from service.corpus.district import DistrictRecord
from tests.case_records import record


def _rec(rid: str, **changes: object) -> DistrictRecord:
    return DistrictRecord.model_validate(record(rid, **changes))


RECORDS = [
    _rec(
        "wuhan_east_lake",
        names={"en": "Wuhan East Lake High-tech Zone", "zh": "武汉东湖新技术开发区"},
        aliases={"en": ["Optics Valley of China"], "zh": ["光谷", "中国光谷"]},
        city={"en": "Wuhan", "zh": "武汉"},
    ),
    _rec(
        "zhongguancun",
        names={"en": "Zhongguancun", "zh": "中关村"},
        aliases={"en": ["Z-Park"], "zh": ["中关村科技园区"]},
        city={"en": "Haidian, Beijing", "zh": "北京海淀"},
    ),
    _rec(
        "shenzhen_bantian",
        names={"en": "Shenzhen Bantian", "zh": "深圳坂田"},
        anchors=["Huawei"],
        city={"en": "Shenzhen", "zh": "深圳龙岗"},
    ),
    _rec(
        "shenzhen_nanshan",
        names={"en": "Shenzhen Nanshan Science and Technology Park", "zh": "深圳南山科技园"},
        anchors=["Tencent", "Huawei"],
        city={"en": "Shenzhen", "zh": "深圳"},
    ),
    _rec(
        "toulouse_aerospace_valley",
        names={"en": "Toulouse Aerospace Valley", "zh": "图卢兹航空谷"},
        anchors=["Airbus"],
        city={"en": "Toulouse", "zh": "图卢兹"},
    ),
    _rec(
        "berlin_start_up_scene",
        names={"en": "Berlin start-up scene", "zh": "柏林创业生态"},
        aliases={"en": ["Silicon Allee"], "zh": []},
        city={"en": "Berlin", "zh": "柏林"},
    ),
    _rec(
        "berlin_adlershof",
        names={"en": "Berlin Adlershof", "zh": "柏林阿德勒斯霍夫科技园"},
        city={"en": "Berlin", "zh": "柏林"},
    ),
    _rec("lund_brunnshog", names={"en": "Lund Brunnshög", "zh": "隆德布伦斯赫格"}, city={"en": "Lund", "zh": "隆德"}),
]
FINDER = DistrictFinder(RECORDS)


def _ids(text: str) -> list[str]:
    return [f.district_id for f in FINDER.find(text)]


def test_names_and_aliases_in_both_languages() -> None:
    assert _ids("光谷属于哪种模式?") == ["wuhan_east_lake"]
    assert _ids("What can Z-Park teach us?") == ["zhongguancun"]
    assert _ids("what about z park") == ["zhongguancun"]
    assert _ids("中关村科技园区和光谷有什么不同") == ["zhongguancun", "wuhan_east_lake"]


def test_loose_forms_find_the_district() -> None:
    assert _ids("坂田华为那边算哪种模式") == ["shenzhen_bantian"]
    assert _ids("Which model is the Airbus cluster in Toulouse?") == ["toulouse_aerospace_valley"]
    assert _ids("Which model is Berlin's start-up scene?") == ["berlin_start_up_scene"]
    assert _ids("Is Brunnshög worth copying?") == ["lund_brunnshog"]
    assert [f.how for f in FINDER.find("Kista vs Lund")] == ["city"]


def test_a_name_written_with_one_slip_is_found() -> None:
    assert _ids("What can we learn from Berlin Adlershoff?") == ["berlin_adlershof"]  # one letter too many
    assert _ids("toulouse aerospace vally?") == ["toulouse_aerospace_valley"]  # one missing
    assert _ids("Sophia-Antipolis vs Lund-Brunnshog") == ["lund_brunnshog"]  # a hyphen for a space
    finder = DistrictFinder(RECORDS, common=["silicon", "alley", "valley"])
    assert [f.district_id for f in finder.find("Silicon Valley office vacancy")] == []  # no word is misspelt


def test_what_names_no_district_finds_nothing() -> None:
    assert _ids("Our city has two universities and an Airbus supplier") == []  # an anchor without its city
    assert _ids("Huawei opened a lab in Shenzhen") == []  # an anchor two districts share, in their shared city
    assert _ids("我们在北京有三所大学") == []
    assert _ids("Berlin") == []  # a city two districts share names neither


def _profiles(rows: list[tuple[str, str, str, str]]) -> Profiles:
    """(id, country, primary model, outcome) rows, each with its own direction of meaning."""
    items, vecs = [], []
    for i, (rid, country, model, outcome) in enumerate(rows):
        rec = _rec(f"d_{rid}", country={"en": country, "zh": "某国"}, primary_model=model, outcome=outcome)
        items.append(Profile(rec, {model: 1.0}, {}))
        v = np.zeros(8, dtype=np.float32)
        v[0], v[1 + i % 7] = 1.0, 0.1 * i
        vecs.append(v)
    return Profiles(items, np.vstack(vecs))


def test_comparable_cases_are_not_three_from_one_country_and_include_a_cautionary_case() -> None:
    profiles = _profiles(
        [
            ("a", "China", "anchor_company", "success"),
            ("b", "China", "anchor_company", "success"),
            ("c", "China", "anchor_company", "success"),
            ("d", "Sweden", "anchor_company", "success"),
            ("e", "Finland", "anchor_company", "cautionary"),
            ("f", "Japan", "university_led", "success"),
        ]
    )
    query = np.zeros(8, dtype=np.float32)
    query[0] = 1.0
    ranked = rank(profiles, query, {"anchor_company": 0.9, "university_led": 0.1}, Facets())
    picked = [s.profile.id[2:] for s in choose(ranked)]
    assert len(picked) == 3 and sum(i in "abc" for i in picked) <= 2
    assert "e" in picked and "f" not in picked


def test_named_districts_are_not_their_own_comparables_and_absent_actors_count_against() -> None:
    profiles = _profiles([("a", "China", "anchor_company", "success"), ("b", "Japan", "anchor_company", "success")])
    query = np.ones(8, dtype=np.float32)
    assert [s.profile.id for s in rank(profiles, query, {}, Facets(), exclude=frozenset({"d_a"}))] == ["d_b"]
    lacking = Facets(absent={"research_university": ["university"]})
    base = rank(profiles, query, {}, Facets())[0].score
    assert rank(profiles, query, {}, lacking)[0].score < base
