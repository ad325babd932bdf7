"""Refusals that show the right form of the command typed, in Swedish and English (issue 10, items 9-11)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Entry, Goal, LevelReport
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER
from tests.harness import Person, text_of

ENGLISH_BOARD = Person(404, "Eric", "en")


async def rows(db, model) -> list:
    async with db.session() as s:
        return list(await s.scalars(select(model)))


@pytest.mark.parametrize(
    ("person", "text", "right", "wrong"),
    [
        (BOARD_MEMBER, "/mal nya_medlemmar -4", "/mal nya_medlemmar 42 2026", "/knack"),
        (ADMIN, "/glom hej", "/glom 070-123 45 67", "Hoppa över"),
        (VOLUNTEER, "/knack 999999999999", "högst 2\xa0000", "10\xa0000\xa0000"),
        (VOLUNTEER, "/samtal -3 torg", "/samtal 25 torg", "/knack"),
        (VOLUNTEER, "/samtal 999999 torg", "högst 5\xa0000", "/knack"),
        (VOLUNTEER, "/aktivitet medlemsmöte 3 4", "/aktivitet medlemsmöte 12", "dörrar"),
        (VOLUNTEER, "/knock -5 2 Ektorp", "/knack 40 12 Ektorp", "/samtal"),
    ],
)
async def test_each_refusal_shows_the_form_of_the_command_typed(team, db, person, text, right, wrong):
    said = text_of(await team.send(person, text))
    assert right in said
    assert wrong not in said
    assert await rows(db, Entry) == [] and await rows(db, Goal) == []


async def test_the_skip_button_is_named_only_where_there_is_one(team):
    await team.send(VOLUNTEER, "/nymedlem")
    await team.send(VOLUNTEER, "Nora Nyberg")
    assert "Hoppa över" in text_of(await team.send(VOLUNTEER, "hej"))  # the phone question has the button


async def test_a_flows_question_is_its_own_form(team):
    await team.send(VOLUNTEER, "/knack")
    said = text_of(await team.send(VOLUNTEER, "-3"))
    assert "negativa" in said and "/knack" not in said


async def test_role_refusals_read_as_swedish(team):
    said = text_of(await team.send(VOLUNTEER, "/mal nya_medlemmar 42"))
    assert said == "Det här kan bara styrelsen eller en admin göra."
    said = text_of(await team.send(VOLUNTEER, "/logg"))
    assert said == "Det här kan bara en admin göra."


async def test_english_report_of_members_is_understood(team, db, org):
    from domain.roles import Role
    from tests.conftest import join

    await join(team, db, org, ENGLISH_BOARD, Role.STYRELSE)
    await team.send(ENGLISH_BOARD, "/language en")  # members read Swedish until they choose English
    said = text_of(await team.send(ENGLISH_BOARD, "/report members 900"))
    assert "900" in said and "members in total" in said
    [report] = await rows(db, LevelReport)
    assert (report.metric, report.value) == ("members_total", 900)
    assert "/report members 1250" in text_of(await team.send(ENGLISH_BOARD, "/report"))


async def test_english_help_lists_the_english_commands_and_channel_words(team, db, org):
    from domain.roles import Role
    from tests.conftest import join

    await join(team, db, org, ENGLISH_BOARD, Role.STYRELSE)
    await team.send(ENGLISH_BOARD, "/language en")  # members read Swedish until they choose English
    said = text_of(await team.send(ENGLISH_BOARD, "/help"))
    for command in ("/knock 40 12", "/talk 25 street", "/newmember", "/activity", "/undo", "/goal", "/report"):
        assert command in said, command
    assert "door, street, phone, digital, workplace, other" in said
    assert "torg" not in said
    said = text_of(await team.send(ENGLISH_BOARD, "/talk 3 street"))
    assert said.startswith("✅")


async def test_an_english_user_is_shown_the_english_form(team, db, org):
    from domain.roles import Role
    from tests.conftest import join

    await join(team, db, org, ENGLISH_BOARD, Role.STYRELSE)
    await team.send(ENGLISH_BOARD, "/language en")  # members read Swedish until they choose English
    assert text_of(await team.send(ENGLISH_BOARD, "/goal new_members -4")).endswith(
        "Write for example /goal new_members 42 2026."
    )
    said = text_of(await team.send(ENGLISH_BOARD, "/talk 3 bakgården"))
    assert "door, street, phone, digital, workplace or other: /talk 25 street" in said
