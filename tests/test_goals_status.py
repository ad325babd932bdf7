"""/mal and /status: goals set in the chat, and the arithmetic of pace and arrows at fixed dates."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import Goal
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER
from tests.harness import text_of

NBSP = "\xa0"


async def goals_in(db) -> list[Goal]:
    async with db.session() as s:
        return list(await s.scalars(select(Goal).order_by(Goal.id)))


async def test_board_sets_lists_and_removes_goals(team, db):
    sent = await team.send(BOARD_MEMBER, "/mal nya_medlemmar 42 2025")
    assert text_of(sent) == "🎯 Mål 1: 42 nya medlemmar (2025). Följ det med /status."
    sent = await team.send(ADMIN, "/mal samtal 4215 2025")
    assert text_of(sent) == f"🎯 Mål 2: 4{NBSP}215 samtal (2025). Följ det med /status."
    listing = text_of(await team.send(BOARD_MEMBER, "/mal"))
    assert "1. 42 nya medlemmar (2025)" in listing and f"2. 4{NBSP}215 samtal (2025)" in listing
    assert "borttaget" in text_of(await team.send(BOARD_MEMBER, "/mal bort 1"))
    assert "inget mål 1" in text_of(await team.send(BOARD_MEMBER, "/mal bort 1"))
    [goal] = await goals_in(db)
    assert (goal.kind, goal.metric, goal.target, str(goal.period_start), str(goal.period_end)) == (
        "count",
        "conversations",
        4215,
        "2025-01-01",
        "2025-12-31",
    )


async def test_goal_for_a_forening_and_a_two_year_period(team, db):
    sent = await team.send(BOARD_MEMBER, "/mal dorrknackningar 20 2025-2026 ektorp")
    assert "(2025–2026)" in text_of(sent)
    [goal] = await goals_in(db)
    assert goal.forening_id is not None and str(goal.period_end) == "2026-12-31"


async def test_bad_goal_input_shows_the_form(team, db):
    for text in ("/mal", "/mal hundar 4 2025", "/mal samtal -4", "/mal samtal 10 1999", "/mal samtal 10 2025 Atlantis"):
        assert text_of(await team.send(BOARD_MEMBER, text))
    assert "/mal nya_medlemmar 42 2026" in text_of(await team.send(BOARD_MEMBER, "/mal hundar 4 2025"))
    assert await goals_in(db) == []


async def test_status_arithmetic_on_a_fixed_date(team, db):
    # 14 March 2025 is day 73 of 365: a goal of 4215 calls for 843 by now.
    await team.send(BOARD_MEMBER, "/mal samtal 4215 2025")
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    await team.send(VOLUNTEER, "/samtal 25 torg")
    status = text_of(await team.send(VOLUNTEER, "/status"))
    assert status.startswith("📊 Partille AK, 14 mars 2025")
    assert f"↓ Samtal: 37 av 4{NBSP}215 (1{NBSP}%), borde vara 843 nu · 2025" in status
    assert "Din vecka (v. 11): 1 dörrknackning · 40 dörrar · 37 samtal · 0 nya medlemmar · 0 aktiviteter" in status


async def test_arrows_at_the_thresholds(team, db):
    """100 doors in 2025 call for exactly 20 on 14 March: 20 is on pace, 18 is within 10 %, 17 is not."""
    await team.send(BOARD_MEMBER, "/mal dorrar 100 2025")
    await team.send(VOLUNTEER, "/knack 17 0 Ektorp")
    assert "↓ Knackade dörrar: 17 av 100" in text_of(await team.send(VOLUNTEER, "/status"))
    await team.send(VOLUNTEER, "/knack 1 0 Ektorp")
    assert "→ Knackade dörrar: 18 av 100" in text_of(await team.send(VOLUNTEER, "/status"))
    await team.send(VOLUNTEER, "/knack 2 0 Ektorp")
    assert "↑ Knackade dörrar: 20 av 100" in text_of(await team.send(VOLUNTEER, "/status"))


async def test_status_counts_only_the_period_and_not_undone_entries(team, db):
    await team.send(BOARD_MEMBER, "/mal dorrknackningar 10 2025")
    await team.send(VOLUNTEER, "/knack 10 1 Ektorp 28/12")  # last year: outside the period
    await team.send(VOLUNTEER, "/knack 10 1 Ektorp")
    await team.send(VOLUNTEER, "/knack 10 1 Ektorp igår")
    await team.send(VOLUNTEER, "/angra")
    assert "Dörrknackningar: 1 av 10" in text_of(await team.send(VOLUNTEER, "/status"))


async def test_period_boundaries_follow_stockholm_time(team, db):
    """A session on New Year's Eve at 23:30 in Stockholm is 22:30 UTC: it belongs to the old year."""
    await team.send(BOARD_MEMBER, "/mal dorrknackningar 10 2025")
    await team.send(VOLUNTEER, "/knack 10 1 Ektorp", sent=datetime(2024, 12, 31, 22, 30, tzinfo=UTC))
    await team.send(VOLUNTEER, "/knack 10 1 Ektorp", sent=datetime(2024, 12, 31, 23, 30, tzinfo=UTC))
    assert "Dörrknackningar: 1 av 10" in text_of(await team.send(VOLUNTEER, "/status"))


async def test_forening_goal_counts_only_that_forening(team, db, org):
    await team.send(BOARD_MEMBER, "/mal dorrknackningar 10 2025 Ektorp")
    await team.send(VOLUNTEER, "/knack 10 1 Centrum")  # the volunteer belongs to no förening
    assert "Dörrknackningar (Ektorp): 0 av 10" in text_of(await team.send(VOLUNTEER, "/status alla"))
    await team.send(VOLUNTEER, "/knack 10 1 Ektorp")  # the area names the förening
    assert "Dörrknackningar (Ektorp): 1 av 10" in text_of(await team.send(VOLUNTEER, "/status alla"))


async def test_status_without_goals_tells_how_to_set_them(team, db):
    assert "/mal nya_medlemmar 42 2025" in text_of(await team.send(VOLUNTEER, "/status"))
