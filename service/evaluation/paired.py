"""Two runs of one dataset compared row by row: how often each version is right where the other is wrong,
and whether that split is more than chance (an exact McNemar test). A judging set's rows need not be read
to learn this: the counts say which version is better on it, and by how much."""

from dataclasses import dataclass

from scipy.stats import binomtest


@dataclass(frozen=True)
class Paired:
    a_only: int  # rows run A got right and run B got wrong
    b_only: int  # rows run B got right and run A got wrong
    p_value: float  # two-sided: the chance of a split at least this uneven if neither version were better

    def line(self, what: str) -> str:
        return f"{what}: A only right {self.a_only}, B only right {self.b_only}, exact McNemar p = {self.p_value:.3g}"


def paired(changed: list[dict], labelled_only: bool = False) -> Paired:
    """`changed`: the rows `qa.compare_runs` lists (rows in one run only count for neither side)."""
    rows = [r for r in changed if not (labelled_only and r["expected"] in ("none", None))]
    a_only = sum(1 for r in rows if r["a_correct"] is True and r["b_correct"] is False)
    b_only = sum(1 for r in rows if r["b_correct"] is True and r["a_correct"] is False)
    n = a_only + b_only
    return Paired(a_only, b_only, binomtest(a_only, n, 0.5).pvalue if n else 1.0)
