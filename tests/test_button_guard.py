"""Every button the bot sends, attacked: forged, replayed by someone else or in another chat,
truncated, oversized. Each press is refused before any handler, nothing in the database changes,
and nobody is sent anything (issue 9, item 1)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from domain.roles import Role
from scheduler.sweep import sweep
from storage import orgs
from storage.models import Base
from tests.conftest import ADMIN, BOARD_MEMBER, STRANGER, VOLUNTEER, join
from tests.documents import make_docx
from tests.harness import Harness, Person, buttons_of, payload_of
from tests.test_plan_chat import PLAN

REFUSED = "Den knappen gäller inte längre."
OFFICER = Person(404, "Maja")  # medlemsansvarig for Ektorp: the case cards go to her
SECOND = Person(505, "Olle")  # medlemsansvarig of another förening in the same organisation
OUTSIDER = Person(606, "Otto")  # medlemsansvarig of another organisation
MULTI = Person(707, "Mona")  # in both organisations
FLOWS = [Person(610 + i, f"V{i}") for i in range(9)]  # volunteers, each with a flow left open
ATTACKERS = [VOLUNTEER, SECOND, OUTSIDER, STRANGER, MULTI, BOARD_MEMBER]
GROUP_ID = -100_200


EVERY_KIND = [  # every button the bot sends, by the start of its payload
    *("knack:doors", "knack:talks", "knack:area", "samtal:channel", "aktivitet:type", "aktivitet:participants"),
    *("nymedlem:phone", "nymedlem:forening", "nymedlem:channel", "nymedlem:union", "undo", "lamna", "org"),
    *("case:done", "case:noanswer", "case:handover", "case:drop", "case:to"),
    *("knack:confirm", "plan:keep", "plan:drop", "plan:change", "plan:rest", "plan:save", "plan:cancel"),
]


@dataclass(frozen=True)
class Sent:
    owner: Person  # whom the button was sent to
    chat_id: int
    data: str  # the signed callback data, as the client holds it


async def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table: what 'nothing changed' is compared with."""
    async with db.session() as s:
        return {
            table.name: sorted(map(tuple, (await s.execute(select(table))).all()), key=repr)
            for table in Base.metadata.sorted_tables
        }


async def _conversations(h: Harness, db, org_a: int) -> None:
    """Real conversations, each leaving its buttons behind (most flows stay open, waiting)."""
    v = FLOWS
    await h.send(v[0], "/knack")  # doors
    ask = await h.send(v[1], "/knack")
    ask = await h.press(v[1], ask[-1], "knack:doors:40")
    await h.press(v[1], ask[-1], "knack:talks:10")  # area
    await h.send(v[2], "/samtal")
    await h.send(v[2], "8")  # channel
    await h.send(v[3], "/aktivitet")  # types
    await h.press(v[4], (await h.send(v[4], "/aktivitet"))[-1], "aktivitet:type:studiecirkel")  # participants
    await h.send(v[5], "/nymedlem")
    await h.send(v[5], "Anna Andersson")  # phone: skip
    await h.send(v[6], "/knack 40 12 Ektorp")  # undo
    await h.send(v[7], "/knack", chat=h.group(GROUP_ID))  # doors, in a group
    await _register_member(h, org_a)  # forening, channel, union
    h.clock.advance(minutes=1)
    await sweep(h.app)  # the case card to the officer
    card = next(c for c in reversed(h.api.calls) if c.method == "sendMessage" and int(c.params["chat_id"]) == OFFICER.id)
    await h.press(OFFICER, card, next(b for b in buttons_of(card) if b.startswith("case:handover:")))  # to:
    await h.send(BOARD_MEMBER, "/plan")
    await h.send_document(BOARD_MEMBER, "verksamhetsplan.docx", make_docx(PLAN))  # review
    await h.send(v[8], "/knack 10 25 Ektorp")  # more conversations than doors: confirm
    await h.send(ADMIN, "/plan")
    review = await h.send_document(ADMIN, "verksamhetsplan.docx", make_docx(PLAN))
    await h.press(ADMIN, review[-1], "plan:rest:0")  # save / cancel
    await h.send(BOARD_MEMBER, "/lamna")  # yes / no (the only admin may not leave)
    await h.send(MULTI, "/org")  # the two organisations


async def _register_member(h: Harness, org_a: int) -> None:
    ektorp, _ = await orgs.find_forening(h.app.bot_data["services"].db, org_a, "Ektorp")
    await h.send(VOLUNTEER, "/nymedlem")
    await h.send(VOLUNTEER, "Anna Andersson")
    ask_forening = await h.send(VOLUNTEER, "0701234567")
    ask_channel = await h.press(VOLUNTEER, ask_forening[0], f"nymedlem:forening:{ektorp}")
    ask_union = await h.press(VOLUNTEER, ask_channel[0], "nymedlem:channel:dorr")
    await h.press(VOLUNTEER, ask_union[0], "nymedlem:union:no")


def _owner(chat_id: int) -> Person:
    """Whom a message was for: the private chat's person, or in the group the volunteer who asked."""
    if chat_id == GROUP_ID:
        return FLOWS[7]
    people = [ADMIN, BOARD_MEMBER, VOLUNTEER, OFFICER, SECOND, OUTSIDER, MULTI, STRANGER, *FLOWS]
    return next(p for p in people if p.id == chat_id)


@pytest.fixture
async def arena(team, db, org):
    """Two organisations, officers, and every kind of button the bot sends, collected from the calls."""
    ektorp, _ = await orgs.find_forening(db, org, "Ektorp")
    savedalen, _ = await orgs.find_forening(db, org, "Sävedalen")
    other = await orgs.create_org(db, "Göteborg AK", ["Majorna"], "Europe/Stockholm", team.clock())
    await join(team, db, org, OFFICER, Role.MEDLEMSANSVARIG, forening_id=ektorp)
    await join(team, db, org, SECOND, Role.MEDLEMSANSVARIG, forening_id=savedalen)
    await join(team, db, other, OUTSIDER, Role.MEDLEMSANSVARIG)
    await join(team, db, org, MULTI, Role.VOLONTAR)
    await join(team, db, other, MULTI, Role.VOLONTAR)
    for person in FLOWS:
        await join(team, db, org, person, Role.VOLONTAR)
    await team.send(STRANGER, "hej")
    await _conversations(team, db, org)
    sent: dict[str, Sent] = {}
    for call in team.api.calls:
        if call.method in {"sendMessage", "editMessageText", "editMessageReplyMarkup"} and "chat_id" in call.params:
            chat_id = int(call.params["chat_id"])
            for data in buttons_of(call, signed=True):
                if data and not data.startswith("https://"):
                    sent.setdefault(data, Sent(_owner(chat_id), chat_id, data))
    payloads = {payload_of(data) for data in sent}
    for kind in EVERY_KIND:
        assert any(p.startswith(kind + ":") for p in payloads), (kind, payloads)
    team.api.calls.clear()
    return team, db, list(sent.values())


def _forge(payload: str, numbers: list[int]) -> str:
    """The payload with its ids replaced: aimed at another object."""
    it = iter(numbers)
    return re.sub(r"\d+", lambda m: str(next(it, 1)), payload)


attacks = st.one_of(
    st.tuples(st.just("replayed by another"), st.sampled_from(ATTACKERS), st.none()),
    st.tuples(st.just("in another chat"), st.none(), st.none()),
    st.tuples(st.just("truncated"), st.none(), st.integers(min_value=0, max_value=63)),
    st.tuples(st.just("oversized"), st.none(), st.text(min_size=1, max_size=80)),
    st.tuples(
        st.just("forged"),
        st.sampled_from(ATTACKERS),
        st.tuples(
            st.lists(st.integers(min_value=0, max_value=10**30), min_size=1, max_size=3),
            st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=12),
        ),
    ),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(min_value=0), attack=attacks)
async def test_every_button_refuses_forged_replayed_truncated_and_oversized_presses(arena, which, attack):
    h, db, sent = arena
    button = sent[which % len(sent)]
    kind, attacker, detail = attack
    presser, chat_id, data = button.owner, button.chat_id, button.data
    payload = data.rsplit("~", 1)[0]
    if kind == "replayed by another":
        presser = attacker if attacker != button.owner else STRANGER
        chat_id = presser.id  # on a message of the bot's in their own chat
    elif kind == "in another chat":
        chat_id = GROUP_ID if button.chat_id != GROUP_ID else presser.id
    elif kind == "truncated":
        data = data[: detail % len(data)]
    elif kind == "oversized":
        data = (data + detail).ljust(65, "x")
    else:
        numbers, tag = detail
        presser, chat_id = attacker, attacker.id
        data = _forge(payload, numbers) + ("~" + tag if tag else "")
    h.group(GROUP_ID)
    before = await snapshot(db)
    mark = len(h.api.calls)
    await h.press_raw(presser, h.last_message(chat_id), data)
    calls = h.api.calls[mark:]
    assert [c.method for c in calls] == ["answerCallbackQuery"], (kind, data)
    assert calls[0].params.get("text") == REFUSED
    assert await snapshot(db) == before


async def test_a_refused_press_stays_refused_when_answering_it_fails(team, db, org):
    """The guard answers a forged press and stops it; when that answer itself fails ("query is too
    old"), the press is still stopped: no command runs on unverified data (fail closed)."""
    from sqlalchemy import update

    from storage import districts
    from storage.models import DistrictMembership
    from tests.fakebot import ApiError
    from tests.test_districts import DANA, district_with_people, two_branches
    from tests.test_memberships import code_of

    await district_with_people(team, db, org, await two_branches(team, db, org))
    await team.send(BOARD_MEMBER, f"/start {code_of(await team.send(DANA, '/bjudin distriktsstyrelse'))}")
    async with db.session() as s:
        await s.execute(
            update(DistrictMembership)
            .where(DistrictMembership.telegram_user_id == BOARD_MEMBER.id)
            .values(role="admin")
        )
    menu = (await team.send(BOARD_MEMBER, "/org"))[-1]
    to_district = buttons_of(menu)[1]
    before = await districts.in_scope(db, BOARD_MEMBER.id)
    team.api.fail_next("answerCallbackQuery", ApiError(400, "Bad Request: query is too old"))
    sent = len(team.api.calls)
    await team.press_raw(BOARD_MEMBER, menu, to_district)  # unsigned, as a crafted client sends it
    assert await districts.in_scope(db, BOARD_MEMBER.id) == before
    assert [c.method for c in team.api.calls[sent:] if c.method != "answerCallbackQuery"] == []
