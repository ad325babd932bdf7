"""End to end: the installed `verksam` command, as an operator runs it, against a loopback Bot API."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.botapi_server import BotApiServer
from tests.fakebot import TOKEN

TIMEOUT = 20.0
ADMIN = 4242
VOLUNTEER = 5151
_script = Path(sys.executable).with_name("verksam")
VERKSAM = [str(_script)] if _script.exists() else [sys.executable, "-m", "bot.cli"]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")


def clean_env(**settings: str) -> dict[str, str]:
    """The inherited environment without any Verksam setting, plus `settings`."""
    names = {"TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "DATABASE_URL", "VERKSAM_TIMEZONE", "LOG_LEVEL"}
    env = {k: v for k, v in os.environ.items() if k.upper() not in names and not k.upper().startswith("VERKSAM_")}
    return {**env, "PYTHONUNBUFFERED": "1", **settings}


def without_quiet_hours(database: Path) -> None:
    """These runs use the wall clock: a card held for the morning would fail a test run at 21:00."""
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE organisations SET quiet_start = 0, quiet_end = 0")


def not_across_a_new_week(within: timedelta = timedelta(minutes=2)) -> None:
    """These runs use the wall clock, and /status counts the week the knock was logged in only if it
    is still that week: a run begun just before Monday 00:00 in Stockholm starts just after it."""
    zone = ZoneInfo("Europe/Stockholm")  # the organisations' zone: VERKSAM_TIMEZONE's default
    now = datetime.now(zone)
    later = (now + within).date()
    monday = datetime.combine(later - timedelta(days=later.weekday()), clock_time(), tzinfo=zone)
    if now < monday:
        time.sleep((monday - now).total_seconds() + 1)


@pytest.fixture
def server() -> Iterator[BotApiServer]:
    with BotApiServer() as server:
        yield server


@pytest.fixture
def env(server: BotApiServer, tmp_path: Path) -> dict[str, str]:
    return clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=server.base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}",
        VERKSAM_KEY_FILE=str(tmp_path / "secrets" / "data.key"),
    )


def test_create_an_organisation_join_log_and_stop(server: BotApiServer, env: dict[str, str], tmp_path: Path) -> None:
    created = subprocess.run(
        [*VERKSAM, "org", "create", "Partille AK", "--forening", "Ektorp"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert created.returncode == 0, created.stderr
    key_file = tmp_path / "secrets" / "data.key"
    assert f"Created a data key in {key_file}" in created.stderr  # said once, on the first run
    assert key_file.stat().st_mode & 0o777 == 0o600
    link = re.search(r"https://t\.me/verksam_test_bot\?start=(\S+)", created.stdout)
    code = re.search(r"^Code: (\S+)$", created.stdout, re.MULTILINE)
    assert link and code, created.stdout
    assert link.group(1) == code.group(1)
    without_quiet_hours(tmp_path / "verksam.db")
    not_across_a_new_week()

    log = (tmp_path / "run.log").open("w")
    bot = subprocess.Popen([*VERKSAM, "run"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        server.push_message(ADMIN, f"/start {code.group(1)}", first_name="Alva")
        server.wait_for_message(ADMIN, lambda text: text.startswith("Välkommen till Partille AK"), TIMEOUT)
        server.push_message(ADMIN, "/bjudin volontär Ektorp", first_name="Alva")
        invite = server.wait_for_message(ADMIN, lambda text: "?start=" in text, TIMEOUT)
        volunteer_code = re.search(r"\?start=(\S+)", invite.params["text"]).group(1)

        # Vera's phone runs in English, as many Swedes' do: in the organisation she reads Swedish.
        say = lambda text: server.push_message(VOLUNTEER, text, first_name="Vera", language_code="en")  # noqa: E731
        answer = lambda predicate: server.wait_for_message(VOLUNTEER, predicate, TIMEOUT)  # noqa: E731
        say(f"/start {volunteer_code}")
        answer(lambda text: text.startswith("Välkommen till Partille AK"))
        say("/knack 40 12 Ektorp")
        answer(lambda text: text == "✅ Sparat: Dörrknackning i Ektorp: 40 dörrar, 12 samtal.")
        say("/samtal 25 torg")
        answer(lambda text: text.startswith("✅ Sparat: 25 samtal"))
        say("/nymedlem")
        answer(lambda text: text.startswith("Ny medlem!"))
        say("Anna Andersson")
        answer(lambda text: "telefon" in text.lower())
        say("070-123 45 67")
        answer(lambda text: "förening" in text.lower())

        # A deploy in the middle of the flow: SIGTERM, then a new process carries on from the same step.
        bot = restart(bot, env, tmp_path, log)
        with sqlite3.connect(tmp_path / "verksam.db") as conn:
            kept = conn.execute("SELECT sealed FROM flow_data").fetchall()
        assert len(kept) == 1 and "Anna" not in kept[0][0] and "0701234567" not in kept[0][0]
        server.press(VOLUNTEER, "nymedlem:forening:-")
        answer(lambda text: "värv" in text.lower())
        server.press(VOLUNTEER, "nymedlem:channel:dorr")
        answer(lambda text: "fackförbund" in text)
        server.press(VOLUNTEER, "nymedlem:union:yes")
        answer(lambda text: text.startswith("✅ Sparat: En ny medlem"))
        card = server.wait_for_message(ADMIN, lambda text: text.startswith("📞"), TIMEOUT)  # the officer's card
        assert "Telefon: 070-123 45 67 (+46701234567)" in card.params["text"]
        say("/angra")
        answer(lambda text: text.startswith("↩"))
        say("/status")
        answer(lambda text: "Din vecka" in text and "1 dörrknackning" in text and "37 samtal" in text)

        with sqlite3.connect(tmp_path / "verksam.db") as conn:
            rows = conn.execute("SELECT kind, conversations, undone_at IS NULL FROM entries ORDER BY id").fetchall()
            details = conn.execute("SELECT count(*) FROM new_members").fetchone()[0]
        assert rows == [("knack", 12, 1), ("samtal", 25, 1), ("member", 0, 0)]
        assert details == 0  # undone: the contact details went with it

        menus = server.calls("setMyCommands")
        assert [c.params.get("language_code") for c in menus] == [None, "en"] * 2  # set at each start
        assert {c["command"] for c in menus[0].params["commands"]} >= {"knack", "status", "angra"}

        bot.send_signal(signal.SIGTERM)
        assert bot.wait(timeout=TIMEOUT) == 0, (tmp_path / "run.log").read_text()
        assert "Traceback" not in (tmp_path / "run.log").read_text()
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait(timeout=5)
        log.close()


def restart(bot: subprocess.Popen, env: dict[str, str], cwd: Path, log) -> subprocess.Popen:
    bot.send_signal(signal.SIGTERM)
    assert bot.wait(timeout=TIMEOUT) == 0, (cwd / "run.log").read_text()
    return subprocess.Popen([*VERKSAM, "run"], env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)


def test_run_without_a_token_says_what_to_do(tmp_path: Path) -> None:
    """An empty cwd: no .env to read, so the token is missing and the operator is told where to get one."""
    result = subprocess.run(
        [*VERKSAM, "run"], env=clean_env(), cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in lines[0] and "@BotFather" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "verksam.db").exists()  # refused before touching the database


REFUSED = "1000001:not-the-token-the-server-knows"


def run_with_refused_token(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**env, "TELEGRAM_BOT_TOKEN": REFUSED}
    return subprocess.run([*VERKSAM, "run"], env=env, cwd=cwd, capture_output=True, text=True, timeout=60)


def test_run_with_a_refused_token_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    """The Bot API answers 401 to a token it does not know: exit 2, and the last line says what to do."""
    result = run_with_refused_token(env, tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("TELEGRAM_BOT_TOKEN was refused")


def test_a_refused_token_is_neither_logged_nor_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    result = run_with_refused_token(env, tmp_path)
    assert REFUSED.split(":")[1] not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_start_asks_getme_once(server: BotApiServer, env: dict[str, str], tmp_path: Path) -> None:
    """The token check is the application's own getMe, in the loop it runs in: the start does not ask
    again (a round trip, and on the real Bot API a TLS handshake, off every start)."""
    bot = subprocess.Popen([*VERKSAM, "run"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        server.wait_for(lambda c: c.method == "getUpdates", TIMEOUT)
    finally:
        bot.send_signal(signal.SIGTERM)
        assert bot.wait(timeout=TIMEOUT) == 0, bot.stderr.read().decode()[-2000:]
    assert len(server.calls("getMe")) == 1
