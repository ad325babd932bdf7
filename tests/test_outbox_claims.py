"""The outbox under stress (issue 9, items 6-9): a replica frozen past its lease, poisoned rows, an
escalation whose first send fails, and a restart that finds its own dead claims."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, insert, select, text, update
from telegram.error import TimedOut

from bot.app import build_application
from domain.roles import Role
from scheduler import sweep as sweeper
from scheduler.sweep import LEASE, MAX_ATTEMPTS, reclaim_after_restart, sweep
from storage import crypto, orgs, outbox
from storage.database import Database
from storage.models import Entry, Membership, NewMember, Outbox, WelcomeCase
from tests.botapi_server import BotApiServer
from tests.conftest import ADMIN, POSTGRES_URL, TEST_DATA_KEY, UTC_NOON, _skip_or_fail_without_postgres, join
from tests.fakebot import TOKEN, FakeBotApi, FakeRequest
from tests.harness import FakeClock, Person
from tests.test_migrate_concurrent import _empty
from tests.test_welcome_chain import OFFICER, at, officers, register, sweep_at, to

SECOND_ADMIN = Person(606, "Sara")


async def due_cards(db: Database, org: int, officer_user: int, count: int, first_id: int = 1) -> list[int]:
    """`count` open cases of new members with sealed contact details, each with a card due: their ids."""
    opened = UTC_NOON - timedelta(days=1)
    async with db.session() as s:
        officer = await s.scalar(select(Membership.id).where(Membership.telegram_user_id == officer_user))
        if officer is None:
            row = Membership(org_id=org, telegram_user_id=officer_user, role=Role.MEDLEMSANSVARIG, joined_at=opened)
            s.add(row)
            await s.flush()
            officer = row.id
        ids = range(first_id, first_id + count)
        entry = {"org_id": org, "kind": "member", "occurred_at": opened, "created_at": opened, "chat_id": 1}
        await s.execute(insert(Entry), [{**entry, "id": i, "message_id": i} for i in ids])
        for i in ids:
            s.add(NewMember(org_id=org, entry_id=i, name=f"Medlem {i}", phone=f"+4670000{i:04}", channel="dorr",
                            union_member=False, registered_at=opened))  # fmt: skip
        case = {"org_id": org, "step": "welcome_call", "opened_at": opened, "assignee_id": officer}
        await s.execute(insert(WelcomeCase), [{**case, "id": i, "new_member_entry_id": i, "due_at": UTC_NOON}
                                              for i in ids])  # fmt: skip
        row = {"org_id": org, "kind": "case_remind", "due_at": opened + timedelta(minutes=1), "attempts": 0}
        await s.execute(insert(Outbox), [{**row, "key": f"case:{i}:r", "case_id": i} for i in ids])
    return list(ids)


def cards_per_case(*apis: FakeBotApi) -> Counter:
    """Cards sent, by the member they name ("Medlem 7" is case 7)."""
    return Counter(
        int(name.group(1))
        for api in apis
        for c in api.calls
        if c.method == "sendMessage" and (name := re.search(r"Medlem (\d+)", c.params["text"]))
    )


# --- item 6: a replica frozen past its lease ------------------------------------------------


async def test_a_replica_frozen_past_its_lease_sends_nothing_the_other_took_over(any_db, monkeypatch):
    org = await orgs.create_org(any_db, "Partille AK", ["Ektorp"], "Europe/Stockholm", UTC_NOON)
    await due_cards(any_db, org, OFFICER.id, 67)
    clocks = [FakeClock(UTC_NOON), FakeClock(UTC_NOON)]
    apis, dbs = [FakeBotApi(), FakeBotApi()], [any_db, Database(any_db.url)]
    apps = [build_application(TOKEN, db, request=FakeRequest(api), clock=clock)
            for db, api, clock in zip(dbs, apis, clocks, strict=True)]  # fmt: skip
    frozen, thawed, holds = asyncio.Event(), asyncio.Event(), Counter()
    real_hold = outbox.hold

    async def stalling_hold(db, item_id, token, now, lease):
        holds[token] += 1
        if token == sweeper.claim_token(apps[0]) and holds[token] == 11:  # the first replica stops here
            frozen.set()
            await thawed.wait()
            now = clocks[0]()
        return await real_hold(db, item_id, token, now, lease)

    monkeypatch.setattr(outbox, "hold", stalling_hold)
    try:
        for app in apps:
            await app.initialize()
        first = asyncio.create_task(sweep(apps[0]))
        await asyncio.wait_for(frozen.wait(), 10)  # 10 cards out, 57 claimed and held still
        for clock in clocks:
            clock.advance(seconds=330)
        assert await sweep(apps[1]) == 57  # the lease ran out: the other replica takes them over
        thawed.set()
        assert await first == 10  # resumed: its claims passed to the other, so it sends none of them
    finally:
        for app in apps:
            await app.shutdown()
        await dbs[1].dispose()
    per_case = cards_per_case(*apis)
    assert len(per_case) == 67 and set(per_case.values()) == {1}  # doubled: 0
    assert await outbox.pending(any_db) == 0


async def test_a_claim_is_renewed_by_its_holder_and_finished_only_by_it(any_db):
    org = await orgs.create_org(any_db, "Partille AK", ["Ektorp"], "Europe/Stockholm", UTC_NOON)
    [case] = await due_cards(any_db, org, OFFICER.id, 1)
    mine, other = outbox.claim_token("host-a"), outbox.claim_token("host-b")
    [item] = await outbox.claim(any_db, UTC_NOON, LEASE, 10, mine)
    later = UTC_NOON + LEASE - timedelta(seconds=1)
    assert await outbox.renew(any_db, mine, later, LEASE) == 1
    assert await outbox.claim(any_db, UTC_NOON + LEASE + timedelta(seconds=1), LEASE, 10, other) == []  # renewed
    assert await outbox.claim(any_db, later + LEASE + timedelta(seconds=1), LEASE, 10, other) != []  # lapsed
    assert not await outbox.hold(any_db, item.id, mine, later, LEASE)  # no longer ours: not sent
    assert not await outbox.finish(any_db, item.id, "sent", later, mine)
    assert await outbox.finish(any_db, item.id, "sent", later, other)
    assert case == item.case_id


class StallingRequest(FakeRequest):
    """Telegram slow to answer the first card (long 429 waits, a slow network): the batch takes minutes."""

    def __init__(self, api: FakeBotApi) -> None:
        super().__init__(api)
        self.stalled, self.go_on = asyncio.Event(), asyncio.Event()

    async def do_request(self, url: str, method: str, request_data=None, *args, **kwargs):
        if url.endswith("/sendMessage") and not self.stalled.is_set():
            self.stalled.set()
            await self.go_on.wait()
        return await super().do_request(url, method, request_data, *args, **kwargs)


async def test_a_long_batch_keeps_its_leases_while_it_goes_out(db, org, clock, monkeypatch):
    await due_cards(db, org, OFFICER.id, 3)
    monkeypatch.setattr(sweeper, "RENEW_SECONDS", 0.01)
    request = StallingRequest(FakeBotApi())
    app = build_application(TOKEN, db, request=request, clock=clock)
    await app.initialize()
    try:
        slow = asyncio.create_task(sweep(app))
        await asyncio.wait_for(request.stalled.wait(), 10)
        for _ in range(4):  # two minutes pass while the first card is on its way
            clock.advance(seconds=30)
            await asyncio.sleep(0.05)  # the beat renews
        other = outbox.claim_token("host-b")
        assert await outbox.claim(db, clock(), LEASE, 10, other) == []  # nothing lapsed to take over
        request.go_on.set()
        assert await slow == 3
    finally:
        await app.shutdown()


# --- item 7: one bad row blocks nothing ---------------------------------------------------


async def test_poisoned_rows_are_set_aside_and_the_good_cards_go_out(team, db, org):
    await due_cards(db, org, OFFICER.id, 3)  # due first, and sealed under a key this bot does not have
    other_key = crypto.Keyring([crypto.new_key()])
    async with db.session() as s:
        await s.execute(update(NewMember).values(name=text(":n")), {"n": other_key.seal("Okänd")})
    await due_cards(db, org, OFFICER.id, 50, first_id=4)
    cards = await sweep_at(team, UTC_NOON)
    assert len(to(cards, OFFICER)) == 50  # every good card, in the first sweep
    async with db.session() as s:
        failed = (await s.execute(select(Outbox.last_error, Outbox.attempts).where(Outbox.sent_at.is_(None)))).all()
    assert failed == [("DataKeyError", 1)] * 3

    told = []
    for minute in range(1, 40):  # retried with a growing pause, then given up
        told += await sweep_at(team, UTC_NOON + timedelta(minutes=minute))
    assert await outbox.dead_letters(db) == 3 and await outbox.pending(db) == 0
    assert [int(c.params["chat_id"]) for c in told] == [ADMIN.id]  # the admin, once
    notice = told[0].params["text"]
    assert "3 meddelanden" in notice and f"{MAX_ATTEMPTS} misslyckade" in notice
    assert "Medlem" not in notice and "+46" not in notice and "Okänd" not in notice
    assert await sweep_at(team, UTC_NOON + timedelta(hours=2)) == []


# --- item 8: an escalation survives a network error ---------------------------------------------


async def test_an_escalation_reaches_both_admins_once_though_the_first_send_fails(team, db, org):
    await join(team, db, org, SECOND_ADMIN, Role.ADMIN)
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    await sweep_at(team, at(14, 12, 1))
    await sweep_at(team, at(19, 8))  # the due day's reminder
    team.api.fail_next("sendMessage", TimedOut())
    told = await sweep_at(team, at(19, 12, 1))
    for minute in range(2, 10):
        told += await sweep_at(team, at(19, 12, minute))
    late = [int(c.params["chat_id"]) for c in told if "Försenat" in c.params["text"]]
    assert sorted(late) == sorted([ADMIN.id, SECOND_ADMIN.id])  # each told, once
    async with db.session() as s:
        assert await s.scalar(select(func.count()).where(WelcomeCase.escalated_at.is_not(None))) == 1


# --- item 9: a restarted process takes its own dead claims back at once -------------------------


async def test_a_restart_reclaims_its_own_claims_and_leaves_another_replicas(any_db, clock):
    db = any_db
    org = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", UTC_NOON)
    await due_cards(db, org, OFFICER.id, 4)
    crashed = outbox.claim_token("host_a")  # a LIKE wildcard in the name matches only itself
    await outbox.claim(db, UTC_NOON, LEASE, 3, crashed)  # then killed: three claims left behind
    [live] = await outbox.claim(db, UTC_NOON, LEASE, 1, outbox.claim_token("hostxa"))  # another replica's
    api = FakeBotApi()
    app = build_application(TOKEN, db, request=FakeRequest(api), clock=clock)
    app.bot_data["instance"] = "host_a"
    await app.initialize()
    try:
        assert await reclaim_after_restart(app) == 3
        assert await sweep(app) == 3  # at once, not after the lease
    finally:
        await app.shutdown()
    sent = cards_per_case(api)
    assert len(sent) == 3 and live.case_id not in sent  # the live claim is left alone
    assert timedelta(minutes=1) >= LEASE  # and a crash of another kind waits a minute, not five


# --- item 6 with real processes: SIGSTOP past the lease, SIGCONT ---------------------------------


class SlowApi(FakeBotApi):
    """Telegram at a pace where a batch of 67 takes a few seconds: a stop lands mid-batch."""

    def _api_sendMessage(self, params: dict) -> dict:
        time.sleep(0.03)
        return super()._api_sendMessage(params)


async def _seed_postgres(count: int) -> None:
    await _empty(POSTGRES_URL)
    db = Database(POSTGRES_URL)
    try:
        await db.create_all()
        org = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", UTC_NOON)
        await due_cards(db, org, OFFICER.id, count)
    finally:
        await db.dispose()


def test_a_replica_stopped_past_its_lease_and_resumed_on_postgresql(monkeypatch):
    _skip_or_fail_without_postgres()
    asyncio.run(_seed_postgres(67))
    monkeypatch.setenv("VERKSAM_DATA_KEY", TEST_DATA_KEY)
    lease = 2.0
    with BotApiServer(SlowApi()) as server:
        command = [sys.executable, "-m", "tests.sweeper_process", POSTGRES_URL, server.base_url, str(lease)]
        first = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 30
            while len(server.calls("sendMessage")) < 10 and time.monotonic() < deadline:
                time.sleep(0.005)
            os.kill(first.pid, signal.SIGSTOP)  # frozen mid-batch, its claims held
            time.sleep(lease + 1)
            second_sent, give_up = 0, time.monotonic() + 25
            while True:  # frozen inside a transaction, the first holds row locks until PostgreSQL ends it
                second = subprocess.run(command, capture_output=True, text=True, timeout=60)
                assert second.returncode == 0, second.stderr
                second_sent += int(second.stdout)
                if second_sent or time.monotonic() > give_up:
                    break
                time.sleep(lease)
        finally:
            os.kill(first.pid, signal.SIGCONT)
        first_sent = int(first.communicate(timeout=60)[0])
        per_case = cards_per_case(server.api)
    asyncio.run(_empty(POSTGRES_URL))
    assert len(per_case) == 67  # lost: 0
    assert sum(per_case.values()) - 67 <= 1  # doubled: at most the one in flight when it froze
    assert second_sent >= 67 - first_sent - 1 and first_sent < 67
