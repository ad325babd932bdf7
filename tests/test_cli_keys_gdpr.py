"""`verksam keys` and `verksam gdpr` as an operator runs them: a key file, rotation, export, erasure."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from bot.cli import main
from domain.entries import EntryKind, MemberDetails, RecruitChannel
from domain.roles import Role
from storage import crypto, entries, members, orgs
from storage.database import Database
from storage.models import AuditEvent, NewMember

NOW = datetime(2025, 3, 14, 11, tzinfo=UTC)


@pytest.fixture
def operator(tmp_path, monkeypatch):
    """A fresh machine: a database file, no key anywhere yet."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VERKSAM_KEY_FILE", str(tmp_path / "secrets" / "data.key"))
    monkeypatch.delenv("VERKSAM_DATA_KEY", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    return url, tmp_path / "secrets" / "data.key"


def with_db(url: str, work):
    async def run():
        db = Database(url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


async def a_member(db: Database) -> int:
    org_id = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", NOW)
    code = await orgs.create_invite(db, org_id, Role.VOLONTAR, NOW, ttl=timedelta(days=7))
    _, volunteer = await orgs.redeem_invite(db, code, 202, "Vera", NOW)
    details = MemberDetails(
        name="Anna Andersson", phone="+46701234567", forening_id=None, channel=RecruitChannel.DOOR, union_member=False
    )
    await entries.record(
        db,
        volunteer,
        EntryKind.MEMBER,
        {"members": 1},
        chat_id=1,
        message_id=1,
        occurred_at=NOW,
        now=NOW,
        details=details,
    )
    return org_id


def test_the_first_run_creates_a_private_key_file_and_says_so_once(operator, capsys):
    _url, key_file = operator
    assert main(["db", "upgrade"]) == 0
    assert f"Created a data key in {key_file}" in capsys.readouterr().err
    assert key_file.stat().st_mode & 0o777 == 0o600 and key_file.parent.stat().st_mode & 0o777 == 0o700
    assert main(["db", "upgrade"]) == 0
    assert "Created" not in capsys.readouterr().err


def test_keys_new_prints_a_fresh_key(operator, capsys):
    assert main(["keys", "new"]) == 0
    first = capsys.readouterr().out.strip()
    main(["keys", "new"])
    assert capsys.readouterr().out.strip() != first
    crypto.Keyring([first])  # a usable Fernet key


def test_rotate_reseals_under_a_new_key_and_the_old_one_opens_nothing(operator, capsys):
    url, key_file = operator
    main(["db", "upgrade"])
    org_id = with_db(url, a_member)
    old_key = key_file.read_text().strip()
    assert main(["keys", "rotate"]) == 0
    assert "Resealed 1" in capsys.readouterr().out
    new_key = key_file.read_text().strip()
    assert new_key != old_key and "\n" not in new_key
    raw = with_db(url, lambda db: _raw_name(db))
    with pytest.raises(crypto.DataKeyError):
        crypto.Keyring([old_key]).open(raw)
    crypto.use(crypto.Keyring([new_key]))
    assert crypto.keyring().open(raw) == "Anna Andersson"
    found = with_db(url, lambda db: members.find_by_phone(db, org_id, "+46701234567"))
    assert len(found) == 1  # the lookup hash moved with the key


async def _raw_name(db: Database) -> str:
    async with db.session() as s:
        return await s.scalar(text("SELECT name FROM new_members"))


def test_a_wrong_key_stops_the_bot_before_it_starts(operator, monkeypatch, capsys):
    url, _ = operator
    main(["db", "upgrade"])
    with_db(url, a_member)
    monkeypatch.setenv("VERKSAM_DATA_KEY", crypto.new_key())
    assert main(["db", "upgrade"]) == 2
    assert "VERKSAM_DATA_KEY" in capsys.readouterr().err


def test_gdpr_export_then_erase_by_phone_number(operator, capsys):
    url, _ = operator
    main(["db", "upgrade"])
    org_id = with_db(url, a_member)
    capsys.readouterr()
    assert main(["gdpr", "export", "--org", str(org_id), "--phone", "070-123 45 67"]) == 0
    [exported] = json.loads(capsys.readouterr().out)
    assert exported["name"] == "Anna Andersson" and exported["phone"] == "+46701234567"
    assert [step["step"] for step in exported["welcome_chain"]] == ["welcome_call"]
    assert (
        main(["gdpr", "erase", "--org", str(org_id), "--phone", "+46 70 123 45 67", "--reason", "begäran 2025-03"]) == 0
    )
    assert "Erased the contact details of 1 member" in capsys.readouterr().out
    assert main(["gdpr", "export", "--org", str(org_id), "--phone", "0701234567"]) == 1
    assert json.loads(capsys.readouterr().out) == []
    assert main(["gdpr", "erase", "--org", str(org_id), "--phone", "07O1234567"]) == 1  # letters: refused

    async def audited(db):
        async with db.session() as s:
            left = await s.scalar(select(func.count()).select_from(NewMember))
            return left, [
                (e.actor, e.action, e.reason) for e in await s.scalars(select(AuditEvent).order_by(AuditEvent.id))
            ]

    left, events = with_db(url, audited)
    assert left == 0
    assert events == [
        ("kommandoraden", "export", "begäran från medlemmen"),
        ("kommandoraden", "erase", "begäran 2025-03"),
    ]
