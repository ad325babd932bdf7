"""The clock's one job: send what the outbox owes, each row once.

Runs every SWEEP_SECONDS in the bot process (APScheduler, through python-telegram-bot's JobQueue)
and keeps no state of its own: everything it knows is in the database, so a restart, a crash
mid-send or a second replica changes nothing the users see.

Claims carry this run's token (storage.outbox): each row is checked to be still ours just before
it is sent, and a background beat renews the batch's leases while it goes out, so a short lease
suffices and a replica frozen past it sends nothing that another has taken over. One row's error
is that row's: it is retried later and, after MAX_ATTEMPTS, dead-lettered; the sweep goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ContextTypes

from scheduler import district_digest
from scheduler.digest import send_digest
from scheduler.nudges import send_nudge
from storage import cases, dead_letters, digests, members, nudges, orgs, outbox
from storage.outbox import Item
from storage.services import Services
from storage.signatures import sign
from views.case_cards import HEADINGS, TASK_NAMES, card_keyboard, card_text
from views.i18n import Texts

SWEEP_SECONDS = 30
LEASE = timedelta(seconds=60)  # renewed before each send and every RENEW_SECONDS while a batch goes out
RENEW_SECONDS = 20
BATCH = 100
MAX_ATTEMPTS = 5
NOT_TO_THE_HOLDER = frozenset({"case_escalate", cases.LATE})  # about a case, to others than its officer
log = logging.getLogger(__name__)


def claim_token(app: Application) -> str:
    """This run's token; the instance name (settings, else the host name) is what survives a restart."""
    instance = app.bot_data.get("instance") or socket.gethostname()
    return app.bot_data.setdefault("claim_token", outbox.claim_token(instance))


async def reclaim_after_restart(app: Application) -> int:
    """At start: rows an earlier run of this instance had claimed when it died are due again at once."""
    svc: Services = app.bot_data["services"]
    released = await outbox.release_previous(svc.db, claim_token(app))
    if released:
        log.info("outbox: %s claims of an earlier run of this instance released", released)
    return released


async def sweep(app: Application) -> int:
    """One pass; returns how many messages went out."""
    svc: Services = app.bot_data["services"]
    token = claim_token(app)
    sent, messaged_cases = 0, set()
    async with _renewing(svc, token):
        while batch := await outbox.claim(svc.db, svc.clock(), LEASE, BATCH, token):
            for item in batch:
                sent += await _one(app, svc, item, token, messaged_cases) == "sent"
    return sent


async def sweep_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await sweep(context.application)


def sweep_soon(app: Application) -> None:
    """Send what is due now without waiting for the next round: a new member's card reaches the
    officer within a second or two. The round every SWEEP_SECONDS stays the safety net."""
    if app.job_queue is not None:
        app.job_queue.run_once(sweep_job, when=0, name="sweep-soon")


@contextlib.asynccontextmanager
async def _renewing(svc: Services, token: str) -> AsyncIterator[None]:
    """Keep this worker's leases alive while a batch goes out, however slowly Telegram lets it."""

    async def beat() -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            try:
                await outbox.renew(svc.db, token, svc.clock(), LEASE)
            except Exception as exc:  # the next beat tries again; the per-send check keeps it safe
                log.warning("outbox: could not renew the leases (%s)", type(exc).__name__)

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _one(app: Application, svc: Services, item: Item, token: str, messaged_cases: set[int]) -> str | None:
    about_the_case = item.case_id is not None and item.kind not in NOT_TO_THE_HOLDER
    if about_the_case and item.case_id in messaged_cases:
        outcome = "skipped"  # after downtime, one message per case, not every reminder missed
    elif not await outbox.hold(svc.db, item.id, token, svc.clock(), LEASE):
        log.info("outbox %s: taken over by another worker while this one stalled; left to it", item.key)
        return None
    else:
        outcome = await _deliver_isolated(app, svc, item, token)
        if about_the_case and outcome == "sent":
            messaged_cases.add(item.case_id)
    if outcome is not None and not await outbox.finish(svc.db, item.id, outcome, svc.clock(), token):
        log.warning("outbox %s: done, but its claim had passed to another worker", item.key)
    return outcome


async def _deliver_isolated(app: Application, svc: Services, item: Item, token: str) -> str | None:
    """One row's error stays that row's: it is tried again later, or given up, and the sweep goes on."""
    try:
        return await _deliver_once(app, svc, item, token)
    except Exception as exc:  # any error: a card that cannot be opened, a bug of ours
        # The type only: messages of database errors can carry values, and this goes to the log.
        await _failed(svc, item, token, type(exc).__name__)
        return None


async def _failed(svc: Services, item: Item, token: str, error: str) -> None:
    now = svc.clock()
    if item.attempts >= MAX_ATTEMPTS:
        log.warning("outbox %s: given up after %s attempts (%s)", item.key, item.attempts, error)
        await dead_letters.give_up(svc.db, item, token, error, now)
        return
    log.warning("outbox %s: attempt %s failed (%s); tried again later", item.key, item.attempts, error)
    await outbox.retry_later(svc.db, item.id, now + timedelta(minutes=item.attempts), token, error)


async def _deliver_once(app: Application, svc: Services, item: Item, token: str) -> str | None:
    """'sent', 'skipped' or 'failed'; None when it should be tried again later or is done already."""
    now = svc.clock()
    try:
        return await _deliver(app, svc, item, now, token)
    except RetryAfter as exc:  # the rate limiter's own retries ran out
        await outbox.retry_later(svc.db, item.id, now + timedelta(seconds=exc.retry_after), token)
    except Forbidden:
        log.info("outbox %s: the recipient blocked the bot", item.key)
        if item.kind == digests.DIGEST:
            await digests.forget_report_chat(svc.db, item.chat_id)  # no-op for a person's own chat
        if item.case_id is not None and item.kind not in NOT_TO_THE_HOLDER:
            await cases.reassign_from_unreachable(svc.db, item.case_id, now)
        return "failed"
    except BadRequest as exc:
        log.warning("outbox %s: refused by the Bot API: %s", item.key, exc.message)
        return "failed"
    except NetworkError:
        await _failed(svc, item, token, "NetworkError")
    return None


async def _deliver(app: Application, svc: Services, item: Item, now: datetime, token: str) -> str | None:
    if item.kind in district_digest.KINDS:  # in the district role's chosen language, Swedish in a group
        t = Texts(await district_digest.language_of(svc.db, item))
        return await district_digest.send(app.bot, svc.db, item, t, now)
    if item.kind in (digests.DIGEST, digests.CHART, nudges.NUDGE, dead_letters.NOTICE):
        # In the recipient's language: a member's choice in a private chat, Swedish in a group.
        t = Texts(await orgs.language_of_chat(svc.db, item.org_id, item.chat_id))
        if item.kind == nudges.NUDGE:
            return await send_nudge(app.bot, svc.db, item.key, item.chat_id, now, t)
        if item.kind == dead_letters.NOTICE:
            return await _dead_letter_notice(app, svc, item, t)
        return await send_digest(app.bot, svc.db, item.kind, item.org_id, item.chat_id, digests.week_of(item.key), t)
    card = await cases.card(svc.db, item.case_id) if item.case_id else None
    if card is None or not card.open:
        return "skipped"  # done, dropped or undone since it was planned
    if item.kind == "case_escalate":
        await cases.escalate(svc.db, card.id, item.id, token, now)  # finishes the row with what it planned
        return None
    if item.kind == cases.LATE:
        t = Texts(await orgs.language_of_chat(svc.db, card.org_id, item.chat_id))
        return await _late(app, card, item.chat_id, t)
    if card.assignee_user_id is None:
        return "skipped"  # nobody to ask: the digest counts it as open
    t = Texts(card.assignee_language)
    text = card_text(t, card, HEADINGS.get(item.kind, ""))
    await app.bot.send_message(card.assignee_user_id, text, reply_markup=card_keyboard(t, card, sign))
    if card.name is not None:
        reason = "välkomstkedjan: kortet till ansvarig"
        await members.audit_views(
            svc.db, card.org_id, [card.entry_id], now, card.assignee_name, reason, card.assignee_id
        )
    return "sent"


async def _late(app: Application, card: cases.CaseCard, chat_id: int, t: Texts) -> str:
    """To one admin (else board member): the case is late. No contact details: the officer has them."""
    await app.bot.send_message(chat_id, _escalation_text(t, card))
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


async def _dead_letter_notice(app: Application, svc: Services, item: Item, t: Texts) -> str:
    count = await outbox.dead_letters(svc.db, item.org_id)
    if not count:
        return "skipped"
    text = t._(
        "⚠️ Boten har gett upp {count} meddelanden (påminnelser, kort eller rapporter) efter {attempts} "
        "misslyckade försök. Den som driftar boten ser orsaken i loggen.",
        count=t.num(count),
        attempts=t.num(MAX_ATTEMPTS),
    )
    await app.bot.send_message(item.chat_id, text)
    return "sent"
