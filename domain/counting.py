"""How a count metric is summed from logged entries — the rule storage turns into SQL."""

from __future__ import annotations

from dataclasses import dataclass

from domain.activities import types_for_metric
from domain.entries import EntryKind
from domain.metrics import ACTIVITY_PREFIX


@dataclass(frozen=True)
class CountRule:
    kinds: tuple[EntryKind, ...]
    field: str | None = None  # None: count the entries; else sum this column
    activity_types: tuple[str, ...] = ()


_RULES = {
    "new_members": CountRule((EntryKind.MEMBER,)),
    "conversations": CountRule((EntryKind.KNACK, EntryKind.SAMTAL), "conversations"),
    "door_knocking_sessions": CountRule((EntryKind.KNACK,)),
    "doors_knocked": CountRule((EntryKind.KNACK,), "doors"),
}


def count_rule(metric: str) -> CountRule | None:
    """None for metrics that are not summed from entries (levels, cases)."""
    if metric in _RULES:
        return _RULES[metric]
    types = types_for_metric(metric)
    if types and (metric.startswith(ACTIVITY_PREFIX) or metric in _ACTIVITY_METRICS):
        return CountRule((EntryKind.ACTIVITY,), None, types)
    return None


_ACTIVITY_METRICS = frozenset(
    {"member_meetings", "study_circles", "member_courses", "open_meetings", "workplace_visits"}
)
