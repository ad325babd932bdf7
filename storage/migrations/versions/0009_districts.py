"""districts: a partidistrikt's branches, its people's district roles and their invites; month totals and a
covering index by day, so a district's year sums of every branch read a few rows each

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 19:00:00
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc() -> storage.models.UTCDateTime:
    return storage.models.UTCDateTime(timezone=True)


BY_DAY = ["org_id", "day", "kind", "activity_type", "forening_id", "entries", "doors", "conversations"]
SUMMED = ("entries", "doors", "conversations")


def upgrade() -> None:
    op.create_index("ix_day_totals_org_day", "day_totals", BY_DAY)
    months = op.create_table(
        "month_totals",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("activity_type", sa.String(length=64), nullable=False),
        sa.Column("forening_id", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("doors", sa.Integer(), nullable=False),
        sa.Column("conversations", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("org_id", "kind", "month", "activity_type", "forening_id"),
    )
    _backfill(months)
    op.create_table(
        "districts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("report_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("digest_weekday", sa.Integer(), server_default="0", nullable=False),
        sa.Column("digest_hour", sa.Integer(), server_default="9", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "district_branches",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["district_id"], ["districts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("org_id"),
    )
    op.create_index("ix_district_branches_district_id", "district_branches", ["district_id"])
    op.create_table(
        "district_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("joined_at", _utc(), nullable=False),
        sa.Column("digest_private", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(["district_id"], ["districts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("district_id", "telegram_user_id"),
    )
    op.create_index("ix_district_memberships_telegram_user_id", "district_memberships", ["telegram_user_id"])
    op.create_table(
        "district_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("expires_at", _utc(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(["district_id"], ["districts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )


def _backfill(months: sa.Table) -> None:
    """The months of the day totals already kept."""
    rows = op.get_bind().execute(
        sa.text("SELECT org_id, kind, day, activity_type, forening_id, entries, doors, conversations FROM day_totals")
    )
    summed: dict[tuple, dict] = {}
    for row in rows.mappings():
        day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(str(row["day"])[:10])
        key = (row["org_id"], row["kind"], day.replace(day=1), row["activity_type"], row["forening_id"])
        into = summed.setdefault(key, dict(zip(("org_id", "kind", "month", "activity_type", "forening_id"), key)))
        for name in SUMMED:
            into[name] = into.get(name, 0) + row[name]
    if summed:
        op.bulk_insert(months, list(summed.values()))


def downgrade() -> None:
    op.drop_table("month_totals")
    op.drop_index("ix_day_totals_org_day", table_name="day_totals")
    op.drop_table("district_invites")
    op.drop_index("ix_district_memberships_telegram_user_id", table_name="district_memberships")
    op.drop_table("district_memberships")
    op.drop_index("ix_district_branches_district_id", table_name="district_branches")
    op.drop_table("district_branches")
    op.drop_table("districts")
