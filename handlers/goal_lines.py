"""A goal's line for handlers and the scheduler (the renderer is views/goal_lines.py), and the chart."""

from __future__ import annotations

import asyncio
from datetime import date

from bot.i18n import Texts
from domain.goals import GoalNames
from storage.goals import StoredGoal
from storage.progress import GoalStatus
from views import goal_lines as views


def _names(names: GoalNames | dict[int, str]) -> GoalNames:
    return names if isinstance(names, GoalNames) else GoalNames(foreningar=names)


def goal_name(t: Texts, status: GoalStatus, names: GoalNames | dict[int, str]) -> str:
    return views.goal_name(t, status.goal.spec, _names(names), status.goal.forening_id)


def goal_line(t: Texts, status: GoalStatus, names: GoalNames | dict[int, str]) -> str:
    return views.goal_line(t, status.goal.spec, status.progress, _names(names), status.goal.forening_id)


async def chart_png(
    t: Texts,
    org_name: str,
    today: date,
    found: list[tuple[StoredGoal, tuple[tuple[date, float], ...]]],
    names: GoalNames = views.NO_NAMES,
) -> bytes:
    """The count goals' running totals against their pace, as a PNG (drawn in a worker thread)."""
    from bot.charts import ChartSeries, progress_chart  # matplotlib (~40 MB) loads on the first chart

    series = [
        ChartSeries(
            views.goal_name(t, goal.spec, names, goal.forening_id),
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
