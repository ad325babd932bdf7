"""The organisation's language: Swedish for everyone in it, English for whoever chooses it (issue 10, item 13)."""

from __future__ import annotations

from sqlalchemy import select

from domain.roles import Role
from storage import orgs
from storage.models import Membership
from tests.conftest import BOARD_MEMBER, join
from tests.harness import Person, text_of
from tests.test_digest import board_group, stockholm, tick
from tests.test_welcome_chain import OFFICER, at, register, sweep_at, to

EMMA = Person(777, "Emma", language_code="en")  # a Swede whose phone runs in English


async def language_of(db, person: Person) -> str | None:
    async with db.session() as s:
        return await s.scalar(select(Membership.language).where(Membership.telegram_user_id == person.id))


async def test_a_member_with_an_english_phone_reads_swedish_until_choosing_english(harness, db, org):
    assert "invite link" in text_of(await harness.send(EMMA, "/status"))  # a stranger: the phone decides
    await join(harness, db, org, EMMA, Role.VOLONTAR)
    welcome = text_of(harness.api.calls[-1:])
    assert "Välkommen till Partille AK! Du är med som volontär." in welcome
    assert "I speak Swedish here. Prefer English? Send /language en." in welcome  # told how, in the language they read

    sent = await harness.send(EMMA, "/knack 40 12 Ektorp")
    assert text_of(sent) == "✅ Sparat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal."
    assert "känner jag inte" in text_of(await harness.send(EMMA, "/nonsense"))

    assert "English" in text_of(await harness.send(EMMA, "/sprak en"))
    assert await language_of(db, EMMA) == "en"
    sent = await harness.send(EMMA, "/knack 30 10 Ektorp")
    assert text_of(sent) == "✅ Saved: Door-knocking in Ektorp: 30 doors, 10 conversations."

    assert text_of(await harness.send(EMMA, "/language sv")).startswith("Nu talar jag svenska")
    assert await language_of(db, EMMA) == "sv"
    assert "Sparat" in text_of(await harness.send(EMMA, "/knack 20 5 Ektorp"))


async def test_sprak_without_a_choice_shows_the_form(team, db, org):
    sent = await team.send(Person(202, "Vera"), "/sprak franska")
    assert text_of(sent) == (
        "Jag talar svenska med dig. Byt med /sprak sv (svenska) eller /sprak en (English)."
    )


async def test_a_card_to_an_officer_who_chose_english_is_english(team, db, org):
    ektorp, _name = await orgs.find_forening(db, org, "Ektorp")
    await join(team, db, org, OFFICER, Role.MEDLEMSANSVARIG, forening_id=ektorp)
    await team.send(OFFICER, "/language en")
    await register(team, ektorp, at(14, 12))
    [card] = to(await sweep_at(team, at(14, 12, 1)), OFFICER)
    assert card.params["text"].startswith("📞 Welcome call to a new member")
    assert "Phone: 070-123 45 67 (+46701234567)" in card.params["text"]
    assert "Called" in str(card.params["reply_markup"])


async def test_a_private_digest_follows_the_readers_choice_and_the_group_gets_swedish(team, db, org):
    group = await board_group(team)
    assert "English" in text_of(await team.send(BOARD_MEMBER, "/language en"))
    assert "private" in text_of(await team.send(BOARD_MEMBER, "/rapportchatt"))
    sent = [c for c in await tick(team, stockholm(3, 17, 8)) if c.method == "sendMessage"]
    by_chat = {int(c.params["chat_id"]): c.params["text"] for c in sent}
    assert by_chat[BOARD_MEMBER.id].startswith("📬 Weekly report for Partille AK")
    assert by_chat[group["id"]].startswith("📬 Veckorapport för Partille AK")
