"""/samtal, /aktivitet, /nymedlem and undo, through the real Application."""

from __future__ import annotations

from sqlalchemy import select

from domain.roles import Role
from handlers import button_guard
from storage.models import Entry, NewMember
from tests.conftest import ADMIN, VOLUNTEER, join
from tests.harness import Person, buttons_of, text_of


async def rows(db, model) -> list:
    async with db.session() as s:
        return list(await s.scalars(select(model).order_by(model.id)))


async def test_samtal_one_line(team, db):
    assert text_of(await team.send(VOLUNTEER, "/samtal 25 torg")) == "✅ Sparat: 25 samtal på torget."
    [entry] = await rows(db, Entry)
    assert (entry.kind, entry.conversations, entry.channel) == ("samtal", 25, "torg")


async def test_samtal_guided_asks_count_then_channel(team, db):
    assert "Hur många samtal" in text_of(await team.send(VOLUNTEER, "/samtal"))
    ask = await team.send(VOLUNTEER, "8")
    assert "samtal:channel:telefon" in buttons_of(ask[0])
    assert text_of(await team.press(VOLUNTEER, ask[0], "samtal:channel:telefon")) == "✅ Sparat: 8 samtal i telefon."
    assert [(e.conversations, e.channel) for e in await rows(db, Entry)] == [(8, "telefon")]


async def test_samtal_count_without_channel_asks_channel(team, db):
    ask = await team.send(VOLUNTEER, "/samtal 12")
    assert "Var blev samtalen av" in text_of(ask)
    await team.press(VOLUNTEER, ask[0], "samtal:channel:digitalt")
    assert [(e.conversations, e.channel) for e in await rows(db, Entry)] == [(12, "digitalt")]


async def test_samtal_unknown_channel_shows_the_form(team, db):
    assert "/samtal 25 torg" in text_of(await team.send(VOLUNTEER, "/samtal 25 månen"))
    assert await rows(db, Entry) == []


async def test_aktivitet_one_line_and_two_word_type(team, db):
    assert text_of(await team.send(VOLUNTEER, "/aktivitet medlemsmöte 12")) == "✅ Sparat: Medlemsmöte, 12 deltagare."
    assert text_of(await team.send(VOLUNTEER, "/aktivitet öppet möte 30 igår")).startswith(
        "✅ Sparat: Öppet möte, 30 deltagare (igår)"
    )
    assert text_of(await team.send(VOLUNTEER, "/aktivitet S2 6")) == "✅ Sparat: Medlemsutbildning S2, 6 deltagare."
    assert [e.activity_type for e in await rows(db, Entry)] == ["medlemsmote", "oppet_mote", "s2"]


async def test_aktivitet_guided_with_buttons(team, db):
    ask = await team.send(VOLUNTEER, "/aktivitet")
    assert "aktivitet:type:studiecirkel" in buttons_of(ask[0])
    ask_people = await team.press(VOLUNTEER, ask[0], "aktivitet:type:studiecirkel")
    assert "Hur många deltog" in text_of(ask_people)
    assert text_of(await team.press(VOLUNTEER, ask_people[0], "aktivitet:participants:-")) == "✅ Sparat: Studiecirkel."
    [entry] = await rows(db, Entry)
    assert (entry.activity_type, entry.participants) == ("studiecirkel", None)


async def test_admin_adds_an_activity_type(team, db):
    assert "Det här kan bara en admin göra." in text_of(await team.send(VOLUNTEER, "/aktivitetstyp Seniorträff"))
    sent = await team.send(ADMIN, "/aktivitetstyp Seniorträff")
    assert "/aktivitet Seniorträff" in text_of(sent)  # the name as written, not its key
    assert text_of(await team.send(VOLUNTEER, "/aktivitet seniorträff 9")) == "✅ Sparat: Seniorträff, 9 deltagare."
    assert "Okänd aktivitet" in text_of(await team.send(VOLUNTEER, "/aktivitet kafferep"))


async def test_nymedlem_whole_flow_in_private(team, db):
    assert "Vad heter hen" in text_of(await team.send(VOLUNTEER, "/nymedlem"))
    ask_phone = await team.send(VOLUNTEER, "Anna Andersson")
    assert "Telefonnummer" in text_of(ask_phone)
    assert "inte ut som ett telefonnummer" in text_of(await team.send(VOLUNTEER, "070-ABC 45 67"))
    ask_forening = await team.send(VOLUNTEER, "070-123 45 67")
    forening_button = next(b for b in buttons_of(ask_forening[0]) if b != "nymedlem:forening:-")
    ask_channel = await team.press(VOLUNTEER, ask_forening[0], forening_button)
    ask_union = await team.press(VOLUNTEER, ask_channel[0], "nymedlem:channel:dorr")
    done = await team.press(VOLUNTEER, ask_union[0], "nymedlem:union:yes")
    assert "✅ Sparat" in text_of(done)
    [member] = await rows(db, NewMember)
    assert (member.name, member.phone, member.channel, member.union_member) == (
        "Anna Andersson",
        "+46701234567",
        "dorr",
        True,
    )
    assert member.forening_id == int(forening_button.rsplit(":", 1)[1])
    [entry] = await rows(db, Entry)
    assert (entry.kind, entry.forening_id) == ("member", member.forening_id)


async def test_nymedlem_phone_can_be_skipped(team, db):
    await team.send(VOLUNTEER, "/nymedlem")
    ask_phone = await team.send(VOLUNTEER, "Bo Ek")
    ask_forening = await team.press(VOLUNTEER, ask_phone[0], "nymedlem:phone:-")
    ask_channel = await team.press(VOLUNTEER, ask_forening[0], "nymedlem:forening:-")
    ask_union = await team.press(VOLUNTEER, ask_channel[0], "nymedlem:channel:torg")
    await team.press(VOLUNTEER, ask_union[0], "nymedlem:union:no")
    [member] = await rows(db, NewMember)
    assert (member.phone, member.forening_id, member.union_member) == (None, None, False)


async def test_nymedlem_in_a_group_moves_to_private_and_removes_typed_details(team, db):
    group = team.group()
    message = team.message(VOLUNTEER, "/nymedlem Anna Andersson 0701234567", chat=group)
    sent = await team.deliver({"message": message})
    assert "privat" in text_of(sent)
    assert buttons_of(sent[0]) == ["https://t.me/verksam_test_bot?start=nymedlem"]
    assert "0701234567" not in text_of(team.api.sent(group["id"]))
    deleted = [c for c in team.api.calls if c.method == "deleteMessage"]
    assert [int(c.params["message_id"]) for c in deleted] == [message["message_id"]]
    # The deep link opens the flow in private.
    assert "Vad heter hen" in text_of(await team.send(VOLUNTEER, "/start nymedlem"))


async def test_undo_last_and_nothing_left(team, db):
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    await team.send(VOLUNTEER, "/samtal 25 torg")
    assert text_of(await team.send(VOLUNTEER, "/angra")) == "↩ Ångrat: 25 samtal på torget."
    assert text_of(await team.send(VOLUNTEER, "/angra")) == "↩ Ångrat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal."
    assert "inget att ångra" in text_of(await team.send(VOLUNTEER, "/angra"))
    assert all(e.undone_at is not None for e in await rows(db, Entry))


async def test_undo_button_twice_and_by_someone_else(team, db):
    saved = await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    [undo] = [b for b in buttons_of(saved[0]) if b.startswith("undo:")]
    mark = len(team.api.calls)
    await team.press(ADMIN, saved[0], undo)  # the button was signed for the volunteer
    assert team.answers(mark) == ["Den knappen gäller inte längre."]
    edited = await team.press(VOLUNTEER, saved[0], undo)
    assert text_of(edited) == "↩ Ångrat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal."
    mark = len(team.api.calls)
    await team.press(VOLUNTEER, saved[0], undo)
    assert team.answers(mark) == ["Redan ångrat."]
    [entry] = await rows(db, Entry)
    assert entry.undone_at is not None


async def test_undo_of_a_member_erases_contact_details(team, db):
    await team.send(VOLUNTEER, "/nymedlem")
    ask_phone = await team.send(VOLUNTEER, "Anna Andersson")
    ask_forening = await team.send(VOLUNTEER, "0701234567")
    ask_channel = await team.press(VOLUNTEER, ask_forening[0], "nymedlem:forening:-")
    ask_union = await team.press(VOLUNTEER, ask_channel[0], "nymedlem:channel:dorr")
    await team.press(VOLUNTEER, ask_union[0], "nymedlem:union:no")
    assert ask_phone
    await team.send(VOLUNTEER, "/angra")
    assert await rows(db, NewMember) == []


async def test_a_button_from_a_forgotten_message_gets_a_short_answer(team, db):
    saved = await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    mark = len(team.api.calls)
    # A button the bot did send the volunteer (signed for them), but no flow is waiting for it.
    genuine = button_guard.sign("knack:doors:40", VOLUNTEER.id, VOLUNTEER.id)
    await team.press_raw(VOLUNTEER, saved[0], genuine)
    assert team.answers(mark) == ["Den här knappen gäller inte längre. Börja om med kommandot."]
    assert len(await rows(db, Entry)) == 1


async def test_forged_undo_data_is_refused(team, db):
    saved = await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    mark = len(team.api.calls)
    await team.press(VOLUNTEER, saved[0], "undo:99999")
    await team.press(VOLUNTEER, saved[0], "undo:abc")
    assert team.answers(mark) == ["Den knappen gäller inte längre."] * 2
    assert (await rows(db, Entry))[0].undone_at is None


async def test_medlemsansvarig_can_log_too(harness, db, org):
    officer = Person(606, "Maja")
    await join(harness, db, org, officer, Role.MEDLEMSANSVARIG)
    assert "✅ Sparat" in text_of(await harness.send(officer, "/samtal 3 telefon"))
