"""A database folder removed under a running bot (issue 9, item 5): nothing confirmed that was not
saved, and no new empty database made in its place, neither while running nor at the next start."""

from __future__ import annotations

import re
import shutil
import signal
import sqlite3
import subprocess

from sqlalchemy import func, select

from bot.cli import main
from domain.roles import Role
from storage.models import Entry
from tests.conftest import VOLUNTEER, join
from tests.harness import text_of
from tests.test_cli_keys_gdpr import operator  # noqa: F401 - the fixture
from tests.test_e2e_subprocess import ADMIN, TIMEOUT, VERKSAM, env, server  # noqa: F401 - fixtures too

DATABASE_DOWN = "Jag kommer inte åt databasen just nu. Försök igen om en stund – inget sparades."


async def test_a_removed_database_folder_confirms_nothing_and_a_restored_one_is_used_again(
    harness, db, org, tmp_path
):
    folder = tmp_path / "data"
    folder.mkdir()
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    assert text_of(await harness.send(VOLUNTEER, "/knack 40 12 Ektorp")).startswith("✅ Sparat")
    with sqlite3.connect(tmp_path / "verksam.db") as live, sqlite3.connect(folder / "backup.db") as copy:
        live.backup(copy)
    files = [path for path in tmp_path.iterdir() if path.name.startswith("verksam.db")]
    for path in files:
        path.unlink()  # the folder's database files are gone; the bot still has the file open

    for _ in range(5):
        assert text_of(await harness.send(VOLUNTEER, "/knack 30 9 Ektorp")) == DATABASE_DOWN
    assert not (tmp_path / "verksam.db").exists()  # and no empty database was made in its place

    shutil.copy(folder / "backup.db", tmp_path / "verksam.db")  # restored from the backup
    assert text_of(await harness.send(VOLUNTEER, "/knack 20 5 Ektorp")).startswith("✅ Sparat")
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(Entry)) == 2


def test_run_refuses_a_vanished_database_and_db_upgrade_starts_over(operator, monkeypatch, capsys):  # noqa: F811
    _url, _key_file = operator
    database = _key_file.parent.parent / "verksam.db"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:abcdefghijklmnop")
    assert main(["export", "--org", "1", "--year", "2025"]) == 1  # a first run makes the database…
    assert database.exists()
    database.unlink()
    capsys.readouterr()
    assert main(["run"]) == 2  # …and once used, it is never made again silently
    error = capsys.readouterr().err
    assert "missing or empty" in error and "verksam db upgrade" in error and "Traceback" not in error
    assert not database.exists()
    assert main(["db", "upgrade"]) == 0  # the explicit way to start over
    assert database.exists()


def answers(api_server, start: str) -> list:
    return [c for c in api_server.calls("sendMessage") if c.params["text"].startswith(start)]


def test_the_folder_removed_under_verksam_run(server, env, tmp_path):  # noqa: F811
    """The issue's own run: the bot as an operator runs it, its database folder removed while it runs."""
    folder = tmp_path / "data"
    folder.mkdir()
    env = {**env, "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'verksam.db'}"}
    created = subprocess.run([*VERKSAM, "org", "create", "Partille AK", "--forening", "Ektorp"], env=env,
                             cwd=tmp_path, capture_output=True, text=True, timeout=60)  # fmt: skip
    code = re.search(r"^Code: (\S+)$", created.stdout, re.MULTILINE).group(1)
    bot = subprocess.Popen([*VERKSAM, "run"], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        server.push_message(ADMIN, f"/start {code}", first_name="Alva")
        server.wait_for_message(ADMIN, lambda text: text.startswith("Välkommen"), TIMEOUT)
        server.push_message(ADMIN, "/knack 40 12 Ektorp", first_name="Alva")
        server.wait_for_message(ADMIN, lambda text: text.startswith("✅ Sparat"), TIMEOUT)
        shutil.rmtree(folder)
        for times in (1, 2):
            server.push_message(ADMIN, "/knack 30 9 Ektorp", first_name="Alva")
            server.wait_for(lambda _call, n=times: len(answers(server, DATABASE_DOWN)) == n, TIMEOUT)
        assert len(answers(server, "✅ Sparat")) == 1  # confirmed after the folder went: 0
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=TIMEOUT)
        assert "was removed or replaced" in bot.stderr.read()  # said in the log
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait(timeout=5)
    again = subprocess.run([*VERKSAM, "run"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "missing or empty" in again.stderr
    assert not folder.exists()  # no new, empty database where the old one was
