"""Month totals stay in step with the day totals, and sums over any period agree with the days alone."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from domain.counting import count_rule
from storage import day_totals
from storage.day_totals import whole_months
from storage.models import DayTotal, MonthTotal
from tests.conftest import VOLUNTEER
from tests.test_digest import stockholm

DAYS = st.dates(date(2024, 12, 1), date(2026, 2, 28))


@settings(max_examples=300, deadline=None)
@given(DAYS, DAYS)
def test_whole_months_lie_within_the_period_and_leave_less_than_a_month_at_each_end(a, b):
    first, last = min(a, b), max(a, b)
    months = whole_months(first, last)
    if months is None:
        assert (last - first).days < 62
        return
    start, end = months
    assert start.day == end.day == 1 and first <= start <= end
    assert (end.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1) <= last
    assert (start - first).days < 31 and (last - end).days < 62


async def test_sums_read_months_and_days_alike_after_logging_edits_and_undos(team, db, org):
    for month, day in ((1, 30), (1, 31), (2, 1), (2, 28), (3, 1), (3, 14)):
        team.clock.now = stockholm(month, day, 12)
        await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
        await team.send(VOLUNTEER, "/samtal 3 torg")
    await team.send(VOLUNTEER, "/angra")  # the last /samtal, taken back out of its day and month
    async with db.session() as s:
        by_day = (await s.execute(select(func.sum(DayTotal.entries), func.sum(DayTotal.conversations)))).one()
        by_month = (await s.execute(select(func.sum(MonthTotal.entries), func.sum(MonthTotal.conversations)))).one()
    assert by_day == by_month == (11, 6 * 12 + 5 * 3)
    talks = count_rule("conversations")
    for first, last in ((date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 1, 31), date(2025, 3, 1)),
                        (date(2025, 2, 1), date(2025, 2, 28)), (date(2025, 2, 2), date(2025, 3, 13))):  # fmt: skip
        days = await day_totals.per_day(db, org, talks, first, last)
        assert await day_totals.total(db, org, talks, first, last) == sum(n for _, n in days)
