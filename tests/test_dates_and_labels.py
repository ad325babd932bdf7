"""Issue 10, items 2 and 3, through the real Application: a date goes to the right year or is refused,
date words never end up in an area, and every label form of the README parses."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from domain.grammar import parse_activity, parse_knock, parse_talk
from storage.models import Entry
from tests.conftest import BOARD_MEMBER, VOLUNTEER
from tests.harness import text_of

DECEMBER_1 = datetime(2026, 12, 1, 11, tzinfo=UTC)  # a Tuesday, noon in Stockholm


async def entries_in(db) -> list[Entry]:
    async with db.session() as s:
        return list(await s.scalars(select(Entry).order_by(Entry.id)))


def local_day(entry: Entry) -> date:
    return entry.occurred_at.replace(tzinfo=UTC).date()


def button_labels(call) -> list[str]:
    markup = call.params.get("reply_markup") or {}
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


# --- item 2: dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "refused_day"),
    [
        ("/knack 40 12 Ektorp 3/12", "3 december 2026"),  # this year's, two days ahead: not last year's
        ("/knack 40 12 Ektorp imorgon", "2 december 2026"),
        ("/knack 40 12 Ektorp i morgon", "2 december 2026"),
        ("/samtal 25 torg imorgon", "2 december 2026"),
        ("/aktivitet medlemsmöte 12 i övermorgon", "3 december 2026"),
    ],
)
async def test_a_day_that_can_only_be_ahead_is_refused(team, db, line, refused_day):
    team.clock.now = DECEMBER_1
    answer = text_of(await team.send(VOLUNTEER, line))
    assert answer.startswith(f"{refused_day} har inte hänt ännu.")
    assert await entries_in(db) == []


async def test_date_words_are_the_day_never_the_area(team, db):
    team.clock.now = DECEMBER_1
    sent = await team.send(VOLUNTEER, "/knack 40 12 Ektorp i går")
    assert text_of(sent).startswith("✅ Sparat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal (igår).")
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp i förrgår")
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp i lördags")
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp 28/11")
    # The guided flow's area answer too.
    await team.send(VOLUNTEER, "/knack")
    await team.send(VOLUNTEER, "30")
    await team.send(VOLUNTEER, "5")
    answer = text_of(await team.send(VOLUNTEER, "Ektorp igår"))
    assert answer.startswith("✅ Sparat: Dörrknackning i Ektorp: 30 dörrar, 5 samtal (igår).")
    found = [(e.area, local_day(e)) for e in await entries_in(db)]
    assert found == [
        ("Ektorp", date(2026, 11, 30)),
        ("Ektorp", date(2026, 11, 29)),
        ("Ektorp", date(2026, 11, 28)),
        ("Ektorp", date(2026, 11, 28)),
        ("Ektorp", date(2026, 11, 30)),
    ]


async def test_a_confirmation_for_another_year_names_it(team, db):
    team.clock.now = datetime(2027, 1, 10, 11, tzinfo=UTC)
    sent = await team.send(VOLUNTEER, "/knack 40 12 Ektorp 28/12")
    assert text_of(sent).startswith("✅ Sparat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal (28 december 2026).")
    sent = await team.send(VOLUNTEER, "/knack 40 12 Ektorp 5/1")
    assert "(5 januari)." in text_of(sent)


# --- item 3: labels -------------------------------------------------------------------------------------


async def test_every_label_form_parses_and_the_area_stays_clean(team, db):
    lines = [
        "/knack 40 dörrar 12 samtal 2 nya medlemmar Ektorp",
        "/knack 40 dörrar 25 öppnade 12 samtal 1 medlem Ektorp igår",
        "/knack 30 dörrarna 10 öppnade dörrar 8 samtalen 1 ny medlem Ektorp",
        "/knack 20 dörr 4 samtal 3 medlemmar Ektorp",
    ]
    for line in lines:
        assert "✅ Sparat: Dörrknackning i Ektorp:" in text_of(await team.send(VOLUNTEER, line))
    found = [(e.doors, e.opened, e.conversations, e.members, e.area) for e in await entries_in(db)]
    assert found == [
        (40, 0, 12, 2, "Ektorp"),
        (40, 25, 12, 1, "Ektorp"),
        (30, 10, 8, 1, "Ektorp"),
        (20, 0, 4, 3, "Ektorp"),
    ]
    await team.send(VOLUNTEER, "/knack")
    await team.send(VOLUNTEER, "30")
    [ask_area] = await team.send(VOLUNTEER, "5")
    assert button_labels(ask_area)[:-1] == ["Ektorp"]  # no "Medlemmar Ektorp" among the choices


async def test_samtal_and_aktivitet_take_their_labels(team, db):
    assert "✅ Sparat: 25 samtal på torget" in text_of(await team.send(VOLUNTEER, "/samtal 25 samtal torg"))
    sent = text_of(await team.send(VOLUNTEER, "/aktivitet medlemsmöte 12 deltagare"))
    assert "✅ Sparat: Medlemsmöte, 12 deltagare" in sent
    assert [(e.conversations, e.participants) for e in await entries_in(db)] == [(25, None), (0, 12)]


@pytest.mark.parametrize(
    "label",
    ["medlem", "medlemmar", "ny medlem", "nya medlemmar", "medlemmarna", "new members"],
)
def test_member_labels(label):
    draft = parse_knock(f"40 12 2 {label} Norra Ektorp", date(2026, 12, 1))
    assert (draft.members, draft.area) == (2, "Norra Ektorp")


def test_samtal_and_aktivitet_labels_in_the_grammar():
    today = date(2026, 12, 1)
    assert parse_talk("12 samtalen telefon igår", today).count == 12
    assert parse_activity("studiecirkel 7 deltagare", today).participants == 7


async def test_a_level_reported_for_last_year_names_the_year(team, db):
    team.clock.now = datetime(2027, 1, 10, 11, tzinfo=UTC)
    answer = text_of(await team.send(BOARD_MEMBER, "/rapportera medlemsantal 1250 28/12"))
    assert answer == "📈 Rapporterat: antal medlemmar 1\xa0250 (28 december 2026)."
