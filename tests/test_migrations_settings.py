"""Alembic brings both databases to exactly the models' schema; settings fail with one clear line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from bot.app import file_url_for
from bot.settings import SettingsError, load_settings
from storage import crypto, members, migrate
from storage.models import Base, NewMember


async def test_migrations_match_the_models_and_are_idempotent(any_db):
    await any_db.drop_all()
    async with any_db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    url = any_db.engine.url.render_as_string(hide_password=False)
    migrate.upgrade(url)
    migrate.upgrade(url)  # a second run changes nothing

    def diff(sync_conn):
        return compare_metadata(MigrationContext.configure(sync_conn, opts={"compare_type": True}), Base.metadata)

    async with any_db.engine.connect() as conn:
        assert await conn.run_sync(diff) == []
        await conn.execute(text("DROP TABLE alembic_version"))
        await conn.commit()


async def test_upgrade_sums_the_entries_already_logged_per_local_day(any_db):
    await any_db.drop_all()
    async with any_db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    url = any_db.engine.url.render_as_string(hide_password=False)
    migrate.upgrade(url, "0002")
    async with any_db.engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO organisations (id, name, timezone, created_at) VALUES (1, 'AK', 'Europe/Stockholm', :t)"),
            {"t": datetime(2025, 1, 1, tzinfo=UTC)},
        )
        logged = [  # 23:30 UTC on 14 March is the 15th in Stockholm; the undone one does not count
            (1, datetime(2025, 3, 14, 10, tzinfo=UTC), 40, 12, None),
            (2, datetime(2025, 3, 14, 23, 30, tzinfo=UTC), 10, 3, None),
            (3, datetime(2025, 3, 15, 9, tzinfo=UTC), 20, 5, None),
            (4, datetime(2025, 3, 15, 9, tzinfo=UTC), 99, 99, datetime(2025, 3, 15, 10, tzinfo=UTC)),
        ]
        for message_id, when, doors, talks, undone in logged:
            await conn.execute(
                text(
                    "INSERT INTO entries (org_id, kind, occurred_at, chat_id, message_id, doors, opened, "
                    "conversations, members, created_at, undone_at) "
                    "VALUES (1, 'knack', :when, 1, :m, :d, 0, :c, 0, :when, :undone)"
                ),
                {"when": when, "m": message_id, "d": doors, "c": talks, "undone": undone},
            )
    migrate.upgrade(url)
    async with any_db.engine.connect() as conn:
        rows = (
            await conn.execute(text("SELECT day, entries, doors, conversations FROM day_totals ORDER BY day"))
        ).all()
    assert [(str(day)[:10], n, d, c) for day, n, d, c in rows] == [("2025-03-14", 1, 40, 12), ("2025-03-15", 2, 30, 8)]
    await any_db.drop_all()
    async with any_db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE alembic_version"))


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "DATABASE_URL", "VERKSAM_TIMEZONE", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_defaults_and_env_file(clean_env, tmp_path):
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///verksam.db"
    assert settings.telegram_base_url == "https://api.telegram.org/bot"
    assert settings.verksam_timezone == "Europe/Stockholm"
    with pytest.raises(SettingsError, match=r"^TELEGRAM_BOT_TOKEN is not set: .*@BotFather"):
        settings.require_token()
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=123456:abcdefghijklmnop\nLOG_LEVEL=debug\n")
    settings = load_settings()
    assert (settings.require_token(), settings.log_level) == ("123456:abcdefghijklmnop", "DEBUG")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_BASE_URL", "api.telegram.org"),
        ("DATABASE_URL", "mysql://localhost/x"),
        ("VERKSAM_TIMEZONE", "Mars/Olympus"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_an_invalid_setting_is_named_in_one_line(clean_env, name, value):
    clean_env.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert message.startswith(f"{name} is invalid: ") and "\n" not in message
    assert value not in message or name != "TELEGRAM_BOT_TOKEN"  # never echo a token


@pytest.mark.parametrize(
    ("base_url", "file_url"),
    [
        ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
        ("http://127.0.0.1:8081/bot/", "http://127.0.0.1:8081/file/bot"),
        ("http://localhost:9000/custom/bot", "http://localhost:9000/custom/file/bot"),
    ],
)
def test_files_are_fetched_beside_the_configured_bot_api(base_url: str, file_url: str) -> None:
    assert file_url_for(base_url) == file_url


async def test_upgrade_seals_contact_details_written_in_plaintext_before(any_db):
    await any_db.drop_all()
    async with any_db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    url = any_db.engine.url.render_as_string(hide_password=False)
    migrate.upgrade(url, "0003")
    when = datetime(2025, 3, 14, tzinfo=UTC)
    async with any_db.engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO organisations (id, name, timezone, created_at) VALUES (1, 'AK', 'Europe/Stockholm', :t)"),
            {"t": when},
        )
        await conn.execute(
            text(
                "INSERT INTO entries (id, org_id, kind, occurred_at, chat_id, message_id, doors, opened, "
                "conversations, members, created_at) VALUES (1, 1, 'member', :t, 1, 1, 0, 0, 0, 1, :t)"
            ),
            {"t": when},
        )
        await conn.execute(
            text(
                "INSERT INTO new_members (org_id, entry_id, name, phone, channel, union_member, registered_at) "
                "VALUES (1, 1, 'Anna Andersson', '+46701234567', 'dorr', false, :t)"
            ),
            {"t": when},
        )
    migrate.upgrade(url)
    async with any_db.engine.connect() as conn:
        raw = (await conn.execute(text("SELECT name, phone FROM new_members"))).one()
    assert "Anna" not in raw[0] and "4670" not in raw[1]
    async with any_db.session() as s:
        member = await s.scalar(select(NewMember))
    assert (member.name, member.phone) == ("Anna Andersson", "+46701234567")
    assert [f.entry_id for f in await members.find_by_phone(any_db, 1, "+46701234567")] == [1]
    assert crypto.keyring().open(raw[0]) == "Anna Andersson"
    await any_db.drop_all()
    async with any_db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE alembic_version"))


async def test_upgrade_closes_the_open_cases_of_members_erased_before_it(any_db):
    """Issue 10, item 16: an erased member's case kept its four buttons; 0006 closes such cases."""
    await any_db.drop_all()
    async with any_db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    url = any_db.engine.url.render_as_string(hide_password=False)
    migrate.upgrade(url, "0005")
    when = {"t": datetime(2025, 3, 14, 10, tzinfo=UTC)}
    async with any_db.engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO organisations (id, name, timezone, created_at) VALUES (1, 'AK', 'Europe/Stockholm', :t)"),
            when,
        )
        for entry_id in (1, 2):
            await conn.execute(
                text(
                    "INSERT INTO entries (id, org_id, kind, occurred_at, chat_id, message_id, doors, opened, "
                    "conversations, members, created_at) VALUES (:e, 1, 'member', :t, 1, :m, 0, 0, 0, 1, :t)"
                ),
                {"e": entry_id, "m": entry_id, **when},
            )
            await conn.execute(
                text(
                    "INSERT INTO welcome_cases (id, org_id, new_member_entry_id, step, opened_at) "
                    "VALUES (:e, 1, :e, 'welcome_call', :t)"
                ),
                {"e": entry_id, **when},
            )
        await conn.execute(  # entry 2's member was erased: no contact details left
            text(
                "INSERT INTO new_members (org_id, entry_id, name, channel, union_member, registered_at) "
                "VALUES (1, 1, 'sealed', 'dorr', false, :t)"
            ),
            when,
        )
    migrate.upgrade(url)
    async with any_db.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT id, closed_reason FROM welcome_cases ORDER BY id"))).all()
    assert [tuple(r) for r in rows] == [(1, None), (2, "erased")]
    await any_db.drop_all()
    async with any_db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE alembic_version"))
