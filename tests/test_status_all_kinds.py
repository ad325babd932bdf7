"""/status with every kind of goal a plan sets, grouped by the plan's areas, at a fixed date."""

from __future__ import annotations

from datetime import date

from domain.goals import GoalKind, GoalSpec, Unit
from storage import goals
from tests.conftest import BOARD_MEMBER, VOLUNTEER
from tests.harness import text_of

YEAR = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}


def spec(kind: GoalKind, metric: str | None, target: float | None, area: str, text: str = "", **extra) -> GoalSpec:
    return GoalSpec(kind=kind, metric=metric, target=target, area=area, text=text, **YEAR, **extra)


async def test_status_shows_every_kind_grouped_by_area(team, db, org):
    await goals.add_goals(
        db,
        org,
        [
            spec(GoalKind.COUNT, "conversations", 4215, "Folkrörelse"),
            spec(GoalKind.CADENCE, "door_knocking_sessions", 1, "Folkrörelse", window_days=7),
            spec(GoalKind.LEVEL, "members_total", 1500, "Medlemmar"),
            spec(GoalKind.SLA, "welcome_call", 5, "Medlemmar", unit=Unit.DAYS),
            spec(GoalKind.MILESTONE, None, None, "Kommunikation", "Ta fram en kommunikationsplan"),
        ],
        team.clock(),
    )
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    await team.send(BOARD_MEMBER, "/rapportera medlemsantal 1250")
    await team.send(VOLUNTEER, "/nymedlem")
    await team.send(VOLUNTEER, "Anna Andersson")
    ask_forening = await team.send(VOLUNTEER, "0701234567")
    ask_channel = await team.press(VOLUNTEER, ask_forening[0], "nymedlem:forening:-")
    ask_union = await team.press(VOLUNTEER, ask_channel[0], "nymedlem:channel:dorr")
    await team.press(VOLUNTEER, ask_union[0], "nymedlem:union:no")
    await team.send(BOARD_MEMBER, "/paborjad kommunikationsplan")

    lines = text_of(await team.send(BOARD_MEMBER, "/status alla")).splitlines()
    assert lines[2:4] == [
        "▸ Folkrörelse",
        "↓ Samtal: 12 av 4\xa0215 (0\xa0%), borde vara 843 nu · 2025",
    ]
    # 14 March is in the 11th week-window since 1 January: ten have passed without a session.
    assert lines[4] == "↓ Dörrknackningar: 1 per vecka: 0 av 10 perioder klara, nu 1 av 1"
    assert "▸ Medlemmar" in lines
    assert "Antal medlemmar: 1\xa0250 av 1\xa0500 (14 mars)" in "\n".join(lines)
    assert "↑ Välkomstsamtal: inom 5 dagar: 0 av 0 i tid, 1 pågår" in lines
    assert "▸ Kommunikation" in lines
    assert "↑ Ta fram en kommunikationsplan: pågår, senast 31 december 2025" in lines
    assert "Anna" not in "\n".join(lines)  # no personal data in a status
