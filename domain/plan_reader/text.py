"""Folding Swedish text for matching, tolerant word stems, and the small words plans are made of."""

from __future__ import annotations

import re

# --- Folding and tolerant word stems -------------------------------------------------

_FOLD_TABLE = str.maketrans("åäöéèëüáàâ", "aaoeeeuaaa")


def _fold(text: str) -> str:
    """Lower-case without diacritics, one character per character, so that a match in the
    folded text points at the same span of the original."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two ("İ")
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.translate(_FOLD_TABLE)


def _stem(*words: str) -> re.Pattern[str]:
    """A pattern for word beginnings that forgives a missing or extra doubled letter
    ("dörknackning") and a space or hyphen inside a compound ("tema-möte")."""
    alternatives = []
    for word in words:
        folded = re.sub(r"(\w)\1+", r"\1", _fold(word))
        parts = [r"[\s-]*" if ch == " " else re.escape(ch) + ("+" if ch.isalpha() else "") for ch in folded]
        alternatives.append("".join(parts))
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")")


_QUALIFIERS = frozenset({"minst", "cirka", "ca", "drygt", "atminstone", "omkring", "runt", "over", "hogst"})
_NOT_A_COUNT_AFTER = frozenset(
    {"del", "steg", "s", "nr", "nummer", "punkt", "kapitel", "kap", "version", "sida", "kl", "klockan"}
    | {"bilaga", "varen", "var", "hosten", "host", "vt", "ht", "sommaren"}
)
_YEAR_CONTEXT = frozenset(
    {"under", "ar", "aret", "infor", "innan", "fore", "till", "efter", "sedan", "fran", "i", "valet"}
    | {"senast", "mellan", "jamfort", "med", "och", "for"}  # "verksamhetsplan för 2021"
)
_DURATION_UNITS = frozenset(
    {"dag", "dagar", "dygn", "vecka", "veckor", "manad", "manader", "ar", "aret", "timme", "timmar"}
)
_FREQUENCY_WORDS = frozenset({"gang", "ganger", "ggr", "tillfalle", "tillfallen"})
_PHRASE_STOPS = frozenset(
    {"i", "om", "med", "for", "kring", "till", "pa", "under", "inom", "och", "samt", "dar", "som", "fran"}
    | {"av", "per", "ska", "skall", "bor", "kommer", "har", "eller", "genom", "vid", "innan", "fore"}
    | {"efter", "mm", "den", "det", "de", "varje", "varav", "at", "hos", "mot", "ur", "ar"}
)
_SUBJECT_VERBS = frozenset({"ska", "skall", "bor", "kommer"})
_CONNECTORS = _PHRASE_STOPS | {"att", "en", "ett", "minst", "cirka", "ca", "sin", "sina", "sitt", "vara"}
_CONNECTORS |= {"infor", "utover", "forutom", "dessutom", "darutover", "sedan", "bland", "enligt"}

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "april": 4, "apr": 4, "maj": 5,
    "juni": 6, "juli": 7, "augusti": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_SEASON_END = {"var": (6, 30), "vt": (6, 30), "sommar": (8, 31), "host": (12, 31), "ht": (12, 31)}

# Headings that introduce goals rather than name a subject: "Mål 2026", "Våra mål", "Strategier".
_GOAL_HEADING = re.compile(
    r"^(?:vara\s+|overgripande\s+|langsiktiga\s+|prioriterade\s+|arets\s+)?"
    r"(?:(?:verksamhets|del|ars|huvud|effekt)?mal|malsattning(?:ar)?|malomraden|ambition(?:er)?"
    r"|strategi(?:er)?|aktiviteter|atgarder|insatser|handlingsplan)\b[\s\w,./-]{0,30}:?$"
    r"|^(?:[a-z-]+\s+){0,3}?[a-z-]*mal:$"  # a label of compound goals: "Trivsel- och stimulansmål:", "Ekonomiska mål:"
)
