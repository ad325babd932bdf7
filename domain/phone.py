"""Swedish phone numbers to E.164 with the phonenumbers library."""

from __future__ import annotations

from domain.errors import InputError

MAX_PHONE_TEXT = 40


def normalise_phone(text: str, region: str = "SE") -> str:
    """'070-123 45 67' -> '+46701234567'. Letters or a number that cannot exist are refused."""
    cleaned = text.strip()
    if not cleaned or len(cleaned) > MAX_PHONE_TEXT or any(c.isalpha() for c in cleaned):
        raise InputError("bad_phone")
    import phonenumbers  # its patterns and metadata load with the first phone number, not at start

    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        raise InputError("bad_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InputError("bad_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str, region: str = "SE") -> str:
    """'+46701112233' -> '070-111 22 33 (+46701112233)': written as Swedes read it, and the E.164 form
    after it, which every Telegram client turns into a tap-to-call link (the national form is linked
    only by some clients). A number from abroad is shown in its international form alone."""
    import phonenumbers  # as in normalise_phone: loaded on first use

    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) != region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return f"{national} ({e164})"
