"""Swedish phone numbers to E.164 with the phonenumbers library."""

from __future__ import annotations

import phonenumbers

from domain.errors import InputError

MAX_PHONE_TEXT = 40


def normalise_phone(text: str, region: str = "SE") -> str:
    """'070-123 45 67' -> '+46701234567'. Letters or a number that cannot exist are refused."""
    cleaned = text.strip()
    if not cleaned or len(cleaned) > MAX_PHONE_TEXT or any(c.isalpha() for c in cleaned):
        raise InputError("bad_phone")
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        raise InputError("bad_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InputError("bad_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
