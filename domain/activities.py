"""Activity types: the built-in ones and how they count towards the catalog's metrics."""

from __future__ import annotations

from dataclasses import dataclass

from domain.metrics import ACTIVITY_PREFIX


@dataclass(frozen=True)
class ActivityType:
    key: str
    name_sv: str
    metric: str
    words: tuple[str, ...] = ()


BUILTIN: tuple[ActivityType, ...] = (
    ActivityType("medlemsmote", "Medlemsmöte", "member_meetings", ("medlemsmöte", "medlemsmote", "member_meeting")),
    ActivityType("studiecirkel", "Studiecirkel", "study_circles", ("studiecirkel", "cirkel", "study_circle")),
    # "medlemsutbildning" alone means step 1: S2 is only open to those who took S1.
    ActivityType("s1", "Medlemsutbildning S1", "member_courses", ("s1", "medlemsutbildning", "medlemsutbildning_s1")),
    ActivityType("s2", "Medlemsutbildning S2", "member_courses", ("s2", "medlemsutbildning_s2")),
    ActivityType("oppet_mote", "Öppet möte", "open_meetings", ("öppet_möte", "oppet_mote", "open_meeting")),
    ActivityType("workshop", "Workshop", "activity:workshop", ("workshop",)),
    ActivityType("arbetsplatsbesok", "Arbetsplatsbesök", "workplace_visits", ("arbetsplatsbesök", "arbetsplatsbesok")),
)
BUILTIN_BY_KEY = {t.key: t for t in BUILTIN}


_PLAIN = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})


def type_key(name: str) -> str:
    """A stable key for a typed name: 'Öppet möte' -> 'oppet_mote'."""
    words = "".join(c if c.isalnum() else " " for c in name.lower().translate(_PLAIN)).split()
    return "_".join(words)[:64]


def resolve_type(name: str, custom: dict[str, str] | None = None) -> str | None:
    """Key of a built-in or custom (key -> display name) type that ``name`` names."""
    key = type_key(name)
    if not key:
        return None
    for t in BUILTIN:
        if key == t.key or key in {type_key(w) for w in t.words}:
            return t.key
    if custom and key in custom:
        return key
    return None


def metric_for(type_key_: str) -> str:
    builtin = BUILTIN_BY_KEY.get(type_key_)
    return builtin.metric if builtin else f"{ACTIVITY_PREFIX}{type_key_}"


def types_for_metric(metric: str) -> tuple[str, ...]:
    """The activity types a metric counts: inverse of ``metric_for``."""
    keys = [t.key for t in BUILTIN if t.metric == metric]
    if metric.startswith(ACTIVITY_PREFIX):
        keys.append(metric[len(ACTIVITY_PREFIX) :])
    return tuple(dict.fromkeys(keys))


def display_name(key: str, custom: dict[str, str] | None = None) -> str:
    if key in BUILTIN_BY_KEY:
        return BUILTIN_BY_KEY[key].name_sv
    if custom and key in custom:
        return custom[key]
    return key.replace("_", " ").capitalize()
