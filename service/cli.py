"""Command line: `python -m service COMMAND`. Domain errors become exit codes and one clear line here."""

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.documents.model import DocumentError
from service.errors import AdvisorError, CorpusError

if TYPE_CHECKING:
    from service.container import Container

app = typer.Typer(
    help="Innovation District Advisor: ingest, search, evaluate, benchmark and serve.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()


def _container(**overrides: object) -> "Container":
    from service.container import Container
    from service.settings import Settings

    return Container(Settings(**{k: v for k, v in overrides.items() if v is not None}))


def _parse_filters(items: list[str]) -> dict[str, str]:
    filters: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise typer.BadParameter(f"'{item}' is not KEY=VALUE", param_hint="--filter")
        filters[key.strip()] = value.strip()
    return filters


@app.command("ingest")
def ingest_cmd(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus folder.")] = None,
    index: Annotated[Path | None, typer.Option("--index", help="Index folder.")] = None,
    embedder: Annotated[str | None, typer.Option(help="Embedding provider name.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Validate the corpus and publish a new index version (only changed chunks are embedded)."""
    c = _container(corpus_dir=corpus, index_dir=index, embedder=embedder)
    report = c.ingest(show_progress=not quiet)
    out.print(report.summary())


@app.command("validate")
def validate_cmd(
    ids: Annotated[list[str] | None, typer.Argument(help="District ids to check (default: all).")] = None,
    corpus: Annotated[Path, typer.Option("--corpus", help="Corpus folder.")] = Path("corpus"),
) -> None:
    """Check district records and their two notes, listing every problem (exit 2 if any)."""
    from service.corpus.validate import validate_cases

    checked, problems = validate_cases(corpus, ids or None)
    for line in problems:
        err.print(line, markup=False, highlight=False)
    out.print(f"{checked} district(s) checked, {len(problems)} problem(s)")
    if problems:
        raise typer.Exit(2)


@app.command("cases")
def cases_cmd(
    model: Annotated[str | None, typer.Option(help="Primary model id.")] = None,
    secondary: Annotated[str | None, typer.Option("--secondary", help="A secondary model id.")] = None,
    country: Annotated[str | None, typer.Option(help="Country, English or Chinese.")] = None,
    region: Annotated[str | None, typer.Option(help="greater_china, asia_pacific, europe, north_america, ...")] = None,
    text: Annotated[str | None, typer.Option(help="Search names, aliases, places and anchors.")] = None,
) -> None:
    """Print the case library (from the live index) as a table."""
    from service.cases.library import select
    from service.cases.profiles import PROFILES, Profiles
    from service.corpus.district import DistrictRecord
    from service.typology import MODEL_IDS

    if (model and model not in MODEL_IDS) or (secondary and secondary not in MODEL_IDS):
        raise typer.BadParameter(f"use one of {', '.join(MODEL_IDS)}", param_hint="--model/--secondary")
    regions = DistrictRecord.model_fields["region"].annotation.__args__  # type: ignore[union-attr]
    if region and region not in regions:
        raise typer.BadParameter(f"use one of {', '.join(regions)}", param_hint="--region")
    profiles = Profiles.load(_container().reader.get().path / PROFILES)
    found = select(profiles, model=model, secondary_model=secondary, country=country, region=region, text=text)
    table = Table("id", "name", "名称", "country", "primary", "secondary", "outcome", "sources")
    for p in found:
        r = p.record
        table.add_row(
            r.id,
            r.names.en,
            r.names.zh,
            r.country.en,
            r.primary_model,
            ", ".join(r.secondary_models),
            r.outcome,
            str(len(r.sources)),
        )
    out.print(table)
    out.print(f"{len(found)} of {len(profiles.items)} districts")


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="The question or keywords.")],
    k: Annotated[int, typer.Option("-k", help="How many passages.")] = 5,
    filter_: Annotated[
        list[str] | None,
        typer.Option("--filter", help="KEY=VALUE: model, trend, doc_type, lang, district, doc_id. Repeatable."),
    ] = None,
    mode: Annotated[str, typer.Option(help="hybrid, dense or keyword.")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the ranked passages hybrid retrieval finds for QUERY."""
    if mode not in ("hybrid", "dense", "keyword"):
        raise typer.BadParameter("use hybrid, dense or keyword", param_hint="--mode")
    c = _container()
    try:
        hits = c.retriever.search(query, k=k, filters=_parse_filters(filter_ or []), mode=mode)  # type: ignore[arg-type]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--filter") from exc
    if as_json:
        rows = [
            {
                "rank": i + 1,
                "score": h.score,
                "dense": h.dense,
                "keyword": h.keyword,
                "chunk_id": h.chunk.chunk_id,
                "section": h.chunk.section,
                "text": h.chunk.text,
            }
            for i, h in enumerate(hits)
        ]
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("#", "score", "dense", "bm25", "chunk", "passage", show_lines=True)
    for i, h in enumerate(hits, 1):
        table.add_row(
            str(i),
            f"{h.score:.4f}",
            "-" if h.dense is None else f"{h.dense:.3f}",
            "-" if h.keyword is None else f"{h.keyword:.2f}",
            f"{h.chunk.chunk_id}\n{h.chunk.section}",
            h.chunk.text[:300],
        )
    out.print(table)


@app.command("eval-retrieval")
def eval_retrieval_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for retrieval.json.")],
    dataset: Annotated[Path, typer.Option(help="JSONL of queries with gold doc_ids.")] = Path(
        "evals/datasets/retrieval.jsonl"
    ),
    embedders: Annotated[
        str, typer.Option(help="Comma-separated embedders to compare.")
    ] = "use-multilingual,sentence-transformers",
) -> None:
    """Recall@5 and MRR for dense-only, keyword-only and hybrid retrieval, for each embedder."""
    from service.evaluation.retrieval import run_retrieval_eval

    c = _container()
    result = run_retrieval_eval(c.settings, dataset, [e.strip() for e in embedders.split(",") if e.strip()])
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "retrieval.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    out.print_json(json.dumps({k: v for k, v in result.items() if k != "by_config"}))
    for name, figures in result["by_config"].items():
        out.print(
            f"{name:48s} recall@5 {figures['recall_at_5']:.3f}  mrr {figures['mrr']:.3f}  "
            f"cross-lingual {figures['cross_lingual_recall_at_5']:.3f}"
        )


@app.command("ask")
def ask_cmd(
    question: Annotated[str, typer.Argument(help="A planner's question, zh or en.")],
    session: Annotated[str | None, typer.Option(help="Continue this session.")] = None,
    language: Annotated[str, typer.Option(help="auto, zh or en.")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole answer object.")] = False,
) -> None:
    """Answer one question through the same pipeline as the API."""
    c = _container()
    answer = c.advisor.answer(question, session_id=session, language=language)
    if as_json:
        out.print_json(answer.model_dump_json())
        return
    out.print(answer.answer, highlight=False)
    out.print()
    for cit in answer.citations:
        out.print(f"[{cit.n}] {cit.title} ({cit.chunk_id})", highlight=False)
    out.print(f"session {answer.session_id}  answer {answer.answer_id}  {answer.latency_ms} ms", style="dim")


@app.command("assess")
def assess_cmd(
    file: Annotated[Path, typer.Argument(help="A .md, .txt, .docx or .pdf describing the place (5 MB at most).")],
    language: Annotated[str, typer.Option(help="auto, zh or en.")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole assessment object.")] = False,
) -> None:
    """Judge a planning document through the same pipeline as POST /v1/assess. Nothing of it is stored."""
    from service.cli_render import print_assessment
    from service.documents.reader import read_document

    if not file.is_file():
        raise typer.BadParameter(f"{file}: no such file", param_hint="FILE")
    doc = read_document(file.name, file.read_bytes())
    assessment = _container().advisor.assess(doc, language)
    if as_json:
        out.print_json(assessment.model_dump_json())
        return
    print_assessment(out, assessment)


@app.command("eval")
def eval_cmd(
    dataset: Annotated[Path | None, typer.Option(help="JSONL rows: id, lang, question, expected_model.")] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Folder for summary.json, results.jsonl, report.md and confusion.png.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Evaluate a running server at this base URL.")] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Questions in flight at once.")] = 1,
    compare: Annotated[tuple[Path, Path] | None, typer.Option(help="Two run folders: list rows that changed.")] = None,
    counts_only: Annotated[
        bool, typer.Option(help="With --compare: only the counts and the test, no rows (for a judging set).")
    ] = False,
    generator: Annotated[str | None, typer.Option(help="In-process: offline, openai, ollama or llamacpp.")] = None,
) -> None:
    """Batch Q&A evaluation in-process or over HTTP; or --compare RUN_A RUN_B."""
    from service.evaluation import dialogue, qa
    from service.evaluation.paired import paired

    if compare:
        changed = qa.compare_runs(*compare)
        if not counts_only:
            for row in changed:
                out.print(f"{row['id']}: expected {row['expected']}  {row['a']} -> {row['b']}", highlight=False)
        out.print(f"{len(changed)} rows changed")
        out.print(paired(changed).line("all rows"), highlight=False)
        out.print(paired(changed, labelled_only=True).line("labelled rows"), highlight=False)
        return
    if dataset is None or out_dir is None:
        raise typer.BadParameter("--dataset and --out are needed (or --compare RUN_A RUN_B)")
    c = _container(generator=generator)
    ask = qa.http_asker(url) if url else qa.local_asker(c.advisor)
    meta = {"dataset": str(dataset), "target": url or "in-process", "generator": c.settings.generator}
    if dialogue.is_dialogue(dataset):  # sessions of several turns: conversation figures
        results = dialogue.run_dialogues(dialogue.load_sessions(dataset), ask)
        summary = dialogue.summarise_dialogues(results)
        dialogue.write_dialogue_run(out_dir, results, summary, meta)
        out.print_json(json.dumps(summary))
        return
    rows = qa.load_rows(dataset)
    index = c.reader.get()
    chunk_text = {ch.chunk_id: ch.text for ch in index.chunks}
    results = qa.run_eval(rows, ask, chunk_text, concurrency)
    summary = qa.summarise(results)
    qa.write_run(out_dir, results, summary, {**meta, "corpus_version": index.corpus_version})
    out.print_json(json.dumps({k: v for k, v in summary.items() if k not in ("per_class", "confusion", "by_lang")}))


@app.command("bench")
def bench_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for bench.json.")] = Path("evals/runs/bench"),
    repeats: Annotated[int, typer.Option(help="Repetitions per timed step.")] = 3,
    requests: Annotated[int, typer.Option(help="HTTP requests in the loopback throughput run.")] = 400,
    concurrency: Annotated[int, typer.Option(help="HTTP requests in flight at once.")] = 8,
) -> None:
    """Measure ingestion, embedding, retrieval, answers, HTTP throughput and memory; writes bench.json."""
    from service.bench import run_bench

    c = _container()
    result = run_bench(c.settings, repeats=repeats, http_requests=requests, concurrency=concurrency)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps(result, indent=2))
    out.print_json(json.dumps(result))


@app.command("serve")
def serve_cmd(
    host: Annotated[str | None, typer.Option(help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (needs ADVISOR_CHROMA_HOST).")] = None,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from service.app import create_app
    from service.observability import configure_logging

    c = _container(host=host, port=port, workers=workers)
    configure_logging(c.settings.log_level)
    s = c.settings
    if s.workers > 1:
        if not s.chroma_host:
            raise typer.BadParameter(
                "several workers need Chroma's server (ADVISOR_CHROMA_HOST): embedded Chroma "
                "is safe for one process only",
                param_hint="--workers",
            )
        # Each worker builds its own container from the environment; pass the CLI overrides on.
        os.environ.update({"ADVISOR_HOST": s.host, "ADVISOR_PORT": str(s.port)})
        uvicorn.run(
            "service.app:app_from_env",
            factory=True,
            host=s.host,
            port=s.port,
            workers=s.workers,
            log_level=s.log_level.lower(),
            access_log=False,
            log_config=None,
        )
        return
    uvicorn.run(
        create_app(c),
        host=c.settings.host,
        port=c.settings.port,
        log_level=c.settings.log_level.lower(),
        access_log=False,
        log_config=None,
    )


keys_app = typer.Typer(help="API keys: stored only as hashes, shown once at creation.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(name: Annotated[str, typer.Argument(help="Who or what the key is for.")]) -> None:
    """Create a key and print it once; only its hash is stored."""
    key_id, key = _container().api_keys.create(name)
    out.print(f"key {key_id} for {name!r} (shown once, store it now):", highlight=False)
    print(key)


@keys_app.command("list")
def keys_list() -> None:
    """Id, name, prefix and state of every key (never the key itself)."""
    table = Table("id", "name", "prefix", "created", "revoked")
    for k in _container().api_keys.list():
        table.add_row(str(k["id"]), k["name"], k["prefix"] + "…", k["created_at"], "yes" if k["revoked"] else "")
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[int, typer.Argument(help="The key's id (see `keys list`).")]) -> None:
    """Revoke a key: requests with it get 401 from then on."""
    if not _container().api_keys.revoke(key_id):
        err.print(f"error: no active key with id {key_id}")
        raise typer.Exit(1)
    out.print(f"key {key_id} revoked")


@app.command("slack")
def slack_cmd(
    socket: Annotated[bool, typer.Option("--socket", help="Connect by Socket Mode (no public URL needed).")] = False,
) -> None:
    """Run the Slack bot by Socket Mode (with HTTP, it is served by `serve` at /slack/events)."""
    if not socket:
        raise typer.BadParameter("only --socket runs here; over HTTP the bot is part of `serve` (/slack/events)")
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    c = _container()
    if not c.settings.slack_app_token:
        raise typer.BadParameter("Socket Mode needs ADVISOR_SLACK_APP_TOKEN (xapp-...)", param_hint="--socket")
    c.advisor.warm_up()
    SocketModeHandler(c.bolt, c.settings.slack_app_token.get_secret_value()).start()


def main() -> None:
    try:
        app()
    except (CorpusError, DocumentError) as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except AdvisorError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
