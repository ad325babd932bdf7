"""The count goals' progress chart, named by the same renderer as their lines (views/goal_lines.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from domain.goals import GoalNames
from views.goal_lines import NO_NAMES, goal_name
from views.i18n import Texts

if TYPE_CHECKING:
    from storage.goals import StoredGoal


async def chart_png(
    t: Texts,
    org_name: str,
    today: date,
    found: Sequence[tuple[StoredGoal, tuple[tuple[date, float], ...]]],
    names: GoalNames = NO_NAMES,
) -> bytes:
    """The count goals' running totals against their pace, as a PNG (drawn in a worker thread)."""
    from views.charts import ChartSeries, progress_chart  # matplotlib (~40 MB) loads on the first chart

    series = [
        ChartSeries(
            goal_name(t, goal.spec, names, goal.forening_id),
            goal.spec.target or 0,
            goal.spec.period_start,
            goal.spec.period_end,
            cumulative,
        )
        for goal, cumulative in found
    ]
    title = t._("{org} – mot målen", org=org_name)
    return await asyncio.to_thread(progress_chart, series, today, title)


def chart_caption(t: Texts) -> str:
    return t._("Heldragen linje: gjort hittills. Streckad: takten som når målet.")
