"""When did it happen? "igår", a weekday, "12/3" or "2025-03-12", relative to the message's day."""

from __future__ import annotations

import re
from datetime import date, timedelta

from domain.errors import InputError

MAX_DAYS_BACK = 366

_WEEKDAYS = {
    "måndag": 0, "mandag": 0, "monday": 0, "mån": 0,
    "tisdag": 1, "tuesday": 1, "tis": 1,
    "onsdag": 2, "wednesday": 2, "ons": 2,
    "torsdag": 3, "thursday": 3, "tors": 3,
    "fredag": 4, "friday": 4, "fre": 4,
    "lördag": 5, "lordag": 5, "saturday": 5, "lör": 5,
    "söndag": 6, "sondag": 6, "sunday": 6, "sön": 6,
}  # fmt: skip
# Days back; the negative ones lie ahead and are refused, but they are still read as dates, never as an area.
_RELATIVE = {
    "idag": 0, "today": 0, "igår": 1, "igar": 1, "yesterday": 1,
    "förrgår": 2, "forrgar": 2, "iförrgår": 2, "iforrgar": 2,
    "imorgon": -1, "imorn": -1, "imorrn": -1, "tomorrow": -1, "iövermorgon": -2, "iovermorgon": -2,
}  # fmt: skip
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")


def _weekday(word: str) -> tuple[int, bool] | None:
    """(weekday number, strictly past) for "lördag", "lördags" or "ilördags" ("i lördags").

    "lördag" said on a Saturday is today; "i lördags" is always a past Saturday.
    """
    if word in _WEEKDAYS:
        return _WEEKDAYS[word], False
    stem = word[:-1] if word.endswith("s") else ""
    for candidate in (stem, stem[1:] if stem.startswith("i") else ""):
        if candidate in _WEEKDAYS:
            return _WEEKDAYS[candidate], True
    return None


def is_date_word(token: str) -> bool:
    """A word that names a day ("igår", "lördag", "i lördags" as "ilördags", "12/3"), even a future one."""
    word = token.lower()
    return word in _RELATIVE or _weekday(word) is not None or bool(_ISO.match(word) or _DAY_MONTH.match(word))


def resolve_date(token: str, today: date) -> date:
    """The day a date word names, seen from ``today``; never in the future."""
    word = token.lower()
    if word in _RELATIVE:
        return check_not_future(today - timedelta(days=_RELATIVE[word]), today)
    if (found := _weekday(word)) is not None:
        weekday, strictly_past = found
        back = (today.weekday() - weekday) % 7
        return today - timedelta(days=7 if strictly_past and back == 0 else back)
    if m := _ISO.match(token):
        day = _make_date(int(m[1]), int(m[2]), int(m[3]), token)
    elif m := _DAY_MONTH.match(token):
        year = m[3]
        if year is None:
            day = _nearest(int(m[2]), int(m[1]), today, token)
        else:
            full = int(year) + 2000 if len(year) == 2 else int(year)
            day = _make_date(full, int(m[2]), int(m[1]), token)
    else:
        raise InputError("bad_date", word=token[:20])
    return check_not_future(day, today)


def _nearest(month: int, day_of_month: int, today: date, token: str) -> date:
    """A day and month alone mean the nearest such day: "28/12" typed in January is last year's, but
    "3/12" typed on 1 December is this year's, two days ahead (and refused), not one 363 days ago."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day_of_month))
        except ValueError:
            continue  # 29/2 outside a leap year
    if not candidates:
        raise InputError("bad_date", word=token[:20])
    return min(candidates, key=lambda day: (abs((day - today).days), day > today))


def check_not_future(day: date, today: date) -> date:
    if day > today:
        raise InputError("future_date", day=day)
    if (today - day).days > MAX_DAYS_BACK:
        raise InputError("too_old_date", day=day)
    return day


def _make_date(year: int, month: int, day: int, token: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError("bad_date", word=token[:20]) from None
