"""Batch Q&A evaluation: classification, abstention, calibration, citations and language, per row.

Runs in-process through the Advisor, or against a running server over HTTP; both produce the same rows.
"""

import itertools
import json
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import numpy as np
from pydantic import BaseModel, ConfigDict
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from service.advisor.language import detect_language
from service.advisor.training import LabelledQuestion
from service.evaluation.datasets import read_jsonl

if TYPE_CHECKING:
    from service.advisor.pipeline import Advisor

LABELS = ("university_led", "science_facility", "anchor_company", "government_cultivated", "market_driven", "none")
Ask = Callable[[str, str | None], dict]  # (message, session_id) -> the answer as JSON


def http_asker(base_url: str, timeout: float = 60.0) -> Ask:
    client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)

    def ask(message: str, session_id: str | None) -> dict:
        body = {"message": message} | ({"session_id": session_id} if session_id else {})
        r = client.post("/v1/chat", json=body)
        r.raise_for_status()
        return r.json()

    return ask


def local_asker(advisor: "Advisor") -> Ask:
    def ask(message: str, session_id: str | None) -> dict:
        return advisor.answer(message, session_id=session_id).model_dump(mode="json")

    return ask


def run_row(row: LabelledQuestion, ask: Ask, chunk_text: dict[str, str]) -> dict:
    session = None
    for earlier in row.history:  # earlier turns of the same session, so follow-ups have their context
        session = ask(earlier, session)["session_id"]
    started = time.perf_counter()
    try:
        ans = ask(row.question, session)
    except Exception as exc:  # one failing row is reported, not fatal to the run
        return {
            "id": row.id,
            "lang": row.lang,
            "expected": row.expected_model,
            "predicted": None,
            "error": f"{exc.__class__.__name__}: {exc}",
        }
    latency = (time.perf_counter() - started) * 1000
    predicted = ans["model"]["id"] if ans.get("model") else "none"
    cites = ans.get("citations", [])
    valid = [c["chunk_id"] in chunk_text and c["quote"] and c["quote"] in chunk_text[c["chunk_id"]] for c in cites]
    cited_docs = {c["doc_id"] for c in cites}
    return {
        "id": row.id,
        "lang": row.lang,
        "intent_expected": row.intent,
        "intent": ans.get("intent"),
        "expected": row.expected_model,
        "predicted": predicted,
        "correct": predicted == row.expected_model,
        "confidence": ans["model"]["confidence"] if ans.get("model") else None,
        "abstained": bool(ans.get("abstained")),
        "citations": len(cites),
        "citations_valid": int(sum(valid)),
        "language": ans.get("language"),
        "language_match": ans.get("language") == row.lang and detect_language(ans.get("answer", "")) == row.lang,
        "doc_hit": (bool(cited_docs & set(row.expected_doc_ids)) if row.expected_doc_ids else None),
        "outside_library": row.outside_library,
        "concern_addressed": concern_addressed(cites, row.answers) if row.answers else None,
        "latency_ms": round(latency, 2),
        "generator": ans.get("generator"),
        "verified": bool(ans.get("verified", True)),
        "question": row.question,
    }


_MARKERS = re.compile(r"\[\d+(?:[,，]\s*\d+)*\]|\s+")


def concern_addressed(citations: list[dict], answers: list[str]) -> bool:
    """The answer quotes one of the passages that answer the concern (source markers and spacing aside)."""
    quotes = [_MARKERS.sub("", c["quote"]) for c in citations]
    golds = [_MARKERS.sub("", a) for a in answers]
    return any(g and (g in q or q in g) for q in quotes if q for g in golds)


def run_eval(rows: list[LabelledQuestion], ask: Ask, chunk_text: dict[str, str], concurrency: int = 1) -> list[dict]:
    columns = (TextColumn("eval"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    results: list[dict] = []
    with Progress(*columns) as progress, ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        task = progress.add_task("eval", total=len(rows))
        for result in pool.map(lambda r: run_row(r, ask, chunk_text), rows):
            results.append(result)
            progress.advance(task)
    return results


def _prf(results: list[dict], label: str) -> dict:
    tp = sum(1 for r in results if r["predicted"] == label and r["expected"] == label)
    fp = sum(1 for r in results if r["predicted"] == label and r["expected"] != label)
    fn = sum(1 for r in results if r["predicted"] != label and r["expected"] == label)
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    return {"precision": round(p, 4), "recall": round(rc, 4), "f1": round(f1, 4), "support": tp + fn}


def ece(results: list[dict], bins: int = 10) -> float:
    """Expected calibration error of the stated confidence over the answers that gave a label."""
    answered = [r for r in results if r["confidence"] is not None]
    if not answered:
        return 0.0
    conf = np.array([r["confidence"] for r in answered])
    hit = np.array([r["correct"] for r in answered], dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            total += mask.mean() * abs(conf[mask].mean() - hit[mask].mean())
    return round(float(total), 4)


def _figures(results: list[dict]) -> dict:
    answered = [r for r in results if "error" not in r]
    outside = [r for r in answered if r.get("outside_library")]
    ok = [r for r in answered if not r.get("outside_library")]  # rows whose label is scored
    labelled = [r for r in ok if r["expected"] != "none"]
    nones = [r for r in ok if r["expected"] == "none"]
    total_cites = sum(r["citations"] for r in ok)
    return {
        "n": len(results),
        "errors": len(results) - len(answered),  # rows the advisor failed to answer
        "accuracy": round(sum(r["correct"] for r in labelled) / len(labelled), 4) if labelled else None,
        "macro_f1": round(float(np.mean([_prf(ok, lab)["f1"] for lab in LABELS])), 4) if ok else None,
        "abstain_rate": round(sum(r["abstained"] for r in ok) / len(ok), 4) if ok else None,
        "false_abstain_rate": round(sum(r["abstained"] for r in labelled) / len(labelled), 4) if labelled else None,
        "none_abstention": round(sum(r["abstained"] for r in nones) / len(nones), 4) if nones else None,
        "ece": ece(ok),
        "citation_validity": round(sum(r["citations_valid"] for r in ok) / total_cites, 4) if total_cites else 1.0,
        "language_match": round(sum(r["language_match"] for r in ok) / len(ok), 4) if ok else None,
        "verified_rate": round(sum(r["verified"] for r in ok) / len(ok), 4) if ok else None,
        "fallback_rate": round(sum(r["generator"] == "offline-fallback" for r in ok) / len(ok), 4) if ok else None,
        "out_of_scope_rate": _share(answered, lambda r: r["intent"] == "out_of_scope"),
        "concern_addressed": _share(
            [r for r in answered if r.get("concern_addressed") is not None], lambda r: r["concern_addressed"]
        ),
        "outside_library_rows": len(outside),
        "outside_library_out_of_scope": _share(outside, lambda r: r["intent"] == "out_of_scope"),
    }


def _share(rows: list[dict], test: Callable[[dict], bool]) -> float | None:
    return round(sum(map(test, rows)) / len(rows), 4) if rows else None


def summarise(results: list[dict]) -> dict:
    ok = [r for r in results if "error" not in r]
    latencies = [r["latency_ms"] for r in ok]
    doc_rows = [r for r in ok if r.get("doc_hit") is not None]
    summary = _figures(results)
    summary.update(
        {
            "per_class": {lab: _prf(ok, lab) for lab in LABELS},
            "confusion": {
                e: {p: sum(1 for r in ok if r["expected"] == e and r["predicted"] == p) for p in LABELS} for e in LABELS
            },
            "by_lang": {lang: _figures([r for r in results if r["lang"] == lang]) for lang in ("zh", "en")},
            "doc_hit_rate": round(sum(r["doc_hit"] for r in doc_rows) / len(doc_rows), 4) if doc_rows else None,
            "latency_ms_p50": round(float(np.percentile(latencies, 50)), 2) if latencies else None,
            "latency_ms_p95": round(float(np.percentile(latencies, 95)), 2) if latencies else None,
        }
    )
    return summary


def write_run(out: Path, results: list[dict], summary: dict, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "results.jsonl", "w", encoding="utf-8") as fh:
        for r in sorted(results, key=lambda r: r["id"]):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (out / "summary.json").write_text(json.dumps({**summary, "meta": meta}, indent=2, ensure_ascii=False))
    plot_confusion(summary["confusion"], out / "confusion.png")
    (out / "report.md").write_text(report_md(results, summary, meta), encoding="utf-8")


def plot_confusion(confusion: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m = np.array([[confusion[e][p] for p in LABELS] for e in LABELS])
    fig, ax = plt.subplots(figsize=(7, 6))
    ax.imshow(m, cmap="Blues")
    short = [lab.replace("_", "\n") for lab in LABELS]
    ax.set_xticks(range(len(LABELS)), short, fontsize=8)
    ax.set_yticks(range(len(LABELS)), short, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("expected")
    for i in range(len(LABELS)):
        for j in range(len(LABELS)):
            ax.text(j, i, str(m[i, j]), ha="center", va="center", color="white" if m[i, j] > m.max() / 2 else "black")
    ax.set_title("Model classification: expected vs predicted")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def report_md(results: list[dict], summary: dict, meta: dict) -> str:
    lines = [
        f"# Evaluation of {meta.get('dataset')}",
        "",
        f"Target: {meta.get('target')}",
        "",
        "| figure | value |",
        "|---|---|",
    ]
    for key in (
        "n",
        "accuracy",
        "macro_f1",
        "abstain_rate",
        "false_abstain_rate",
        "none_abstention",
        "ece",
        "out_of_scope_rate",
        "outside_library_out_of_scope",
        "concern_addressed",
        "citation_validity",
        "language_match",
        "doc_hit_rate",
        "latency_ms_p50",
        "latency_ms_p95",
    ):
        lines.append(f"| {key} | {summary.get(key)} |")
    lines += [
        "",
        "![confusion matrix](confusion.png)",
        "",
        "## Misclassified rows",
        "",
        "| id | lang | expected | predicted | confidence | question |",
        "|---|---|---|---|---|---|",
    ]
    for r in sorted(results, key=lambda r: r["id"]):
        if not r.get("correct") and not r.get("outside_library"):
            q = r.get("question", "")[:100].replace("|", "/").replace("\n", " ")
            lines.append(
                f"| {r['id']} | {r['lang']} | {r['expected']} | {r['predicted']} | {r.get('confidence')} | {q} |"
            )
    return "\n".join(lines) + "\n"


class RunRow(BaseModel):
    """What a comparison reads of a run's results.jsonl row (a dialogue run's turns included)."""

    model_config = ConfigDict(extra="ignore")
    id: str
    expected: str | None  # None: a dialogue turn that expects no label
    predicted: str | None = None
    correct: bool | None = None  # None: the advisor failed on the row


def compare_runs(run_a: Path, run_b: Path) -> list[dict]:
    """Rows whose predicted label or correctness changed between two runs, by stable row id. A missing or
    malformed results file is a DatasetError naming the file, the line and the field."""

    def load(run: Path) -> dict[str, dict]:
        return {r.id: r.model_dump() for r in read_jsonl(run / "results.jsonl", RunRow)}

    a, b = load(run_a), load(run_b)
    changed = []
    for rid in sorted(set(a) | set(b)):
        ra, rb = a.get(rid), b.get(rid)
        if (
            ra is None
            or rb is None
            or ra.get("predicted") != rb.get("predicted")
            or ra.get("correct") != rb.get("correct")
        ):
            changed.append(
                {
                    "id": rid,
                    "expected": (ra or rb)["expected"],
                    "a": ra and ra.get("predicted"),
                    "b": rb and rb.get("predicted"),
                    "a_correct": ra and ra.get("correct"),
                    "b_correct": rb and rb.get("correct"),
                }
            )
    return changed


def load_rows(dataset: Path) -> list[LabelledQuestion]:
    return read_jsonl(dataset, LabelledQuestion)
