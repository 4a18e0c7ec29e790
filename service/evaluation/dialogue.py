"""Evaluating conversations: does a follow-up keep the place's judgement, do added facts re-judge it,
does another place start anew, is only an unrelated message out of scope?"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from service.evaluation.datasets import read_jsonl

Ask = Callable[[str, str | None], dict]
Kind = Literal["new_place", "follow_up", "adds_facts", "unrelated"]
# What each kind of turn is scored as in the summary.
FIGURES = {
    "follow_up": "label_retention",
    "adds_facts": "rejudging",
    "new_place": "new_place",
    "unrelated": "unrelated_out_of_scope",
}


class Turn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message: str
    kind: Kind
    expected_model: str | None = None


class Session(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    lang: Literal["zh", "en"]
    turns: list[Turn]


def is_dialogue(path: Path) -> bool:
    first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()), "{}")
    return "turns" in json.loads(first)


def load_sessions(path: Path) -> list[Session]:
    return read_jsonl(path, Session)


def run_session(session: Session, ask: Ask) -> list[dict]:
    rows, sid = [], None
    for i, turn in enumerate(session.turns):
        ans = ask(turn.message, sid)
        sid = ans["session_id"]
        predicted = ans["model"]["id"] if ans.get("model") else None
        unrelated = turn.kind == "unrelated"
        correct = ans.get("intent") == "out_of_scope" if unrelated else predicted == turn.expected_model
        rows.append(
            {
                "id": f"{session.id}#{i + 1}",
                "session": session.id,
                "lang": session.lang,
                "kind": turn.kind if i else "first",
                "expected": turn.expected_model,
                "predicted": predicted,
                "intent": ans.get("intent"),
                "correct": correct,
                "message": turn.message,
            }
        )
    return rows


def run_dialogues(sessions: list[Session], ask: Ask) -> list[dict]:
    columns = (TextColumn("dialogue"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    results: list[dict] = []
    with Progress(*columns) as progress:
        task = progress.add_task("dialogue", total=len(sessions))
        for s in sessions:
            results += run_session(s, ask)
            progress.advance(task)
    return results


def summarise_dialogues(results: list[dict]) -> dict:
    def share(rows: list[dict]) -> float | None:
        return round(sum(r["correct"] for r in rows) / len(rows), 4) if rows else None

    later = [r for r in results if r["kind"] != "first"]
    summary = {
        "sessions": len({r["session"] for r in results}),
        "turns": len(results),
        "first_turn_accuracy": share([r for r in results if r["kind"] == "first"]),
        "later_turns_correct": share(later),
    }
    for kind, name in FIGURES.items():
        rows = [r for r in results if r["kind"] == kind]
        summary[name] = share(rows)
        summary[f"{name}_n"] = len(rows)
    summary["by_lang"] = {lang: share([r for r in later if r["lang"] == lang]) for lang in ("zh", "en")}
    return summary


def write_dialogue_run(out: Path, results: list[dict], summary: dict, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "results.jsonl", "w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (out / "summary.json").write_text(json.dumps({**summary, "meta": meta}, indent=2, ensure_ascii=False))
    misses = [r for r in results if not r["correct"]]
    lines = [f"# Dialogue evaluation of {meta.get('dataset')}", "", "| figure | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in summary.items() if not isinstance(v, dict)]
    lines += ["", "## Turns answered wrongly", "", "| turn | kind | expected | predicted | intent | message |"]
    lines += ["|---|---|---|---|---|---|"]
    for r in misses:
        msg = r["message"][:90].replace("|", "/").replace("\n", " ")
        lines.append(f"| {r['id']} | {r['kind']} | {r['expected']} | {r['predicted']} | {r['intent']} | {msg} |")
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
