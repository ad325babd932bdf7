"""What every handler needs: the services, who is writing, role checks, replies."""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, NetworkError
from telegram.ext import ContextTypes, ConversationHandler
from telegram.warnings import PTBUserWarning

from domain.errors import InputError
from domain.roles import Role
from handlers import button_guard
from storage import orgs
from storage.orgs import Member
from storage.services import Clock, Services, system_clock  # noqa: F401 - bot/app.py and tests import them here
from views import metrics
from views.i18n import N_, Texts, texts_for
from views.keyboards import Rows, keyboard, keyboard_data
from views.messages import command_of, input_error_text

log = logging.getLogger(__name__)

T = TypeVar("T")


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]


# The language of the update being handled, resolved once per update (handlers.language, before
# every other handler but the gate): (update id, texts). Each update is handled in its own task or
# after the previous one, so a context variable keeps it to this update without passing it around.
_RESOLVED: ContextVar[tuple[int, Texts] | None] = ContextVar("verksam_texts", default=None)


def use_language(update: Update, chosen: str | None) -> Texts:
    """Speak ``chosen`` (a member's choice, None: the organisation's Swedish) for the rest of this update."""
    t = Texts(chosen)
    _RESOLVED.set((update.update_id, t))
    return t


def use_stranger_language(update: Update) -> Texts:
    """Someone in no organisation yet: their Telegram app's language is all there is to go by."""
    user = update.effective_user
    t = texts_for(user.language_code if user else None)
    _RESOLVED.set((update.update_id, t))
    return t


def texts(update: Update) -> Texts:
    """What this update's user reads: their chosen language in an organisation, Swedish by default."""
    resolved = _RESOLVED.get()
    if resolved is not None and resolved[0] == update.update_id:
        return resolved[1]
    user = update.effective_user
    return texts_for(user.language_code if user else None)  # not resolved: only a stranger gets here


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def local_today(member: Member, when: datetime) -> date:
    return when.astimezone(ZoneInfo(member.timezone)).date()


def occurred_at(member: Member, sent: datetime, day: date | None) -> datetime:
    """The message's own time (a phone offline in a stairwell sends late), moved to ``day`` if named."""
    if day is None:
        return sent
    zone = ZoneInfo(member.timezone)
    clock_time: time = sent.astimezone(zone).time()
    return datetime.combine(day, clock_time, tzinfo=zone).astimezone(UTC)


def week_bounds(member: Member, now: datetime) -> tuple[datetime, datetime, int]:
    """This ISO week (Monday to Monday) in the organisation's zone, as UTC, and its number."""
    zone = ZoneInfo(member.timezone)
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time(), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC), today.isocalendar().week


REPLY_ATTEMPTS = 3


async def reply(update: Update, text: str, **kwargs) -> Message | None:
    """Answer the user. A network hiccup is tried again: what was saved must be confirmed, or the
    user logs it a second time. (A timed-out send may have arrived: twice beats never.)"""
    message = update.effective_message
    if message is None:
        return None
    return await _retrying(update, lambda: message.reply_text(text, **kwargs))


# confirm() names sendMessage on purpose (see there); python-telegram-bot would suggest send_message.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning)


async def confirm(update: Update, text: str, rows: Rows | None = None) -> None:
    """``reply`` for an answer nobody reads back, such as a confirmation, with buttons from ``rows``
    (see ``buttons``). In a private chat it is sent with python-telegram-bot's do_api_request and the
    keyboard as plain data, which skips building the keyboard's objects and the Message Telegram
    returns: most of a reply's cost. Elsewhere reply_text knows best (a group quotes the message, a
    topic has a thread)."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE or message.is_topic_message:
        await reply(update, text, reply_markup=buttons(rows) if rows else None)
        return
    # What reply_text sends in a private chat: the chat, the text and the buttons.
    sent = {"chat_id": message.chat_id, "text": text}
    if rows:
        sent["reply_markup"] = keyboard_data(rows, button_guard.sign_for_audience)
    await _retrying(update, lambda: message.get_bot().do_api_request("sendMessage", api_kwargs=sent))


async def _retrying(update: Update, send: Callable[[], Awaitable[T]]) -> T:
    attempt = 1
    while True:
        try:
            return await send()
        except BadRequest:
            raise
        except NetworkError:  # TimedOut is one; RetryAfter is the rate limiter's to wait out
            if attempt == REPLY_ATTEMPTS:
                raise
            attempt += 1
            log.info("reply to update %s: network error, trying again", update.update_id)


async def answer_input_error(update: Update, error: InputError) -> None:
    """The friendly answer, with the right form of the command that was typed (none for a flow's answer)."""
    message = update.effective_message
    error.about(command_of(message.text if message else None))
    await reply(update, input_error_text(texts(update), error))


async def explain_not_member(update: Update) -> None:
    t = texts(update)
    await reply(
        update,
        t._(
            "Hej! Verksam följer upp din arbetarekommuns verksamhetsplan. För att vara med behöver du "
            "en inbjudningslänk från styrelsen eller den som administrerar boten i din förening. "
            "Be om en och tryck på den, så är du igång."
        ),
    )


ROLE_NAMES = {
    Role.VOLONTAR: N_("volontär"),
    Role.MEDLEMSANSVARIG: N_("medlemsansvarig"),
    Role.STYRELSE: N_("styrelse"),
    Role.ADMIN: N_("admin"),
}


# Who may do something, as a sentence says it: "styrelsen eller en admin".
ROLE_PHRASES = {
    Role.VOLONTAR: N_("en volontär"),
    Role.MEDLEMSANSVARIG: N_("en medlemsansvarig"),
    Role.STYRELSE: N_("styrelsen"),
    Role.ADMIN: N_("en admin"),
}


def who_may(t: Texts, roles: frozenset[Role]) -> str:
    phrases = [t._(ROLE_PHRASES[r]) for r in Role if r in roles]
    if len(phrases) == 1:
        return phrases[0]
    return t._("{some} eller {last}", some=", ".join(phrases[:-1]), last=phrases[-1])


async def member_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Member | None:
    """Who is writing, in the organisation this chat acts in (see storage.orgs.member_for)."""
    user = update.effective_user
    if user is None:
        return None
    chat_id = None if is_private(update) or update.effective_chat is None else update.effective_chat.id
    return await orgs.member_for(services(context).db, user.id, chat_id)


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE, Member], Awaitable[object]]


def requires(roles: frozenset[Role]) -> Callable[[Handler], Callable[..., Awaitable[object]]]:
    """Look up who is writing and check their role before the handler runs.

    A stranger gets the explanation of how to join and nothing about them is stored.
    """

    def decorate(handler: Handler):
        @functools.wraps(handler)
        async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE):
            user = update.effective_user
            if user is None:
                return ConversationHandler.END
            member = await member_of(update, context)
            if member is None:
                await _refuse_stranger(update)
                return ConversationHandler.END
            if member.role not in roles:
                await _refuse_role(update, roles)
                return ConversationHandler.END
            return await handler(update, context, member)

        return wrapper

    return decorate


async def _refuse_stranger(update: Update) -> None:
    metrics.REFUSALS.labels("stranger").inc()
    if update.callback_query:
        await update.callback_query.answer(texts(update)._("Du är inte med i någon organisation ännu."))
        return
    await explain_not_member(update)


async def _refuse_role(update: Update, roles: frozenset[Role]) -> None:
    metrics.REFUSALS.labels("role").inc()
    t = texts(update)
    text = t._("Det här kan bara {roles} göra.", roles=who_may(t, roles))
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)


def buttons(rows: Rows, *, to: tuple[int, int] | None = None) -> InlineKeyboardMarkup:
    """Inline keyboard from rows of (label, callback data), each signed for the (chat, user) it is sent
    to: ``to``, else whoever the current update is from, in its chat (see handlers/button_guard.py)."""
    sign = (lambda data: button_guard.sign(data, *to)) if to else button_guard.sign_for_audience
    return keyboard(rows, sign)


SWEEP_SOON = "sweep_soon"  # bot_data key: the composition root puts scheduler.sweep.sweep_soon there


def sweep_soon(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Have the clock send what is due now (a new case's card) rather than at its next round.
    Handlers do not import the scheduler: bot/app.py hands them this in ``bot_data``."""
    soon = context.bot_data.get(SWEEP_SOON)
    if soon is not None:
        soon(context.application)
