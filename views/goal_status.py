"""A goal's line from a stored goal's status (handlers' /status); the renderer is views/goal_lines.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.goals import GoalNames
from views import goal_lines as views
from views.goal_chart import chart_caption, chart_png  # noqa: F401 - their old home
from views.i18n import Texts

if TYPE_CHECKING:
    from storage.progress import GoalStatus


def _names(names: GoalNames | dict[int, str]) -> GoalNames:
    return names if isinstance(names, GoalNames) else GoalNames(foreningar=names)


def goal_name(t: Texts, status: GoalStatus, names: GoalNames | dict[int, str]) -> str:
    return views.goal_name(t, status.goal.spec, _names(names), status.goal.forening_id)


def goal_line(t: Texts, status: GoalStatus, names: GoalNames | dict[int, str]) -> str:
    return views.goal_line(t, status.goal.spec, status.progress, _names(names), status.goal.forening_id)
