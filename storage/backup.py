"""Backups of a live database and their manifests: SQLite through its online backup API, PostgreSQL
through pg_dump. Plain paths and URLs in, a manifest out; the CLI and the nightly job decide where.

A backup is one consistent snapshot: SQLite's backup API copies every page in one step under one
read transaction (WAL lets the bot go on writing meanwhile), pg_dump reads one exported snapshot in
which the manifest's counts are taken too. The data key is never in a backup: the contact details
stay sealed in it, as they are in the database.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from storage import migrate

FORMAT = 1
MANIFEST_SUFFIX = ".json"


class BackupError(RuntimeError):
    """One line for the operator: why a backup or a restore was not made."""


@dataclass
class Manifest:
    database: str  # sqlite / postgresql
    revision: str | None
    taken_at: str
    counts: dict[str, int]
    size: int = 0
    sha256: str = ""
    data_key: str = "not included: the contact details are sealed and need the key kept apart"
    format: int = FORMAT
    notes: list[str] = field(default_factory=list)

    def write(self, backup: Path) -> Path:
        path = manifest_path(backup)
        path.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    @classmethod
    def read(cls, backup: Path) -> Manifest | None:
        path = manifest_path(backup)
        if not path.exists():
            return None
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k in known})


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(database)


# --- the schema revision ---------------------------------------------------------------------


def head_revision() -> str:
    return migrate.head()


def check_revision(revision: str | None) -> None:
    """A backup this code can take back: its revision is one of ours (older ones are upgraded)."""
    if revision is None:
        raise BackupError("the file has no schema revision (alembic_version): it is not a Verksam database")
    # Alembic loads here, not with the bot: only a restore or a copy asks which revisions exist.
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        known = ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise BackupError(
            f"the backup has schema revision {revision}, which this Verksam does not know "
            f"(its newest is {head_revision()}): install the Verksam that made it, then restore"
        )


# --- SQLite ----------------------------------------------------------------------------------


def _describe(conn: sqlite3.Connection) -> tuple[str | None, dict[str, int]]:
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    counts = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in sorted(names)}
    revision = None
    if "alembic_version" in counts:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    counts.pop("alembic_version", None)
    return revision, counts


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def _finish(partial: Path, target: Path, manifest: Manifest) -> Manifest:
    """The file gets its name only when whole, so a crash never leaves a half backup that looks done."""
    os.chmod(partial, 0o600)  # volunteers' names and the counts are not sealed: the owner's eyes only
    manifest.size = partial.stat().st_size
    manifest.sha256 = _digest(partial)
    os.replace(partial, target)
    manifest.write(target)
    return manifest


def backup_sqlite(source: Path, target: Path, now: datetime) -> Manifest:
    if not source.exists():
        raise BackupError(f"there is no database at {source}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)  # pages=-1: every page in one step, one read transaction, one snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        revision, counts = _describe(dst)
    manifest = Manifest("sqlite", revision, now.isoformat(timespec="seconds"), counts)
    return _finish(partial, target, manifest)


def inspect_sqlite(path: Path) -> Manifest:
    """What a backup file holds, after SQLite's own integrity check and the manifest's checksum."""
    if not path.is_file():
        raise BackupError(f"there is no file {path}")
    written = Manifest.read(path)
    if written is not None and written.sha256 and written.sha256 != _digest(path):
        raise BackupError(f"{path} is not the file its manifest describes (the checksum differs)")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is damaged (SQLite's integrity check failed)")
            revision, counts = _describe(conn)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database: {exc}") from None
    return Manifest("sqlite", revision, written.taken_at if written else "", counts)


def first_sealed_value(path: Path) -> str | None:
    """One sealed name from a backup, to check that the configured key opens it before restoring."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        try:
            row = conn.execute("SELECT name FROM new_members LIMIT 1").fetchone()
        except sqlite3.OperationalError:
            return None
    return row[0] if row else None


def live_counts_sqlite(path: Path) -> dict[str, int]:
    """What the database at `path` holds now (empty when there is none)."""
    if not path.exists() or path.stat().st_size == 0:
        return {}
    with closing(sqlite3.connect(path)) as conn:
        return _describe(conn)[1]


def restore_sqlite(backup: Path, target: Path) -> None:
    """Copy the backup into the live file through SQLite (not over it): its WAL and locks stay right."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


# --- PostgreSQL ------------------------------------------------------------------------------


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """pg_dump's connection string, with the password in the environment rather than on the command line."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


async def _run(*argv: str, env: dict[str, str]) -> None:
    try:
        process = await asyncio.create_subprocess_exec(
            *argv, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
        )
    except FileNotFoundError:
        raise BackupError(f"{argv[0]} is not installed (apt install postgresql-client)") from None
    _, err = await process.communicate()
    if process.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {err.decode(errors='replace').strip()[-500:]}")


_PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"


async def _pg_describe(conn) -> tuple[str | None, dict[str, int]]:
    names = list((await conn.execute(text(_PG_TABLES))).scalars())
    counts = {n: (await conn.execute(text(f'SELECT count(*) FROM "{n}"'))).scalar_one() for n in names}
    revision = None
    if "alembic_version" in counts:
        revision = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    counts.pop("alembic_version", None)
    return revision, counts


async def live_counts_postgresql(url: str) -> dict[str, int]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return (await _pg_describe(conn))[1]
    finally:
        await engine.dispose()


async def backup_postgresql(url: str, target: Path, now: datetime) -> Manifest:
    """pg_dump (custom format) of one exported snapshot; the manifest's counts are read in that snapshot."""
    dsn, env = libpq(url)
    partial = target.with_name(target.name + ".partial")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = create_async_engine(url, isolation_level="REPEATABLE READ")
    try:
        async with engine.connect() as conn, conn.begin():
            snapshot = (await conn.execute(text("SELECT pg_export_snapshot()"))).scalar_one()
            revision, counts = await _pg_describe(conn)
            await _run("pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", "-f", str(partial), dsn, env=env)
    finally:
        await engine.dispose()
    manifest = Manifest("postgresql", revision, now.isoformat(timespec="seconds"), counts)
    return _finish(partial, target, manifest)


async def restore_postgresql(backup: Path, url: str) -> None:
    """pg_restore into the configured database, replacing what is there, in one transaction."""
    written = Manifest.read(backup)
    if written is None or written.database != "postgresql":
        raise BackupError(f"{backup} has no PostgreSQL manifest ({manifest_path(backup).name}) beside it")
    if written.sha256 != _digest(backup):
        raise BackupError(f"{backup} is not the file its manifest describes (the checksum differs)")
    check_revision(written.revision)
    dsn, env = libpq(url)
    await _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", dsn, str(backup), env=env)


# --- keeping the last N ----------------------------------------------------------------------

NIGHTLY_PREFIX = "verksam-"


def nightly_name(now: datetime, suffix: str) -> str:
    return f"{NIGHTLY_PREFIX}{now.strftime('%Y%m%d-%H%M%S')}{suffix}"


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` nightly backups (and their manifests); the removed ones."""
    backups = sorted(
        p for p in directory.glob(f"{NIGHTLY_PREFIX}*") if not p.name.endswith((MANIFEST_SUFFIX, ".partial"))
    )
    gone = backups[: max(0, len(backups) - keep)]
    for path in gone:
        path.unlink(missing_ok=True)
        manifest_path(path).unlink(missing_ok=True)
    return gone
