"""A case's card as handlers send it: the view (views/case_cards.py), its buttons signed for the officer."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from handlers import button_guard
from storage.cases import CaseCard
from views.case_cards import CASE_PREFIX, HEADINGS, TASK_NAMES, TASKS, card_keyboard, card_text  # noqa: F401
from views.i18n import Texts


def card_buttons(t: Texts, card: CaseCard) -> InlineKeyboardMarkup:
    return card_keyboard(t, card, button_guard.sign)
