"""/knack through the real Application: one line, labelled, guided, doubted, undone, edited, repeated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.models import DayTotal, Entry
from tests.conftest import VOLUNTEER
from tests.harness import buttons_of, text_of


async def entries_in(db) -> list[Entry]:
    async with db.session() as s:
        return list(await s.scalars(select(Entry).order_by(Entry.id)))


async def test_one_line_knack_is_recorded_and_confirmed(team, db):
    sent = await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    assert text_of(sent) == "✅ Sparat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal."
    assert any(b.startswith("undo:") for b in buttons_of(sent[0]))
    [entry] = await entries_in(db)
    assert (entry.kind, entry.doors, entry.conversations, entry.area) == ("knack", 40, 12, "Ektorp")


async def test_labelled_numbers_in_any_order_with_a_date(team, db):
    sent = await team.send(VOLUNTEER, "/knack 40 dörrar 25 öppnade 12 samtal 1 medlem Ektorp igår")
    assert text_of(sent).startswith(
        "✅ Sparat: Dörrknackning i Ektorp: 40 dörrar, 25 öppnade, 12 samtal, 1 ny medlem (igår)."
    )
    assert "/nymedlem" in text_of(sent)  # a recruited member should also be registered
    [entry] = await entries_in(db)
    assert (entry.doors, entry.opened, entry.conversations, entry.members) == (40, 25, 12, 1)
    assert entry.occurred_at == team.clock() - timedelta(days=1)


async def test_the_message_date_counts_not_the_arrival(team, db):
    """A phone offline in a stairwell sends late: the entry keeps the time it was written."""
    written = team.clock() - timedelta(hours=5)
    await team.send(VOLUNTEER, "/knack 30 8 Kåges", sent=written)
    [entry] = await entries_in(db)
    assert entry.occurred_at == written


async def test_guided_flow_with_buttons_and_recent_areas(team, db):
    await team.send(VOLUNTEER, "/knack 10 2 Ektorp")
    ask_doors = await team.send(VOLUNTEER, "/knack")
    assert "Hur många dörrar" in text_of(ask_doors)
    ask_talks = await team.press(VOLUNTEER, ask_doors[0], "knack:doors:30")
    assert "Hur många samtal" in text_of(ask_talks)
    ask_area = await team.send(VOLUNTEER, "7")
    assert "Var knackade ni" in text_of(ask_area)
    assert "knack:area:0" in buttons_of(ask_area[0])  # Ektorp, from the last session
    done = await team.press(VOLUNTEER, ask_area[0], "knack:area:0")
    assert text_of(done) == "✅ Sparat: Dörrknackning i Ektorp: 30 dörrar, 7 samtal."
    assert [(e.doors, e.conversations, e.area) for e in await entries_in(db)] == [(10, 2, "Ektorp"), (30, 7, "Ektorp")]


async def test_guided_flow_rejects_a_typo_and_keeps_asking(team, db):
    await team.send(VOLUNTEER, "/knack")
    assert "Svara med ett tal" in text_of(await team.send(VOLUNTEER, "fyrtio"))
    assert "negativa" in text_of(await team.send(VOLUNTEER, "-3"))
    assert "Hur många samtal" in text_of(await team.send(VOLUNTEER, "40"))
    await team.send(VOLUNTEER, "12")
    assert "✅ Sparat" in text_of(await team.send(VOLUNTEER, "Norra Ektorp"))
    assert [(e.doors, e.area) for e in await entries_in(db)] == [(40, "Norra Ektorp")]


async def test_cancel_leaves_nothing(team, db):
    await team.send(VOLUNTEER, "/knack")
    await team.send(VOLUNTEER, "40")
    assert "Avbrutet" in text_of(await team.send(VOLUNTEER, "/avbryt"))
    assert await entries_in(db) == []


async def test_implausible_figures_are_questioned(team, db):
    question = await team.send(VOLUNTEER, "/knack 10 25 Ektorp")
    assert "Fler samtal (25) än dörrar (10)" in text_of(question)
    assert await entries_in(db) == []
    saved = await team.press(VOLUNTEER, question[0], "knack:confirm:yes")
    assert "✅ Sparat" in text_of(saved)
    again = await team.press(VOLUNTEER, question[0], "knack:confirm:yes")  # pressed twice
    assert "✅ Sparat" not in text_of(again)
    assert len(await entries_in(db)) == 1


async def test_implausible_figures_declined_store_nothing(team, db):
    question = await team.send(VOLUNTEER, "/knack 10 25 Ektorp")
    assert "Inget sparat" in text_of(await team.press(VOLUNTEER, question[0], "knack:confirm:no"))
    assert await entries_in(db) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/knack -5 2 Ektorp", "negativa"),
        ("/knack 4,5 2", "hela tal"),
        ("/knack 40 12 3 4", "För många tal"),
        ("/knack 0 0", "Allt är noll"),
        ("/knack 99999 2", "mer än jag kan tro på"),
        ("/knack 40 12 Ektorp 2099-01-01", "har inte hänt ännu"),
        ("/knack 40 12 Ektorp 31/2", "förstår inte datumet"),
        ("/knack 40 12 " + "x" * 400, "för långt"),
    ],
)
async def test_bad_input_gets_a_friendly_answer_and_stores_nothing(team, db, text, expected):
    assert expected in text_of(await team.send(VOLUNTEER, text))
    assert await entries_in(db) == []


async def test_a_five_megabyte_message_is_refused_politely(team, db):
    sent = await team.send(VOLUNTEER, "/knack " + "4" * 5_000_000)
    assert "för långt" in text_of(sent)
    assert await entries_in(db) == []


async def test_same_message_delivered_twice_counts_once(team, db):
    message = team.message(VOLUNTEER, "/knack 40 12 Ektorp")
    await team.deliver({"message": message})
    await team.deliver({"message": message})
    assert len(await entries_in(db)) == 1


async def test_editing_the_message_edits_the_entry(team, db):
    message = team.message(VOLUNTEER, "/knack 40 12 Ektorp")
    await team.deliver({"message": message})
    sent = await team.edit(VOLUNTEER, message, "/knack 40 15 Ektorp")
    assert text_of(sent) == "✏️ Ändrat: Dörrknackning i Ektorp: 40 dörrar, 15 samtal."
    [entry] = await entries_in(db)
    assert entry.conversations == 15


async def test_works_in_a_group_chat(team, db):
    group = team.group()
    sent = await team.send(VOLUNTEER, "/knack@verksam_test_bot 40 12 Ektorp", chat=group)
    assert int(sent[0].params["chat_id"]) == group["id"]
    [entry] = await entries_in(db)
    assert entry.chat_id == group["id"]


async def day_rows(db) -> dict[str, tuple[int, int, int]]:
    async with db.session() as s:
        rows = await s.execute(select(DayTotal.kind, DayTotal.entries, DayTotal.doors, DayTotal.conversations))
        return {kind: (n, doors, talks) for kind, n, doors, talks in rows if n or doors or talks}


async def test_a_duplicate_delivery_says_already_saved(team, db):
    message = team.message(VOLUNTEER, "/knack 40 12 Ektorp")
    await team.deliver({"message": message})
    again = await team.deliver({"message": message})
    assert text_of(again) == "Redan sparat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal."
    assert len(await entries_in(db)) == 1 and await day_rows(db) == {"knack": (1, 40, 12)}


async def test_a_message_redelivered_or_edited_after_an_undo_says_it_was_undone(team, db):
    message = team.message(VOLUNTEER, "/knack 40 12 Ektorp")
    await team.deliver({"message": message})
    await team.send(VOLUNTEER, "/angra")
    again = await team.deliver({"message": message})
    assert text_of(again).startswith("Det här var ångrat – inget sparades.")
    edited = await team.edit(VOLUNTEER, message, "/knack 50 12 Ektorp")
    assert text_of(edited).startswith("Det här var ångrat")
    [entry] = await entries_in(db)
    assert entry.undone_at is not None and entry.doors == 40 and await day_rows(db) == {}


async def test_editing_samtal_into_knack_changes_the_kind(team, db):
    message = team.message(VOLUNTEER, "/samtal 25 torg")
    await team.deliver({"message": message})
    sent = await team.edit(VOLUNTEER, message, "/knack 40 12 Ektorp")
    assert text_of(sent) == "✏️ Ändrat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal."
    [entry] = await entries_in(db)
    assert (entry.kind, entry.doors, entry.conversations, entry.channel) == ("knack", 40, 12, None)
    assert await day_rows(db) == {"knack": (1, 40, 12)}  # the samtal's day row is back to nothing
    status = text_of(await team.send(VOLUNTEER, "/status"))
    assert "1 dörrknackning" in status
