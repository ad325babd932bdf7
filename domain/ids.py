"""Ids typed in a command or carried by a button: checked before they reach the database."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII digits only: "²".isdigit() is true, int("²") fails
MAX_ID = 2**31 - 1  # row ids are INTEGER on both databases; a larger one is a database error, not "no such"


def parse_id(text: str) -> int | None:
    """The id in ``text``, or None when it could not be one (not digits, zero, or too large)."""
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
