"""Two processes starting together on a fresh PostgreSQL database both bring it up to date (issue 9, item 14)."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from sqlalchemy import text

from storage.database import Database
from tests.conftest import POSTGRES_URL, _skip_or_fail_without_postgres

UPGRADE = "import sys; from storage import migrate; migrate.upgrade(sys.argv[1])"
ROUNDS = 4


async def _empty(url: str) -> None:
    db = Database(url)
    try:
        await db.drop_all()
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        await db.dispose()


def test_two_processes_upgrade_a_fresh_postgresql_database_together():
    _skip_or_fail_without_postgres()
    for _ in range(ROUNDS):  # unlocked, one in three runs failed
        asyncio.run(_empty(POSTGRES_URL))
        started = [
            subprocess.Popen([sys.executable, "-c", UPGRADE, POSTGRES_URL], stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        failures = [p.communicate(timeout=120)[1] for p in started if p.wait(timeout=120) != 0]
        assert failures == []
    asyncio.run(_empty(POSTGRES_URL))
