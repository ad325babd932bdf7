"""The clock's one job: send what the outbox owes, each row once.

Runs every SWEEP_SECONDS in the bot process (APScheduler, through python-telegram-bot's JobQueue)
and keeps no state of its own: everything it knows is in the database, so a restart, a crash
mid-send or a second replica changes nothing the users see.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ContextTypes

from bot.i18n import Texts
from handlers.case_cards import HEADINGS, TASK_NAMES, card_buttons, card_text
from handlers.common import Services
from scheduler.digest import send_digest
from scheduler.nudges import send_nudge
from storage import cases, digests, members, nudges, orgs, outbox
from storage.outbox import Item

SWEEP_SECONDS = 30
LEASE = timedelta(minutes=5)  # longer than a batch takes to send, even at Telegram's pace
BATCH = 100
MAX_ATTEMPTS = 5
log = logging.getLogger(__name__)


async def sweep(app: Application) -> int:
    """One pass; returns how many messages went out."""
    svc: Services = app.bot_data["services"]
    sent, messaged_cases = 0, set()
    while batch := await outbox.claim(svc.db, svc.clock(), LEASE, BATCH):
        for item in batch:
            if item.case_id is not None and item.case_id in messaged_cases and item.kind != "case_escalate":
                outcome = "skipped"  # after downtime, one message per case, not every reminder missed
            else:
                outcome = await _deliver_once(app, svc, item)
                if item.case_id is not None and item.kind != "case_escalate" and outcome == "sent":
                    messaged_cases.add(item.case_id)
            if outcome is not None:
                await outbox.finish(svc.db, item.id, outcome, svc.clock())
                sent += outcome == "sent"
    return sent


async def sweep_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await sweep(context.application)


def sweep_soon(app: Application) -> None:
    """Send what is due now without waiting for the next round: a new member's card reaches the
    officer within a second or two. The round every SWEEP_SECONDS stays the safety net."""
    if app.job_queue is not None:
        app.job_queue.run_once(sweep_job, when=0, name="sweep-soon")


async def _deliver_once(app: Application, svc: Services, item: Item) -> str | None:
    """'sent', 'skipped' or 'failed'; None when it should be tried again later."""
    now = svc.clock()
    try:
        return await _deliver(app, svc, item, now)
    except RetryAfter as exc:  # the rate limiter's own retries ran out
        await outbox.retry_later(svc.db, item.id, now + timedelta(seconds=exc.retry_after))
    except Forbidden:
        log.info("outbox %s: the recipient blocked the bot", item.key)
        if item.kind == digests.DIGEST:
            await digests.forget_report_chat(svc.db, item.chat_id)  # no-op for a person's own chat
        if item.case_id is not None:
            await cases.reassign_from_unreachable(svc.db, item.case_id, now)
        return "failed"
    except BadRequest as exc:
        log.warning("outbox %s: refused by the Bot API: %s", item.key, exc.message)
        return "failed"
    except NetworkError:
        if item.attempts >= MAX_ATTEMPTS:
            log.warning("outbox %s: gave up after %s attempts", item.key, item.attempts)
            return "failed"
        await outbox.retry_later(svc.db, item.id, now + timedelta(minutes=item.attempts))
    return None


async def _deliver(app: Application, svc: Services, item: Item, now: datetime) -> str:
    if item.kind in (digests.DIGEST, digests.CHART, nudges.NUDGE):
        # In the recipient's language: a member's choice in a private chat, Swedish in a group.
        t = Texts(await orgs.language_of_chat(svc.db, item.org_id, item.chat_id))
        if item.kind == nudges.NUDGE:
            return await send_nudge(app.bot, svc.db, item.key, item.chat_id, now, t)
        return await send_digest(app.bot, svc.db, item.kind, item.org_id, item.chat_id, digests.week_of(item.key), t)
    card = await cases.card(svc.db, item.case_id) if item.case_id else None
    if card is None or not card.open:
        return "skipped"  # done, dropped or undone since it was planned
    if item.kind == "case_escalate":
        return await _escalate(app, svc, card, now)
    if card.assignee_user_id is None:
        return "skipped"  # nobody to ask: the digest counts it as open
    t = Texts(card.assignee_language)
    text = card_text(t, card, HEADINGS.get(item.kind, ""))
    await app.bot.send_message(card.assignee_user_id, text, reply_markup=card_buttons(t, card))
    if card.name is not None:
        reason = "välkomstkedjan: kortet till ansvarig"
        await members.audit_views(
            svc.db, card.org_id, [card.entry_id], now, card.assignee_name, reason, card.assignee_id
        )
    return "sent"


async def _escalate(app: Application, svc: Services, card: cases.CaseCard, now: datetime) -> str:
    board = await cases.escalate(svc.db, card.id, now)
    if not board:
        return "skipped"
    for chat_id in board:  # no contact details: the officer has them
        t = Texts(await orgs.language_of_chat(svc.db, card.org_id, chat_id))
        try:
            await app.bot.send_message(chat_id, _escalation_text(t, card))
        except Forbidden:
            log.info("escalation of case %s: a board member blocked the bot", card.id)
    return "sent"


def _escalation_text(t: Texts, card: cases.CaseCard) -> str:
    due = card.due_at.astimezone(ZoneInfo(card.timezone)).date()
    return t._(
        "⚠️ Försenat: {task} ({forening}) skulle vara gjort {day}. Ansvarig har fått påminnelser; "
        "kan någon hjälpa till?",
        task=t._(TASK_NAMES[card.step]),
        forening=card.forening or t._("ingen förening"),
        day=t.day(due),
    )
