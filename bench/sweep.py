"""The clock under load: 100,000 open welcome cases of which 1,000 are due, on SQLite.

Measured: (a) the sweep's claim query (`storage.outbox.claim`, one batch of 100, the claims
released after each timing), and (b) one whole sweep sending the 1,000 due cards through
python-telegram-bot's AIORateLimiter to a fake Bot API that enforces Telegram's limits itself:
30 messages in any second overall, 20 in any minute per group, answering 429 with retry_after.
The send rate is reported against the allowed 30/s, and against a baseline in the same run:
1,000 bare `send_message` calls through the same limiter and API, with no database at all.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections import Counter, deque
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, update

from bot.app import build_application
from domain.roles import Role
from scheduler.sweep import BATCH, LEASE, sweep
from storage import crypto, orgs, outbox
from storage.database import Database
from storage.models import Entry, Membership, NewMember, Outbox, WelcomeCase
from tests.fakebot import TOKEN, FakeBotApi, FakeRequest

NOW = datetime(2025, 3, 14, 11, tzinfo=UTC)
ALLOWED_PER_SECOND = 30
OFFICERS = 1_000
CHUNK = 20_000


class TelegramLimits(FakeRequest):
    """FakeRequest that refuses sends over Telegram's limits with 429 and retry_after, as Telegram does."""

    def __init__(self, api: FakeBotApi) -> None:
        super().__init__(api)
        self.overall: deque[float] = deque()
        self.groups: dict[int, deque[float]] = {}
        self.refused = 0

    async def do_request(self, url: str, method: str, request_data=None, **timeouts) -> tuple[int, bytes]:
        if url.endswith(("/sendMessage", "/sendPhoto")) and request_data is not None:
            chat_id = int(request_data.parameters["chat_id"])
            wait = self._over_limit(chat_id, time.monotonic())
            if wait:
                self.refused += 1
                body = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after "
                        f"{wait}", "parameters": {"retry_after": wait}}  # fmt: skip
                return 429, json.dumps(body).encode()
        return await super().do_request(url, method, request_data, **timeouts)

    def _over_limit(self, chat_id: int, now: float) -> int:
        """Seconds to wait (0: allowed, and counted)."""
        windows = [(self.overall, 1.0, ALLOWED_PER_SECOND)]
        if chat_id < 0:
            windows.append((self.groups.setdefault(chat_id, deque()), 60.0, 20))
        for sent, period, limit in windows:
            while sent and sent[0] <= now - period:
                sent.popleft()
            if len(sent) >= limit:
                return max(1, int(sent[0] + period - now + 0.999))
        for sent, _, _ in windows:
            sent.append(now)
        return 0


async def seed(db: Database, cases: int, due: int) -> None:
    """One organisation, OFFICERS officers, `cases` open cases with sealed contact details; `due` are due."""
    org = await orgs.create_org(db, "Stora AK", ["Ektorp"], "Europe/Stockholm", NOW)
    opened = NOW - timedelta(days=1)
    keyring = crypto.keyring()
    name, phone = keyring.seal("Anna Andersson"), keyring.seal("+46701234567")
    async with db.session() as s:
        people = [
            {"org_id": org, "telegram_user_id": 10_000 + i, "role": Role.MEDLEMSANSVARIG.value, "joined_at": opened}
            for i in range(OFFICERS)
        ]
        await s.execute(insert(Membership), people)
    for first in range(0, cases, CHUNK):
        ids = range(first + 1, min(cases, first + CHUNK) + 1)
        async with db.session() as s:
            entry = {"org_id": org, "kind": "member", "occurred_at": opened, "created_at": opened, "chat_id": 1}
            await s.execute(insert(Entry), [{**entry, "message_id": i} for i in ids])
            await s.execute(  # sealed once and reused: the bench measures sending, not Fernet
                insert(NewMember.__table__),
                [_member(org, i, name, phone, opened) for i in ids],
            )
            case = {"org_id": org, "step": "welcome_call", "opened_at": opened, "due_at": NOW + timedelta(days=4)}
            await s.execute(
                insert(WelcomeCase),
                [{**case, "new_member_entry_id": i, "assignee_id": 1 + (i - 1) % OFFICERS} for i in ids],
            )
            row = {"org_id": org, "kind": "case_remind", "attempts": 0}
            await s.execute(
                insert(Outbox),
                [{**row, "key": f"case:{i}:r", "case_id": i, "due_at": _due(i, due)} for i in ids],
            )


def _member(org: int, i: int, name: str, phone: str, at: datetime) -> dict:
    return {"org_id": org, "entry_id": i, "name": name, "phone": phone, "channel": "dorr", "union_member": False,
            "registered_at": at}  # fmt: skip


def _due(i: int, due: int) -> datetime:
    return NOW - timedelta(minutes=1) if i <= due else NOW + timedelta(days=1 + i % 30)


async def _claim_ms(db: Database, repeat: int = 7) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        claimed = await outbox.claim(db, NOW, LEASE, BATCH)
        times.append((time.perf_counter() - began) * 1000)
        async with db.session() as s:  # release: the sweep below must find them due
            ids = [item.id for item in claimed]
            await s.execute(update(Outbox).where(Outbox.id.in_(ids)).values(claimed_until=None, attempts=0))
    return times


async def _baseline(due: int) -> tuple[float, int]:
    """The same limiter and limits with no database: the framework's own ceiling."""
    limits = TelegramLimits(FakeBotApi())
    db = Database("sqlite+aiosqlite:///:memory:")
    await db.create_all()  # the Application reads unfinished flows at start
    app = build_application(TOKEN, db, request=limits, clock=lambda: NOW, rate_limited=True)
    await app.initialize()
    began = time.perf_counter()
    for i in range(due):
        await app.bot.send_message(10_000 + i % OFFICERS, "Påminnelse")
    seconds = time.perf_counter() - began
    await app.shutdown()
    await db.dispose()
    return due / seconds, limits.refused


async def run(cases: int = 100_000, due: int = 1_000) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'clock.db'}")
        await db.create_all()
        began = time.perf_counter()
        await seed(db, cases, due)
        seed_s = time.perf_counter() - began
        claim_ms = await _claim_ms(db)
        limits = TelegramLimits(FakeBotApi())
        app = build_application(TOKEN, db, request=limits, clock=lambda: NOW, rate_limited=True)
        await app.initialize()
        began = time.perf_counter()
        sent = await sweep(app)
        sweep_s = time.perf_counter() - began
        await app.shutdown()
        per_chat = Counter(int(c.params["chat_id"]) for c in limits.api.calls if c.method == "sendMessage")
        await db.dispose()
    baseline_rate, baseline_refused = await _baseline(due)
    rate = sent / sweep_s
    return {
        "open_cases": cases,
        "due": due,
        "seed_s": round(seed_s, 1),
        "claim_ms_p50": round(statistics.median(claim_ms), 2),
        "claim_ms_max": round(max(claim_ms), 2),
        "sent": sent,
        "each_due_case_once": sent == due == sum(per_chat.values()) and len(per_chat) == min(due, OFFICERS),
        "sweep_s": round(sweep_s, 2),
        "send_rate": round(rate, 2),
        "send_ratio": round(rate / ALLOWED_PER_SECOND, 3),
        "refused_429": limits.refused,
        "baseline_rate": round(baseline_rate, 2),
        "baseline_refused_429": baseline_refused,
        "ratio_to_baseline": round(rate / baseline_rate, 3),
    }
