"""The shipped corpus: every file validates, every case is bilingual, the article is intact."""

import re

from service.corpus.loader import load_corpus
from service.corpus.splitter import split_document
from tests.conftest import CORPUS

CASES = [
    "kendall_square",
    "the_engine",
    "oxford_science_park",
    "research_triangle_park",
    "tsukuba",
    "htc_eindhoven",
    "south_lake_union",
    "detroit",
    "one_north",
    "east_london_tech_city",
    "austin",
    "san_francisco",
    "silicon_valley_nvidia",
    "deepmind",
]
CARDS = [
    "model." + m
    for m in ("university_led", "science_facility", "anchor_company", "government_cultivated", "market_driven")
]
CARDS += ["trend." + t for t in ("multi_model_fusion", "hyper_city", "pan_regional_network")]


def test_every_document_validates_and_ids_are_complete() -> None:
    ids = {d.meta.doc_id for d in load_corpus(CORPUS)}
    for slug in CASES:
        assert {f"case.{slug}.en", f"case.{slug}.zh"} <= ids, slug
    for card in CARDS:
        assert {f"{card}.en", f"{card}.zh"} <= ids, card
    assert "source.article.zh" in ids


def test_disputed_points_are_written_out_in_the_body() -> None:
    for doc in load_corpus(CORPUS):
        if doc.meta.disputed and doc.meta.doc_type == "case":
            assert re.search(r"^## (Where .*disagree|.*资料的出入)", doc.body, re.M), doc.path


def test_article_keeps_its_sections_and_drops_the_footer() -> None:
    article = next(d for d in load_corpus(CORPUS) if d.meta.doc_id == "source.article.zh")
    for heading in article.meta.section_tags:
        assert f"## {heading}" in article.body
    assert "筑波科学城最早就是日本政府为了承接高校科研成果" in article.body
    assert "点击下方关注" not in article.body and "扫码" not in article.body
    assert article.meta.attribution and "城市设计" in article.meta.attribution


def test_article_chunks_carry_their_sections_model() -> None:
    article = next(d for d in load_corpus(CORPUS) if d.meta.doc_id == "source.article.zh")
    chunks = split_document(article)
    tsukuba = next(c for c in chunks if "筑波科学城最早" in c.text)
    assert tsukuba.models == ["science_facility"]
    hybrid = next(c for c in chunks if "英伟达这样的科技企业" in c.text)
    assert hybrid.trends == ["hyper_city"] and hybrid.models == []
