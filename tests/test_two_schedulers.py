"""Two bot processes on one database: 1 000 due reminders, each sent exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from sqlalchemy import insert

from bot.app import build_application
from domain.roles import Role
from scheduler.sweep import sweep
from storage import orgs
from storage.database import Database
from storage.models import Entry, Membership, Outbox, WelcomeCase
from tests.conftest import UTC_NOON
from tests.fakebot import TOKEN, FakeBotApi, FakeRequest
from tests.harness import FakeClock

CASES = 1_000
OFFICER_USER = 404


async def due_reminders(db: Database) -> None:
    org = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", UTC_NOON)
    opened = UTC_NOON - timedelta(days=1)
    async with db.session() as s:
        officer = Membership(org_id=org, telegram_user_id=OFFICER_USER, role=Role.MEDLEMSANSVARIG, joined_at=opened)
        s.add(officer)
        await s.flush()
        entry = {"org_id": org, "kind": "member", "occurred_at": opened, "created_at": opened, "chat_id": 1}
        await s.execute(insert(Entry), [{**entry, "message_id": i} for i in range(CASES)])
        case = {"org_id": org, "step": "welcome_call", "opened_at": opened, "assignee_id": officer.id}
        await s.execute(
            insert(WelcomeCase), [{**case, "new_member_entry_id": i + 1, "due_at": UTC_NOON} for i in range(CASES)]
        )
        row = {"org_id": org, "kind": "case_remind", "due_at": opened, "attempts": 0}
        await s.execute(insert(Outbox), [{**row, "key": f"case:{i + 1}:r", "case_id": i + 1} for i in range(CASES)])


async def test_two_schedulers_send_each_reminder_once(any_db):
    await due_reminders(any_db)
    second_db = Database(any_db.url)
    apis, apps = [FakeBotApi(), FakeBotApi()], []
    for db, api in zip((any_db, second_db), apis, strict=True):
        apps.append(build_application(TOKEN, db, request=FakeRequest(api), clock=FakeClock(UTC_NOON)))
    try:
        for app in apps:
            await app.initialize()
        await asyncio.gather(*(sweep(app) for app in apps))
    finally:
        for app in apps:
            await app.shutdown()
        await second_db.dispose()
    texts = [c.params["text"] for api in apis for c in api.calls if c.method == "sendMessage"]
    buttons = [
        c.params["reply_markup"]["inline_keyboard"][0][0]
        for api in apis
        for c in api.calls
        if c.method == "sendMessage"
    ]
    per_case = Counter(button["callback_data"] for button in buttons)
    assert len(texts) == CASES
    assert set(per_case.values()) == {1} and len(per_case) == CASES
