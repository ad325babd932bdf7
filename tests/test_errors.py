"""Errors: a database error mid-way says nothing was saved and logs no values; NUL bytes and ids too
large for the database are refused with the right answer, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from telegram.ext import CommandHandler, ConversationHandler

from handlers import button_guard
from storage.models import Entry
from tests.conftest import ADMIN, VOLUNTEER
from tests.harness import text_of

HUGE = "123456789012345678901234567890"

REFUSE_DAY_TOTALS = {
    "sqlite": ["CREATE TRIGGER refuse BEFORE INSERT ON day_totals BEGIN SELECT RAISE(ABORT, 'refused'); END"],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$"
        " LANGUAGE plpgsql",
        "CREATE TRIGGER refuse BEFORE INSERT ON day_totals FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


async def stored(db) -> list[Entry]:
    async with db.session() as s:
        return list(await s.scalars(select(Entry)))


@pytest.fixture
def errors(caplog) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


async def test_a_database_error_mid_way_says_nothing_was_saved_and_logs_no_values(any_team, any_db, errors):
    async with any_db.session() as s:  # the entry's insert succeeds, its day total's fails
        for statement in REFUSE_DAY_TOTALS[any_db.engine.dialect.name]:
            await s.execute(text(statement))
    said = text_of(await any_team.send(VOLUNTEER, "/knack 40 12 Zlatanvägen"))
    assert said == "Databasen kunde inte spara det här – inget sparades. Försök igen om en stund."
    assert await stored(any_db) == []  # rolled back whole
    logged = "\n".join(r.getMessage() for r in errors.records if r.levelno >= logging.WARNING)
    assert "failed: " in logged and "INSERT INTO day_totals" in logged  # the statement, with placeholders
    assert "Zlatan" not in logged and "[parameters" not in logged and "refused" not in logged


async def test_a_nul_byte_is_refused_before_the_database(any_team, any_db, errors):
    said = text_of(await any_team.send(VOLUNTEER, "/knack 40 12 Ekt\x00orp"))
    assert "NUL" in said and "inget sparades" in said
    said = text_of(await any_team.send(VOLUNTEER, "/nymedlem"))
    said = text_of(await any_team.send(VOLUNTEER, "Anna\x00 Andersson"))
    assert "NUL" in said
    assert await stored(any_db) == []
    assert not [r for r in errors.records if r.levelno >= logging.ERROR]


async def test_ids_too_large_for_the_database_are_refused_with_the_right_answer(any_team, any_db, errors):
    said = text_of(await any_team.send(ADMIN, f"/mal bort {HUGE}"))
    assert said == "Skriv vilket mål som ska bort: /mal bort 3"
    sent = await any_team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    since = len(any_team.api.calls)
    chat = VOLUNTEER.id  # validly signed, so that the handlers' own id checks are what is tested
    await any_team.press_raw(VOLUNTEER, sent[0], button_guard.sign(f"undo:{HUGE}", chat, VOLUNTEER.id))
    await any_team.press_raw(VOLUNTEER, sent[0], button_guard.sign("undo:²", chat, VOLUNTEER.id))
    await any_team.press_raw(ADMIN, sent[0], button_guard.sign(f"case:done:{HUGE}", chat, ADMIN.id))
    await any_team.press_raw(ADMIN, sent[0], button_guard.sign(f"case:to:1:{HUGE}", chat, ADMIN.id))
    assert any_team.answers(since) == ["Den här knappen gäller inte längre."] * 2 + [
        "Den knappen känner jag inte igen."
    ] * 2
    [entry] = await stored(any_db)
    assert entry.undone_at is None
    assert not [r for r in errors.records if r.levelno >= logging.ERROR]


def every_command(app) -> set[str]:
    """The names of every command the bot answers, flows' entry points included."""
    found, handlers = set(), [h for group in app.handlers.values() for h in group]
    while handlers:
        handler = handlers.pop()
        if isinstance(handler, ConversationHandler):
            handlers += [*handler.entry_points, *handler.fallbacks, *(h for s in handler.states.values() for h in s)]
        elif isinstance(handler, CommandHandler):
            found |= handler.commands
    return found


async def test_no_command_fails_on_a_number_too_large_for_the_database(any_team, any_db, errors):
    commands = every_command(any_team.app) - {"lamna", "leave"}  # leaving would end the test's admin
    assert {"knack", "mal", "glom", "utvardering", "installningar"} <= commands
    for command in sorted(commands):
        for args in (HUGE, f"{HUGE} {HUGE} Ektorp", f"bort {HUGE}"):
            any_team.clock.advance(seconds=1)  # typed by hand: no flood
            said = await any_team.send(ADMIN, f"/{command} {args}")
            assert said, f"/{command} {args} drew no answer"
            await any_team.send(ADMIN, "/avbryt")
    assert not [r.getMessage() for r in errors.records if r.levelno >= logging.ERROR]


async def test_a_database_error_quotes_no_parameters_in_its_own_message(any_db):
    """hide_parameters on the engine: an error's text (a traceback at the console too) leaves out the
    values. (A driver may still quote one in its own message, asyncpg does: so on_error logs none.)"""
    with pytest.raises(DBAPIError) as raised:
        async with any_db.session() as s:
            await s.execute(text("SELECT * FROM no_such_table WHERE name = :name"), {"name": "Zlatan Canaryson"})
    assert "Zlatan" not in str(raised.value) and "SQL parameters hidden" in str(raised.value)
