"""The welcome chain's buttons (✅ Ringt, 📵 Inget svar, ↪ Lämna över, ✖ Inte aktuellt) and /ringlista."""

from __future__ import annotations

from contextlib import suppress

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from domain.ids import parse_id
from domain.roles import Role
from handlers.case_cards import CASE_PREFIX, card_buttons, card_text
from handlers.common import ROLE_NAMES, buttons, is_private, reply, requires, services, sweep_soon, texts
from storage import cases, members
from storage.cases import Outcome
from storage.orgs import Member
from views.i18n import N_

OFFICER_ROLES = frozenset({Role.MEDLEMSANSVARIG, Role.STYRELSE, Role.ADMIN})


@requires(OFFICER_ROLES)
async def ringlista(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    t = texts(update)
    if not is_private(update):
        await reply(update, t._("Ringlistan har kontaktuppgifter: skriv /ringlista till mig privat."))
        return
    svc = services(context)
    cards = await cases.open_cards(svc.db, member.id)
    if not cards:
        await reply(update, t._("Inga öppna ärenden. Bra jobbat!"))
        return
    await reply(update, t.n_("{n} öppet ärende:", "{n} öppna ärenden:", len(cards)))
    for card in cards:
        await reply(update, card_text(t, card), reply_markup=card_buttons(t, card))
    shown = [card.entry_id for card in cards if card.name is not None]
    await members.audit_views(svc.db, member.org_id, shown, svc.clock(), card.assignee_name, "/ringlista", member.id)


@requires(OFFICER_ROLES)
async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    """A case button. The payload is verified (handlers/button_guard.py); whether the presser may act
    on the case now, storage decides: its holder or an admin, and a hand-over only to an officer."""
    query = update.callback_query
    t = texts(update)
    action, _, rest = query.data.removeprefix(CASE_PREFIX).partition(":")
    case_id, _, target = rest.partition(":")
    if not parse_id(case_id) or (action == "to" and not parse_id(target)):
        await query.answer(t._("Den knappen känner jag inte igen."))
        return
    svc = services(context)
    now, org, case, by = svc.clock(), member.org_id, int(case_id), member.id
    if action == "handover":
        await _offer_officers(update, context, member, case)
        return
    if action == "done":
        outcome, said = await cases.close(svc.db, org, case, "done", now, by=by), t._("✅ Klart. Tack!")
    elif action == "drop":
        outcome = await cases.close(svc.db, org, case, "not_relevant", now, by=by)
        said = t._("✖ Inte aktuellt: ärendet är stängt.")
    elif action == "noanswer":
        outcome = await cases.try_again_later(svc.db, org, case, now, by=by)
        said = t._("📵 Jag påminner dig igen om två dagar.")
    elif action == "to":
        outcome = await cases.hand_over(svc.db, org, case, int(target), now, by=by)
        said = t._("↪ Överlämnat. Den nya ansvariga får ett meddelande.")
        sweep_soon(context)
    else:
        await query.answer(t._("Den knappen känner jag inte igen."))
        return
    await _settle(update, t, outcome, said, keep_buttons=action == "noanswer")


async def _offer_officers(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member, case_id: int) -> None:
    t = texts(update)
    db = services(context).db
    allowed = await cases.may_act(db, member.org_id, case_id, by=member.id)
    if allowed is not Outcome.DONE:
        await _settle(update, t, allowed, "", keep_buttons=False)
        return
    holder = (await cases.card(db, case_id)).assignee_id
    others = [o for o in await cases.officers(db, member.org_id) if o.membership_id not in (member.id, holder)]
    if not others:
        await update.callback_query.answer(t._("Det finns ingen annan att lämna över till."), show_alert=True)
        return
    rows = [[(officer_label(t, o), f"{CASE_PREFIX}to:{case_id}:{o.membership_id}")] for o in others[:8]]
    await update.callback_query.answer()
    await reply(update, t._("Vem tar över?"), reply_markup=buttons(rows))


def officer_label(t, officer: cases.Officer) -> str:
    """'Maja – medlemsansvarig, Ektorp': two people called Maja are told apart by role and förening."""
    where = officer.forening or t._("hela organisationen")
    return t._(
        "{name} – {role}, {forening}",
        name=officer.name or t._("(namnlös)"),
        role=t._(ROLE_NAMES[officer.role]),
        forening=where,
    )


REFUSALS = {
    Outcome.NOT_FOUND: N_("Ärendet finns inte längre."),
    Outcome.NOT_YOURS: N_("Det ärendet är inte ditt (längre), så knappen gör ingenting."),
    Outcome.NO_TAKER: N_("Den personen kan inte ta över ärendet: bara medlemsansvariga och styrelsen kan det."),
}


async def _settle(update: Update, t, outcome: Outcome, said: str, keep_buttons: bool) -> None:
    query = update.callback_query
    if outcome in REFUSALS:
        await query.answer(t._(REFUSALS[outcome]), show_alert=True)
    elif outcome is Outcome.ERASED:
        await query.answer(t._("Medlemmens uppgifter är raderade, så ärendet är stängt."), show_alert=True)
    elif outcome is Outcome.ALREADY:
        await query.answer(t._("Redan gjort."))
    else:
        await query.answer(said)
        await reply(update, said)
    if not keep_buttons or outcome is not Outcome.DONE:
        with suppress(BadRequest):  # the message is gone or already without buttons
            await query.edit_message_reply_markup(reply_markup=None)


def handlers() -> list:
    return [
        CommandHandler(["ringlista", "calls"], ringlista),
        CallbackQueryHandler(pressed, pattern=f"^{CASE_PREFIX}"),
    ]
