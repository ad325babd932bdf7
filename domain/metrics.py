"""The one catalog of what a goal can measure, with Swedish display names.

Chat commands accept the Swedish alias (``/mal nya_medlemmar 42 2025``) as well as
the catalog key; ``activity:<type>`` names any other activity type an admin added.
"""

from __future__ import annotations

from dataclasses import dataclass

ACTIVITY_PREFIX = "activity:"


@dataclass(frozen=True)
class Metric:
    key: str
    name_sv: str
    name_en: str
    aliases: tuple[str, ...] = ()


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


def display_name(key: str, language: str = "sv") -> str:
    if key.startswith(ACTIVITY_PREFIX):
        return key[len(ACTIVITY_PREFIX) :].replace("_", " ")
    metric = BY_KEY.get(key)
    if metric is None:
        return key
    return metric.name_en if language.startswith("en") else metric.name_sv
