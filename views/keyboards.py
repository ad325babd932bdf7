"""Inline keyboards from rows of (label, callback data); the caller says how each is signed."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

Rows = list[list[tuple[str, str]]]


def keyboard(rows: Rows, sign: Callable[[str], str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=sign(data)) for label, data in row] for row in rows]
    )


def keyboard_data(rows: Rows, sign: Callable[[str], str]) -> dict:
    """What ``keyboard(rows, sign).to_dict()`` sends, without building python-telegram-bot's objects:
    on the log path building and serialising them cost more than the database's work."""
    return {"inline_keyboard": [[{"text": label, "callback_data": sign(data)} for label, data in row] for row in rows]}
