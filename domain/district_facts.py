"""A district goal's facts: its branches' facts for the same goal, put together.

Work adds up (counts, events per day, cases). So a cadence goal counts the district's events together:
one branch knocking doors every other week meets "varannan vecka i varje kommun" for all of them; "in
every branch" is the branches' own goals to judge. A level is each branch's level summed — or, for a
share (percent), their unweighted mean, since 30 % in two branches is not 60 % in the district. A branch
counts at its first report from the start, so joining the sum is never growth (see summed_levels).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from datetime import date

from domain.goals import MilestoneStatus, Unit
from domain.progress import GoalFacts

Series = Sequence[tuple[date, float]]


def summed_facts(facts: Sequence[GoalFacts], unit: Unit, status: MilestoneStatus) -> GoalFacts:
    per_day: Counter[date] = Counter()
    for branch in facts:
        for day, n in branch.events_per_day:
            per_day[day] += n
    return GoalFacts(
        total=sum(branch.total for branch in facts),
        events_per_day=tuple(sorted(per_day.items())),
        reports=summed_levels([branch.reports for branch in facts], mean=unit is Unit.PERCENT),
        cases=tuple(case for branch in facts for case in branch.cases),
        status=status,
    )


def summed_levels(series: Sequence[Series], mean: bool = False) -> tuple[tuple[date, float], ...]:
    """The district's level on each day any branch reported: the sum (or mean) of every branch's level
    that day — its latest report by then, or, before its first report, that first report.

    So the sum moves only when a branch's level moves: a branch's first report is where it stands, not
    growth, whether it comes first or last. A branch that never reported is left out (nothing to add).
    A branch gone quiet keeps its last value, as a single branch's stale report does; its stillness
    adds no climb while evaluate's path moves on, so the district sinks as that branch would."""
    daily = [_daily(one) for one in series if one]
    days = sorted({day for one in daily for day, _ in one})
    result = []
    for day in days:
        levels = [_level_on(one, day) for one in daily]
        result.append((day, sum(levels) / len(levels) if mean else sum(levels)))
    return tuple(result)


def _daily(reports: Series) -> list[tuple[date, float]]:
    """One value per day, the last reported that day (reports come in the order they were made), as
    domain.progress reads a branch's own level."""
    return sorted(dict(reports).items())


def _level_on(reports: list[tuple[date, float]], day: date) -> float:
    """A branch's level on ``day``: its latest report by then, else its first (its baseline)."""
    i = bisect_right(reports, day, key=lambda report: report[0])
    return reports[max(i, 1) - 1][1]
