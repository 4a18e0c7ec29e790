"""How the command line shows an assessment: the judgement, the document's deciding sentences with where
they stand, the comparable districts, then the advice with its sources."""

from rich.console import Console
from rich.table import Table

from service.advisor.types import Assessment, Passage
from service.typology import MODEL_NAMES

_HEAD = {
    "en": ("Judgement", "cannot tell from this document", "Deciding sentences", "Pointing elsewhere", "Like it"),
    "zh": ("判断", "无法从此文件判断", "起决定作用的句子", "指向其他模式的句子", "相似案例"),
}


def print_assessment(out: Console, a: Assessment) -> None:
    lang = a.language
    head, unsure, deciding, elsewhere, like = _HEAD[lang]
    doc = a.document
    out.print(f"[dim]{doc.name} ({doc.kind}, {doc.characters:,} characters)[/dim]", highlight=False)
    if a.model:
        out.print(f"[bold]{head}:[/bold] {a.model.name} ({a.model.confidence:.0%})", highlight=False)
    else:
        out.print(f"[bold]{head}:[/bold] {unsure} ({a.abstain_reason})", highlight=False)
    for title, passages in ((deciding, a.deciding), (elsewhere, a.pointing_elsewhere)):
        if passages:
            out.print(_passages(title, passages, lang))
    if a.comparable_cases:
        table = Table(title=like, show_lines=False)
        for col in ("district", "model", "shares"):
            table.add_column(col)
        for c in a.comparable_cases:
            table.add_row(f"{c.name} ({c.country})", MODEL_NAMES[c.primary_model][lang], c.shares)
        out.print(table)
    out.print(a.answer.answer, highlight=False)
    out.print()
    for cit in a.answer.citations:
        out.print(f"[{cit.n}] {cit.title} ({cit.chunk_id})", highlight=False)


def _passages(title: str, passages: list[Passage], lang: str) -> Table:
    table = Table(title=title, show_lines=False)
    for col in ("where", "role", "model", "quote"):
        table.add_column(col)
    for p in passages:
        table.add_row(p.where, p.role, MODEL_NAMES[p.model][lang], f"“{p.quote}”")
    return table
