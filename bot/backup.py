"""`verksam backup`, `verksam restore`, `verksam keys where`, `verksam db copy` and the nightly backup.

The commands an operator needs to keep a branch's year of work safe and to move it. bot/cli.py
registers them (register()); bot/app.py schedules the nightly backup (schedule_nightly()).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram.ext import Application, ContextTypes

from bot import data_keys
from bot.settings import Settings
from bot.wording import counted
from storage import backup, crypto, migrate

log = logging.getLogger(__name__)


def _prepare(settings: Settings) -> None:
    from bot.cli import prepare  # the CLI's start-up (key, schema, key check); imported late: cli imports us

    prepare(settings)


# --- where the key is ------------------------------------------------------------------------


def key_whereabouts(settings: Settings) -> str:
    """Where this configuration takes its data key from, without showing the key."""
    if settings.verksam_data_key is not None:
        count = len([k for k in settings.verksam_data_key.get_secret_value().split(",") if k.strip()])
        origin = "the environment" if "VERKSAM_DATA_KEY" in os.environ else f"the file {Path.cwd() / '.env'}"
        return f"VERKSAM_DATA_KEY in {origin} ({count} key{'s' if count > 1 else ''}; the first one seals)"
    path = settings.verksam_key_file
    if path.exists():
        return f"the key file {path}"
    return f"the key file {path} (not there yet: the first run creates it)"


def cmd_keys_where(settings: Settings, _args: argparse.Namespace) -> int:
    print(f"The data key comes from {key_whereabouts(settings)}.")
    if settings.verksam_data_key is None:
        print("Set VERKSAM_DATA_KEY (environment or .env) or VERKSAM_KEY_FILE to take it from elsewhere.")
    return 0


def key_note(settings: Settings) -> str:
    return (
        f"The data key is not in the backup. It is in {key_whereabouts(settings)}. Without it the members' "
        "names and phone numbers in the backup cannot be read, and that is the point: a lost backup gives "
        "nobody their contact details. Keep a copy of the key apart from the backups (a password manager)."
    )


# --- backup ----------------------------------------------------------------------------------


def _suffix(url: str) -> str:
    return ".db" if url.startswith("sqlite") else ".dump"


async def take_backup(url: str, target: Path, now: datetime) -> backup.Manifest:
    if url.startswith("sqlite"):
        return await asyncio.to_thread(backup.backup_sqlite, backup.sqlite_file(url), target, now)
    return await backup.backup_postgresql(url, target, now)


def _summary(manifest: backup.Manifest) -> str:
    counts = manifest.counts
    return (
        f"schema {manifest.revision}, {counted(counts.get('organisations', 0), 'organisation')}, "
        f"{counted(counts.get('entries', 0), 'entry', 'entries')}, "
        f"{counted(counts.get('new_members', 0), 'member', 'members')}' contact details"
    )


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    default_dir = settings.verksam_backup_dir or Path.cwd()
    target = Path(args.file) if args.file else default_dir / backup.nightly_name(now, _suffix(settings.database_url))
    began = time.perf_counter()
    try:
        manifest = asyncio.run(take_backup(settings.database_url, target, now))
    except backup.BackupError as exc:
        print(f"No backup made: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - began
    print(f"Backed up to {target} ({manifest.size / 1e6:.1f} MB in {seconds:.1f} s): {_summary(manifest)}.")
    print(f"Manifest: {backup.manifest_path(target)}")
    print(key_note(settings))
    return 0


# --- restore ---------------------------------------------------------------------------------


def _configured_keyring(settings: Settings) -> crypto.Keyring | None:
    """The configured key, if there is one; unlike start-up, never creates a key file."""
    if settings.verksam_data_key is None and not settings.verksam_key_file.exists():
        return None
    return data_keys.load(settings)[0]


def _check_key_opens(settings: Settings, file: Path) -> None:
    sealed = backup.first_sealed_value(file)
    if sealed is None:
        return
    try:
        keyring = _configured_keyring(settings)
        if keyring is None:
            raise crypto.DataKeyError("no data key is configured")
        keyring.open(sealed)
    except crypto.DataKeyError as exc:
        raise backup.BackupError(
            f"{exc}: the backup's contact details need the key they were sealed with. Put it in "
            f"VERKSAM_DATA_KEY or {settings.verksam_key_file} (it is not in the backup), then restore"
        ) from None


def _refuse_live(where: str, counts: dict[str, int]) -> int:
    print(
        f"{where} already holds data ({counted(counts.get('organisations', 0), 'organisation')}, "
        f"{counted(counts.get('entries', 0), 'entry', 'entries')}). Stop the bot, then restore with --force to replace it "
        "(it is backed up beside itself first).",
        file=sys.stderr,
    )
    return 1


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    file = Path(args.file)
    try:
        if settings.database_url.startswith("sqlite"):
            return _restore_sqlite(settings, file, args.force)
        return asyncio.run(_restore_postgresql(settings, file, args.force))
    except backup.BackupError as exc:
        print(f"Not restored: {exc}", file=sys.stderr)
        return 1


def _restore_sqlite(settings: Settings, file: Path, force: bool) -> int:
    found = backup.inspect_sqlite(file)
    backup.check_revision(found.revision)
    _check_key_opens(settings, file)
    live = backup.sqlite_file(settings.database_url)
    counts = backup.live_counts_sqlite(live)
    if any(counts.values()):
        if not force:
            return _refuse_live(f"The database {live}", counts)
        now = datetime.now(UTC)
        kept = live.with_name(f"{live.stem}-before-restore-{now.strftime('%Y%m%d-%H%M%S')}{live.suffix}")
        backup.backup_sqlite(live, kept, now)
        print(f"The database as it was is kept in {kept}.")
    backup.restore_sqlite(file, live)
    if backup.live_counts_sqlite(live) != found.counts:
        raise backup.BackupError(f"the restored {live} does not hold what the backup holds: restore again")
    _prepare(settings)  # upgrades an older schema and checks the key, as every start does
    taken = f", taken {found.taken_at}" if found.taken_at else ""
    print(f"Restored {file}{taken} into {live}: {_summary(found)}. Now at schema {backup.head_revision()}.")
    return 0


async def _restore_postgresql(settings: Settings, file: Path, force: bool) -> int:
    counts = await backup.live_counts_postgresql(settings.database_url)
    if any(counts.values()):
        if not force:
            return _refuse_live("The PostgreSQL database", counts)
        now = datetime.now(UTC)
        kept = file.with_name(f"before-restore-{now.strftime('%Y%m%d-%H%M%S')}.dump")
        await backup.backup_postgresql(settings.database_url, kept, now)
        print(f"The database as it was is kept in {kept}.")
    await backup.restore_postgresql(file, settings.database_url)
    await asyncio.to_thread(_prepare, settings)
    print(f"Restored {file} into PostgreSQL: {_summary(backup.Manifest.read(file))}.")
    return 0


# --- db copy ---------------------------------------------------------------------------------


def cmd_db_copy(settings: Settings, args: argparse.Namespace) -> int:
    from storage.copy import CopyError  # the copy (its table walk) loads for this command only, not at every start

    target = args.to
    if not target.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
        print("Give the target as --to postgresql+asyncpg://USER@HOST/DB", file=sys.stderr)
        return 1
    if target == settings.database_url:
        print("The target is the database this configuration uses: give another one.", file=sys.stderr)
        return 1
    _prepare(settings)  # the source at the newest schema
    try:
        migrate.upgrade(target)  # ... and the target at the same one
        with tempfile.TemporaryDirectory(prefix="verksam-copy-") as tmp:
            counts = asyncio.run(_copy(settings.database_url, target, Path(tmp)))
    except (CopyError, backup.BackupError) as exc:
        print(f"Not copied: {exc}", file=sys.stderr)
        return 1
    width = max(map(len, counts))
    print("Copied, and counted on both sides:")
    for table, rows in counts.items():
        print(f"  {table:<{width}} {rows:>10}")
    print("Now set DATABASE_URL to the new database (in .env or the service's environment) and restart the bot.")
    return 0


async def _copy(source_url: str, target_url: str, tmp: Path) -> dict[str, int]:
    """From SQLite, copy a snapshot (an online backup) so that a running bot cannot tear the copy."""
    from storage.copy import copy_database

    if source_url.startswith("sqlite"):
        snapshot = tmp / "snapshot.db"
        await take_backup(source_url, snapshot, datetime.now(UTC))
        source_url = f"sqlite+aiosqlite:///{snapshot}"
    return await copy_database(source_url, target_url)


# --- the nightly backup ----------------------------------------------------------------------


async def take_nightly(settings: Settings, now: datetime | None = None) -> Path:
    """One backup into VERKSAM_BACKUP_DIR, then the oldest beyond VERKSAM_BACKUP_KEEP go."""
    now = now or datetime.now(UTC)
    directory = settings.verksam_backup_dir
    target = directory / backup.nightly_name(now, _suffix(settings.database_url))
    manifest = await take_backup(settings.database_url, target, now)
    gone = backup.prune(directory, settings.verksam_backup_keep)
    log.info("Nightly backup %s: %d bytes; %d older ones removed", target.name, manifest.size, len(gone))
    return target


async def nightly_backup(context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await take_nightly(context.job.data)
    except (backup.BackupError, OSError) as exc:
        log.error("The nightly backup failed: %s", exc)


def schedule_nightly(app: Application, settings: Settings) -> None:
    """With VERKSAM_BACKUP_DIR set: a backup every night at VERKSAM_BACKUP_HOUR, local time."""
    if settings.verksam_backup_dir is None:
        return
    at = clock_time(settings.verksam_backup_hour, 17, tzinfo=ZoneInfo(settings.verksam_timezone))
    app.job_queue.run_daily(
        nightly_backup, at, name="backup", data=settings, job_kwargs={"max_instances": 1, "coalesce": True}
    )


# --- the commands ----------------------------------------------------------------------------


def register(sub, db_sub, keys_sub) -> None:
    """Add the commands to `verksam`'s parser (its top level, `db` and `keys`)."""
    take = sub.add_parser("backup", help="a consistent copy of the live database, with a manifest")
    take.add_argument("file", nargs="?", help="where (default verksam-DATE-TIME.db in VERKSAM_BACKUP_DIR or here)")
    take.set_defaults(func=cmd_backup)
    back = sub.add_parser("restore", help="put a backup back (refuses to replace data without --force)")
    back.add_argument("file")
    back.add_argument("--force", action="store_true", help="replace a database that holds data (kept beside it)")
    back.set_defaults(func=cmd_restore)
    copy = db_sub.add_parser("copy", help="copy everything to another database (SQLite to PostgreSQL)")
    copy.add_argument("--to", required=True, metavar="URL", help="postgresql+asyncpg://USER@HOST/DB, empty")
    copy.set_defaults(func=cmd_db_copy)
    keys_sub.add_parser("where", help="where the data key is taken from").set_defaults(func=cmd_keys_where)
