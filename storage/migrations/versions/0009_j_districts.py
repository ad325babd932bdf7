"""districts: a partidistrikt's branches, its people's district roles and their invites; a covering index for
the year sums a district reads of every branch

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc() -> storage.models.UTCDateTime:
    return storage.models.UTCDateTime(timezone=True)


SUMS_COLUMNS = ["org_id", "kind", "activity_type", "forening_id", "day", "entries", "doors", "conversations"]


def upgrade() -> None:
    op.create_index("ix_day_totals_sums", "day_totals", SUMS_COLUMNS)
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


def downgrade() -> None:
    op.drop_index("ix_day_totals_sums", table_name="day_totals")
    op.drop_table("district_invites")
    op.drop_index("ix_district_memberships_telegram_user_id", table_name="district_memberships")
    op.drop_table("district_memberships")
    op.drop_index("ix_district_branches_district_id", table_name="district_branches")
    op.drop_table("district_branches")
    op.drop_table("districts")
