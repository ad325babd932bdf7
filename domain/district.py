"""A district's view of its branches: roles, goal families, and which branch needs help first.

Pure: counts and arrows in, order out. A district never sees a member; nothing here could carry one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.counting import count_rule
from domain.entries import EntryKind
from domain.goals import GoalKind, GoalSpec
from domain.progress import Arrow

QUIET_DAYS = 21  # three weeks without anything logged: the ombudsman calls


class DistrictRole(StrEnum):
    ADMIN = "admin"  # invites the others; reads like the board
    STYRELSE = "distriktsstyrelse"
    OMBUDSMAN = "ombudsman"


READERS = frozenset(DistrictRole)
_WORDS = {
    "distriktsstyrelse": DistrictRole.STYRELSE,
    "distriktsstyrelsen": DistrictRole.STYRELSE,
    "district_board": DistrictRole.STYRELSE,
    "ombudsman": DistrictRole.OMBUDSMAN,
    "ombudsmän": DistrictRole.OMBUDSMAN,
    "distriktsadmin": DistrictRole.ADMIN,
}


def parse_district_role(word: str) -> DistrictRole | None:
    return _WORDS.get(word.strip().lower())


class Family(StrEnum):
    """The five things a district follows in every branch, in the order a line shows them."""

    NEW_MEMBERS = "new_members"
    CONVERSATIONS = "conversations"
    KNOCKING = "knocking"
    WELCOME = "welcome"
    ACTIVITIES = "activities"


def family_of(spec: GoalSpec) -> Family | None:
    """Which family a goal belongs to; levels and milestones belong to none."""
    if spec.kind is GoalKind.SLA:
        return Family.WELCOME
    if spec.kind not in (GoalKind.COUNT, GoalKind.CADENCE) or not spec.metric:
        return None
    if spec.metric == "new_members":
        return Family.NEW_MEMBERS
    if spec.metric == "conversations":
        return Family.CONVERSATIONS
    if spec.metric in ("door_knocking_sessions", "doors_knocked"):
        return Family.KNOCKING
    rule = count_rule(spec.metric)
    return Family.ACTIVITIES if rule is not None and rule.kinds == (EntryKind.ACTIVITY,) else None


_WORST = {Arrow.DOWN: 0, Arrow.FLAT: 1, Arrow.UP: 2}


def worst(arrows: Iterable[Arrow]) -> Arrow | None:
    """A family is as far behind as its furthest-behind goal; None when the branch has no such goal."""
    return min(arrows, key=_WORST.__getitem__, default=None)


@dataclass(frozen=True)
class WeekFigures:
    sessions: int = 0
    doors: int = 0
    conversations: int = 0
    new_members: int = 0
    activities: int = 0


@dataclass(frozen=True)
class BranchLine:
    """One branch as the district sees it: arrows, the week's figures, the last day anything was logged."""

    org_id: int
    name: str
    arrows: dict[Family, Arrow | None]
    week: WeekFigures
    last_logged: date | None
    pace_share: float | None  # count goals: done / what the pace calls for by now (1.0 = on pace)

    def quiet(self, today: date) -> bool:
        return self.last_logged is None or (today - self.last_logged).days >= QUIET_DAYS


def needs_help_first(lines: Iterable[BranchLine], today: date) -> list[BranchLine]:
    """Quiet branches first, then by families behind (↓, then →), then the longest since anything was logged."""

    def key(line: BranchLine):
        arrows = list(line.arrows.values())
        since = (today - line.last_logged).days if line.last_logged else 10**6
        return (not line.quiet(today), -arrows.count(Arrow.DOWN), -arrows.count(Arrow.FLAT), -since, line.name)

    return sorted(lines, key=key)


PACE_CAP = 2.0  # one branch far ahead on one goal must not hide its others


def pace_share(pairs: Iterable[tuple[float, float]]) -> float | None:
    """The mean share of pace reached over (done, expected) pairs of count goals, each capped at PACE_CAP."""
    shares = [min(done / expected, PACE_CAP) if expected > 0 else 1.0 for done, expected in pairs]
    return sum(shares) / len(shares) if shares else None
