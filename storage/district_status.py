"""Where each branch of a district stands, from goal statuses and per-day totals only (never entries).

Everything a district role reads is built here, so it can hold nothing but counts, arrows and days:
no query below touches members, new members, cases' people or entries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select

from domain.counting import count_rule
from domain.district import BranchLine, Family, WeekFigures, family_of, needs_help_first, pace_share, worst
from domain.entries import EntryKind
from domain.goals import GoalKind, GoalSpec, MilestoneStatus
from domain.progress import GoalFacts, Progress, evaluate
from storage import day_totals, districts
from storage.cases import DEFAULT_LIMIT_DAYS, WELCOME_CALL
from storage.database import Database
from storage.districts import Branch
from storage.goals import StoredGoal
from storage.many_statuses import facts_of, statuses_by_org
from storage.models import DayTotal, Organisation
from storage.progress import GoalStatus


@dataclass(frozen=True)
class BranchStatus:
    line: BranchLine
    statuses: list[GoalStatus]


def week_of(today: date) -> tuple[date, date]:
    """Monday of today's week to today."""
    return today - timedelta(days=today.weekday()), today


def week_figures(rows: list[day_totals.Sums]) -> WeekFigures:
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row.kind + ":entries"] += row.entries
        totals["doors"] += row.doors
        totals["conversations"] += row.conversations
    return WeekFigures(
        sessions=totals[EntryKind.KNACK + ":entries"],
        doors=totals["doors"],
        conversations=totals["conversations"],
        new_members=totals[EntryKind.MEMBER + ":entries"],
        activities=totals[EntryKind.ACTIVITY + ":entries"],
    )


async def branch_status(
    db: Database, branch: Branch, today: date, week: tuple[date, date] | None = None
) -> BranchStatus:
    return (await district_status(db, [branch], today, week))[0]


async def district_status(
    db: Database, found: list[Branch], today: date, week: tuple[date, date] | None = None
) -> list[BranchStatus]:
    """Every branch's line and goal statuses, each kind of figure read for all branches in one go
    (storage/many_statuses.py): the queries do not multiply with the branches."""
    if not found:
        return []
    org_ids = [branch.org_id for branch in found]
    statuses = await statuses_by_org(db, {b.org_id: b.timezone for b in found}, today)
    weeks = await day_totals.sums_by_org(db, org_ids, *(week or week_of(today)))
    logged = await last_logged_by_org(db, org_ids, today)
    return [
        BranchStatus(branch_line(branch, statuses[branch.org_id], weeks[branch.org_id], logged[branch.org_id], today),
                     statuses[branch.org_id])
        for branch in found
    ]  # fmt: skip


def branch_line(
    branch: Branch, statuses: list[GoalStatus], week: list[day_totals.Sums], logged: date | None, today: date
) -> BranchLine:
    by_family: dict[Family, list] = {family: [] for family in Family}
    for status in statuses:
        family = family_of(status.goal.spec)
        if family is not None:
            by_family[family].append(status.progress.arrow)
    return BranchLine(
        org_id=branch.org_id,
        name=branch.name,
        arrows={family: worst(arrows) for family, arrows in by_family.items()},
        week=week_figures(week),
        last_logged=logged,
        pace_share=pace_share(
            (s.progress.done or 0, s.progress.expected or 0)
            for s in statuses
            if s.goal.spec.kind is GoalKind.COUNT and s.goal.spec.target and s.goal.spec.period_start <= today
        ),
    )


async def last_logged_by_org(db: Database, org_ids: list[int], today: date) -> dict[int, date | None]:
    """Each organisation's last day up to today with anything logged, in one query: per organisation
    the covering index by day (ix_day_totals_org_day) walked back from today to the first row with
    entries standing, not a MAX over every row."""
    last = (
        select(DayTotal.day)
        .where(DayTotal.org_id == Organisation.id, DayTotal.day <= today, DayTotal.entries > 0)
        .order_by(DayTotal.day.desc())
        .limit(1)
        .correlate(Organisation)
        .scalar_subquery()
    )
    async with db.session() as s:
        rows = await s.execute(select(Organisation.id, last).where(Organisation.id.in_(org_ids)))
        found = dict(rows.all())
    return {org_id: found.get(org_id) for org_id in org_ids}


@dataclass(frozen=True)
class DistrictGoal:
    """A count goal of the district: the sum of its branches' goals of one metric and period."""

    spec: GoalSpec
    progress: Progress
    branches: int
    own: bool = False  # a goal of the district's own plan (storage.district_goals), not a sum of goals


def district_goals(found: list[BranchStatus], today: date) -> list[DistrictGoal]:
    """Branches' whole-organisation count goals summed by (metric, period): targets and work alike."""
    sums: dict[tuple[str, date, date], list[float]] = {}
    for branch in found:
        for status in branch.statuses:
            spec = status.goal.spec
            if spec.kind is not GoalKind.COUNT or not spec.target or status.goal.forening_id is not None:
                continue
            if count_rule(spec.metric or "") is None:
                continue
            entry = sums.setdefault((spec.metric, spec.period_start, spec.period_end), [0.0, 0.0, 0])
            entry[0] += spec.target
            entry[1] += status.progress.done or 0
            entry[2] += 1
    result = []
    for (metric, first, last), (target, done, count) in sorted(sums.items(), key=lambda x: (x[0][1], x[0][0])):
        spec = GoalSpec(kind=GoalKind.COUNT, metric=metric, target=target, period_start=first, period_end=last)
        result.append(DistrictGoal(spec, evaluate(spec, GoalFacts(total=done), today), int(count)))
    return result


async def welcome_late(db: Database, found: list[BranchStatus], branches: list[Branch], today: date) -> tuple[int, int]:
    """Welcome calls across the district this year: (late, of which still waiting) — each branch's own
    welcome-call goal where it has one, else the default limit, as the branch's own digest counts them."""
    own, default = [], []
    for branch in found:
        goals = [
            s.progress
            for s in branch.statuses
            if s.goal.spec.kind is GoalKind.SLA and s.goal.spec.metric == WELCOME_CALL and s.goal.forening_id is None
        ]
        if goals:
            own.append(goals[0])
        else:
            spec = default_welcome(today)
            default.append(StoredGoal(0, branch.line.org_id, None, spec, MilestoneStatus.NOT_STARTED))
    zones = {b.org_id: b.timezone for b in branches}
    facts = await facts_of(db, default, zones, today)  # the branches without a goal of their own: one query
    judged = own + [evaluate(goal.spec, facts[id(goal)], today) for goal in default]
    return sum(p.late or 0 for p in judged), sum(p.overdue or 0 for p in judged)


def default_welcome(today: date) -> GoalSpec:
    return GoalSpec(
        kind=GoalKind.SLA,
        metric=WELCOME_CALL,
        target=DEFAULT_LIMIT_DAYS[WELCOME_CALL],
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
    )


class DigestFigures(NamedTuple):
    """What the district's weekly digest shows, in the order views.district.digest takes it."""

    first: date
    last: date
    lines: list
    goals: list
    late: object


async def digest_figures(db: Database, clock, last: date, now: datetime, reader) -> DigestFigures:
    """The week up to ``last``: the branches, those that need help first, the summed goals and the late
    welcome calls. Every branch read is audited under ``reader`` (a person, or the bot itself)."""
    first = last.fromordinal(last.toordinal() - 6)
    found_branches = await districts.branches(db, clock.district_id)
    found = await district_status(db, found_branches, last, (first, last))
    lines = needs_help_first([b.line for b in found], last)
    late = await welcome_late(db, found, found_branches, last)
    await districts.audit_views(db, reader, [line.org_id for line in lines], now, "distriktets veckorapport")
    return DigestFigures(first, last, lines, district_goals(found, last), late)
