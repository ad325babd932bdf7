"""/nymedlem: register a recruited member. Contact details are asked for in private only."""

from __future__ import annotations

from contextlib import suppress
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.helpers import create_deep_linked_url

from domain.entries import EntryKind, MemberDetails, RecruitChannel
from domain.errors import InputError
from domain.phone import normalise_phone
from domain.roles import LOGGERS
from handlers.common import answer_input_error, buttons, is_private, reply, requires, services, sweep_soon, texts
from handlers.flow import ANSWER, guided_flow, pressed
from handlers.recording import Origin, save
from storage import members, orgs
from storage.orgs import Member
from views.i18n import N_

NAME, PHONE, FORENING, CHANNEL, UNION = range(5)
KEY = "nymedlem"
DEEP_LINK = "nymedlem"

CHANNEL_LABELS = {
    RecruitChannel.DOOR: N_("Dörrknackning"),
    RecruitChannel.TORG: N_("Torget"),
    RecruitChannel.WORKPLACE: N_("Arbetsplats"),
    RecruitChannel.UNION: N_("Facket"),
    RecruitChannel.DIGITAL: N_("Digitalt"),
    RecruitChannel.OTHER: N_("Annat"),
}


@requires(LOGGERS)
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    t = texts(update)
    if update.edited_message:
        return ConversationHandler.END
    if not is_private(update):
        return await _move_to_private(update, context)
    context.user_data[KEY] = {"origin": Origin.of(update.effective_message)}
    await reply(update, t._("Ny medlem! Vad heter hen? Skriv för- och efternamn."))
    return NAME


async def _move_to_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Contact details never go into a group: offer a private chat, and remove any typed details."""
    t = texts(update)
    if context.args:
        with suppress(TelegramError):
            await update.effective_message.delete()
    url = create_deep_linked_url(context.bot.username, DEEP_LINK)
    await update.effective_chat.send_message(
        t._("Medlemmens uppgifter tar vi privat, inte i gruppen. Tryck här:"),
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(t._("Registrera ny medlem"), url=url)]]),
    )
    return ConversationHandler.END


@requires(LOGGERS)
async def name(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    t = texts(update)
    text = " ".join(update.effective_message.text.split())
    if not 2 <= len(text) <= 100 or any(c.isdigit() for c in text):
        await reply(update, t._("Skriv namnet med bokstäver, 2–100 tecken, till exempel Anna Andersson."))
        return NAME
    context.user_data[KEY]["name"] = text
    await reply(
        update,
        t._("Telefonnummer? Medlemsansvarig ringer välkomstsamtalet på det."),
        reply_markup=buttons([[(t._("Hoppa över"), "nymedlem:phone:-")]]),
    )
    return PHONE


@requires(LOGGERS)
async def phone(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    if await pressed(update) is None:
        try:
            number = normalise_phone(update.effective_message.text)
        except InputError as error:
            await answer_input_error(update, error)
            return PHONE
        context.user_data[KEY]["phone"] = number
        await _warn_if_known(update, context, member, number)
    return await _ask_forening(update, context, member)


async def _warn_if_known(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member, number: str) -> None:
    """Found by the phone's keyed hash: nothing is decrypted, and no one else's details are shown."""
    known = await members.find_by_phone(services(context).db, member.org_id, number)
    if known:
        t = texts(update)
        day = t.day(known[-1].registered_at.astimezone(ZoneInfo(member.timezone)).date(), with_year=True)
        await reply(
            update,
            t._(
                "Obs: det numret registrerades redan {day}. Är det samma person, skriv /avbryt; annars fortsätter vi.",
                day=day,
            ),
        )


async def _ask_forening(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    options = await orgs.foreningar(services(context).db, member.org_id)
    if not options:
        return await _ask_channel(update)
    t = texts(update)
    rows = [[(label, f"nymedlem:forening:{fid}")] for fid, label in options]
    rows.append([(t._("Ingen särskild förening"), "nymedlem:forening:-")])
    context.user_data[KEY]["foreningar"] = {str(fid) for fid, _ in options}
    await reply(update, t._("Vilken förening ska hen tillhöra?"), reply_markup=buttons(rows))
    return FORENING


@requires(LOGGERS)
async def forening(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    data = context.user_data[KEY]
    choice = await pressed(update)
    if choice in data.get("foreningar", set()):
        data["forening_id"] = int(choice)
    return await _ask_channel(update)


async def _ask_channel(update: Update) -> int:
    t = texts(update)
    labels = [(t._(label), f"nymedlem:channel:{c.value}") for c, label in CHANNEL_LABELS.items()]
    await reply(update, t._("Hur värvades hen?"), reply_markup=buttons([labels[:3], labels[3:]]))
    return CHANNEL


@requires(LOGGERS)
async def channel(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    value = await pressed(update)
    if value not in {c.value for c in RecruitChannel}:
        return CHANNEL
    context.user_data[KEY]["channel"] = RecruitChannel(value)
    t = texts(update)
    await reply(
        update,
        t._("Är hen medlem i ett fackförbund?"),
        reply_markup=buttons([[(t._("Ja"), "nymedlem:union:yes"), (t._("Nej"), "nymedlem:union:no")]]),
    )
    return UNION


@requires(LOGGERS)
async def union(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    value = await pressed(update)
    if value not in {"yes", "no"}:
        return UNION
    data = context.user_data.pop(KEY)
    details = MemberDetails(
        name=data["name"],
        phone=data.get("phone"),
        forening_id=data.get("forening_id"),
        channel=data["channel"],
        union_member=value == "yes",
    )
    await save(update, context, member, EntryKind.MEMBER, {"members": 1}, None, data["origin"], details)
    sweep_soon(context)  # the officer's card now, not at the next round
    return ConversationHandler.END


def handler():
    return guided_flow(
        KEY,
        [
            CommandHandler(["nymedlem", "newmember"], start),
            CommandHandler("start", start, filters=filters.Regex(rf"^/start {DEEP_LINK}$")),
        ],
        {
            NAME: [MessageHandler(ANSWER, name)],
            PHONE: [MessageHandler(ANSWER, phone), CallbackQueryHandler(phone, pattern=r"^nymedlem:phone:")],
            FORENING: [CallbackQueryHandler(forening, pattern=r"^nymedlem:forening:")],
            CHANNEL: [CallbackQueryHandler(channel, pattern=r"^nymedlem:channel:")],
            UNION: [CallbackQueryHandler(union, pattern=r"^nymedlem:union:")],
        },
    )
