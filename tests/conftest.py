"""Fixtures: databases (SQLite always, PostgreSQL when reachable), the clock, the bot."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import build_application
from domain.roles import Role
from storage import crypto, orgs
from storage.database import Database
from tests import faketime
from tests.fakebot import TOKEN, FakeBotApi, FakeRequest
from tests.harness import UTC_NOON, FakeClock, Harness, Person

POSTGRES_URL = os.environ.get("VERKSAM_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("VERKSAM_REQUIRE_POSTGRES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    """``VERKSAM_TEST_NOW="2026-12-31 22:59:30"`` (UTC) runs the suite at that wall-clock moment."""
    if faketime.wanted():
        config.pluginmanager.getplugin("capturemanager").stop_global_capturing()
        faketime.restart_at_moment()


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


def _skip_or_fail_without_postgres() -> None:
    if postgres_reachable():
        return
    reason = "PostgreSQL is not reachable on 127.0.0.1:5432"
    if REQUIRE_POSTGRES:
        pytest.fail(f"{reason}, and VERKSAM_REQUIRE_POSTGRES=1 demands it")
    pytest.skip(reason)


TEST_DATA_KEY = crypto.new_key()


@pytest.fixture(autouse=True)
def data_key():
    """Members' contact details are sealed under a key; the tests' key is made per run."""
    crypto.use(crypto.Keyring([TEST_DATA_KEY]))
    yield
    crypto.use(None)


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_db(request, tmp_path) -> AsyncIterator[Database]:
    """A fresh, empty schema on each database the project supports."""
    if request.param == "postgresql":
        _skip_or_fail_without_postgres()
        db = Database(POSTGRES_URL)
        await db.drop_all()
    else:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}")
    await db.create_all()
    yield db
    if request.param == "postgresql":
        await db.drop_all()
    await db.dispose()


@pytest.fixture
async def db(tmp_path) -> AsyncIterator[Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}")
    await db.create_all()
    yield db
    await db.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(UTC_NOON)


@pytest.fixture
async def harness(db: Database, clock: FakeClock) -> AsyncIterator[Harness]:
    api = FakeBotApi()
    app = build_application(TOKEN, db, request=FakeRequest(api), clock=clock)
    await app.initialize()
    yield Harness(app, api, clock)
    await app.shutdown()


@pytest.fixture
async def org(db: Database) -> int:
    return await orgs.create_org(db, "Partille AK", ["Ektorp", "Sävedalen"], "Europe/Stockholm", UTC_NOON)


async def join(harness: Harness, db: Database, org_id: int, person: Person, role: Role, forening_id=None) -> None:
    """Put a person in the organisation the way a person does: an invite and /start."""
    code = await orgs.create_invite(db, org_id, role, harness.clock(), ttl=timedelta(days=7), forening_id=forening_id)
    await harness.send(person, f"/start {code}")


ADMIN = Person(101, "Aino")
VOLUNTEER = Person(202, "Vera")
BOARD_MEMBER = Person(303, "Bo")
STRANGER = Person(909, "Stig")


@pytest.fixture
async def team(harness: Harness, db: Database, org: int) -> Harness:
    """An organisation with an admin, a board member and a volunteer who have joined."""
    await join(harness, db, org, ADMIN, Role.ADMIN)
    await join(harness, db, org, BOARD_MEMBER, Role.STYRELSE)
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    harness.api.calls.clear()
    return harness


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# The `team` above on each database (SQLite and PostgreSQL).


@pytest.fixture
async def any_harness(any_db: Database) -> AsyncIterator[Harness]:
    api, clock = FakeBotApi(), FakeClock(UTC_NOON)
    app = build_application(TOKEN, any_db, request=FakeRequest(api), clock=clock)
    await app.initialize()
    yield Harness(app, api, clock)
    await app.shutdown()


@pytest.fixture
async def any_org(any_db: Database) -> int:
    return await orgs.create_org(any_db, "Partille AK", ["Ektorp", "Sävedalen"], "Europe/Stockholm", UTC_NOON)


@pytest.fixture
async def any_team(any_harness: Harness, any_db: Database, any_org: int) -> Harness:
    for person, role in ((ADMIN, Role.ADMIN), (BOARD_MEMBER, Role.STYRELSE), (VOLUNTEER, Role.VOLONTAR)):
        await join(any_harness, any_db, any_org, person, role)
    any_harness.api.calls.clear()
    return any_harness
