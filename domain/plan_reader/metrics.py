"""Mapping the nouns a plan counts to the metric catalog, or naming an activity of its own."""

from __future__ import annotations

import re
from collections.abc import Sequence

from domain.metrics import ACTIVITY_PREFIX
from domain.plan_reader.text import _CONNECTORS, _fold, _stem

# --- Vocabulary ---------------------------------------------------------------------

# Catalog metrics as plans write them; the more specific stems first.
_METRIC_STEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("doors_knocked", _stem("knackade dörrar", "dörrar")),
    ("door_knocking_sessions", _stem("dörrknackning", "knackning", "knackpass")),
    ("new_members", _stem("nya medlem", "ny medlem", "nymedlem", "nyvärvade medlem")),
    ("members_total", _stem("medlemsantal", "antal medlem", "antalet medlem", "medlemmar totalt")),
    ("conversations", _stem("samtal")),
    ("member_meetings", _stem("medlemsmöte")),  # not "medlemsmottagning"
    ("study_circles", _stem("studiecirk")),
    ("member_courses", _stem("medlemsutbildning")),
    ("open_meetings", _stem("öppna möte", "öppet möte")),
    ("workplace_visits", _stem("arbetsplatsbesök")),
    ("followers", _stem("följare")),
    ("autogiro_share", _stem("autogiro")),
)
_MEMBERS = _stem("medlemmar")
_RECRUIT = _stem("värva", "värvas", "rekryter")
# Metrics an ongoing activity ("bedriva dörrknackning") can be held to without a number.
_EVENT_METRICS = frozenset(
    {"door_knocking_sessions", "member_meetings", "open_meetings", "workplace_visits", "study_circles"}
)

_NEW_MEMBER = _stem("ny medlem", "nya medlem", "nymedlem", "nyblivna medlem", "nyvärvad")
_WELCOME = re.compile(
    r"\bkontakta(?:s|r|d|de)?\b|"  # not "kontaktperson"
    + _stem(
        "välkomna", "välkomstsamtal", "ringa", "ringas", "uppringd", "hälsad välkom", "välkomstbrev",
        "välkomstmejl", "välkomstmail", "välkomstpaket", "välkomstutskick",
    ).pattern
)
_INVITE = re.compile(r"\bbjud\w*\s+in\b|\binbjud")
_OFFER = _stem("erbjud")
_COURSE = _stem("medlemsutbildning", "utbildning", "steg", "s1", "s2", "kurs", "studie")

# --- Metrics ------------------------------------------------------------------------


def _catalog_metric(folded: str, context: str) -> str | None:
    """The catalog metric ``folded`` names; bare "medlemmar" are new members when the
    ``context`` recruits them ("värva 40 medlemmar"), else the member total."""
    for key, pattern in _METRIC_STEMS:
        if pattern.search(folded):
            return key
    if _MEMBERS.search(folded):
        return "new_members" if _RECRUIT.search(context) else "members_total"
    return None


def _singular(word: str) -> str:
    """Good enough for an activity type's name: "träffar" → "traff", "workshops" → "workshop"."""
    if len(word) > 4 and word.endswith(("ar", "er")):
        stem = word[:-2]  # "läsecirklar" → "lasecirkel": the e the plural dropped comes back
        return stem[:-1] + "el" if len(stem) > 3 and stem[-1] == "l" and stem[-2] not in "aeiouyl" else stem
    if len(word) > 4 and word.endswith("or"):
        return word[:-2] + "a"  # "resor" → "resa", "kvinnor" → "kvinna"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word[-2] not in "aeiouy":
        return word[:-1]
    return word


def _activity(words: Sequence[str], plural: bool) -> str | None:
    if not words:
        return None
    if plural:
        words = [*words[:-1], _singular(words[-1])]
    slug = re.sub(r"[^a-z0-9]+", "_", _fold(" ".join(words))).strip("_")
    return ACTIVITY_PREFIX + slug if slug else None


def _leading_label(text: str) -> str | None:
    """The name an item opens with before a comma ("Medlemsutskick, … 5 gånger/år")."""
    head, comma, _ = text.partition(",")
    words = head.split()
    if not comma or not 0 < len(words) <= 3 or _fold(words[0]) in _CONNECTORS:
        return None
    return _catalog_metric(_fold(head), "") or _activity([_fold(head)], plural=False)


def _case_metric(segment: str) -> str | None:
    """Which step of the welcome chain a stretch of text speaks of: the last one named,
    as it is the one the time limit after it belongs to."""
    candidates = []
    if (offer := _OFFER.search(segment)) and _COURSE.search(segment, offer.end()):
        candidates.append((offer.start(), "course_offer"))
    candidates += [(m.start(), "activity_invitation") for m in _INVITE.finditer(segment)]
    candidates += [(m.start(), "welcome_call") for m in _WELCOME.finditer(segment)]
    return max(candidates)[1] if candidates else None
