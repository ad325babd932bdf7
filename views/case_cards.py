"""The officer's message for one case: who to call, by when, and the four buttons.

Contact details appear here and only here: in a private chat with the responsible officer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from domain.case_steps import ACTIVITY_INVITATION, COURSE_OFFER, WELCOME_CALL
from domain.phone import display_phone
from views.i18n import N_, Texts
from views.keyboards import keyboard

if TYPE_CHECKING:
    from storage.cases import CaseCard

CASE_PREFIX = "case:"
TASKS = {
    WELCOME_CALL: N_("📞 Välkomstsamtal till en ny medlem"),
    ACTIVITY_INVITATION: N_("📨 Bjud in en ny medlem till en aktivitet"),
    COURSE_OFFER: N_("🎓 Erbjud en ny medlem S1-utbildningen"),
}
TASK_NAMES = {  # for the board's escalation, which names no member
    WELCOME_CALL: N_("välkomstsamtalet till en ny medlem"),
    ACTIVITY_INVITATION: N_("inbjudan till en aktivitet för en ny medlem"),
    COURSE_OFFER: N_("erbjudandet om S1 till en ny medlem"),
}
HEADINGS = {
    "case_new": "",
    "case_remind": N_("⏰ Påminnelse"),
    "case_retry": N_("🔁 Dags att försöka igen"),
}


def card_text(t: Texts, card: CaseCard, heading: str = "") -> str:
    lines = [t._(heading)] if heading else []
    lines.append(t._(TASKS[card.step]))
    lines.append(t._("Namn: {name}", name=card.name or t._("(uppgifterna är borttagna)")))
    if card.phone:
        lines.append(t._("Telefon: {phone}", phone=display_phone(card.phone)))
    if card.forening:
        lines.append(t._("Förening: {forening}", forening=card.forening))
    if card.due_at:
        due = card.due_at.astimezone(ZoneInfo(card.timezone)).date()
        lines.append(t._("Senast {day}.", day=t.day(due)))
    return "\n".join(lines)


def card_keyboard(t: Texts, card: CaseCard, sign: Callable[[str, int, int], str]) -> InlineKeyboardMarkup:
    """The four buttons, signed with ``sign`` (storage.signatures.sign) for the case's officer."""
    done = t._("✅ Ringt") if card.step == WELCOME_CALL else t._("✅ Klart")
    # A card goes to its officer's private chat only (the sweep, /ringlista): signed for them there.
    holder = card.assignee_user_id or 0
    return keyboard(
        [
            [(done, f"{CASE_PREFIX}done:{card.id}"), (t._("📵 Inget svar"), f"{CASE_PREFIX}noanswer:{card.id}")],
            [
                (t._("↪ Lämna över"), f"{CASE_PREFIX}handover:{card.id}"),
                (t._("✖ Inte aktuellt"), f"{CASE_PREFIX}drop:{card.id}"),
            ],
        ],
        lambda data: sign(data, holder, holder),
    )
