"""Hybrid retrieval over the real corpus with the real default embedder."""

import pytest

from service.container import Container


def top_docs(c: Container, query: str, **filters: str) -> list[str]:
    return [h.chunk.doc_id for h in c.retriever.search(query, k=5, filters=filters)]


@pytest.mark.parametrize(
    ("query", "gold"),
    [
        ("筑波科学城有多少家国家实验室?", "tsukuba"),
        ("西雅图南湖联盟区和亚马逊是什么关系", "south_lake_union"),
        ("How did Singapore's JTC plan one-north and Biopolis?", "one_north"),
        ("Why did Detroit decline after the car industry?", "detroit"),
    ],
)
def test_same_language_queries_find_their_district(real_container: Container, query: str, gold: str) -> None:
    assert any(d.startswith(f"case.{gold}.") for d in top_docs(real_container, query))


def test_chinese_question_finds_english_notes(real_container: Container) -> None:
    docs = top_docs(real_container, "奥斯汀是靠政府补贴吸引半导体联盟的吗?", lang="en")
    assert "case.austin.en" in docs


def test_english_question_finds_the_chinese_article(real_container: Container) -> None:
    docs = top_docs(
        real_container, "What does the article say is the main risk of the anchor-company model?", lang="zh"
    )
    assert "source.article.zh" in docs or "model.anchor_company.zh" in docs


def test_filters_restrict_every_hit(real_container: Container) -> None:
    hits = real_container.retriever.search("risks", k=5, filters={"model": "market_driven", "doc_type": "case"})
    assert hits and all("market_driven" in h.chunk.models and h.chunk.doc_type == "case" for h in hits)


def test_unknown_filter_is_refused(real_container: Container) -> None:
    with pytest.raises(ValueError, match="unknown filter"):
        real_container.retriever.search("x", filters={"colour": "red"})


def test_fusion_uses_both_retrievers(real_container: Container) -> None:
    hits = real_container.retriever.search("Tsukuba Express Akihabara 45 minutes", k=5)
    assert any(h.dense is not None and h.keyword is not None for h in hits)
