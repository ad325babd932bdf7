"""The confirmation's keyboard sent as plain data is what python-telegram-bot's objects would send."""

from __future__ import annotations

from views.keyboards import keyboard, keyboard_data


def test_keyboard_data_is_what_the_keyboard_objects_send():
    rows = [[("↩ Ångra", "undo:12")], [("Ja", "knack:confirm:yes"), ("Nej", "knack:confirm:no")]]
    sign = lambda payload: f"{payload}~signed"  # noqa: E731
    assert keyboard_data(rows, sign) == keyboard(rows, sign).to_dict()
