"""day totals for fast digests; volunteers' names in the digest (opt-in); entries by organisation and time

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 15:20:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

from storage.day_totals import rebuild_rows

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    day_totals = op.create_table(
        "day_totals",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("activity_type", sa.String(length=64), nullable=False),
        sa.Column("forening_id", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("doors", sa.Integer(), nullable=False),
        sa.Column("conversations", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("org_id", "kind", "day", "activity_type", "forening_id"),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest_names", sa.Boolean(), server_default="0", nullable=False))
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_org_kind_time")
        batch_op.create_index("ix_entries_org_time", ["org_id", "occurred_at"], unique=False)
    _backfill(day_totals)


def _backfill(day_totals: sa.Table) -> None:
    """Sum the entries already logged, each organisation in its own time zone."""
    bind = op.get_bind()
    zones = dict(bind.execute(sa.text("SELECT id, timezone FROM organisations")).all())
    for org_id, zone in zones.items():
        standing = bind.execute(
            sa.text(
                "SELECT org_id, kind, occurred_at, activity_type, forening_id, doors, conversations "
                "FROM entries WHERE org_id = :org AND undone_at IS NULL"
            ),
            {"org": org_id},
        ).mappings()
        entries = [SimpleNamespace(**row) for row in standing]
        for entry in entries:
            entry.occurred_at = _aware(entry.occurred_at)
        rows = rebuild_rows(entries, zone)
        if rows:
            op.bulk_insert(day_totals, rows)


def _aware(value: str | datetime) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_org_time")
        batch_op.create_index("ix_entries_org_kind_time", ["org_id", "kind", "occurred_at"], unique=False)
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("digest_names")
    op.drop_table("day_totals")
