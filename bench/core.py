"""The core benchmark: updates per second through the real Application, echo versus /knack.

Both runs go through the same telegram.ext.Application machinery and the same in-process
FakeRequest, so their ratio says how much Verksam's own work (parsing, the database, the reply)
costs on top of the framework's ceiling. They take turns, a round of the volunteers at a time, so
that a busy machine slows both alike (run one after the other, the ratio swung from 0.12 to 0.25).
"""

from __future__ import annotations

import itertools
import math
import resource
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench import loopback, schema, startup
from bot.app import build_application
from domain.roles import Role
from handlers.gate import FLOOD_LIMIT, FloodGate
from storage import orgs
from storage.database import Database
from storage.models import Entry
from tests.fakebot import TOKEN, FakeBotApi, FakeRequest

USERS = 200  # at least; more when a run is long (see users_for)
WARMUP = 200
KNACK = "/knack 40 12 Ektorp"
SAVED = "✅ Sparat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal."


def users_for(n: int) -> int:
    """Enough volunteers that none sends more than the flood gate lets through at once, however fast
    the machine: the gate (production settings) never slows a run, which would measure its waits."""
    return max(USERS, math.ceil((WARMUP + n) / (FLOOD_LIMIT - 1)))


@dataclass(frozen=True)
class Result:
    ups: float
    p50_ms: float
    p99_ms: float

    def as_json(self) -> dict[str, float]:
        return {"ups": round(self.ups, 1), "p50_ms": round(self.p50_ms, 3), "p99_ms": round(self.p99_ms, 3)}


class Updates:
    """Private-chat text messages from rotating users, with distinct update and message ids."""

    def __init__(self, bot) -> None:
        self.bot = bot
        self._ids = itertools.count(1)

    def message(self, user_id: int, text: str) -> Update:
        ident = next(self._ids)
        message = {
            "message_id": ident,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": f"U{user_id}"},
            "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}", "language_code": "sv"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return Update.de_json({"update_id": ident, "message": message}, self.bot)


@dataclass
class Timing:
    """The latencies of the timed updates, and the time their persistence writes took."""

    latencies: list[float] = field(default_factory=list)
    flushing: float = 0.0

    def result(self) -> Result:
        latencies = sorted(self.latencies)
        return Result(
            ups=len(latencies) / (math.fsum(latencies) + self.flushing),
            p50_ms=statistics.median(latencies) * 1000,
            p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        )


async def _timed(
    app: Application, api: FakeBotApi, updates: Iterable[Update], expect, timing: Timing, db: Database | None = None
) -> None:
    """Process updates one by one; each must draw the expected reply (checked outside the timing).

    Updates come from a generator and throughput is N / (sum of latencies): building and
    checking updates is the benchmark's work, not the bot's, in time and in memory.

    With ``db`` (the bot's run), each update pays what it would in production on a quiet day: who is
    writing is looked up in the database (the member cache is emptied first), and the persistence
    writes it leaves behind are made and timed. python-telegram-bot writes them every few seconds
    for each person heard from since; here after each block (one round of the volunteers), so every
    update's writes are counted (in the throughput; not in one update's latency).
    """
    for update in updates:
        if db is not None:
            db.member_cache.clear()
        t0 = time.perf_counter()
        await app.process_update(update)
        timing.latencies.append(time.perf_counter() - t0)
        _check_reply(api, update, expect)
    if db is not None:
        t0 = time.perf_counter()
        await app.update_persistence()
        timing.flushing += time.perf_counter() - t0


def _check_reply(api: FakeBotApi, update: Update, expect) -> None:
    texts = [c.params.get("text") for c in api.calls if c.method == "sendMessage"]
    if texts != [expect(update)]:
        raise SystemExit(f"bench: update {update.update_id} drew {texts!r}, expected [{expect(update)!r}]")
    # The fake's records are not the bot's memory: drop them so peak RSS measures the bot.
    api.calls.clear()
    api.messages.clear()


# Serves the updates numbered by a range (the i-th from volunteer i mod users), adding to a Timing.
Serve = Callable[[range, Timing], Awaitable[None]]


@asynccontextmanager
async def echo(users: int) -> AsyncIterator[Serve]:
    api = FakeBotApi()
    app = ApplicationBuilder().token(TOKEN).request(FakeRequest(api)).get_updates_request(FakeRequest(api)).build()

    async def say_it_back(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    app.add_handler(MessageHandler(filters.TEXT, say_it_back))
    updates = Updates(app.bot)
    same = lambda u: u.message.text  # noqa: E731

    async def serve(numbers: range, timing: Timing) -> None:
        await _timed(app, api, (updates.message(1 + i % users, KNACK) for i in numbers), same, timing)

    async with app:
        yield serve


@asynccontextmanager
async def knack(directory: Path, users: int, gate: FloodGate) -> AsyncIterator[Serve]:
    url = f"sqlite+aiosqlite:///{directory / 'verksam.db'}"
    schema.make(url)  # the production schema, indexes included
    db = Database(url)
    api = FakeBotApi()
    app = build_application(TOKEN, db, request=FakeRequest(api))
    app.bot_data["flood_gate"] = gate
    updates = Updates(app.bot)
    served = 0
    saved = lambda _u: SAVED  # noqa: E731

    async def serve(numbers: range, timing: Timing) -> None:
        nonlocal served
        await _timed(app, api, (updates.message(1 + i % users, KNACK) for i in numbers), saved, timing, db)
        served += len(numbers)

    try:
        async with app:
            now = datetime.now(UTC)
            org = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", now)
            for user in range(1, users + 1):  # join the way a volunteer does: an invite and /start
                code = await orgs.create_invite(db, org, Role.VOLONTAR, now, ttl=timedelta(days=7))
                await app.process_update(updates.message(user, f"/start {code}"))
                api.calls.clear()
            yield serve
            if gate.slowed:  # a run the gate slowed measures its waits
                raise SystemExit(f"bench: the flood gate slowed {gate.slowed} updates")
            async with db.session() as s:
                stored = await s.scalar(select(func.count()).select_from(Entry).where(Entry.kind == "knack"))
            if stored != served:  # a benchmark that measures refusals is worthless
                raise SystemExit(f"bench: {stored} knack entries stored, expected {served}")
    finally:
        await db.dispose()


async def in_process(n: int, directory: Path, users: int, gate: FloodGate) -> tuple[Result, Result]:
    """Echo and /knack side by side, taking turns a block (a round of the volunteers) at a time: on a
    shared machine, whatever else runs slows both alike, and their ratio holds still."""
    echoed, knocked = Timing(), Timing()
    async with echo(users) as by_echo, knack(directory, users, gate) as by_knack:
        await by_echo(range(WARMUP), Timing())
        await by_knack(range(WARMUP), Timing())
        for first in range(WARMUP, WARMUP + n, users):
            block = range(first, min(first + users, WARMUP + n))
            await by_echo(block, echoed)
            await by_knack(block, knocked)
    return echoed.result(), knocked.result()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


async def run(n: int, rounds: int = loopback.ROUNDS) -> dict:
    users, gate = users_for(n), FloodGate()
    with tempfile.TemporaryDirectory(prefix="verksam-bench-") as directory:
        echoed, knocked = await in_process(n, Path(directory), users, gate)
        through_http = await loopback.run(n, Path(directory), rounds)
    peak = peak_rss_mb()  # before start-up's processes: this one's own memory
    return {
        "loopback": through_http,
        "startup": startup.run(),
        "users": users,
        "flood_gate": {"limit": gate.limit, "window_s": gate.window, "slowed": gate.slowed},
        "echo": echoed.as_json(),
        "knack": knocked.as_json(),
        "ratio": round(knocked.ups / echoed.ups, 3),
        "peak_rss_mb": round(peak, 1),
    }
