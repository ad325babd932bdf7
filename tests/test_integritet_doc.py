"""docs/integritet.md must name every stored field of every table that holds personal data."""

from __future__ import annotations

from pathlib import Path

from storage.models import Base

DOC = Path(__file__).parent.parent / "docs" / "integritet.md"
PERSONAL_TABLES = (
    "new_members",
    "memberships",
    "entries",
    "welcome_cases",
    "invites",
    "outbox",
    "flow_data",
    "flow_states",
    "audit_events",
)


def test_every_personal_field_is_named_in_the_document():
    text = DOC.read_text(encoding="utf-8")
    missing = [
        f"{table}.{column.name}"
        for table in PERSONAL_TABLES
        for column in Base.metadata.tables[table].columns
        if f"`{table}.{column.name}`" not in text
    ]
    assert not missing, f"describe these in docs/integritet.md: {missing}"


def test_the_document_states_the_retention_the_code_uses():
    from storage.models import Organisation

    default = Organisation.__table__.c.retention_days.default.arg
    assert f"raderas automatiskt {default} dagar" in DOC.read_text(encoding="utf-8")



def _flat(handlers):
    """python-telegram-bot's handlers, with the guided flows' own handlers in place of each flow."""
    from telegram.ext import ConversationHandler

    for handler in handlers:
        if isinstance(handler, ConversationHandler):
            states = [h for state in handler.states.values() for h in state]
            yield from _flat([*handler.entry_points, *handler.fallbacks, *states])
        else:
            yield handler


def test_the_threat_model_names_every_button_and_command(db):
    """Each button the bot registers, and each command (by one of its names), is in the threat model."""
    from telegram.ext import CallbackQueryHandler, CommandHandler

    from bot.app import build_application
    from tests.fakebot import TOKEN

    handlers = list(_flat(h for group in build_application(TOKEN, db).handlers.values() for h in group))
    prefixes = {
        h.pattern.pattern.lstrip("^").split(":")[0]
        for h in handlers
        if isinstance(h, CallbackQueryHandler) and h.pattern is not None
    }
    commands = [h.commands for h in handlers if isinstance(h, CommandHandler)]
    model = DOC.read_text(encoding="utf-8").split("## Hotmodell", 1)[1].split("\n## ", 1)[0]
    missing = sorted(f"{p}:" for p in prefixes if f"`{p}" not in model)
    missing += sorted(min(names) for names in commands if not any(f"`/{c}" in model for c in names))
    assert prefixes and commands and not missing, f"say in docs/integritet.md's threat model who may use {missing}"
