"""Inline keyboards from rows of (label, callback data); the caller says how each is signed."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup


def keyboard(rows: list[list[tuple[str, str]]], sign: Callable[[str], str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=sign(data)) for label, data in row] for row in rows]
    )
