"""A district goal's facts: its branches' facts for the same goal, put together.

Work adds up (counts, events per day, cases); a level is each branch's latest report summed — or,
for a share (percent), their mean, since 30 % in two branches is not 60 % in the district.
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
    """On each day any branch reported: the sum (or mean) of every branch's latest report by then;
    a branch that has not reported yet is left out rather than counted as nought."""
    ordered = [sorted(one) for one in series if one]
    days = sorted({day for one in ordered for day, _ in one})
    result = []
    for day in days:
        latest = [one[i - 1][1] for one in ordered if (i := bisect_right(one, (day, float("inf"))))]
        result.append((day, sum(latest) / len(latest) if mean else sum(latest)))
    return tuple(result)
