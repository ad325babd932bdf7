"""The start-up's schema check: Alembic runs only when the database is not at head(), and never skips a
migration a database still needs (issue 13, start-up)."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from storage import migrate


def _assigned(path, name: str):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(getattr(t, "id", None) == name for t in targets):
                return ast.literal_eval(node.value)
    raise AssertionError(f"{path.name} assigns no {name}")


def test_head_is_alembics_own_head():
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert script.get_heads() == [migrate.head()]


def test_every_migration_file_is_named_after_its_revision_in_one_line():
    """head() reads the newest file name: NNNN_what.py must hold revision NNNN, following NNNN - 1."""
    files = sorted(migrate.VERSIONS.glob("*.py"))
    assert files, "no migrations found"
    previous = None
    for path in files:
        prefix = path.name.split("_", 1)[0]
        assert prefix.isdigit() and len(prefix) == 4, f"{path.name}: name it NNNN_what.py"
        assert _assigned(path, "revision") == prefix
        assert _assigned(path, "down_revision") == previous
        previous = prefix
    assert previous == migrate.head()


def _url(db) -> str:
    return db.engine.url.render_as_string(hide_password=False)


async def _at(db, revision: str | None) -> None:
    """The database as an older release left it: that revision's schema, nothing newer."""
    await db.drop_all()
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    if revision is not None:
        migrate.upgrade(_url(db), revision)


async def _tables(db) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_a_database_at_an_older_revision_is_still_migrated(any_db):
    await _at(any_db, "0008")
    assert migrate.revisions(_url(any_db)) == {"0008"}
    assert "districts" not in await _tables(any_db)
    migrate.upgrade(_url(any_db))
    assert migrate.revisions(_url(any_db)) == {migrate.head()}
    assert "districts" in await _tables(any_db)  # 0009's work was done
    await _at(any_db, None)


async def test_alembic_runs_only_when_the_schema_is_not_current(any_db, monkeypatch):
    await _at(any_db, None)
    ran: list[str] = []
    real = command.upgrade
    monkeypatch.setattr(command, "upgrade", lambda config, revision: (ran.append(revision), real(config, revision)))
    migrate.upgrade(_url(any_db))  # a new database: Alembic makes it
    migrate.upgrade(_url(any_db))  # current: nothing to do
    assert ran == ["head"]
    async with any_db.engine.begin() as conn:  # a revision this code does not know: Alembic says so
        await conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(Exception, match="0099"):
        migrate.upgrade(_url(any_db))
    assert ran == ["head", "head"]
    await _at(any_db, None)


def test_revisions_of_a_missing_sqlite_file_makes_no_file(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'not-there.db'}"
    assert migrate.revisions(url) is None
    assert not (tmp_path / "not-there.db").exists()


# Only needed later, or for one command: a chart, a spreadsheet, an uploaded plan, a schema to migrate,
# a database to copy.
LATER = ("alembic", "matplotlib", "openpyxl", "docx", "pypdf", "domain.plan_reader", "storage.copy")


def test_the_bot_starts_on_a_current_schema_without_what_it_needs_only_later(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}"
    migrate.upgrade(url)
    code = (
        "import sys; import bot.cli, bot.app; from storage import migrate; migrate.upgrade(sys.argv[1]); "
        f"print(sorted(m for m in {LATER!r} if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, timeout=120, check=True)
    assert shown.stdout.strip() == "[]"
