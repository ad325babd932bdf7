"""A goal in one line, the same in /mal, /status, the digest, the /plan review and the evaluation (issue 10:
items 1, 4, 5 and 11), through the real Application."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import BytesIO

from openpyxl import load_workbook

from domain.goals import GoalKind, GoalSpec, Unit
from storage import goals
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER
from tests.harness import text_of

YEAR = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}


def spec(kind: GoalKind, metric: str | None, target: float | None, **extra) -> GoalSpec:
    return GoalSpec(kind=kind, metric=metric, target=target, **YEAR, **extra)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def line_with(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


async def evaluation_rows(team) -> dict[str, list]:
    [document] = [c for c in await team.send(BOARD_MEMBER, "/utvardering") if c.method == "sendDocument"]
    sheet = load_workbook(BytesIO(document.files["document"][1])).active
    return {row[1]: row for row in ([c.value for c in r] for r in sheet.iter_rows(min_row=5))}


# --- item 1: a cadence goal is judged against its own target -------------------------------------------


async def test_five_a_year_stays_five_after_one_activity(team, db, org):
    await goals.add_goals(db, org, [spec(GoalKind.CADENCE, "member_meetings", 5, window_days=365)], team.clock())
    await team.send(VOLUNTEER, "/aktivitet medlemsmöte 12")
    status = text_of(await team.send(VOLUNTEER, "/status"))
    assert "Medlemsmöten: 5 per år: 0 av 0 perioder klara, nu 1 av 5" in status


async def test_every_other_week_all_year_is_up_even_after_a_busy_saturday(team, db, org):
    await goals.add_goals(
        db, org, [spec(GoalKind.CADENCE, "door_knocking_sessions", 1, window_days=14)], team.clock()
    )
    saturdays = [date(2025, 1, 4) + timedelta(days=14 * k) for k in range(26)]  # the last is 20 December
    team.clock.now = noon(saturdays[-1])
    for day in saturdays:
        assert "Sparat" in text_of(await team.send(VOLUNTEER, "/knack 40 12 Ektorp", sent=noon(day)))
    for _ in range(2):  # three sessions that Saturday
        await team.send(VOLUNTEER, "/knack 30 8 Ektorp", sent=noon(saturdays[-1]))
    status = text_of(await team.send(VOLUNTEER, "/status"))
    assert "↑ Dörrknackningar: 1 per två veckor: 25 av 25 perioder klara, nu 3 av 1" in status


# --- item 4: /mal lists what a goal is; percentages carry %; a förening's goal says so -----------------


async def test_mal_lists_every_kind_as_it_is_and_names_the_forening(team, db, org):
    await goals.add_goals(
        db,
        org,
        [
            spec(GoalKind.SLA, "welcome_call", 14, unit=Unit.DAYS),
            spec(GoalKind.LEVEL, "autogiro_share", 25, unit=Unit.PERCENT),
            spec(GoalKind.CADENCE, "door_knocking_sessions", 1, window_days=7),
            spec(GoalKind.MILESTONE, None, None, text="Ta fram en kommunikationsplan."),
        ],
        team.clock(),
    )
    confirmed = text_of(await team.send(BOARD_MEMBER, "/mal dorrknackningar 20 2025 ektorp"))
    assert confirmed == "🎯 Mål 5: 20 dörrknackningar (2025) · Ektorp. Följ det med /status."
    listing = text_of(await team.send(BOARD_MEMBER, "/mal")).splitlines()
    assert listing[1:6] == [
        "1. Välkomstsamtal inom 14 dagar (2025)",
        "2. Andel autogiro: 25\xa0% senast 31 december 2025 (2025)",
        "3. 1 dörrknackning per vecka (2025)",
        "4. Ta fram en kommunikationsplan (2025)",
        "5. 20 dörrknackningar (2025) · Ektorp",
    ]
    await team.send(BOARD_MEMBER, "/rapportera autogiro 23%")
    status = text_of(await team.send(VOLUNTEER, "/status alla"))
    assert "Dörrknackningar (Ektorp): 0 av 20" in status
    assert "Andel autogiro: 23\xa0% av 25\xa0% (14 mars)" in status
    assert "↑ Ta fram en kommunikationsplan: inte påbörjad, senast 31 december 2025" in status  # no ".:"
    rows = await evaluation_rows(team)
    autogiro = next(row for text, row in rows.items() if "autogiro" in text.lower())
    assert (autogiro[2], autogiro[3]) == ("25\xa0%", "23\xa0%")
    assert rows["20 dörrknackningar (Ektorp)"][2] == "20 dörrknackningar"


# --- item 5: an activity type keeps its name as written ------------------------------------------------


async def test_activity_types_keep_their_names_in_goals(team, db, org, monkeypatch):
    for name in ("Seniorträff", "A-radio/Pod"):
        added = text_of(await team.send(ADMIN, f"/aktivitetstyp {name}"))
        assert added == f"Klart. Logga den med /aktivitet {name}, och sätt mål med /mal {name} 10."
    confirmed = text_of(await team.send(BOARD_MEMBER, "/mal activity:seniortraff 10"))
    assert confirmed == "🎯 Mål 1: Seniorträff 10 gånger (2025). Följ det med /status."
    await goals.add_goals(db, org, [spec(GoalKind.CADENCE, "activity:a_radio_pod", 1, window_days=7)], team.clock())
    await team.send(VOLUNTEER, "/aktivitet seniorträff 14")
    assert "2. A-radio/Pod 1 gång per vecka (2025)" in text_of(await team.send(BOARD_MEMBER, "/mal"))
    status = text_of(await team.send(VOLUNTEER, "/status"))
    assert "Seniorträff: 1 av 10" in status and "A-radio/Pod: 1 per vecka" in status
    rows = await evaluation_rows(team)
    assert rows["Seniorträff 10 gånger"][2] == "Seniorträff 10 gånger"
    named = text_of(await team.send(BOARD_MEMBER, "/mal A-radio/Pod 4 2026"))  # the name as written works too
    assert named == "🎯 Mål 3: A-radio/Pod 4 gånger (2026). Följ det med /status."

    drawn = []
    monkeypatch.setattr("views.charts.progress_chart", lambda series, today, title: drawn.extend(series) or b"png")
    await team.send(VOLUNTEER, "/status graf")
    assert [s.name for s in drawn] == ["Seniorträff"]


# --- item 11: whole sessions, plurals and the review card ----------------------------------------------


async def test_the_digest_asks_for_whole_sessions(team, db, org):
    # 100 sessions in 2025, none by 14 March: 100 × 7 / 292 days = 2.4 a week, so 3 whole sessions.
    await team.send(BOARD_MEMBER, "/mal dorrknackningar 100 2025")
    report = text_of(await team.send(BOARD_MEMBER, "/rapport"))
    assert "↓ Dörrknackningar: 0 denna vecka · 0 av 100 · behöver 3 i veckan" in report


async def test_plan_review_cards_name_milestones_and_activities_properly(team, db):
    await team.send(BOARD_MEMBER, "/plan")
    plan = "Verksamhetsplan 2026\nMål:\nVi ska genomföra 2 workshops.\nVi ska ta fram en kommunikationsplan."
    sent = await team.send(BOARD_MEMBER, plan)
    assert "Räknemål: Workshop 2 gånger (2026)" in text_of(sent)
    milestone = text_of(await team.press(BOARD_MEMBER, sent[-1], "plan:keep:0"))
    assert "Milstolpe: Vi ska ta fram en kommunikationsplan (2026)" in milestone

