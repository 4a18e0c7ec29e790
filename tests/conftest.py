import shutil
from pathlib import Path

import pytest

from service.container import Container
from service.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"

MINI_DOC = """---
doc_id: case.{slug}.{lang}
title: {title}
doc_type: case
lang: {lang}
models: [{model}]
district: {slug}
sources:
  - title: A test source
---

# {title}

## Summary

{body}
"""


def write_doc(root: Path, slug: str, lang: str, title: str, model: str, body: str) -> Path:
    path = root / "cases" / f"{slug}.{lang}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MINI_DOC.format(slug=slug, lang=lang, title=title, model=model, body=body), encoding="utf-8")
    return path


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """A three-document corpus with the real glossary: small enough to ingest in milliseconds."""
    root = tmp_path / "corpus"
    write_doc(
        root,
        "alpha_park",
        "en",
        "Alpha Park",
        "university_led",
        "Alpha Park grew around a research university. Faculty spin-offs fill its labs.\n\n"
        "The university licenses patents to start-ups and runs a proof-of-concept fund.",
    )
    write_doc(
        root,
        "beta_city",
        "en",
        "Beta City",
        "market_driven",
        "Beta City's start-up scene formed around cheap rents in old warehouses.\n\n"
        "Rising rents later pushed early founders out.",
    )
    write_doc(
        root,
        "gamma_hub",
        "zh",
        "伽马科技城",
        "government_cultivated",
        "伽马科技城由政府统一规划建设，管委会提供补贴和人才政策。\n\n政府撤回补贴后，园区增长放缓。",
    )
    shutil.copy(CORPUS / "glossary.yaml", root / "glossary.yaml")
    return root


@pytest.fixture(scope="session")
def real_container(tmp_path_factory: pytest.TempPathFactory) -> Container:
    """The real corpus ingested once with the default (real) embedder into a temporary index."""
    index = tmp_path_factory.mktemp("index")
    c = Container(Settings(corpus_dir=CORPUS, index_dir=index, database_url="sqlite://"))
    c.ingest(show_progress=False)
    return c
