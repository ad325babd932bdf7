"""The one catalog of what a goal can measure, with Swedish display names.

Chat commands accept the Swedish alias (``/mal nya_medlemmar 42 2025``) as well as
the catalog key; ``activity:<type>`` names any other activity type an admin added.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ACTIVITY_PREFIX = "activity:"


@dataclass(frozen=True)
class Metric:
    key: str
    name_sv: str  # plural, as a count reads: "42 nya medlemmar"
    name_en: str
    aliases: tuple[str, ...] = ()


# Singulars, for "1 ny medlem" and "1 dörrknackning per vecka"; a name missing here is the same in both.
ONE_SV: dict[str, str] = {
    "new_members": "ny medlem",
    "door_knocking_sessions": "dörrknackning",
    "doors_knocked": "knackad dörr",
    "member_meetings": "medlemsmöte",
    "study_circles": "studiecirkel",
    "member_courses": "medlemsutbildning",
    "open_meetings": "öppet möte",
    "followers": "följare",
}
ONE_EN: dict[str, str] = {
    "new_members": "new member",
    "conversations": "conversation",
    "door_knocking_sessions": "door-knocking session",
    "doors_knocked": "door knocked",
    "member_meetings": "member meeting",
    "study_circles": "study circle",
    "member_courses": "member course",
    "open_meetings": "open meeting",
    "workplace_visits": "workplace visit",
    "followers": "follower",
}


CATALOG: tuple[Metric, ...] = (
    Metric("new_members", "nya medlemmar", "new members", ("nya_medlemmar", "medlemmar", "nymedlem")),
    Metric("members_total", "antal medlemmar", "members in total", ("medlemsantal", "antal_medlemmar")),
    Metric("conversations", "samtal", "conversations", ("samtal",)),
    Metric(
        "door_knocking_sessions",
        "dörrknackningar",
        "door-knocking sessions",
        ("dorrknackning", "dorrknackningar", "knack", "knackningar", "insatser"),
    ),
    Metric("doors_knocked", "knackade dörrar", "doors knocked", ("dorrar", "dörrar")),
    Metric("member_meetings", "medlemsmöten", "member meetings", ("medlemsmoten", "medlemsmote", "medlemsmöte")),
    Metric("study_circles", "studiecirklar", "study circles", ("studiecirklar", "studiecirkel")),
    Metric(
        "member_courses",
        "medlemsutbildningar",
        "member courses",
        ("medlemsutbildningar", "medlemsutbildning", "utbildningar", "s1", "s2"),
    ),
    Metric("open_meetings", "öppna möten", "open meetings", ("oppna_moten", "öppna_möten", "oppet_mote")),
    Metric(
        "workplace_visits",
        "arbetsplatsbesök",
        "workplace visits",
        ("arbetsplatsbesok", "arbetsplatsbesök"),
    ),
    Metric("followers", "följare", "followers", ("foljare", "följare")),
    Metric("autogiro_share", "andel autogiro", "share paying by autogiro", ("autogiro",)),
    Metric("welcome_call", "välkomstsamtal", "welcome call", ("valkomstsamtal",)),
    Metric("activity_invitation", "inbjudan till verksamhet", "invitation to an activity", ("inbjudan",)),
    Metric("course_offer", "erbjudande om utbildning", "course offer", ("utbildningserbjudande",)),
)

BY_KEY: dict[str, Metric] = {m.key: m for m in CATALOG}

# Metrics a count goal can sum from logged entries; the rest are reported levels or cases.
COUNTABLE: frozenset[str] = frozenset(
    {
        "new_members",
        "conversations",
        "door_knocking_sessions",
        "doors_knocked",
        "member_meetings",
        "study_circles",
        "member_courses",
        "open_meetings",
        "workplace_visits",
    }
)
LEVELS: frozenset[str] = frozenset({"members_total", "followers", "autogiro_share"})
CASES: frozenset[str] = frozenset({"welcome_call", "activity_invitation", "course_offer"})


def _fold(text: str) -> str:
    """Lower-case and fold å/ä/ö so 'Nya medlemmar' and 'nya_medlemmar' meet."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", " ": "_", "-": "_"})
    return text.strip().lower().translate(table)


_ALIASES: dict[str, str] = {}
for _m in CATALOG:
    for _name in (_m.key, _m.name_sv, _m.name_en, *_m.aliases):
        _ALIASES[_fold(_name)] = _m.key


def resolve(name: str) -> str | None:
    """Catalog key for a key, alias or display name; ``activity:<type>`` passes through."""
    folded = _fold(name)
    if folded.startswith(ACTIVITY_PREFIX) and len(folded) > len(ACTIVITY_PREFIX):
        return folded
    return _ALIASES.get(folded)


def display_name(key: str, language: str = "sv", activity_names: Mapping[str, str] | None = None) -> str:
    """The metric's name; an activity type's as its admin wrote it (the key is only a slug)."""
    if key.startswith(ACTIVITY_PREFIX):
        slug = key[len(ACTIVITY_PREFIX) :]
        return (activity_names or {}).get(slug) or slug.replace("_", " ")
    metric = BY_KEY.get(key)
    if metric is None:
        return key
    return metric.name_en if language.startswith("en") else metric.name_sv


def is_activity(key: str | None) -> bool:
    return bool(key) and key.startswith(ACTIVITY_PREFIX)


def singular_name(key: str, language: str = "sv") -> str:
    """A catalog metric's name for one: "ny medlem", "dörrknackning"."""
    english = language.startswith("en")
    return (ONE_EN if english else ONE_SV).get(key) or display_name(key, language)
