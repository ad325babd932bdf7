"""Texts through gettext catalogs (Babel), and numbers and dates the Swedish way.

Swedish is the source language: the msgids in the code are what a Swedish user reads, and
`locales/en/LC_MESSAGES/verksam.po` translates them. The .po files are compiled in memory
when first needed, so there is no build step and no binary in git. This module is a leaf:
handlers and the scheduler render through it, and it imports nothing of ours.
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

DOMAIN = "verksam"
LOCALES = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "sv"
LANGUAGES = ("sv", "en")
_BABEL_LOCALE = {"sv": "sv_SE", "en": "en_GB"}


def language_of(code: str | None) -> str:
    """For someone in no organisation yet, their Telegram language: anything but English gets Swedish.
    A member reads the organisation's language (Swedish) unless they chose another with /sprak."""
    return "en" if code and code.lower().startswith("en") else DEFAULT_LANGUAGE


@cache
def _translations(language: str) -> gettext.NullTranslations:
    po = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@lru_cache(maxsize=4096)
def _decimal(value: float, locale: str) -> str:
    # Babel parses the pattern on every call; the same small numbers recur in every reply.
    return format_decimal(value, locale=locale)


class Texts:
    """What one user reads: ``t._("…")``, ``t.n_("…", "…", n)``, ``t.num(4215)``."""

    def __init__(self, language: str | None = DEFAULT_LANGUAGE) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._t = _translations(self.language)
        self.locale = _BABEL_LOCALE[self.language]

    def _(self, message: str, **params: object) -> str:
        text = self._t.gettext(message)
        return text.format(**params) if params else text

    def n_(self, singular: str, plural: str, n: int, **params: object) -> str:
        return self._t.ngettext(singular, plural, n).format(n=self.num(n), **params)

    def num(self, value: float, digits: int = 0) -> str:
        return _decimal(round(value, digits) if digits else round(value), self.locale)

    def percent(self, share: float) -> str:
        return format_percent(share, locale=self.locale)

    def day(self, value: date, with_year: bool = False) -> str:
        return format_date(value, "d MMMM y" if with_year else "d MMMM", locale=self.locale)


def N_(message: str) -> str:
    """Mark a msgid for extraction where it is translated later (labels in tables)."""
    return message


def texts_for(language_code: str | None) -> Texts:
    return Texts(language_of(language_code))
