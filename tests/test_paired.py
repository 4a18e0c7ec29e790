"""Two runs compared row by row: the counts each way, the exact McNemar test, and the CLI that prints only
those for a judging set."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.evaluation import qa
from service.evaluation.datasets import DatasetError
from service.evaluation.paired import paired


def write_run(folder: Path, rows: list[tuple[str, str, str]]) -> Path:
    """rows: (id, expected, predicted)."""
    folder.mkdir()
    lines = [
        json.dumps({"id": i, "expected": e, "predicted": p, "correct": e == p, "question": f"question {i}"})
        for i, e, p in rows
    ]
    (folder / "results.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.fixture
def runs(tmp_path: Path) -> tuple[Path, Path]:
    # A is right where B is wrong on six labelled rows; B is right where A is wrong on one labelled and one
    # "none" row; one row is in A only and counts for neither.
    gold = ["university_led"] * 7 + ["none", "market_driven", "science_facility"]
    a = [*gold[:6], "market_driven", "university_led", "market_driven", "science_facility"]
    b = ["anchor_company"] * 6 + ["university_led", "none", "market_driven"]
    ids = [f"r{n}" for n in range(10)]
    run_a = write_run(tmp_path / "a", list(zip(ids, gold, a, strict=True)))
    run_b = write_run(tmp_path / "b", list(zip(ids[:9], gold[:9], b, strict=True)))
    return run_a, run_b


def test_counts_each_way_and_the_exact_test(runs: tuple[Path, Path]) -> None:
    changed = qa.compare_runs(*runs)
    everything, labelled = paired(changed), paired(changed, labelled_only=True)
    assert (everything.a_only, everything.b_only) == (6, 2)
    assert (labelled.a_only, labelled.b_only) == (6, 1)
    assert labelled.p_value == pytest.approx(0.125)  # 2 x (1 + 7) / 2**7
    assert everything.p_value == pytest.approx(2 * (1 + 8 + 28) / 2**8)
    assert paired([]).p_value == 1.0


def test_counts_only_prints_no_row(runs: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(app, ["eval", "--compare", str(runs[0]), str(runs[1]), "--counts-only"])
    assert result.exit_code == 0, result.output
    assert "labelled rows: A only right 6, B only right 1, exact McNemar p = 0.125" in result.output
    assert "r1" not in result.output and "expected" not in result.output
    listed = CliRunner().invoke(app, ["eval", "--compare", str(runs[0]), str(runs[1])])
    assert "r1: expected university_led  university_led -> anchor_company" in listed.output


def test_a_missing_or_malformed_run_names_the_file_line_and_field(runs: tuple[Path, Path], tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"nowhere/results\.jsonl: file not found"):
        qa.compare_runs(tmp_path / "nowhere", runs[1])
    bad = tmp_path / "bad"
    bad.mkdir()
    cut_short = '{"id": "r1", "expected": "none", "correct": true}\n{"id": "r2", "expected":'
    (bad / "results.jsonl").write_text(cut_short, "utf-8")
    with pytest.raises(DatasetError, match=r"bad/results\.jsonl:2: not JSON"):
        qa.compare_runs(runs[0], bad)
    (bad / "results.jsonl").write_text('{"id": "r1", "expected": "none", "correct": "maybe"}', "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "service", "eval", "--compare", str(runs[0]), str(bad)], capture_output=True, text=True
    )
    assert done.returncode == 1 and "bad/results.jsonl:1: field 'correct'" in done.stderr
