"""What nothing else handled: strangers, stray text, unknown commands, buttons that expired."""

from __future__ import annotations

import asyncio
import logging
import traceback

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError, StatementError
from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from handlers.common import explain_not_member, is_private, member_of, reply, texts
from views.i18n import N_

log = logging.getLogger(__name__)


async def anything(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Private text, or a command no one knows. Groups are left in peace unless spoken to."""
    message = update.effective_message
    is_command = bool(message and message.text and message.text.startswith("/"))
    if not is_private(update) and not is_command:
        return
    member = await member_of(update, context)
    if member is None:
        await explain_not_member(update)
        return
    t = texts(update)
    if is_command:
        await reply(update, t._("Det kommandot känner jag inte. Skriv /hjalp för att se vad jag kan."))
    else:
        await reply(update, t._("Skriv /hjalp för att se hur du loggar, till exempel /knack 40 12 Ektorp."))


async def expired_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer(texts(update)._("Den här knappen gäller inte längre. Börja om med kommandot."))


DATABASE_DOWN_TEXT = N_("Jag kommer inte åt databasen just nu. Försök igen om en stund – inget sparades.")
DATABASE_FAILED_TEXT = N_("Databasen kunde inte spara det här – inget sparades. Försök igen om en stund.")
FAILED_TEXT = N_("Något gick fel hos mig. Försök igen om en stund.")
DATABASE_DOWN = (OperationalError, InterfaceError, DisconnectionError, OSError, asyncio.TimeoutError)


def _what_failed(error: BaseException) -> str:
    """The exception's type, the driver's and the SQL statement (placeholders, no values), and where
    in our code: never the exception's message, which may quote what the user typed or, from the
    database, a row's values ("Key (phone_hash)=(…) already exists")."""
    what = type(error).__name__
    driver = getattr(error, "orig", None)
    if driver is not None:
        what += f" ({type(driver).__module__}.{type(driver).__name__})"
    if isinstance(error, StatementError) and error.statement:
        what += f" in: {error.statement}"
    return what + "\n" + "".join(traceback.format_tb(error.__traceback__)).rstrip()


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what failed (ids, the exception's type and statement, never message text or SQL parameters),
    and tell the user briefly. A unit of work that failed was rolled back whole: nothing is half-written."""
    update_id = getattr(update, "update_id", None)
    error = context.error
    if isinstance(error, DATABASE_DOWN):
        log.error("update %s: the database is unavailable (%s)", update_id, type(error).__name__)
        said = DATABASE_DOWN_TEXT
    else:
        log.error("update %s failed: %s", update_id, _what_failed(error))
        said = DATABASE_FAILED_TEXT if isinstance(error, SQLAlchemyError) else FAILED_TEXT
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await update.effective_message.reply_text(texts(update)._(said))
        except Exception:  # the reply failing too must not hide the first error
            log.warning("could not tell update %s about the failure", update_id)


def handlers() -> list:
    return [
        MessageHandler(filters.UpdateType.MESSAGE & (filters.TEXT | filters.COMMAND), anything),
        CallbackQueryHandler(expired_button),
    ]
