"""The welcome chain's buttons (✅ Ringt, 📵 Inget svar, ↪ Lämna över, ✖ Inte aktuellt) and /ringlista."""

from __future__ import annotations

from contextlib import suppress

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from domain.ids import parse_id
from domain.roles import Role
from handlers.case_cards import CASE_PREFIX, card_buttons, card_text
from handlers.common import buttons, is_private, reply, requires, services, texts
from storage import cases, members
from storage.cases import Outcome
from storage.orgs import Member

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
    query = update.callback_query
    t = texts(update)
    action, _, rest = query.data.removeprefix(CASE_PREFIX).partition(":")
    case_id, _, target = rest.partition(":")
    if not parse_id(case_id) or (action == "to" and not parse_id(target)):
        await query.answer(t._("Den knappen känner jag inte igen."))
        return
    svc = services(context)
    now = svc.clock()
    if action == "handover":
        await _offer_officers(update, context, member, int(case_id))
        return
    if action == "done":
        outcome, said = await cases.close(svc.db, member.org_id, int(case_id), "done", now), t._("✅ Klart. Tack!")
    elif action == "drop":
        outcome = await cases.close(svc.db, member.org_id, int(case_id), "not_relevant", now)
        said = t._("✖ Inte aktuellt: ärendet är stängt.")
    elif action == "noanswer":
        outcome = await cases.try_again_later(svc.db, member.org_id, int(case_id), now)
        said = t._("📵 Jag påminner dig igen om två dagar.")
    elif action == "to":
        outcome = await cases.hand_over(svc.db, member.org_id, int(case_id), int(target), now)
        said = t._("↪ Överlämnat. Den nya ansvariga får ett meddelande.")
    else:
        await query.answer(t._("Den knappen känner jag inte igen."))
        return
    await _settle(update, t, outcome, said, keep_buttons=action == "noanswer")


async def _offer_officers(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member, case_id: int) -> None:
    t = texts(update)
    others = [o for o in await cases.officers(services(context).db, member.org_id) if o[0] != member.id]
    if not others:
        await update.callback_query.answer(t._("Det finns ingen annan att lämna över till."), show_alert=True)
        return
    rows = [[(name or t._("(namnlös)"), f"{CASE_PREFIX}to:{case_id}:{mid}")] for mid, name, _role in others[:8]]
    await update.callback_query.answer()
    await reply(update, t._("Vem tar över?"), reply_markup=buttons(rows))


async def _settle(update: Update, t, outcome: Outcome, said: str, keep_buttons: bool) -> None:
    query = update.callback_query
    if outcome is Outcome.NOT_FOUND:
        await query.answer(t._("Ärendet finns inte längre."), show_alert=True)
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
