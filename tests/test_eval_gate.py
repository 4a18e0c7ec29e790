"""The regression gate: the dev set must meet the issue's figures, and no judging row may be trained on."""

import json
from pathlib import Path

from service.container import Container
from service.evaluation import qa
from tests.conftest import REPO

DATASETS = REPO / "evals" / "datasets"


def questions(path: Path) -> set[str]:
    return {json.loads(line)["question"].strip() for line in path.read_text(encoding="utf-8").splitlines() if line}


def test_train_shares_no_question_with_the_judging_sets() -> None:
    train = set().union(*(questions(p) for p in DATASETS.glob("train*.jsonl")))
    for judging in ("dev.jsonl", "holdout.jsonl", "external.jsonl"):
        path = DATASETS / judging
        if path.exists():
            assert not train & questions(path), judging


def test_dev_set_meets_the_targets(real_container: Container) -> None:
    rows = qa.load_rows(DATASETS / "dev.jsonl")
    assert len(rows) >= 150
    chunks = {c.chunk_id: c.text for c in real_container.reader.get().chunks}
    summary = qa.summarise(qa.run_eval(rows, qa.local_asker(real_container.advisor), chunks))
    assert summary["errors"] == 0
    assert summary["accuracy"] >= 0.92
    assert summary["none_abstention"] >= 0.90
    assert summary["citation_validity"] == 1.0
    assert summary["language_match"] >= 0.98
