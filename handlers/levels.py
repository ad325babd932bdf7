"""/rapportera: the board reports a level (members in total, autogiro share, followers)."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from domain import metrics
from domain.dates import is_date_word, resolve_date
from domain.errors import InputError
from domain.roles import BOARD
from handlers.common import answer_input_error, local_today, reply, requires, services, texts
from storage import levels
from storage.orgs import Member

_VALUE = re.compile(r"^(\d{1,9}(?:[.,]\d{1,2})?)\s*%?$")
PERCENT_METRICS = {"autogiro_share"}
# Words that mean a level when reported, though elsewhere "medlemmar" counts new members.
LEVEL_WORDS = {"members": "members_total", "medlemmar": "members_total", "member_count": "members_total"}


@requires(BOARD)
async def report(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    svc = services(context)
    t = texts(update)
    args = context.args or []
    usage = t._("Skriv så här: /rapportera medlemsantal 1250, /rapportera autogiro 27% eller /rapportera foljare 1800.")
    value_at = next((i for i, a in enumerate(args) if _VALUE.match(a)), None)
    if value_at is None or value_at == 0:
        await reply(update, usage)
        return
    words = " ".join(args[:value_at])
    metric = LEVEL_WORDS.get(words.lower()) or metrics.resolve(words)
    if metric not in metrics.LEVELS:
        await reply(update, usage)
        return
    value = float(_VALUE.match(args[value_at])[1].replace(",", "."))
    if metric in PERCENT_METRICS and value > 100:
        await reply(update, t._("En andel kan vara högst 100 %."))
        return
    today = local_today(member, update.effective_message.date)
    rest = args[value_at + 1 :]
    try:
        day = resolve_date(rest[0], today) if rest and is_date_word(rest[0]) else today
    except InputError as error:
        await answer_input_error(update, error)
        return
    await levels.report(svc.db, member, metric, value, day, svc.clock())
    shown = f"{t.num(value, 1)}\xa0%" if metric in PERCENT_METRICS else t.num(value)
    name = metrics.display_name(metric, t.language)
    when = t.day(day, with_year=day.year != today.year)
    await reply(update, t._("📈 Rapporterat: {name} {value} ({day}).", name=name, value=shown, day=when))


def handlers() -> list:
    return [CommandHandler(["rapportera", "report"], report)]
