"""Defects a QA pass found: thousands in levels, invites and the log only in private, plan texts in English."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from domain.grammar import parse_goal
from storage.models import LevelReport
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER
from tests.harness import text_of
from tests.test_plan_chat import PLAN, goals_in

TODAY = date(2025, 3, 14)


async def levels_in(db) -> list[tuple[str, float]]:
    async with db.session() as s:
        return [(r.metric, r.value) for r in await s.scalars(select(LevelReport).order_by(LevelReport.id))]


async def test_level_reports_read_thousands_grouped(team, db):
    sent = await team.send(BOARD_MEMBER, "/rapportera medlemsantal 1 250")
    assert "1\xa0250" in text_of(sent)
    assert "1\xa0250" in text_of(await team.send(BOARD_MEMBER, "/report members 1\xa0250"))
    assert "1\xa0800" in text_of(await team.send(BOARD_MEMBER, "/rapportera foljare 1.800"))
    assert "1\xa0800" in text_of(await team.send(BOARD_MEMBER, "/rapportera foljare 1,800 igår"))
    assert "27,5\xa0%" in text_of(await team.send(BOARD_MEMBER, "/rapportera autogiro 27,5%"))
    assert await levels_in(db) == [
        ("members_total", 1250), ("members_total", 1250), ("followers", 1800), ("followers", 1800),
        ("autogiro_share", 27.5),
    ]  # fmt: skip


def test_goal_targets_read_thousands_grouped():
    assert parse_goal("samtal 1 500 2025", TODAY).target == 1500
    assert parse_goal("samtal 1\xa0500", TODAY).target == 1500
    assert parse_goal("samtal 1.500 2026", TODAY).target == 1500
    goal = parse_goal("nya_medlemmar 42 2025 Ektorp", TODAY)
    assert (goal.target, goal.period_start.year, goal.forening) == (42, 2025, "Ektorp")


async def test_invites_only_in_private(team, db):
    sent = await team.send(BOARD_MEMBER, "/bjudin volontär", chat=team.group())
    assert text_of(sent) == "Skriv /bjudin till mig privat, så kommer länken bara till dig."
    assert "t.me" not in text_of(sent)
    assert not any(c.method == "deleteMessage" for c in team.api.calls)
    assert "t.me" in text_of(await team.send(BOARD_MEMBER, "/bjudin volontär"))


async def test_the_log_only_in_private(team, db):
    sent = await team.send(ADMIN, "/logg", chat=team.group())
    assert "privat" in text_of(sent) and "Loggen" not in text_of(sent)
    assert "Loggen är tom" in text_of(await team.send(ADMIN, "/logg"))


async def test_plan_texts_in_english(team, db):
    await team.send(BOARD_MEMBER, "/sprak en")
    await team.send(BOARD_MEMBER, "/plan")
    sent = await team.send(BOARD_MEMBER, "\n".join(PLAN))
    assert "I found 3 goals for 2025" in text_of(sent)
    summary = await team.press(BOARD_MEMBER, sent[-1], "plan:rest:0")
    saved = await team.press(BOARD_MEMBER, summary[-1], "plan:save:-")
    assert "Saved 3 goals" in text_of(saved)
    assert len(await goals_in(db)) == 3


async def test_a_goal_set_twice_is_refused(team, db):
    assert "Mål 1" in text_of(await team.send(BOARD_MEMBER, "/mal nya_medlemmar 42 2025"))
    again = await team.send(BOARD_MEMBER, "/mal nya_medlemmar 42 2025")
    assert text_of(again) == "Det målet finns redan (mål 1)."
    assert "Mål 2" in text_of(await team.send(BOARD_MEMBER, "/mal nya_medlemmar 42 2025 Ektorp"))
    await team.send(BOARD_MEMBER, "/plan")
    sent = await team.send(BOARD_MEMBER, "\n".join(PLAN))  # its 42 new members in 2025 are goal 1
    summary = await team.press(BOARD_MEMBER, sent[-1], "plan:rest:0")
    saved = text_of(await team.press(BOARD_MEMBER, summary[-1], "plan:save:-"))
    assert "Sparat 2 mål" in saved and "1 mål fanns redan" in saved
    assert len(await goals_in(db)) == 4


def test_the_digest_names_the_year_of_a_goal_for_another_year():
    from domain.goals import GoalKind, GoalNames, GoalSpec, MilestoneStatus
    from domain.progress import Arrow, Progress
    from storage.digest_figures import GoalWeek
    from storage.goals import StoredGoal
    from tests.test_views_digest import figures
    from views.digest import digest_text
    from views.i18n import Texts

    def week_of(year: int) -> GoalWeek:
        spec = GoalSpec(kind=GoalKind.COUNT, metric="new_members", target=42,
                        period_start=date(year, 1, 1), period_end=date(year, 12, 31))  # fmt: skip
        goal = StoredGoal(year, 1, None, spec, MilestoneStatus.NOT_STARTED)
        return GoalWeek(goal, Progress(GoalKind.COUNT, Arrow.FLAT, 0, 42, None, None), 0)

    lines = digest_text(Texts(), figures(goals=[week_of(2026), week_of(2027)], names=GoalNames())).splitlines()
    this_year, next_year = [line for line in lines if "Nya medlemmar" in line]
    assert "2026" not in this_year and next_year.endswith(" · 2027")


async def test_an_activity_names_its_forening_last(team, db):
    from storage.models import Entry

    sent = await team.send(VOLUNTEER, "/aktivitet medlemsmöte 12 Sävedalen")
    assert "Sparat: Medlemsmöte i Sävedalen, 12 deltagare" in text_of(sent)
    assert "Okänd" in text_of(await team.send(VOLUNTEER, "/aktivitet kattmöte 12 Sävedalen"))
    async with db.session() as s:
        [entry] = list(await s.scalars(select(Entry)))
    assert (entry.activity_type, entry.participants, entry.area) == ("medlemsmote", 12, "Sävedalen")
    assert entry.forening_id is not None


async def test_goal_year_and_forening_in_either_order_and_level_goals(team, db):
    from domain.goals import GoalKind, Unit

    assert "Mål 1" in text_of(await team.send(BOARD_MEMBER, "/mal samtal 500 Ektorp 2025"))
    assert "Mål 2" in text_of(await team.send(BOARD_MEMBER, "/mal samtal 500 2026 Ektorp"))
    members = text_of(await team.send(BOARD_MEMBER, "/mal medlemsantal 1 500 2025"))
    assert "Mål 3" in members and "1\xa0500" in members
    assert "30\xa0%" in text_of(await team.send(BOARD_MEMBER, "/mal autogiro 30% 2025"))
    assert "Skriv målet så här" in text_of(await team.send(BOARD_MEMBER, "/mal samtal 30% 2025"))
    assert "Nivåmål: /mal medlemsantal 1500 2026" in text_of(await team.send(BOARD_MEMBER, "/mal medlemsantal"))
    assert "högst 100" in text_of(await team.send(BOARD_MEMBER, "/mal autogiro 130%"))
    stored = await goals_in(db)
    assert [(g.kind, g.metric, g.target, g.unit, g.period_start.year, g.forening_id is not None) for g in stored] == [
        (GoalKind.COUNT, "conversations", 500, Unit.COUNT, 2025, True),
        (GoalKind.COUNT, "conversations", 500, Unit.COUNT, 2026, True),
        (GoalKind.LEVEL, "members_total", 1500, Unit.COUNT, 2025, False),
        (GoalKind.LEVEL, "autogiro_share", 30, Unit.PERCENT, 2025, False),
    ]
    status = text_of(await team.send(BOARD_MEMBER, "/status alla"))
    assert "mål 1\xa0500" in status and "mål 30\xa0%" in status


async def test_a_file_outside_plan_or_in_review_gets_a_hint(team, db):
    from tests.documents import make_docx

    sent = await team.send_document(BOARD_MEMBER, "plan.docx", make_docx(PLAN))
    assert text_of(sent) == "Vill du läsa in en verksamhetsplan? Skriv /plan först."
    await team.send(BOARD_MEMBER, "/plan")
    card = (await team.send(BOARD_MEMBER, "\n".join(PLAN)))[-1]
    assert text_of(await team.send_document(BOARD_MEMBER, "plan.docx", b"x")) == "Gå först igenom målen, eller /avbryt."
    second = await team.press(BOARD_MEMBER, card, "plan:keep:0")  # the review goes on
    assert "Mål 2 av 3" in text_of(second)
    assert await goals_in(db) == []


async def test_a_logged_line_edited_into_plain_text_says_the_entry_stands(team, db):
    from storage.models import Entry
    from tests.conftest import VOLUNTEER as V
    from tests.harness import buttons_of

    message = team.message(V, "/knack 30 10 Ektorp")
    await team.deliver({"message": message})
    sent = await team.edit(V, message, "hej")
    assert text_of(sent) == "Posten är oförändrad. Ångra den med /angra."
    [entry] = await entries_in(db, Entry)
    assert buttons_of(sent[-1]) and entry.undone_at is None and entry.conversations == 10
    await team.press(V, sent[-1], f"undo:{entry.id}")
    assert (await entries_in(db, Entry))[0].undone_at is not None
    assert await team.edit(V, message, "hej igen") == []  # an undone entry: nothing more to say


async def entries_in(db, model):
    async with db.session() as s:
        return list(await s.scalars(select(model)))


async def test_one_milestone_done_reads_in_the_singular(team, db, org):
    from domain.goals import GoalKind, GoalSpec, MilestoneStatus
    from storage import goals

    survey = GoalSpec(kind=GoalKind.MILESTONE, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
                      text="Genomföra en medlemsenkät under året.")  # fmt: skip
    [goal_id] = await goals.add_goals(db, org, [survey], team.clock())
    await goals.set_status(db, org, goal_id, MilestoneStatus.DONE)
    status = text_of(await team.send(BOARD_MEMBER, "/status"))
    assert "Milstolpar: 1 klar, 0 pågår, 0 ej påbörjade – /status milstolpar" in status


async def test_a_figure_over_its_limit_is_grouped_like_the_limit(team, db):
    said = text_of(await team.send(VOLUNTEER, "/samtal 1000000"))
    assert "1\xa0000\xa0000 är mer än jag kan tro på (högst " in said


def test_a_year_after_a_date_is_the_dates():
    from domain.grammar import parse_knock

    draft = parse_knock("40 12 1/12 2024 Ektorp", TODAY)
    assert (draft.doors, draft.conversations, draft.members, draft.day, draft.area) == (
        40, 12, None, date(2024, 12, 1), "Ektorp"
    )  # fmt: skip
    assert parse_knock("40 12 1 Ektorp", TODAY).members == 1


def test_english_texts_name_the_english_commands():
    import re

    from babel.messages.pofile import read_po

    from views.i18n import LOCALES

    swedish = "aktivitet|aktivitetstyp|angra|avbryt|bjudin|glom|hjalp|klar|knack|lamna|logg|mal|minadata|nymedlem|"
    swedish += "paborjad|rapportera|ringlista|samtal|sprak|utvardering"
    command = re.compile(rf"(?<![\w/])/({swedish})\b")
    with (LOCALES / "en" / "LC_MESSAGES" / "verksam.po").open("rb") as handle:
        catalog = read_po(handle)
    found = [
        string
        for message in catalog
        if message.id
        for string in (message.string if isinstance(message.string, tuple) else (message.string,))
        if command.search(string)
    ]
    assert found == []
