"""The district digest's chart: one bar per branch, the share of its pace reached (100 % = on pace).

The Figure API without pyplot (as views/charts.py): nothing global, safe in a worker thread.
"""

from __future__ import annotations

import asyncio
from io import BytesIO

from domain.district import PACE_CAP, BranchLine
from domain.progress import SLIGHTLY_BEHIND, Arrow
from views.i18n import Texts

DPI = 200
WIDTH_IN = 5.4  # 1080 px, as the goal chart
BAR_IN = 0.32


def _colour(share: float) -> str:
    from views.charts import ARROW_COLOURS

    arrow = Arrow.UP if share >= 1 else Arrow.FLAT if share >= 1 - SLIGHTLY_BEHIND else Arrow.DOWN
    return ARROW_COLOURS[arrow]


def pace_bars(names: list[str], shares: list[float | None], title: str, no_goals: str) -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, 1.2 + BAR_IN * max(len(names), 1)), dpi=DPI, layout="constrained")
    ax = figure.subplots()
    figure.suptitle(title, fontsize=14, fontweight="bold")
    values = [min(share, PACE_CAP) * 100 if share is not None else 0 for share in shares]
    rows = list(range(len(names)))[::-1]  # the first branch on top
    ax.barh(rows, values, color=[_colour(s) if s is not None else "#bbbbbb" for s in shares], height=0.7)
    for row, share in zip(rows, shares, strict=True):
        label = f"{share * 100:.0f} %" if share is not None else no_goals
        ax.annotate(label, (0, row), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    ax.axvline(100, color="#6e6e6e", linestyle="--", linewidth=1.2)
    ax.set_yticks(rows, [n[:28] for n in names], fontsize=10)
    ax.set_xlim(0, PACE_CAP * 100)
    ax.set_xlabel("%", fontsize=10)
    buffer = BytesIO()
    figure.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


async def chart_png(t: Texts, district: str, lines: list[BranchLine]) -> bytes:
    title = t._("{district} – takten per kommun", district=district)
    names = [line.name for line in lines]
    shares = [line.pace_share for line in lines]
    return await asyncio.to_thread(pace_bars, names, shares, title, t._("inga räknemål"))
