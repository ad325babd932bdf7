"""A canary: a member's name and phone go through whole conversations with every logger at DEBUG,
and appear in no log line. Neither does the bot token."""

from __future__ import annotations

import logging

import pytest

from bot.cli import configure_logging
from scheduler.planning import plan
from tests.conftest import VOLUNTEER
from tests.fakebot import TOKEN
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
    assert len(debug_logs.lines) > 20  # the loggers did run at DEBUG
    text = "\n".join(debug_logs.lines)
    assert "Canaryson" not in text and "Zlatan" not in text
    assert not any(phone in text for phone in CANARY_PHONES)
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
