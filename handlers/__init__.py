"""The Telegram surface: one module per feature, registered here in one place."""

from __future__ import annotations

from telegram.ext import Application


def register(app: Application) -> None:
    # Imported here, not at the top: importing one handler module (a test's handlers.common)
    # need not load them all.
    from handlers import (
        aktivitet,
        button_guard,
        cases,
        choose_org,
        digest,
        evaluation,
        fallback,
        flow,
        gate,
        goals,
        knack,
        language,
        levels,
        milestones,
        nymedlem,
        onboarding,
        plan_import,
        privacy,
        samtal,
        status,
        undo,
    )

    app.add_handler(button_guard.handler(), group=-4)  # every press checked against whom it was sent to
    app.add_handler(gate.handler(), group=-3)  # floods and oversized messages stop before anything else
    app.add_handler(language.resolver(), group=-2)  # then the language this update is answered in
    app.add_handlers(flow.flow_reset_handlers(), group=-1)  # /avbryt, and a new command ends open flows
    # Order matters within the group: the flows (with the /start deep link into /nymedlem)
    # come before plain /start, and the catch-alls come last.
    app.add_handlers(
        [knack.handler(), samtal.handler(), nymedlem.handler(), plan_import.handler(), *aktivitet.handlers()]
    )
    app.add_handlers([*onboarding.handlers(), *undo.handlers(), *goals.handlers(), *status.handlers()])
    app.add_handlers([*levels.handlers(), *milestones.handlers(), *evaluation.handlers(), *cases.handlers()])
    app.add_handlers([*digest.handlers(), *privacy.handlers(), *language.handlers(), *choose_org.handlers()])
    app.add_handlers(fallback.handlers())
    app.add_error_handler(fallback.on_error)
