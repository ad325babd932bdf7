"""Sentences shared by several handlers: input errors and one-line summaries of entries."""

from __future__ import annotations

from datetime import date

from domain import activities
from domain.entries import EntryKind
from domain.errors import InputError
from domain.goals import GoalKind
from views.goal_lines import goal_summary, period_label, window_phrase  # noqa: F401 - their old home
from views.i18n import N_, Texts

# The right form of each command that reads numbers, dates or a phone, by its Swedish name.
# Translated like any text: an English user is shown /knock 40 12 Ektorp.
KNACK_FORM = N_("/knack 40 12 Ektorp")
SAMTAL_FORM = N_("/samtal 25 torg")
AKTIVITET_FORM = N_("/aktivitet medlemsmöte 12")
GOAL_FORM = N_("/mal nya_medlemmar 42 2026")
FORMS = {
    "knack": KNACK_FORM,
    "samtal": SAMTAL_FORM,
    "aktivitet": AKTIVITET_FORM,
    "mal": GOAL_FORM,
    "glom": N_("/glom 070-123 45 67"),
    "rapportera": N_("/rapportera medlemsantal 1250"),
    "klar": N_("/klar 3"),
    "paborjad": N_("/paborjad 3"),
}
# English (and other) aliases of those commands.
COMMAND_ALIASES = {
    "knock": "knack",
    "talk": "samtal",
    "activity": "aktivitet",
    "goal": "mal",
    "goals": "mal",
    "forget": "glom",
    "report": "rapportera",
    "done": "klar",
    "started": "paborjad",
}


def command_of(text: str | None) -> str | None:
    """The command a message starts with, by its Swedish name: '/Knock@verksam_bot 40' -> 'knack'."""
    if not text or not text.startswith("/"):
        return None
    name = text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()
    return COMMAND_ALIASES.get(name, name)


def _with_form(t: Texts, sentence: str, error: InputError) -> str:
    form = FORMS.get(error.command or "")
    if form is None:
        return sentence
    return sentence + " " + t._("Skriv till exempel {form}.", form=t._(form))


def input_error_text(t: Texts, error: InputError) -> str:
    """The answer to bad input, with the right form of the command that was typed (if any)."""
    p = error.params
    match error.code:
        case "negative":
            return _with_form(t, t._("Antal kan inte vara negativa ({value}).", value=p["value"]), error)
        case "not_a_number":
            return t._("Svara med ett tal, till exempel 12.")
        case "not_whole":
            return t._("Skriv hela tal, utan decimaler ({value}).", value=p["value"])
        case "too_large":
            text = t._(
                "{value} är mer än jag kan tro på (högst {limit}). Skrev du fel?",
                value=_shown_number(p["value"]),
                limit=t.num(p["limit"]),
            )
            return _with_form(t, text, error)
        case "too_many_numbers":
            if error.command in (None, "knack"):
                return t._("För många tal. Ordningen är dörrar, samtal, nya medlemmar: {form}.", form=t._(KNACK_FORM))
            return _with_form(t, t._("För många tal."), error)
        case "repeated":
            return t._("Samma sak står två gånger. Skriv till exempel /knack 40 dörrar 12 samtal Ektorp.")
        case "nothing_to_log":
            return _with_form(t, t._("Allt är noll, så det finns inget att spara."), error)
        case "area_too_long":
            return t._("Området får vara högst {limit} tecken.", limit=p["limit"])
        case "two_dates":
            return t._("Ange bara ett datum, till exempel igår, lördag eller 12/3.")
        case "bad_date":
            return t._(
                "Jag förstår inte datumet \u201c{word}\u201d. Skriv igår, en veckodag, 12/3 eller 2025-03-12.",
                word=p["word"],
            )
        case "future_date":
            return t._("{day} har inte hänt ännu. Logga det som redan är gjort.", day=t.day(p["day"], with_year=True))
        case "too_old_date":
            return t._(
                "{day} är mer än ett år sedan. Be styrelsen om hjälp med gamla uppgifter.",
                day=t.day(p["day"], with_year=True),
            )
        case "too_long":
            return _with_form(t, t._("Meddelandet är för långt (högst {limit} tecken).", limit=p["limit"]), error)
        case "unknown_channel":
            return t._(
                "Okänd kanal \u201c{word}\u201d. Välj dörr, torg, telefon, digitalt, arbetsplats eller annat: {form}.",
                word=p["word"],
                form=t._(SAMTAL_FORM),
            )
        case "unknown_activity":
            return t._(
                "Okänd aktivitet \u201c{word}\u201d. Skriv /aktivitet utan något mer för att välja med knappar.",
                word=p["word"],
            )
        case "bad_phone":
            if error.command is None:  # the question of /nymedlem, which has a skip button
                return t._(
                    "Det där ser inte ut som ett telefonnummer. Skriv till exempel 070-123 45 67, eller tryck Hoppa över."
                )
            return _with_form(t, t._("Det där ser inte ut som ett telefonnummer."), error)
        case "unknown_role":
            return t._(
                "Okänd roll \u201c{word}\u201d. Välj volontär, medlemsansvarig, styrelse eller admin.",
                word=p["word"],
            )
        case "goal_form" | "unknown_metric" | "bad_period":
            return t._(
                "Skriv målet så här: /mal nya_medlemmar 42 2026 (mått, antal, år). "
                "Mått: nya_medlemmar, samtal, dorrknackningar, dorrar, medlemsmoten, studiecirklar, "
                "medlemsutbildningar, oppna_moten, arbetsplatsbesok."
            )
    return t._("Det där förstod jag inte. Skriv /hjalp för att se hur det går till.")


def _shown_number(value: object) -> str:
    """A long run of digits is shown cut short: it is a typo, not a figure to repeat in full."""
    digits = str(value)
    return digits if len(digits) <= 12 else digits[:12] + "…"


def channel_phrase(t: Texts, channel: str | None) -> str:
    phrases = {
        "dorr": t._("vid dörren"),
        "torg": t._("på torget"),
        "telefon": t._("i telefon"),
        "digitalt": t._("digitalt"),
        "arbetsplats": t._("på arbetsplatser"),
        "annat": t._("i andra sammanhang"),
    }
    return phrases.get(channel or "annat", "")


def describe(t: Texts, kind: EntryKind, fields: dict, custom_types: dict[str, str] | None = None) -> str:
    """'Dörrknackning i Ektorp: 40 dörrar, 12 samtal' — no personal data, ever."""
    if kind is EntryKind.KNACK:
        parts = [t.n_("{n} dörr", "{n} dörrar", fields.get("doors", 0))]
        if fields.get("opened"):
            parts.append(t.n_("{n} öppnad", "{n} öppnade", fields["opened"]))
        parts.append(t.n_("{n} samtal", "{n} samtal", fields.get("conversations", 0)))
        if fields.get("members"):
            parts.append(t.n_("{n} ny medlem", "{n} nya medlemmar", fields["members"]))
        where = fields.get("area")
        head = t._("Dörrknackning i {area}", area=where) if where else t._("Dörrknackning")
        return f"{head}: {', '.join(parts)}"
    if kind is EntryKind.SAMTAL:
        count = t.n_("{n} samtal", "{n} samtal", fields.get("conversations", 0))
        return f"{count} {channel_phrase(t, fields.get('channel'))}"
    if kind is EntryKind.ACTIVITY:
        name = activities.display_name(fields.get("activity_type") or "", custom_types)
        if fields.get("participants") is not None:
            return f"{name}, " + t.n_("{n} deltagare", "{n} deltagare", fields["participants"])
        return name
    return t._("En ny medlem")


def when_phrase(t: Texts, day: date, today: date) -> str:
    """'', ' (igår)', ' (12 mars)'; another year than this one is named: ' (28 december 2025)'."""
    if day == today:
        return ""
    if (today - day).days == 1:
        return t._(" (igår)")
    return t._(" ({day})", day=t.day(day, with_year=day.year != today.year))


KIND_NAMES = {
    GoalKind.COUNT: N_("Räknemål"),
    GoalKind.CADENCE: N_("Regelbundet"),
    GoalKind.LEVEL: N_("Nivå"),
    GoalKind.SLA: N_("Tidsgräns"),
    GoalKind.MILESTONE: N_("Milstolpe"),
}
