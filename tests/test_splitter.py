from pathlib import Path

from service.corpus.loader import load_corpus, parse_document
from service.corpus.splitter import corpus_version, split_document
from tests.conftest import CORPUS, write_doc


def test_offsets_point_at_the_verbatim_text_for_the_whole_corpus() -> None:
    for doc in load_corpus(CORPUS):
        for chunk in split_document(doc):
            assert doc.body[chunk.start : chunk.end] == chunk.text


def test_ids_are_stable_and_follow_content(tmp_path: Path) -> None:
    path = write_doc(tmp_path, "alpha_park", "en", "Alpha", "university_led", "One. Two.\n\nThree.")
    first = [c.chunk_id for c in split_document(parse_document(path, "a"))]
    assert first == [c.chunk_id for c in split_document(parse_document(path, "a"))]
    write_doc(tmp_path, "alpha_park", "en", "Alpha", "university_led", "One. Two.\n\nThree, edited.")
    second = [c.chunk_id for c in split_document(parse_document(path, "a"))]
    assert second != first and corpus_version(second) != corpus_version(first)


def test_chinese_is_split_on_chinese_punctuation(tmp_path: Path) -> None:
    body = "。".join(f"第{i}句话讲的是创新区的规划与产业链协同发展" for i in range(40)) + "。"
    path = write_doc(tmp_path, "gamma_hub", "zh", "伽马", "government_cultivated", body)
    chunks = split_document(parse_document(path, "g"))
    assert len(chunks) > 1
    assert all(c.text.endswith("。") for c in chunks)
