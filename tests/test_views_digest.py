"""The digest's view: figures in, text out, with no database (storage/digest_figures.py computes them)."""

from __future__ import annotations

from datetime import date

from domain.goals import GoalKind, GoalNames, GoalSpec
from domain.progress import Arrow, Progress
from storage.digest_figures import DigestFigures, Knocking, Week, WelcomeCalls
from views.digest import digest_text
from views.i18n import Texts

WELCOME = GoalSpec(kind=GoalKind.SLA, metric="welcome_call", target=5, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))


def figures(**changes) -> DigestFigures:
    base = {
        "org_name": "Ektorps AK",
        "week": Week.ending(date(2026, 3, 15)),
        "names": GoalNames(),
        "goals": [],
        "welcome": WelcomeCalls(WELCOME, Progress(GoalKind.SLA, Arrow.FLAT, 0, 0, None, None, on_time=2, late=1, open=0, overdue=1)),
        "knocking": Knocking(3, 120, 30, None),
        "active_foreningar": [("Ektorp", 4)],
        "active_people": [],
    }
    return DigestFigures(**{**base, **changes})


def test_a_digest_is_written_from_its_figures_alone():
    text = digest_text(Texts(), figures())
    assert text.splitlines()[:2] == ["📬 Veckorapport för Ektorps AK", "Vecka 11 (9 mars – 15 mars 2026)"]
    assert "Inga mål ännu: läs in verksamhetsplanen med /plan." in text
    assert "📞 Välkomstsamtal 2026: 2 i tid, 1 sena, 0 pågår – 1 försenat väntar fortfarande" in text
    assert "🚪 Dörrknackning denna vecka: 3 pass, 120 dörrar, 30 samtal" in text
    assert "🏆 Mest aktiva föreningar: Ektorp (4)" in text
    assert "Flitigast" not in text  # volunteers are named only when the organisation chose so


def test_a_week_without_door_knocking_says_when_it_last_happened():
    text = digest_text(Texts(), figures(knocking=Knocking(0, 0, 0, date(2026, 2, 20))))
    assert "🚪 Ingen dörrknackning denna vecka (senast 20 februari)." in text
