"""Personal data in the chat: /glom (erase a member), /minadata and /lamna (a volunteer's own), /logg (audit)."""

from __future__ import annotations

from contextlib import suppress
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from domain.errors import InputError
from domain.phone import normalise_phone
from domain.roles import ADMINS, LOGGERS, Role
from handlers.common import (
    ROLE_NAMES,
    answer_input_error,
    buttons,
    is_private,
    local_today,
    reply,
    requires,
    services,
    texts,
)
from storage import members, org_people, volunteers
from storage.orgs import Member
from views.i18n import N_

ERASERS = frozenset({Role.MEDLEMSANSVARIG, Role.ADMIN})
LEAVE_PREFIX = "lamna:"
KIND_NAMES = {
    "knack": N_("dörrknackningar"),
    "samtal": N_("samtal"),
    "member": N_("nya medlemmar"),
    "activity": N_("aktiviteter"),
}
ACTIONS = {"view": N_("visade"), "export": N_("exporterade"), "erase": N_("raderade"), "retention": N_("gallrade")}


@requires(ERASERS)
async def glom(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    """/glom 070-123 45 67: the member's contact details go at once; the counts stay."""
    t = texts(update)
    if not is_private(update):
        with suppress(TelegramError):  # a phone number in a group is already too much
            await update.effective_message.delete()
        await update.effective_chat.send_message(t._("Skriv /glom med telefonnumret till mig privat, inte i gruppen."))
        return
    if not context.args:
        await reply(update, t._("Skriv /glom och medlemmens telefonnummer, till exempel /glom 070-123 45 67."))
        return
    try:
        phone = normalise_phone(" ".join(context.args))
    except InputError as error:
        await answer_input_error(update, error)
        return
    svc = services(context)
    found = await members.find_by_phone(svc.db, member.org_id, phone)
    if not found:
        await reply(update, t._("Ingen medlem med det numret finns hos {org}.", org=member.org_name))
        return
    reason = "/glom"
    erased = await members.erase(
        svc.db, member.org_id, [f.entry_id for f in found], svc.clock(), _actor(update), reason, member.id
    )
    await reply(
        update,
        t.n_(
            "🗑 Raderat: kontaktuppgifterna för {n} medlem är borta. Räkningen finns kvar.",
            "🗑 Raderat: kontaktuppgifterna för {n} medlemmar är borta. Räkningen finns kvar.",
            erased,
        ),
    )


@requires(LOGGERS)
async def minadata(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    t = texts(update)
    if not is_private(update):
        await reply(update, t._("Skriv /minadata till mig privat."))
        return
    mine = await volunteers.my_data(services(context).db, member.id)
    logged = ", ".join(f"{t._(KIND_NAMES[k])} {n}" for k, n in sorted(mine.entries_by_kind.items())) or t._("inget")
    lines = [
        t._("Det här sparar Verksam om dig:"),
        t._("Organisation: {org}", org=mine.org_name),
        t._("Roll: {role}", role=t._(ROLE_NAMES[Role(mine.role)])),
        t._("Förening: {forening}", forening=mine.forening or t._("ingen")),
        t._("Namn (från Telegram): {name}", name=mine.display_name),
        t._("Telegram-id: {id}", id=mine.telegram_user_id),
        t._("Med sedan: {day}", day=t.day(local_today(member, mine.joined_at), with_year=True)),
        t._("Veckorapport privat: {answer}", answer=t._("ja") if mine.digest_private else t._("nej")),
        t._("Det du har loggat (antal): {logged}", logged=logged),
        t._("Nya medlemmar du har värvat: {n} (deras uppgifter ser bara medlemsansvariga)", n=mine.recruited),
        t._("Öppna välkomstärenden hos dig: {n}", n=mine.open_cases),
        "",
        t._("Vill du inte vara med längre? /lamna tar bort dig. Det du har loggat finns kvar, utan ditt namn."),
    ]
    await reply(update, "\n".join(lines))


async def _last_admin(context: ContextTypes.DEFAULT_TYPE, member: Member) -> bool:
    """An organisation nobody can administer is one nobody can invite to: its last admin stays."""
    return member.role is Role.ADMIN and await org_people.admin_count(services(context).db, member.org_id) <= 1


def _hand_over_first(t, member: Member) -> str:
    return t._(
        "Du är den enda adminen i {org}, och utan en admin kan ingen bjuda in eller sköta boten. "
        "Ge rollen till någon annan först (/bjudin admin), och lämna sedan.",
        org=member.org_name,
    )


@requires(LOGGERS)
async def lamna(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    t = texts(update)
    if await _last_admin(context, member):
        await reply(update, _hand_over_first(t, member))
        return
    await reply(
        update,
        t._(
            "Vill du lämna {org}? Du tas bort ur boten. Det du har loggat finns kvar i statistiken, utan ditt namn.",
            org=member.org_name,
        ),
        reply_markup=buttons([[(t._("Ja, ta bort mig"), f"{LEAVE_PREFIX}yes"), (t._("Avbryt"), f"{LEAVE_PREFIX}no")]]),
    )


@requires(LOGGERS)
async def lamna_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    t = texts(update)
    query = update.callback_query
    if query.data != f"{LEAVE_PREFIX}yes":
        await query.answer(t._("Bra, du är kvar."))
        with suppress(TelegramError):
            await query.edit_message_reply_markup(None)
        return
    if await _last_admin(context, member):  # another admin left since the question was asked
        await query.answer(_hand_over_first(t, member), show_alert=True)
        return
    svc = services(context)
    await volunteers.leave(svc.db, member.id, svc.clock())
    await query.answer()
    with suppress(TelegramError):
        await query.edit_message_text(
            t._("Du är borttagen. Tack för allt du har gjort! En ny inbjudan tar dig tillbaka.")
        )


@requires(ADMINS)
async def logg(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    """The audit log: who saw, exported or erased members' data. For the admins' eyes: private only."""
    t = texts(update)
    if not is_private(update):
        await reply(update, t._("Skriv /logg till mig privat, så ser bara du loggen."))
        return
    events = await members.audit_log(services(context).db, member.org_id)
    if not events:
        await reply(update, t._("Loggen är tom: ingen har sett eller raderat medlemsuppgifter ännu."))
        return
    zone = ZoneInfo(member.timezone)
    lines = [t._("🔎 Händelser med medlemsuppgifter, de senaste först:")]
    for event in events:
        when = event.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        action = t._(ACTIONS.get(event.action, event.action))
        lines.append(f"{when} · {event.actor} · {action} · {event.subject} · {event.reason}")
    await reply(update, "\n".join(lines))


def _actor(update: Update) -> str:
    user = update.effective_user
    return user.full_name if user else members.BOT


def handlers() -> list:
    return [
        CommandHandler(["glom", "forget"], glom),
        CommandHandler(["minadata", "mydata"], minadata),
        CommandHandler(["lamna", "leave"], lamna),
        CallbackQueryHandler(lamna_pressed, pattern=rf"^{LEAVE_PREFIX}"),
        CommandHandler(["logg", "log"], logg),
    ]
