"""The officer's card: at once, the phone as Swedes read it, and who a case can be handed to (issue 10, 15–16)."""

from __future__ import annotations

import asyncio
import time

from domain.phone import display_phone
from tests.harness import buttons_of, text_of
from tests.test_welcome_chain import OFFICER, SECOND, at, officers, only_case, register, sweep_at, to


async def test_registering_a_member_sends_the_officers_card_within_two_seconds(team, db, org):
    ektorp = await officers(team, db, org)
    team.api.calls.clear()
    await team.app.job_queue.start()  # the real Application's job queue, as `verksam run` starts it
    try:
        started = time.monotonic()
        await register(team, ektorp, at(14, 12))
        while not to([c for c in team.api.calls if c.method == "sendMessage"], OFFICER):
            assert time.monotonic() - started < 2, "no card within two seconds of registering"
            await asyncio.sleep(0.05)
    finally:
        await team.app.job_queue.stop(wait=True)
    [card] = to([c for c in team.api.calls if c.method == "sendMessage"], OFFICER)
    assert "Anna Andersson" in card.params["text"]
    assert await sweep_at(team, at(14, 12, 1)) == []  # the round after sends it no second time


async def test_the_card_shows_the_phone_the_swedish_way_and_tappable(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    [card] = await sweep_at(team, at(14, 12, 1))
    assert "Telefon: 070-123 45 67 (+46701234567)" in card.params["text"]
    assert display_phone("+4681234567") == "08-123 45 67 (+4681234567)"
    assert display_phone("+4915112345678") == "+49 1511 2345678"  # from abroad: the international form


async def test_the_hand_over_list_names_each_officer_with_role_and_forening(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    [card] = await sweep_at(team, at(14, 12, 1))
    case_id = (await only_case(db))[0].id
    choose = await team.press(OFFICER, card, f"case:handover:{case_id}")
    whom = next(c for c in choose if c.method == "sendMessage")
    labels = [b["text"] for row in whom.params["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [
        "Aino – admin, hela organisationen",
        "Bo – styrelse, hela organisationen",
        "Olle – medlemsansvarig, hela organisationen",
    ]
    assert all(data.startswith(f"case:to:{case_id}:") for data in buttons_of(whom))
    assert SECOND.first_name == "Olle" and "Maja" not in text_of([whom])  # not offered to oneself
