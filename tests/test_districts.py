"""District questions, comparable cases and the cases API over the real index and the real library."""

import pytest
from fastapi.testclient import TestClient

from service.advisor.pipeline import MAX_QUESTION
from service.app import create_app
from service.container import Container
from service.corpus.loader import load_districts
from tests.conftest import CORPUS

RECORDS = load_districts(CORPUS)


@pytest.fixture(scope="module")
def client(real_container: Container) -> TestClient:
    with TestClient(create_app(real_container, load_in_background=False)) as c:
        yield c


def test_the_library_holds_many_sourced_bilingual_districts() -> None:
    assert len(RECORDS) >= 120
    assert sum(r.region == "greater_china" for r in RECORDS.values()) >= 35
    for r in RECORDS.values():
        assert len({s.host for s in r.sources}) >= 2, r.id


@pytest.mark.parametrize(
    ("question", "district", "lang"),
    [
        ("中关村属于哪种模式？", "zhongguancun", "zh"),
        ("What can we learn from Kista Science City?", "kista_science_city", "en"),
        ("松山湖值得我们借鉴吗", "songshan_lake", "zh"),
        ("杭州梦想小镇那边适合作为我们的样板吗？", "hangzhou_future_sci_tech_city", "zh"),
        # "we" speaks of the planner, but nothing is said of their place: the question is the district
        ("We keep hearing about Yabacon Valley in Lagos. Which type of district is it?", "lagos_yaba", "en"),
        ("What can we learn from Copenhagen?", "copenhagen_medicon_valley", "en"),
    ],
)
def test_a_district_question_is_answered_from_its_note(
    real_container: Container, question: str, district: str, lang: str
) -> None:
    ans = real_container.advisor.answer(question)
    assert ans.intent == "district" and ans.language == lang
    assert ans.model is not None and ans.model.id == RECORDS[district].primary_model
    assert ans.citations and all(c.doc_id == f"case.{district}.{lang}" for c in ans.citations)
    assert RECORDS[district].names.__getattribute__(lang) in ans.answer


@pytest.mark.parametrize(
    ("question", "district"),
    [
        ("光谷属于哪种模式？", "wuhan_east_lake"),
        ("What can Z-Park teach us?", "zhongguancun"),
        ("Is Silicon Wadi a good example for us?", "tel_aviv"),
        ("Which model is the Airbus cluster in Toulouse?", "toulouse_aerospace_valley"),
        ("坂田华为那边算哪种模式？", "shenzhen_bantian"),
        ("Which model is Berlin's start-up scene?", "berlin_start_up_scene"),
        ("Which model is Kista, Ericsson's home?", "kista_science_city"),
        ("Is Sofia Antipolis a good example for us?", "sophia_antipolis"),  # spelt as it sounds
    ],
)
def test_loose_names_of_real_districts_find_their_notes(
    real_container: Container, question: str, district: str
) -> None:
    ans = real_container.advisor.answer(question)
    assert ans.intent == "district" and ans.model and ans.model.id == RECORDS[district].primary_model
    assert {c.doc_id.split(".")[1] for c in ans.citations} == {district}


def test_slack_renders_a_district_answer_like_any_other(real_container: Container) -> None:
    from service.slack import render

    blocks = render.answer_blocks(real_container.advisor.answer("What can we learn from Kista Science City?"))
    text = " ".join(b["text"]["text"] for b in blocks if b.get("text") and isinstance(b["text"], dict))
    assert "Anchor-company" in text and "Kista Science City" in text


def test_two_districts_compared_quote_both_notes(real_container: Container) -> None:
    ans = real_container.advisor.answer("Kista Science City vs Lund Brunnshög: what differs?")
    assert {c.doc_id for c in ans.citations} == {"case.kista_science_city.en", "case.lund_brunnshog.en"}


@pytest.mark.parametrize(
    "question",
    [
        "Which model is Sheffield's Advanced Manufacturing Park?",
        "What can we learn from Sophia Valley Technopole?",
        "曼彻斯特科学园属于哪种模式？",
        "我们能从喀山IT园学到什么？",
        "Tell me about Aarhus",  # a bare name, nothing else asked
        "奥胡斯怎么样？",
        "aarhus science park - how did it start?",  # written in lower case
        "Tartu's tech scene: which model would you put it under?",
        'Our minister wants "something like NEOM" for our coast. How should I brief him?',  # a likeness
        "tirana tech park which model",  # all lower case: capitals cannot mark the name
        "lessons from kaunas science valley?",
        "We will visit Science Park Graz next week. What should we ask them?",  # the kind before the name
        "洛阳科创城可以当案例吗",  # a kind of place (科创城) the library holds no note on
        "温州那个信息港，按五种模式怎么归类",
    ],
)
def test_a_place_the_library_does_not_hold_is_answered_in_the_domain(real_container: Container, question: str) -> None:
    ans = real_container.advisor.answer(question)
    assert ans.intent == "district" and ans.abstain_reason != "out_of_scope"
    assert "no note" in ans.answer or "没有关于" in ans.answer


@pytest.mark.parametrize(
    "question",
    [
        "我们有一所211大学和一家大型钢铁集团，高新区管委会想搞创新区，属于哪种模式？",  # what someone wants
        "人口80万，GDP增速6%。创新区选什么模式好？",  # a Latin word in another clause
    ],
)
def test_words_that_are_not_a_places_name_are_not_taken_for_one(real_container: Container, question: str) -> None:
    ans = real_container.advisor.answer(question)
    assert ans.intent == "classify" and "没有关于" not in ans.answer


@pytest.mark.parametrize(
    "question",
    [
        "What's the weather in Aarhus tomorrow?",
        "明天北京会下雨吗？",
        "How do I appeal a parking ticket I got in Tartu?",
        "how do i get my parking fine in tartu cancelled",  # lower case, nothing of the domain
        # a district known by its city's name ("Copenhagen / Medicon Valley") named in passing
        "How many kilometres of bike lanes does Copenhagen have in total?",
    ],
)
def test_a_place_named_in_an_unrelated_question_does_not_make_it_in_domain(
    real_container: Container, question: str
) -> None:
    assert real_container.advisor.answer(question).intent == "out_of_scope"


def test_a_place_without_a_note_named_mid_conversation_is_not_taken_for_the_profiled_place(
    real_container: Container,
) -> None:
    adv = real_container.advisor
    first = adv.answer("Our town hosts a national synchrotron; 30 of 40 local firms were founded by its staff.")
    other = adv.answer("Tell me about Aarhus Science Park", session_id=first.session_id)
    assert other.intent == "district" and "no note" in other.answer
    after = adv.answer("What if the Science Park loses its lab?", session_id=first.session_id)
    assert after.intent != "out_of_scope" and "no note on Science Park" not in after.answer


def test_a_classification_shows_three_comparable_cases_from_the_whole_library(real_container: Container) -> None:
    ans = real_container.advisor.answer(
        "我们市有一个国家级大科学装置和三个中科院研究所，科研人员创办的企业还很少，应该规划什么？"
    )
    assert ans.model is not None and ans.model.id == "science_facility"
    compared = [c.doc_id.split(".")[1] for c in ans.citations if c.doc_id.startswith("case.")]
    compared = list(dict.fromkeys(compared))
    assert len(compared) >= 3
    countries = [RECORDS[d].country.en for d in compared[:3]]
    assert max(countries.count(c) for c in countries) <= 2
    assert "可比案例" in ans.answer and "与您所在地的共同点" in ans.answer


def test_a_likened_district_is_evidence_for_the_planners_own_place(real_container: Container) -> None:
    ans = real_container.advisor.answer(
        "Our town has one telecom giant's headquarters and its suppliers, a bit like Kista. What should we plan for?"
    )
    assert ans.intent == "classify" and ans.model is not None
    assert any(c.doc_id == "case.kista_science_city.en" for c in ans.citations)


def test_cases_api_lists_filters_and_pages(client: TestClient) -> None:
    everything = client.get("/v1/cases", params={"per_page": 200}).json()
    assert everything["total"] == len(RECORDS)
    science = client.get("/v1/cases", params={"model": "science_facility", "per_page": 200}).json()
    assert science["items"] and all(i["primary_model"] == "science_facility" for i in science["items"])
    assert "tsukuba" in {i["id"] for i in science["items"]}
    china = client.get("/v1/cases", params={"country": "中国", "per_page": 200}).json()
    assert china["total"] >= 30 and all(i["country"]["zh"] == "中国" for i in china["items"])
    kista = client.get("/v1/cases", params={"text": "ericsson"}).json()
    assert "kista_science_city" in {i["id"] for i in kista["items"]}
    page2 = client.get("/v1/cases", params={"per_page": 5, "page": 2}).json()
    assert [i["id"] for i in page2["items"]] == [i["id"] for i in everything["items"][5:10]]


def test_a_case_in_both_languages_with_its_sources(client: TestClient) -> None:
    body = client.get("/v1/cases/zhongguancun").json()
    assert body["name"]["zh"] == "中关村" and body["notes"]["zh"].startswith("# ") and body["notes"]["en"]
    assert len(body["sources"]) >= 2 and all(s["url"].startswith("http") for s in body["sources"])
    assert abs(sum(body["model_reading"].values()) - 1) < 0.01


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "says"),
    [
        ("get", "/v1/cases/atlantis", {}, 404, "no district with id 'atlantis'"),
        ("get", "/v1/cases", {"params": {"model": "seaside"}}, 422, "query.model"),
        ("get", "/v1/cases", {"params": {"modle": "university_led"}}, 422, "query.modle"),
        ("get", "/v1/cases", {"params": {"per_page": 0}}, 422, "query.per_page"),
        ("post", "/v1/cases/similar", {"json": {"description": "x" * (MAX_QUESTION + 1)}}, 413, "characters; at most"),
        ("post", "/v1/cases/similar", {"json": {"description": ""}}, 422, "description"),
    ],
)
def test_bad_input_to_the_cases_routes_is_a_clear_error(
    client: TestClient, method: str, path: str, kwargs: dict, status: int, says: str
) -> None:
    r = getattr(client, method)(path, **kwargs)
    assert r.status_code == status and says in r.json()["error"]


def test_similar_cases_rank_like_the_answers(client: TestClient) -> None:
    r = client.post("/v1/cases/similar", json={"description": "A city whose economy rests on one carmaker's plant"})
    items = r.json()["items"]
    assert r.status_code == 200 and len(items) == 3
    assert all(i["lesson"] for i in items) and len({i["id"] for i in items}) == 3


@pytest.mark.parametrize(
    "question",
    [
        "哥本哈根、斯德哥尔摩和柏林之间的跨境创新合作，对我们这样的中型城市有什么启示？",
        "What can small cities learn from cross-border tech cooperation between Copenhagen, Stockholm and Tallinn?",
    ],
)
def test_cities_named_as_a_trends_examples_are_not_districts_asked_about(
    real_container: Container, question: str
) -> None:
    assert real_container.advisor.answer(question).intent == "trend"
