"""A cadence nudge's text: the goal, its sessions so far in the window, and how to log the next."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from domain.goals import GoalNames
from domain.progress import Progress
from views.goal_lines import goal_name, window_phrase
from views.i18n import Texts

if TYPE_CHECKING:
    from storage.goals import StoredGoal

LOG_HINT = {"door_knocking_sessions": "/knack", "doors_knocked": "/knack", "conversations": "/samtal"}


def nudge_text(t: Texts, goal: StoredGoal, progress: Progress, names: GoalNames, window_last: date) -> str:
    text = t._(
        "⏰ {goal} ({per} per {window}): {events} hittills i perioden som slutar {day}. Hinner ni en gång till?",
        goal=goal_name(t, goal.spec, names, goal.forening_id),
        events=t.num(progress.window_events),
        per=t.num(progress.per_window or 1),
        window=window_phrase(t, goal.spec.window_days or 1),
        day=t.day(window_last),
    )
    hint = LOG_HINT.get(goal.spec.metric or "")
    if hint:
        text += " " + t._("Logga med {command} när ni har varit ute.", command=hint)
    return text
