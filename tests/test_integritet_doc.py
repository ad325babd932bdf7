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
