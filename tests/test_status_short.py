"""/status on a phone: my week first, my förening's counts and cadences, the milestones in one line;
/status alla and /status milstolpar for the rest; entries count toward the förening their area names
(issue 10, item 17)."""

from __future__ import annotations

from sqlalchemy import select

from domain.goals import GoalKind, MilestoneStatus, Unit
from domain.roles import Role
from storage import goals, orgs
from storage.models import Entry
from tests.conftest import BOARD_MEMBER, join
from tests.harness import Person, text_of
from tests.test_status_all_kinds import spec

EKTORPARE = Person(606, "Elin")  # a volunteer of Ektorp


async def plan(team, db, org) -> tuple[int, int]:
    ektorp, _ = await orgs.find_forening(db, org, "Ektorp")
    savedalen, _ = await orgs.find_forening(db, org, "Sävedalen")
    now = team.clock()
    await goals.add_goals(
        db,
        org,
        [
            spec(GoalKind.COUNT, "conversations", 4215, "Folkrörelse"),
            spec(GoalKind.CADENCE, "door_knocking_sessions", 1, "Folkrörelse", window_days=7),
            spec(GoalKind.LEVEL, "members_total", 1500, "Medlemmar"),
            spec(GoalKind.SLA, "welcome_call", 5, "Medlemmar", unit=Unit.DAYS),
            *(spec(GoalKind.MILESTONE, None, None, "Kommunikation", f"Milstolpe nummer {n}") for n in range(1, 6)),
        ],
        now,
    )
    await goals.add_goals(db, org, [spec(GoalKind.COUNT, "doors_knocked", 1000, "Folkrörelse")], now, ektorp)
    await goals.add_goals(db, org, [spec(GoalKind.COUNT, "doors_knocked", 500, "Folkrörelse")], now, savedalen)
    milestones = [g for g in await goals.list_goals(db, org) if g.spec.kind is GoalKind.MILESTONE]
    states = [MilestoneStatus.DONE, MilestoneStatus.DONE, MilestoneStatus.UNDER_WAY]
    for goal, state in zip(milestones[:3], states, strict=True):
        await goals.set_status(db, org, goal.id, state)
    await join(team, db, org, EKTORPARE, Role.VOLONTAR, forening_id=ektorp)
    return ektorp, savedalen


async def test_a_volunteer_sees_their_week_and_their_forenings_goals_in_a_few_lines(team, db, org):
    await plan(team, db, org)
    await team.send(EKTORPARE, "/knack 40 12 Ektorp")
    lines = text_of(await team.send(EKTORPARE, "/status")).splitlines()
    assert lines == [
        "📊 Partille AK, 14 mars 2025",
        "",
        "Din vecka (v. 11): 1 dörrknackning · 40 dörrar · 12 samtal · 0 nya medlemmar · 0 aktiviteter",
        "",
        "↓ Samtal: 12 av 4\xa0215 (0\xa0%), borde vara 843 nu · 2025",
        "↓ Dörrknackningar: 1 per vecka: 0 av 10 perioder klara, nu 1 av 1",
        "↓ Knackade dörrar (Ektorp): 40 av 1\xa0000 (4\xa0%), borde vara 200 nu · 2025",
        "Milstolpar: 2 klara, 1 pågår, 2 ej påbörjade – /status milstolpar",
        "Hela bilden, med nivåer, välkomstsamtal och alla föreningar: /status alla",
    ]


async def test_status_milstolpar_lists_them_and_status_alla_shows_everything(team, db, org):
    await plan(team, db, org)
    listed = text_of(await team.send(EKTORPARE, "/status milstolpar")).splitlines()
    assert listed[2] == "Milstolpar:"
    assert len(listed) == 3 + 5 and all("Milstolpe nummer" in line for line in listed[3:])
    whole = text_of(await team.send(BOARD_MEMBER, "/status alla"))
    for wanted in ("Sävedalen", "Ektorp", "Antal medlemmar", "Välkomstsamtal", "Milstolpe nummer 5", "▸ Medlemmar"):
        assert wanted in whole
    assert "Knackade dörrar (Sävedalen)" not in text_of(await team.send(EKTORPARE, "/status"))


async def test_an_entry_counts_toward_the_forening_its_area_names_else_the_volunteers_own(team, db, org):
    ektorp, savedalen = await plan(team, db, org)
    there = text_of(await team.send(EKTORPARE, "/knack 30 5 Sävedalen centrum"))
    assert there.splitlines()[1] == "Räknas för Sävedalen."
    home = text_of(await team.send(EKTORPARE, "/knack 20 4 Björkvägen"))
    assert home.splitlines()[1] == "Räknas för Ektorp."
    named = text_of(await team.send(EKTORPARE, "/knack 10 2 Ektorp"))
    assert named == "✅ Sparat: Dörrknackning i Ektorp: 10 dörrar, 2 samtal."  # the area already says it
    async with db.session() as s:
        assert list(await s.scalars(select(Entry.forening_id).order_by(Entry.id))) == [savedalen, ektorp, ektorp]
    whole = text_of(await team.send(BOARD_MEMBER, "/status alla"))
    assert "Knackade dörrar (Sävedalen): 30 av 500" in whole
    assert "Knackade dörrar (Ektorp): 30 av 1\xa0000" in whole
