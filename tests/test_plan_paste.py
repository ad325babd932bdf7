"""A plan pasted into /plan that Telegram splits into several messages is read as one text
(issue 10, item 6: an 11 000-character paste came as three messages and 14 of 26 goals were lost)."""

from __future__ import annotations

from pathlib import Path

from storage import flows
from tests.conftest import BOARD_MEMBER
from tests.harness import text_of

PLANS = Path(__file__).parent / "fixtures" / "plans"
TELEGRAM_LIMIT = 4096


def split_like_telegram(text: str) -> list[str]:
    """The parts a Telegram app sends a long paste in: at most 4096 characters, cut at a line break."""
    parts = []
    while len(text) > TELEGRAM_LIMIT:
        cut = text.rfind("\n", 0, TELEGRAM_LIMIT)
        parts.append(text[:cut])
        text = text[cut + 1 :]
    return [*parts, text]


def paste_job(team):
    [job] = [j for j in team.app.job_queue.jobs() if j.name.startswith("plan:paste")]
    return job


async def test_a_three_part_paste_is_read_as_one_plan(team):
    plan = (PLANS / "partille-2022.txt").read_text(encoding="utf-8")
    parts = split_like_telegram(plan)
    assert len(parts) == 3 and len(plan) > 11_000
    await team.send(BOARD_MEMBER, "/plan")
    assert await team.send(BOARD_MEMBER, parts[0]) == []  # waits for the rest
    assert await team.send(BOARD_MEMBER, parts[1]) == []
    sent = await team.send(BOARD_MEMBER, parts[2])  # shorter: the paste's last part
    said = text_of(sent)
    assert said.startswith("Jag läste 11\xa0093 tecken i 3 meddelanden, som en text.")
    assert "Jag hittade 26 mål för 2022" in said
    assert "Skriv /hjalp" not in said
    assert "Mål 1 av 26" in text_of(sent[-1:])
    assert not team.app.job_queue.jobs()  # the fallback job is gone


async def test_a_paste_whose_last_part_is_long_is_read_when_no_part_follows(team, db):
    plan = (PLANS / "partille-2022.txt").read_text(encoding="utf-8")
    parts = split_like_telegram(plan)[:2]  # two full parts: nothing shows that the paste has ended
    await team.send(BOARD_MEMBER, "/plan")
    for part in parts:
        assert await team.send(BOARD_MEMBER, part) == []
    await team.app.update_persistence()
    kept = (await flows.load_user_data(db))[BOARD_MEMBER.id]["plan:paste"]
    assert kept.parts == parts  # the parts so far are in the database-backed flow state
    before = len(team.api.calls)
    await paste_job(team).run(team.app)  # PASTE_SECONDS later
    said = text_of([c for c in team.api.calls[before:] if c.method == "sendMessage"])
    assert said.startswith("Jag läste 7\xa0841 tecken i 2 meddelanden, som en text.\nJag hittade")
    assert len("\n".join(parts)) == 7841
    card = [c for c in team.api.calls[before:] if c.method == "sendMessage"][-1]
    assert "Mål 1 av" in text_of([card])
    kept = await team.press(BOARD_MEMBER, card, "plan:keep:0")  # the review answers
    assert "Mål 2 av" in text_of(kept)


async def test_a_new_command_ends_a_paste_waiting_for_its_rest(team):
    plan = (PLANS / "partille-2022.txt").read_text(encoding="utf-8")
    await team.send(BOARD_MEMBER, "/plan")
    await team.send(BOARD_MEMBER, split_like_telegram(plan)[0])
    assert text_of(await team.send(BOARD_MEMBER, "/avbryt")) == "Avbrutet. Inget sparat."
    before = len(team.api.calls)
    await paste_job(team).run(team.app)
    assert team.api.calls[before:] == []  # nothing is read after the flow was ended
