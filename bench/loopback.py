"""The third figure: updates through a Bot API server on loopback, from many volunteers at once.

Both applications poll tests/botapi_server.py over HTTP as `verksam run` does (getUpdates, then a
sendMessage per reply), with the same per-person update processor, so their ratio says what
Verksam's own work costs when updates arrive together. No send rate limiter: Telegram's 30
messages a second would cap both alike and measure nothing of the bot. The server runs in this
process (its threads share the interpreter with the bot), so the figures are a floor.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench import schema
from bot.app import build_application
from bot.update_processor import PerUserUpdateProcessor
from domain.roles import Role
from storage import orgs
from storage.database import Database
from tests.botapi_server import BotApiServer
from tests.fakebot import TOKEN

USERS = 50
KNACK = "/knack 40 12 Ektorp"
SAVED = "✅ Sparat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal."
TIMEOUT = 120.0


def _echo_app(base_url: str) -> Application:
    async def say_it_back(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    app = ApplicationBuilder().token(TOKEN).base_url(base_url).concurrent_updates(PerUserUpdateProcessor()).build()
    app.add_handler(MessageHandler(filters.TEXT, say_it_back))
    return app


async def _replies(server: BotApiServer, count: int, expected: str) -> None:
    """Wait until ``count`` messages were sent, each saying ``expected``."""
    deadline = time.monotonic() + TIMEOUT
    while len(sent := server.calls("sendMessage")) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: {len(sent)} of {count} replies through the loopback server")
        await asyncio.sleep(0.002)
    wrong = {c.params.get("text") for c in sent} - {expected}
    if wrong:
        raise SystemExit(f"bench: loopback replies {sorted(wrong)!r}, expected {expected!r}")


async def _serve(server: BotApiServer, app: Application, n: int, prepare: Callable | None = None) -> float:
    """Updates per second from the first push to the n-th reply, USERS volunteers at once."""
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
        try:
            if prepare is not None:
                await prepare()
            before = len(server.calls("sendMessage"))
            began = time.perf_counter()
            for i in range(n):
                server.push_message(1 + i % USERS, KNACK)
            await _replies(server, before + n, SAVED if prepare else KNACK)
            elapsed = time.perf_counter() - began
        finally:
            await app.updater.stop()
            await app.stop()
    return n / elapsed


async def echo(n: int) -> float:
    with BotApiServer() as server:
        return await _serve(server, _echo_app(server.base_url), n)


async def knack(n: int, directory: Path) -> float:
    url = f"sqlite+aiosqlite:///{directory / 'loopback.db'}"
    schema.make(url)
    db = Database(url)
    try:
        with BotApiServer() as server:
            app = build_application(TOKEN, db, base_url=server.base_url)

            async def join() -> None:  # the way a volunteer does: an invite and /start
                now = datetime.now(UTC)
                org = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", now)
                for user in range(1, USERS + 1):
                    code = await orgs.create_invite(db, org, Role.VOLONTAR, now, ttl=timedelta(days=7))
                    server.push_message(user, f"/start {code}")
                deadline = time.monotonic() + TIMEOUT
                while len(server.calls("sendMessage")) < USERS and time.monotonic() < deadline:
                    await asyncio.sleep(0.01)
                server.api.calls.clear()

            return await _serve(server, app, n, join)
    finally:
        await db.dispose()


async def run(n: int, directory: Path) -> dict:
    """At most 10 updates per volunteer (written within seconds: 30 would meet the flood gate)."""
    n = min(n, USERS * 10)
    echoed = await echo(n)
    knocked = await knack(n, directory)
    return {
        "users": USERS,
        "updates": n,
        "echo_ups": round(echoed, 1),
        "knack_ups": round(knocked, 1),
        "ratio": round(knocked / echoed, 3),
    }
