"""Backups as an operator takes them: under load, with a manifest, without the key; restore refuses
to replace data without --force and takes back only schemas it knows; the nightly job keeps the last N."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import application_from_settings
from bot.backup import take_nightly
from bot.cli import main
from bot.settings import Settings
from domain.entries import EntryKind, MemberDetails, RecruitChannel
from domain.roles import Role
from storage import backup, crypto, entries, members, migrate, orgs
from storage.database import Database
from storage.models import DayTotal, Entry, NewMember
from tests.conftest import TEST_DATA_KEY
from tests.fakebot import TOKEN

NOW = datetime(2025, 3, 14, 11, tzinfo=UTC)
PHONE = "+46701234567"


@pytest.fixture
def operator(tmp_path, monkeypatch) -> str:
    """A machine with the bot's settings in the environment and its key in VERKSAM_DATA_KEY."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'live' / 'verksam.db'}"
    (tmp_path / "live").mkdir()
    for name in ("VERKSAM_BACKUP_DIR", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VERKSAM_DATA_KEY", TEST_DATA_KEY)
    monkeypatch.setenv("VERKSAM_KEY_FILE", str(tmp_path / "secrets" / "data.key"))
    monkeypatch.chdir(tmp_path)
    return url


def with_db(url: str, work):
    async def run():
        db = Database(url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def details(n: int) -> MemberDetails:
    return MemberDetails(
        name=f"Anna Andersson {n}",
        phone=PHONE if n == 0 else f"+4670{n:07d}",
        forening_id=None,
        channel=RecruitChannel.DOOR,
        union_member=False,
    )


async def a_volunteer(db: Database):
    org_id = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", NOW)
    code = await orgs.create_invite(db, org_id, Role.VOLONTAR, NOW, ttl=timedelta(days=7))
    _, volunteer = await orgs.redeem_invite(db, code, 202, "Vera", NOW)
    return volunteer


async def log(db: Database, volunteer, n: int) -> None:
    """Entry n: every tenth a new member (entry, day total, sealed details, welcome case in one go)."""
    member = n % 10 == 0
    await entries.record(
        db,
        volunteer,
        EntryKind.MEMBER if member else EntryKind.KNACK,
        {"members": 1} if member else {"doors": 10, "conversations": 3},
        chat_id=1,
        message_id=n,
        occurred_at=NOW,
        now=NOW,
        details=details(n) if member else None,
    )


async def some_work(db: Database, n: int = 20) -> int:
    volunteer = await a_volunteer(db)
    for i in range(n):
        await log(db, volunteer, i)
    return volunteer.org_id


def held(path: Path) -> dict:
    """What a backup holds: the logged message ids, and the sums that must agree with them."""
    with sqlite3.connect(path) as conn:
        ids = [r[0] for r in conn.execute("SELECT message_id FROM entries ORDER BY message_id")]
        return {
            "ids": ids,
            "knack": conn.execute("SELECT count(*), COALESCE(sum(doors), 0) FROM entries WHERE kind='knack'").fetchone(),
            "knack_totals": conn.execute(
                "SELECT COALESCE(sum(entries), 0), COALESCE(sum(doors), 0) FROM day_totals WHERE kind='knack'"
            ).fetchone(),
            "members": conn.execute("SELECT count(*) FROM entries WHERE kind='member'").fetchone()[0],
            "details": conn.execute("SELECT count(*) FROM new_members").fetchone()[0],
            "member_totals": conn.execute("SELECT COALESCE(sum(entries), 0) FROM day_totals WHERE kind='member'")
            .fetchone()[0],
        }


async def test_a_backup_during_a_thousand_entries_holds_only_whole_transactions(operator, tmp_path):
    migrate.upgrade(operator)
    db = Database(operator)
    volunteer = await a_volunteer(db)
    committed = 0

    async def writer() -> None:
        nonlocal committed
        for n in range(1, 1001):
            await log(db, volunteer, n)
            committed = n  # the loop's thread runs record() to its commit without yielding: exact
            await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    taken = []
    while not task.done():
        before = committed
        target = tmp_path / "backups" / f"b{len(taken)}.db"
        await asyncio.to_thread(backup.backup_sqlite, backup.sqlite_file(operator), target, NOW)
        taken.append((before, committed, target))
    await task
    await db.dispose()

    overlapped = 0
    for before, after, target in taken:
        h = held(target)
        k = len(h["ids"])
        assert before <= k <= after, "every entry committed before the backup began is in it, none not yet committed"
        assert h["ids"] == list(range(1, k + 1))  # in commit order: a prefix, no gaps
        assert h["knack"] == h["knack_totals"]  # the entry and its day total: both or neither
        assert h["members"] == h["details"] == h["member_totals"]  # and the sealed contact details
        overlapped += before < after
    assert len(taken) >= 3 and overlapped >= 1, f"no backup ran while entries were logged: {taken}"


def test_backup_writes_a_manifest_says_where_the_key_is_and_holds_no_key(operator, tmp_path, capsys):
    migrate.upgrade(operator)
    with_db(operator, some_work)
    target = tmp_path / "out" / "copy.db"
    assert main(["backup", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.count("The data key is not in the backup") == 1
    assert "VERKSAM_DATA_KEY in the environment" in out and "cannot be read" in out
    manifest = json.loads(backup.manifest_path(target).read_text())
    assert manifest["revision"] == backup.head_revision()
    assert manifest["counts"]["entries"] == 20 and manifest["counts"]["new_members"] == 2
    assert manifest["size"] == target.stat().st_size and manifest["taken_at"]
    assert target.stat().st_mode & 0o777 == 0o600
    raw = target.read_bytes()
    assert TEST_DATA_KEY.encode() not in raw
    assert b"Anna Andersson" not in raw and PHONE.encode() not in raw and b"701234567" not in raw


def test_restore_reads_the_contact_details_with_the_key_and_refuses_without_it(operator, tmp_path, monkeypatch, capsys):
    migrate.upgrade(operator)
    org_id = with_db(operator, some_work)
    target = tmp_path / "copy.db"
    assert main(["backup", str(target)]) == 0
    new_home = tmp_path / "new-machine" / "verksam.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{new_home}")

    monkeypatch.setenv("VERKSAM_DATA_KEY", crypto.new_key())  # the key was not kept
    assert main(["restore", str(target)]) == 1
    assert "need the key they were sealed with" in capsys.readouterr().err
    assert not new_home.exists()
    monkeypatch.setenv("VERKSAM_DATA_KEY", "not-a-key")
    assert main(["restore", str(target)]) == 1
    assert "not a Fernet key" in capsys.readouterr().err
    monkeypatch.delenv("VERKSAM_DATA_KEY")  # and no key at all: refused too, and no key file made
    assert main(["restore", str(target)]) == 1
    assert "no data key is configured" in capsys.readouterr().err
    assert not (tmp_path / "secrets" / "data.key").exists()

    monkeypatch.setenv("VERKSAM_DATA_KEY", TEST_DATA_KEY)
    assert main(["restore", str(target)]) == 0
    assert "Restored" in capsys.readouterr().out
    url = f"sqlite+aiosqlite:///{new_home}"
    [found] = with_db(url, lambda db: members.export(db, org_id, PHONE, NOW, members.CLI, "test"))
    assert found["name"] == "Anna Andersson 0"
    raw = with_db(url, lambda db: _raw_names(db))
    with pytest.raises(crypto.DataKeyError):
        crypto.Keyring([crypto.new_key()]).open(raw[0])


async def _raw_names(db: Database) -> list[str]:
    from sqlalchemy import text

    async with db.session() as s:
        return list(await s.scalars(text("SELECT name FROM new_members")))


def test_restore_refuses_to_replace_a_live_database_without_force(operator, tmp_path, capsys):
    migrate.upgrade(operator)
    with_db(operator, lambda db: some_work(db, 5))
    target = tmp_path / "five.db"
    assert main(["backup", str(target)]) == 0
    with_db(operator, lambda db: _more(db))
    capsys.readouterr()
    assert main(["restore", str(target)]) == 1
    err = capsys.readouterr().err
    assert "already holds data" in err and "6 entries" in err and "--force" in err
    assert with_db(operator, _entry_count) == 6  # untouched

    assert main(["restore", str(target), "--force"]) == 0
    assert "as it was is kept in" in capsys.readouterr().out
    assert with_db(operator, _entry_count) == 5
    [kept] = (tmp_path / "live").glob("verksam-before-restore-*.db")
    assert len(held(kept)["ids"]) == 6


async def _more(db: Database) -> None:
    await log(db, await orgs.member_for(db, 202), 99)


async def _entry_count(db: Database) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(Entry))


def test_restore_takes_an_older_schema_and_upgrades_it_but_refuses_an_unknown_one(operator, tmp_path, capsys):
    old = tmp_path / "old.db"
    migrate.upgrade(f"sqlite+aiosqlite:///{old}", "0004")
    assert main(["restore", str(old)]) == 0
    assert f"Now at schema {backup.head_revision()}" in capsys.readouterr().out

    future = tmp_path / "future.db"
    migrate.upgrade(f"sqlite+aiosqlite:///{future}")
    with sqlite3.connect(future) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    assert main(["restore", str(future), "--force"]) == 1
    assert "0099_from_the_future, which this Verksam does not know" in capsys.readouterr().err

    junk = tmp_path / "notes.db"
    junk.write_text("not a database")
    assert main(["restore", str(junk)]) == 1
    assert "is not a SQLite database" in capsys.readouterr().err


def test_a_backup_that_does_not_match_its_manifest_is_refused(operator, tmp_path, capsys):
    migrate.upgrade(operator)
    target = tmp_path / "b.db"
    assert main(["backup", str(target)]) == 0
    with sqlite3.connect(target) as conn:
        conn.execute("DELETE FROM alembic_version")
    assert main(["restore", str(target)]) == 1
    assert "checksum differs" in capsys.readouterr().err


def test_keys_where_names_the_source_and_never_the_key(operator, tmp_path, monkeypatch, capsys):
    assert main(["keys", "where"]) == 0
    out = capsys.readouterr().out
    assert "VERKSAM_DATA_KEY in the environment (1 key" in out and TEST_DATA_KEY not in out
    monkeypatch.delenv("VERKSAM_DATA_KEY")
    assert main(["keys", "where"]) == 0
    assert f"the key file {tmp_path / 'secrets' / 'data.key'} (not there yet" in capsys.readouterr().out
    main(["db", "upgrade"])  # the first run makes the file
    capsys.readouterr()
    assert main(["keys", "where"]) == 0
    out = capsys.readouterr().out
    assert f"the key file {tmp_path / 'secrets' / 'data.key'}." in out


async def test_the_nightly_job_is_scheduled_at_the_quiet_hour_and_keeps_the_last_n(operator, tmp_path):
    migrate.upgrade(operator)
    db = Database(operator)
    directory = tmp_path / "nightly"
    settings = Settings(
        _env_file=None, telegram_bot_token=TOKEN, database_url=operator, verksam_backup_dir=str(directory),
        verksam_backup_keep=3,
    )  # fmt: skip
    app = application_from_settings(settings, db)
    [job] = app.job_queue.get_jobs_by_name("backup")
    assert "hour='3'" in str(job.job.trigger) and str(job.job.trigger.timezone) == "Europe/Stockholm"
    off = Settings(_env_file=None, telegram_bot_token=TOKEN, database_url=operator, verksam_backup_dir="")
    assert application_from_settings(off, db).job_queue.get_jobs_by_name("backup") == ()

    await some_work(db, 3)
    made = [await take_nightly(settings, NOW + timedelta(days=d)) for d in range(5)]
    await db.dispose()
    left = sorted(p.name for p in directory.iterdir())
    assert left == sorted([p.name for p in made[2:]] + [p.name + ".json" for p in made[2:]])
    assert len(held(made[-1])["ids"]) == 3


async def test_the_day_totals_of_a_restored_backup_agree_with_its_entries(operator, tmp_path):
    """What the digest reads after a restore is what was logged (the day totals came along)."""
    migrate.upgrade(operator)
    db = Database(operator)
    await some_work(db, 30)
    await db.dispose()
    target = tmp_path / "b.db"
    await asyncio.to_thread(backup.backup_sqlite, backup.sqlite_file(operator), target, NOW)
    restored = Database(f"sqlite+aiosqlite:///{target}")
    async with restored.session() as s:
        assert await s.scalar(select(func.sum(DayTotal.entries))) == 30
        assert await s.scalar(select(func.count()).select_from(NewMember)) == 3
    await restored.dispose()
