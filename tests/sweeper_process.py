"""A bot process that sweeps the outbox once, for the frozen-replica test (run with SIGSTOP/SIGCONT).

python -m tests.sweeper_process DATABASE_URL BOT_API_BASE_URL LEASE_SECONDS  (key: VERKSAM_DATA_KEY)
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta

from bot.app import build_application
from scheduler import sweep as sweeper
from storage import crypto
from storage.database import Database
from tests.fakebot import TOKEN


async def sweep_once(url: str, base_url: str, lease: float) -> int:
    sweeper.LEASE = timedelta(seconds=lease)  # the real one is a minute; the test cannot wait that long
    sweeper.RENEW_SECONDS = lease / 4
    crypto.use(crypto.Keyring([os.environ["VERKSAM_DATA_KEY"]]))
    db = Database(url)
    app = build_application(TOKEN, db, base_url=base_url)
    await app.initialize()
    try:
        return await sweeper.sweep(app)
    finally:
        await app.shutdown()
        await db.dispose()


if __name__ == "__main__":
    print(asyncio.run(sweep_once(sys.argv[1], sys.argv[2], float(sys.argv[3]))), flush=True)
