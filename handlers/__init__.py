"""The Telegram surface: one module per feature, registered here in one place."""

from __future__ import annotations

from telegram.ext import Application


def register(app: Application) -> None:
    # Imported here, not at the top: importing one handler module (a test's handlers.common)
    # need not load them all.
    from handlers import (
        aktivitet,
        cases,
        choose_org,
        digest,
        district,
        evaluation,
        fallback,
        goals,
        knack,
        language,
        levels,
        milestones,
        nymedlem,
        onboarding,
        pipeline,
        plan_import,
        privacy,
        samtal,
        status,
        undo,
    )

    # Every update first: the button guard, the flood gate, the language, the flow reset (handlers/pipeline.py).
    app.add_handler(pipeline.handler(), group=-1)
    # Order matters within the group: the flows (with the /start deep link into /nymedlem)
    # come before plain /start, and the catch-alls come last.
    app.add_handlers(
        [knack.handler(), samtal.handler(), nymedlem.handler(), plan_import.handler(), *aktivitet.handlers()]
    )
    app.add_handlers(district.handlers())  # before the branch /bjudin: a district role's invite
    app.add_handlers([*onboarding.handlers(), *undo.handlers(), *goals.handlers(), *status.handlers()])
    app.add_handlers([*levels.handlers(), *milestones.handlers(), *evaluation.handlers(), *cases.handlers()])
    app.add_handlers([*digest.handlers(), *privacy.handlers(), *language.handlers(), *choose_org.handlers()])
    app.add_handlers(fallback.handlers())
    app.add_error_handler(fallback.on_error)
