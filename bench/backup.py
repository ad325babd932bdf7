"""Backup and restore of a big branch: 1,000,000 entries (a tenth of them new members with sealed
contact details), on SQLite, through the same functions `verksam backup` and `verksam restore` use.

Timed: the online backup with its manifest (counts and checksum included), the restore's checks
(integrity, checksum, revision) and the copy back. Reported: the sizes of the live file and the backup.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from bench.digest import seed
from storage import backup, migrate
from storage.copy import copy_database
from storage.database import Database
from storage.models import Entry, NewMember

DETAILS_CHUNK = 20_000


async def _contact_details(db: Database) -> int:
    """Sealed names and phones for every new-member entry, as /nymedlem leaves them."""
    async with db.session() as s:
        ids = list(await s.scalars(select(Entry.id).where(Entry.kind == "member")))
    now = datetime(2025, 1, 1, tzinfo=UTC)
    for first in range(0, len(ids), DETAILS_CHUNK):
        rows = [
            {"org_id": 1, "entry_id": i, "name": f"Medlem {i}", "phone": f"+4670{i:07d}", "channel": "dorr",
             "union_member": False, "registered_at": now}
            for i in ids[first : first + DETAILS_CHUNK]
        ]  # fmt: skip
        async with db.session() as s:
            await s.execute(insert(NewMember), rows)
    return len(ids)


def _timed(call, *args):
    began = time.perf_counter()
    result = call(*args)
    return result, time.perf_counter() - began


async def _empty(url: str) -> None:
    db = Database(url)
    await db.drop_all()
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    await db.dispose()


async def _copy_to(live: Path, url: str) -> float:
    """`verksam db copy` into an emptied PostgreSQL database, emptied again after: seconds."""
    await _empty(url)
    migrate.upgrade(url)
    began = time.perf_counter()
    await copy_database(f"sqlite+aiosqlite:///{live}", url)
    seconds = time.perf_counter() - began
    await _empty(url)
    return seconds


async def run(n: int = 1_000_000, copy_to: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        live = Path(tmp) / "verksam.db"
        url = f"sqlite+aiosqlite:///{live}"
        migrate.upgrade(url)
        db = Database(url)
        began = time.perf_counter()
        await seed(db, n)
        members = await _contact_details(db)
        await db.settle_erasure()  # fold the write-ahead log into the file: its size is the database's
        await db.dispose()
        seeded_s = time.perf_counter() - began
        target = Path(tmp) / "backup" / "verksam.db"
        manifest, backup_s = _timed(backup.backup_sqlite, live, target, datetime.now(UTC))
        found, check_s = _timed(backup.inspect_sqlite, target)
        restored = Path(tmp) / "restored.db"
        _, restore_s = _timed(backup.restore_sqlite, target, restored)
        same = backup.live_counts_sqlite(restored) == manifest.counts == found.counts
        copied = {"copy_to_postgresql_s": round(await _copy_to(live, copy_to), 1)} if copy_to else {}
        return copied | {
            "entries": manifest.counts["entries"],
            "new_members": members,
            "seed_s": round(seeded_s, 1),
            "live_mb": round(live.stat().st_size / 1e6, 1),
            "backup_mb": round(manifest.size / 1e6, 1),
            "backup_s": round(backup_s, 2),
            "restore_check_s": round(check_s, 2),
            "restore_copy_s": round(restore_s, 2),
            "counts_match": same,
        }


def table(result: dict) -> str:
    return "\n".join(
        [
            f"backup: {result['entries']} entries, {result['new_members']} with sealed contact details, SQLite",
            f"  live file {result['live_mb']} MB   backup {result['backup_mb']} MB",
            f"  backup (online API, manifest, checksum) {result['backup_s']:.2f} s",
            f"  restore: checks {result['restore_check_s']:.2f} s, copy back {result['restore_copy_s']:.2f} s",
            f"  counts match after the round trip: {result['counts_match']}",
        ]
        + ([f"  db copy to PostgreSQL {result['copy_to_postgresql_s']:.1f} s"] if "copy_to_postgresql_s" in result else [])
    )
