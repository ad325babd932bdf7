"""The third figure: updates through a Bot API server on loopback, from many volunteers at once.

Both applications poll tests/botapi_server.py over HTTP as `verksam run` does (getUpdates, then a
sendMessage per reply), with the same per-person update processor, so their ratio says what
Verksam's own work costs when updates arrive together. No send rate limiter: Telegram's 30
messages a second would cap both alike and measure nothing of the bot. The servers run in this
process (their threads share the interpreter with the bot), so the figures are a floor.

On a shared machine one run's figure swings with whatever else runs (a thread's wake-up waits for
a core). So both applications run side by side and their rounds alternate: a warm-up round each
(connections opened, statements compiled), then ``rounds`` timed ones; each echo round and the
/knack round after it make a pair, and the ratio is the median of the pairs' ratios, with its range.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench import schema
from bot.app import build_application
from bot.update_processor import PerUserUpdateProcessor
from domain.roles import Role
from handlers.gate import FLOOD_LIMIT, FloodGate
from storage import orgs
from storage.database import Database
from tests.botapi_server import BotApiServer
from tests.fakebot import TOKEN

USERS = 50
PER_USER = 4  # updates per volunteer in a round
ROUNDS = 5
# Every round's updates are written within seconds of each other: the volunteer's /start and all
# rounds, the warm-up included, stay under the flood gate's limit, however fast the machine.
MAX_ROUNDS = (FLOOD_LIMIT - 1) // PER_USER - 1
KNACK = "/knack 40 12 Ektorp"
SAVED = "✅ Sparat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal."
TIMEOUT = 120.0


def _echo_app(base_url: str) -> Application:
    async def say_it_back(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    app = ApplicationBuilder().token(TOKEN).base_url(base_url).concurrent_updates(PerUserUpdateProcessor()).build()
    app.add_handler(MessageHandler(filters.TEXT, say_it_back))
    return app


@asynccontextmanager
async def _polling(app: Application) -> AsyncIterator[Application]:
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def _replies(server: BotApiServer, count: int, expected: str) -> None:
    """Wait until ``count`` messages were sent in all, each saying ``expected``."""
    deadline = time.monotonic() + TIMEOUT
    while len(sent := server.calls("sendMessage")) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: {len(sent)} of {count} replies through the loopback server")
        await asyncio.sleep(0.002)
    wrong = {c.params.get("text") for c in sent} - {expected}
    if wrong:
        raise SystemExit(f"bench: loopback replies {sorted(wrong)!r}, expected {expected!r}")


async def _round(server: BotApiServer, n: int, expected: str) -> float:
    """Updates per second from the first push to the n-th reply, USERS volunteers at once."""
    server.api.calls.clear()
    began = time.perf_counter()
    for i in range(n):
        server.push_message(1 + i % USERS, KNACK)
    await _replies(server, n, expected)
    return n / (time.perf_counter() - began)


async def _join(server: BotApiServer, db: Database) -> None:
    """USERS volunteers join the way a volunteer does: an invite and /start."""
    now = datetime.now(UTC)
    org = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", now)
    for user in range(1, USERS + 1):
        code = await orgs.create_invite(db, org, Role.VOLONTAR, now, ttl=timedelta(days=7))
        server.push_message(user, f"/start {code}")
    deadline = time.monotonic() + TIMEOUT
    while len(server.calls("sendMessage")) < USERS and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


async def run(n: int, directory: Path, rounds: int = ROUNDS) -> dict:
    """Rounds of at most PER_USER updates per volunteer, echo and /knack taking turns."""
    n, rounds = min(n, USERS * PER_USER), max(1, min(rounds, MAX_ROUNDS))
    url = f"sqlite+aiosqlite:///{directory / 'loopback.db'}"
    schema.make(url)
    db, gate = Database(url), FloodGate()
    echoed, knocked = [], []
    try:
        with BotApiServer() as echo_server, BotApiServer() as knack_server:
            app = build_application(TOKEN, db, base_url=knack_server.base_url)
            app.bot_data["flood_gate"] = gate
            async with _polling(_echo_app(echo_server.base_url)), _polling(app):
                await _join(knack_server, db)
                warm_up = 1 if rounds > 1 else 0  # one round is a check that it runs: nothing to warm up for
                for _ in range(rounds + warm_up):  # a warm-up round of each is not counted
                    echoed.append(await _round(echo_server, n, KNACK))
                    knocked.append(await _round(knack_server, n, SAVED))
    finally:
        await db.dispose()
    if gate.slowed:  # a run the gate slowed measures its waits
        raise SystemExit(f"bench: the flood gate slowed {gate.slowed} loopback updates")
    echoed, knocked = echoed[-rounds:], knocked[-rounds:]
    ratios = [k / e for e, k in zip(echoed, knocked, strict=True)]
    return {
        "users": USERS,
        "updates": n,
        "rounds": rounds,
        "echo_ups": round(statistics.median(echoed), 1),
        "knack_ups": round(statistics.median(knocked), 1),
        "ratio": round(statistics.median(ratios), 3),
        "ratio_min": round(min(ratios), 3),
        "ratio_max": round(max(ratios), 3),
    }
