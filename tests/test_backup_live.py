"""`verksam backup` from a shell while `verksam run` logs work: two processes, one SQLite file."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.botapi_server import BotApiServer
from tests.fakebot import TOKEN
from tests.test_e2e_subprocess import TIMEOUT, VERKSAM, clean_env

ADMIN = 4242
VOLUNTEERS = range(5151, 5171)  # twenty, each well under the gate's flood limit
EACH = 15
KNOCKS = EACH * len(VOLUNTEERS)
SAVED = "✅ Sparat: Dörrknackning"


@pytest.fixture
def server():
    with BotApiServer() as server:
        yield server


def sh(env: dict[str, str], cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*VERKSAM, *argv], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def saved(server: BotApiServer) -> int:
    return sum(
        1
        for c in server.calls("sendMessage")
        if int(c.params.get("chat_id", 0)) in VOLUNTEERS and str(c.params.get("text", "")).startswith(SAVED)
    )


def consistent(path: Path) -> int:
    """The entries a backup holds, after checking each came with its day total."""
    with sqlite3.connect(path) as conn:
        entries, doors = conn.execute("SELECT count(*), COALESCE(sum(doors), 0) FROM entries").fetchone()
        totals = conn.execute("SELECT COALESCE(sum(entries), 0), COALESCE(sum(doors), 0) FROM day_totals").fetchone()
    assert (entries, doors) == totals and doors == 10 * entries
    return entries


def test_backups_taken_while_the_running_bot_logs_hold_whole_entries(server: BotApiServer, tmp_path: Path):
    live = tmp_path / "verksam.db"
    env = clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=server.base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{live}",
        VERKSAM_KEY_FILE=str(tmp_path / "secrets" / "data.key"),
    )
    created = sh(env, tmp_path, "org", "create", "Partille AK", "--forening", "Ektorp")
    code = re.search(r"^Code: (\S+)$", created.stdout, re.MULTILINE).group(1)
    log = (tmp_path / "run.log").open("w")
    bot = subprocess.Popen([*VERKSAM, "run"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        server.push_message(ADMIN, f"/start {code}", first_name="Alva")
        server.wait_for_message(ADMIN, lambda text: text.startswith("Välkommen"), TIMEOUT)
        server.push_message(ADMIN, "/bjudin volontär Ektorp lag", first_name="Alva")
        invite = server.wait_for_message(ADMIN, lambda text: "?start=" in text, TIMEOUT)
        team_code = re.search(r"start=(\S+)", invite.params["text"]).group(1)
        for user in VOLUNTEERS:
            server.push_message(user, f"/start {team_code}", first_name=f"V{user}")
            server.wait_for_message(user, lambda text: text.startswith("Välkommen"), TIMEOUT)

        for _ in range(EACH):
            for user in VOLUNTEERS:
                server.push_message(user, "/knack 10 3 Ektorp", first_name=f"V{user}")
        taken, deadline = [], time.monotonic() + 120
        while saved(server) < KNOCKS and time.monotonic() < deadline:
            before = saved(server)  # each of these replies was sent after its entry was committed
            target = tmp_path / f"backup-{len(taken)}.db"
            result = sh(env, tmp_path, "backup", str(target))
            assert result.returncode == 0, result.stderr
            with sqlite3.connect(live) as conn:
                after = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            taken.append((before, consistent(target), after))
        assert saved(server) == KNOCKS, "the bot did not log every entry"
        bot.send_signal(signal.SIGTERM)
        assert bot.wait(timeout=TIMEOUT) == 0
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait(timeout=5)
        log.close()

    assert taken, "no backup was taken while the bot logged"
    for before, held, after in taken:
        assert before <= held <= after, taken
    assert any(0 < held < KNOCKS for _, held, _ in taken), f"no backup fell in the middle of the logging: {taken}"
    assert consistent(live) == KNOCKS
