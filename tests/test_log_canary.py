"""A canary: a member's name and phone go through whole conversations with every logger at DEBUG,
and appear in no log line. Neither does the bot token."""

from __future__ import annotations

import logging
import re
import signal
import subprocess

import pytest

from bot.cli import configure_logging
from scheduler.planning import plan
from tests.botapi_server import SENT, BotApiServer
from tests.conftest import VOLUNTEER
from tests.fakebot import TOKEN
from tests.test_e2e_subprocess import ADMIN, TIMEOUT, VERKSAM, clean_env, without_quiet_hours
from tests.test_privacy import officers
from tests.test_welcome_chain import OFFICER, at, only_case, sweep_at

CANARY_NAME = "Zlatan Canaryson"
CANARY_PHONES = ("0709876543", "070-987 65 43", "+46709876543", "709876543")


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def debug_logs():
    """The bot's own logging set-up at DEBUG (as LOG_LEVEL=DEBUG gives), every line kept."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    configure_logging("DEBUG", [TOKEN])
    keep = Everything()
    keep.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root.addHandler(keep)
    yield keep
    root.handlers[:] = saved[1]
    root.setLevel(saved[0])


async def test_name_phone_and_token_never_reach_a_log_line(debug_logs, team, db, org):
    # debug_logs first: the database engine is created under DEBUG logging, as in production.
    ektorp = await officers(team, db, org)
    team.clock.now = at(14, 12)
    await team.send(VOLUNTEER, "/nymedlem")
    await team.send(VOLUNTEER, CANARY_NAME)
    await team.send(VOLUNTEER, "070-987 65 43")
    ask = await team.send(VOLUNTEER, "0709876543")  # answered twice: the second is stray text
    ask = await team.press(VOLUNTEER, team.api.sent(VOLUNTEER.id)[-1], f"nymedlem:forening:{ektorp}")
    ask = await team.press(VOLUNTEER, ask[0], "nymedlem:channel:dorr")
    await team.press(VOLUNTEER, ask[0], "nymedlem:union:no")
    card = (await sweep_at(team, at(14, 12, 1)))[0]
    case_id = (await only_case(db))[0].id
    await team.send(OFFICER, "/ringlista")
    await team.press(OFFICER, card, f"case:noanswer:{case_id}")
    await team.send(OFFICER, "/glom 070-987 65 43")
    await team.send(VOLUNTEER, "/status")
    await plan(team.app)
    team.api.blocked_chats.add(OFFICER.id)  # an error path too: the officer blocked the bot
    await sweep_at(team, at(16, 12, 1))
    assert any(" DEBUG " in line for line in debug_logs.lines)  # the loggers did run at DEBUG
    text = "\n".join(debug_logs.lines)
    assert "Canaryson" not in text and "Zlatan" not in text
    assert not any(phone in text for phone in CANARY_PHONES)
    assert TOKEN not in text and TOKEN.split(":")[1] not in text


def test_the_telegram_and_apscheduler_trees_stay_at_warning_at_debug(debug_logs):
    assert logging.getLogger().getEffectiveLevel() == logging.DEBUG
    for name in ("telegram.ext.Application", "telegram.ext.ConversationHandler", "telegram._bot", "apscheduler.scheduler"):
        assert logging.getLogger(name).getEffectiveLevel() == logging.WARNING, name


OFFICER_ID = 6161


def test_the_running_bot_at_debug_logs_no_name_or_phone(tmp_path):
    """`verksam run` with LOG_LEVEL=DEBUG, the whole /nymedlem flow through a loopback Bot API
    server, the officer's card sent: the log holds neither the member's name nor the phone's digits."""
    with BotApiServer() as server:
        text = run_at_debug(server, tmp_path)
    assert " DEBUG " in text  # the level did apply
    assert "Canaryson" not in text and "Zlatan" not in text
    assert "9876543" not in text  # the phone's digits, in any of its forms
    assert TOKEN.split(":")[1] not in text


def run_at_debug(server: BotApiServer, tmp_path) -> str:
    env = clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=server.base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}",
        VERKSAM_KEY_FILE=str(tmp_path / "secrets" / "data.key"),
    )
    created = subprocess.run(
        [*VERKSAM, "org", "create", "Partille AK", "--forening", "Ektorp"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    code = re.search(r"^Code: (\S+)$", created.stdout, re.MULTILINE).group(1)
    without_quiet_hours(tmp_path / "verksam.db")
    log_path = tmp_path / "run.log"
    with log_path.open("w") as log:
        bot = subprocess.Popen(
            [*VERKSAM, "run"], env={**env, "LOG_LEVEL": "DEBUG"}, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            run_the_nymedlem_flow(server, code)
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=TIMEOUT)
    return log_path.read_text()


def run_the_nymedlem_flow(server: BotApiServer, code: str) -> None:
    seen: set[int] = set()

    def say(text: str) -> None:
        seen.update(id(c) for c in server.calls())
        server.push_message(ADMIN, text, first_name="Alva")

    def press(data: str) -> None:
        seen.update(id(c) for c in server.calls())
        server.press(ADMIN, data)

    def answer(predicate):  # the first new message to the admin that matches
        def new_and_matching(call) -> bool:
            sent = call.method in SENT and int(call.params.get("chat_id", 0)) == ADMIN and id(call) not in seen
            return sent and predicate(str(call.params.get("text") or ""))

        return server.wait_for(new_and_matching, TIMEOUT)

    say(f"/start {code}")
    answer(lambda text: text.startswith("Välkommen till Partille AK"))
    say("/bjudin medlemsansvarig")
    invite = answer(lambda text: "?start=" in text)
    officer_code = re.search(r"\?start=(\S+)", invite.params["text"]).group(1)
    server.push_message(OFFICER_ID, f"/start {officer_code}", first_name="Olle")
    server.wait_for_message(OFFICER_ID, lambda text: text.startswith("Välkommen till Partille AK"), TIMEOUT)
    say("/nymedlem")
    answer(lambda text: text.startswith("Ny medlem!"))
    say(CANARY_NAME)
    answer(lambda text: "telefon" in text.lower())
    say("070-987 65 43")
    answer(lambda text: "förening" in text.lower())
    press("nymedlem:forening:-")
    answer(lambda text: "värv" in text.lower())
    press("nymedlem:channel:dorr")
    answer(lambda text: "fackförbund" in text)
    press("nymedlem:union:no")
    answer(lambda text: text.startswith("✅ Sparat: En ny medlem"))
    # The officer's card carries the name and phone: the sweep sends it within its 30-second interval.
    server.wait_for_message(OFFICER_ID, lambda text: "Canaryson" in text, 45)
