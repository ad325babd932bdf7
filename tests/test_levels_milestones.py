"""/rapportera a level, /klar and /paborjad a milestone."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from domain.goals import GoalKind, GoalSpec
from storage import goals
from storage.models import Goal, LevelReport
from tests.conftest import BOARD_MEMBER, VOLUNTEER
from tests.harness import text_of


async def test_report_levels(team, db):
    sent = await team.send(BOARD_MEMBER, "/rapportera medlemsantal 1250")
    assert text_of(sent) == "📈 Rapporterat: antal medlemmar 1\xa0250 (14 mars)."
    assert "27\xa0%" in text_of(await team.send(BOARD_MEMBER, "/rapportera autogiro 27% igår"))
    assert "högst 100" in text_of(await team.send(BOARD_MEMBER, "/rapportera autogiro 270%"))
    assert "/rapportera medlemsantal 1250" in text_of(await team.send(BOARD_MEMBER, "/rapportera katter 3"))
    assert "/rapportera medlemsantal 1250" in text_of(await team.send(BOARD_MEMBER, "/rapportera"))
    assert "inte hänt" in text_of(await team.send(BOARD_MEMBER, "/rapportera foljare 1800 2030-01-01"))
    assert "bara styrelse" in text_of(await team.send(VOLUNTEER, "/rapportera foljare 1800"))
    async with db.session() as s:
        reports = list(await s.scalars(select(LevelReport).order_by(LevelReport.id)))
    assert [(r.metric, r.value, r.day) for r in reports] == [
        ("members_total", 1250, date(2025, 3, 14)),
        ("autogiro_share", 27, date(2025, 3, 13)),
    ]


async def test_mark_milestones_by_number_or_words(team, db, org):
    plan = GoalSpec(
        kind=GoalKind.MILESTONE, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
        text="Ta fram en facklig-politisk handlingsplan tillsammans med LO-facken.",
    )  # fmt: skip
    survey = plan.model_copy(update={"text": "Genomföra en medlemsenkät under året."})
    first, second = await goals.add_goals(db, org, [plan, survey], team.clock())
    listing = text_of(await team.send(BOARD_MEMBER, "/klar"))
    assert f"{first}. ○ Ta fram en facklig-politisk handlingsplan" in listing
    assert "◐ Påbörjat: Ta fram" in text_of(await team.send(BOARD_MEMBER, f"/paborjad {first}"))
    assert "● Klart: Genomföra en medlemsenkät" in text_of(await team.send(BOARD_MEMBER, "/klar medlemsenkät"))
    assert "Vilken milstolpe" in text_of(await team.send(BOARD_MEMBER, "/klar genomföra ta"))  # matches none
    async with db.session() as s:
        statuses = {g.id: g.status for g in await s.scalars(select(Goal))}
    assert statuses == {first: "under_way", second: "done"}
