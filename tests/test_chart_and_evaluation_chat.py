"""The board's outputs in the chat: /status graf (a PNG) and /utvardering (an xlsx)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from domain.goals import GoalKind, GoalSpec, Unit
from storage import goals
from tests.conftest import BOARD_MEMBER, VOLUNTEER
from tests.harness import text_of

YEAR = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
PNG = b"\x89PNG\r\n\x1a\n"


async def plan_goals(team, db, org) -> None:
    await goals.add_goals(
        db,
        org,
        [
            GoalSpec(kind=GoalKind.COUNT, metric="conversations", target=4215, area="Folkrörelse", **YEAR),
            GoalSpec(kind=GoalKind.COUNT, metric="new_members", target=42, area="Medlemmar", **YEAR),
            GoalSpec(kind=GoalKind.SLA, metric="welcome_call", target=5, unit=Unit.DAYS, area="Medlemmar", **YEAR),
            GoalSpec(kind=GoalKind.MILESTONE, metric=None, target=None, text="Ta fram en kommunikationsplan", **YEAR),
        ],
        team.clock(),
    )


def sent(calls, method: str):
    matching = [c for c in calls if c.method == method]
    assert len(matching) == 1, [c.method for c in calls]
    return matching[0]


async def test_status_graf_sends_a_png_of_the_count_goals(team, db, org):
    await plan_goals(team, db, org)
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    photo = sent(await team.send(BOARD_MEMBER, "/status graf"), "sendPhoto")
    _name, data = photo.files["photo"]
    assert data.startswith(PNG)
    assert len(data) > 10_000  # a drawn chart, not an empty canvas
    assert "Streckad" in photo.params["caption"]


async def test_status_graf_without_count_goals_says_how_to_get_one(team):
    calls = await team.send(BOARD_MEMBER, "/status graf")
    assert not [c for c in calls if c.method == "sendPhoto"]
    assert "Sätt ett med /mal" in text_of(calls)


async def test_utvardering_sends_the_years_goals_as_a_spreadsheet(team, db, org):
    await plan_goals(team, db, org)
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    await team.send(VOLUNTEER, "/samtal 25 torg")
    document = sent(await team.send(BOARD_MEMBER, "/utvardering"), "sendDocument")
    filename, data = document.files["document"]
    assert filename == "utvardering-2025.xlsx"
    assert "4 mål" in document.params["caption"]

    sheet = load_workbook(BytesIO(data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    by_text = {row[1]: row for row in rows}
    conversations = next(row for text, row in by_text.items() if "samtal" in text.lower())
    assert conversations[3] == "37"  # 12 at the door and 25 at the square
    assert conversations[4] == "↓"
    assert conversations[5 + 2] == 37  # March, in the month columns Jan..Dec
    assert by_text["Ta fram en kommunikationsplan"][3] == "inte påbörjad"
    assert sheet.page_setup.orientation == "landscape"


async def test_utvardering_for_a_year_without_goals_points_to_plan(team):
    calls = await team.send(BOARD_MEMBER, "/utvardering 2024")
    assert not [c for c in calls if c.method == "sendDocument"]
    assert "inga mål för 2024" in text_of(calls)


async def test_the_evaluation_is_the_boards_the_chart_everyones(team, db, org):
    await plan_goals(team, db, org)
    calls = await team.send(VOLUNTEER, "/utvardering")
    assert not [c for c in calls if c.method == "sendDocument"]
    assert "styrelse" in text_of(calls)
    assert sent(await team.send(VOLUNTEER, "/status graf"), "sendPhoto").files["photo"][1].startswith(PNG)


async def test_utvardering_refuses_a_year_without_data_and_names_the_years_there_are(team, db, org):
    """Issue 10, item 10: /utvardering 2030 used to send this year's evaluation without a word."""
    await plan_goals(team, db, org)
    for typed in ("2030", "2024", "sjuttio"):
        calls = await team.send(BOARD_MEMBER, f"/utvardering {typed}")
        assert not [c for c in calls if c.method == "sendDocument"]
        assert text_of(calls) == f"Det finns inga mål för {typed}. Skriv /utvardering och ett år med mål: 2025."
    assert sent(await team.send(BOARD_MEMBER, "/utvardering 2025"), "sendDocument")
