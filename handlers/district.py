"""/distrikt for a district's roles: its branches side by side, one branch read-only, the digest on
demand and where it goes; /bjudin distriktsstyrelse|ombudsman; /start with a district's code.

A district role reads counts and arrows only (storage/district_status.py, views/district.py), and each
look at a branch is written to that branch's audit log.
"""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes, filters
from telegram.helpers import create_deep_linked_url

from domain.district import READERS, DistrictRole, needs_help_first, parse_district_role
from handlers.common import is_private, local_today, reply, services, texts
from storage import district_goals, district_status, districts, orgs
from storage.districts import DistrictMember
from storage.orgs import JoinOutcome
from views import district as view
from views.district_chart import chart_png

BOARD = frozenset({DistrictRole.ADMIN, DistrictRole.STYRELSE})
INVITABLE = frozenset({DistrictRole.STYRELSE, DistrictRole.OMBUDSMAN})
OFF = {"av", "off"}


async def _district_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> DistrictMember | None:
    user = update.effective_user
    return await districts.member_for(services(context).db, user.id) if user else None


async def distrikt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = texts(update)
    who = await _district_member(update, context)
    if who is None or who.role not in READERS:
        await reply(update, t._("/distrikt är för distriktsstyrelsen och ombudsmän. Be distriktet om en inbjudan."))
        return
    args = list(context.args or [])
    word = args[0].lower() if args else ""
    if word == "rapportchatt":
        await _report_chat(update, context, who, bool(args[1:]) and args[1].lower() in OFF)
        return
    if not is_private(update):
        await reply(update, t._("Distriktets vyer visas bara i privat chatt. Skriv /distrikt till mig direkt."))
        return
    if word == "rapport":
        await _digest_now(update, context, who)
    elif args:
        await _one_branch(update, context, who, " ".join(args))
    else:
        await _overview(update, context, who)


async def _overview(update: Update, context: ContextTypes.DEFAULT_TYPE, who: DistrictMember) -> None:
    svc, t = services(context), texts(update)
    now = svc.clock()
    today = local_today(who, now)
    branches = await districts.branches(svc.db, who.district_id)
    found = await district_status.district_status(svc.db, branches, today)
    lines = needs_help_first([b.line for b in found], today)
    await districts.audit_views(svc.db, who, [line.org_id for line in lines], now, "/distrikt: översikten")
    summed = district_status.district_goals(found, today)
    goals = await district_goals.shown(svc.db, who.district_id, branches, today, summed)
    await reply(update, view.overview(t, who.district_name, today, lines, goals))


async def _one_branch(update: Update, context: ContextTypes.DEFAULT_TYPE, who: DistrictMember, name: str) -> None:
    svc, t = services(context), texts(update)
    found = await districts.branches(svc.db, who.district_id)
    branch = districts.find_branch(found, name)
    if branch is None:
        listed = ", ".join(b.name for b in found) or "–"
        unknown = t._(
            "Ingen kommun i distriktet heter \u201c{name}\u201d. Välj bland: {listed}", name=name[:40], listed=listed
        )
        await reply(update, unknown)
        return
    now = svc.clock()
    today = local_today(who, now)
    status = await district_status.branch_status(svc.db, branch, today)
    await districts.audit_views(svc.db, who, [branch.org_id], now, "/distrikt: kommunens läge")
    names = await orgs.goal_names(svc.db, branch.org_id)
    await reply(update, view.branch_view(t, who.district_name, today, status.line, status.statuses, names))


async def _digest_now(update: Update, context: ContextTypes.DEFAULT_TYPE, who: DistrictMember) -> None:
    svc, t = services(context), texts(update)
    now = svc.clock()
    today = local_today(who, now)
    clock = await districts.clock(svc.db, who.district_id)
    figures = await district_goals.figures(svc.db, clock, today, now, who)
    await reply(update, view.digest(t, clock.name, *figures))
    if figures.lines:
        png = await chart_png(t, who.district_name, figures.lines)
        await update.effective_message.reply_photo(photo=png, caption=view.chart_caption(t))


async def _report_chat(update: Update, context: ContextTypes.DEFAULT_TYPE, who: DistrictMember, off: bool) -> None:
    svc, t = services(context), texts(update)
    if who.role not in BOARD:
        await reply(update, t._("Det här kan bara distriktsstyrelsen eller en distriktsadmin göra."))
        return
    if is_private(update):
        await districts.set_private(svc.db, who.id, not off)
        text = (
            t._("Du får inte längre distriktets veckorapport privat.")
            if off
            else t._("Du får distriktets veckorapport här, privat.")
        )
    else:
        await districts.set_report_chat(svc.db, who.district_id, None if off else update.effective_chat.id)
        text = (
            t._("Distriktets veckorapport kommer inte längre hit.")
            if off
            else t._("Distriktets veckorapport kommer hit till gruppen: bara siffror och pilar, inga namn.")
        )
    await reply(update, text)


async def invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/bjudin distriktsstyrelse|ombudsman: only a district's admin, and only in a private chat."""
    svc, t = services(context), texts(update)
    who = await _district_member(update, context)
    if who is None or who.role is not DistrictRole.ADMIN:
        await reply(update, t._("Bara distriktets admin kan bjuda in till distriktet."))
        return
    role = parse_district_role((context.args or [""])[0])
    if role not in INVITABLE:
        await reply(update, t._("Skriv /bjudin distriktsstyrelse eller /bjudin ombudsman."))
        return
    code = await districts.create_invite(svc.db, who.district_id, role, svc.clock(), ttl=svc.invite_ttl)
    link = create_deep_linked_url(context.bot.username, code)
    await reply(
        update,
        t._(
            "Inbjudan för en person ({who}, {district}), giltig i {days} dagar:\n{link}",
            who=t._(view.ROLE_NAMES[role]),
            district=who.district_name,
            days=svc.invite_ttl.days,
            link=link,
        ),
    )


async def join(update: Update, context: ContextTypes.DEFAULT_TYPE, code: str) -> bool:
    """/start <code> when the code is a district's: True if it was (and has been answered)."""
    svc, t = services(context), texts(update)
    user = update.effective_user
    outcome, who = await districts.redeem(svc.db, code, user.id, user.first_name or "", svc.clock())
    if outcome is JoinOutcome.UNKNOWN:
        return False
    if who is None:
        refusals = {
            JoinOutcome.EXPIRED: t._("Inbjudan har gått ut. Be den som bjöd in dig om en ny länk."),
            JoinOutcome.USED: t._("Inbjudan är redan använd. Varje länk gäller en person, be om en egen."),
        }
        await reply(update, refusals[outcome])
        return True
    await reply(update, view.joined(t, outcome.value, who.district_name, who.role))
    return True


async def welcome_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """/start without a code from someone who holds only a district role."""
    who = await _district_member(update, context)
    if who is None:
        return False
    t = texts(update)
    back = t._("Välkommen tillbaka till {district}!", district=who.district_name)
    await reply(update, back + "\n\n" + view.help_text(t, who.role))
    return True


DISTRICT_INVITE = filters.Regex(re.compile(r"^/(bjudin|invite)(@\w+)?\s+(distrikts\w*|ombudsm\w*)", re.IGNORECASE))


def handlers() -> list:
    """Before the branch /bjudin: a district role's invite is the district's, whatever else the person is."""
    return [
        CommandHandler(["bjudin", "invite"], invite, filters=DISTRICT_INVITE & filters.ChatType.PRIVATE),
        CommandHandler(["distrikt", "district"], distrikt),
    ]
