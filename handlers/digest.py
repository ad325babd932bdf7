"""The weekly digest in the chat: /rapport (now), /rapportchatt (where it goes), /installningar (when)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from domain.roles import BOARD
from handlers.common import is_private, local_today, reply, requires, services, texts
from storage import digests, orgs
from storage.digest_figures import Week, digest_figures
from storage.digests import ClockSettings
from storage.orgs import Member
from storage.progress import count_series
from views.digest import digest_text
from views.goal_chart import chart_caption, chart_png
from views.i18n import Texts

DAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
DAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ON, OFF = {"på", "pa", "on", "ja"}, {"av", "off", "nej"}
SETTINGS_FORM = (
    "/installningar rapport måndag 8 · /installningar tyst 21 8 · /installningar namn på · /installningar gallring 90"
)
MAX_DAYS = 3650


@requires(BOARD)
async def rapport(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    """The digest for the seven days up to today, where it was asked for (it holds no personal data)."""
    svc = services(context)
    t = texts(update)
    org = await digests.settings(svc.db, member.org_id)
    week = Week.ending(local_today(member, svc.clock()))
    await reply(update, digest_text(t, await digest_figures(svc.db, org, week)))
    found = await count_series(svc.db, org.org_id, org.timezone, week.last)
    if found:
        png = await chart_png(t, org.name, week.last, found, await orgs.goal_names(svc.db, org.org_id))
        await update.effective_message.reply_photo(photo=png, caption=chart_caption(t))


@requires(BOARD)
async def rapportchatt(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    """In a group: the board's report chat (or no longer, with 'av'). In private: the digest to me, or not."""
    svc = services(context)
    t = texts(update)
    stop = bool(context.args) and context.args[0].lower() in OFF
    org = await digests.settings(svc.db, member.org_id)
    when = _when(t, org)
    if is_private(update):
        await digests.set_private(svc.db, member.id, not stop)
        text = (
            t._("Du får inte längre veckorapporten privat.")
            if stop
            else t._("📬 Du får veckorapporten privat, {when}. Sluta med /rapportchatt av.", when=when)
        )
        await reply(update, text)
        return
    chat_id = update.effective_chat.id
    if stop:
        if org.report_chat_id == chat_id:
            await digests.set_report_chat(svc.db, member.org_id, None)
        await reply(update, t._("Veckorapporten kommer inte längre hit."))
        return
    await digests.set_report_chat(svc.db, member.org_id, chat_id)
    await reply(
        update,
        t._(
            "📬 Veckorapporten för {org} kommer hit, {when}. Den har inga personuppgifter. "
            "Sluta med /rapportchatt av, ändra tiden med /installningar.",
            org=org.name,
            when=when,
        ),
    )


@requires(BOARD)
async def installningar(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    svc = services(context)
    t = texts(update)
    args = [a.lower() for a in context.args or []]
    if not args:
        await reply(update, _overview(t, await digests.settings(svc.db, member.org_id)))
        return
    values = _parse(args)
    if values is None:
        await reply(update, t._("Det förstod jag inte. Skriv till exempel:\n{form}", form=SETTINGS_FORM))
        return
    org = await digests.change(svc.db, member.org_id, **values)
    await reply(update, t._("✅ Sparat.") + "\n\n" + _overview(t, org))


def _parse(args: list[str]) -> dict | None:
    """{'digest_weekday': 0, 'digest_hour': 8} and the like, or None for anything else."""
    what, rest = args[0], args[1:]
    if what in {"rapport", "report"} and len(rest) == 2 and _hour(rest[1]) is not None:
        day = DAYS.index(rest[0]) if rest[0] in DAYS else DAYS_EN.index(rest[0]) if rest[0] in DAYS_EN else None
        return None if day is None else {"digest_weekday": day, "digest_hour": _hour(rest[1])}
    if what in {"tyst", "quiet"} and len(rest) == 2 and None not in (_hour(rest[0]), _hour(rest[1])):
        return {"quiet_start": _hour(rest[0]), "quiet_end": _hour(rest[1])}
    if what in {"namn", "names"} and len(rest) == 1 and rest[0] in ON | OFF:
        return {"digest_names": rest[0] in ON}
    if what in {"gallring", "retention"} and len(rest) == 1 and rest[0].isdigit() and 1 <= int(rest[0]) <= MAX_DAYS:
        return {"retention_days": int(rest[0])}
    return None


def _hour(word: str) -> int | None:
    word = word.removesuffix(":00").removesuffix(".00")
    return int(word) if word.isdigit() and int(word) <= 23 else None


def _when(t: Texts, org: ClockSettings) -> str:
    day = DAYS[org.digest_weekday] if t.language == "sv" else DAYS_EN[org.digest_weekday].capitalize()
    return t._("{day}ar kl. {hour}", day=day, hour=f"{org.digest_hour:02d}:00")


def _overview(t: Texts, org: ClockSettings) -> str:
    lines = [
        t._("⚙️ Inställningar för {org}", org=org.name),
        t._("Veckorapport: {when}", when=_when(t, org)),
        t._(
            "Tysta timmar: {start}–{end} (inga meddelanden till någon privat)",
            start=f"{org.quiet_start:02d}:00",
            end=f"{org.quiet_end:02d}:00",
        ),
        t._("Volontärer med namn i rapporten: {answer}", answer=t._("ja") if org.digest_names else t._("nej")),
        t._("Nya medlemmars kontaktuppgifter raderas {days} dagar efter välkomstkedjan", days=org.retention_days),
        t._(
            "Rapportchatt: {answer}",
            answer=t._("ja") if org.report_chat_id else t._("ingen (skriv /rapportchatt i styrelsens grupp)"),
        ),
        "",
        t._("Ändra: {form}", form=SETTINGS_FORM),
    ]
    return "\n".join(lines)


def handlers() -> list:
    return [
        CommandHandler("rapport", rapport),
        CommandHandler("rapportchatt", rapportchatt),
        CommandHandler("installningar", installningar),
    ]
