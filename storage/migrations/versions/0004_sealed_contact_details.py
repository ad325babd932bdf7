"""members' names and phones sealed (Fernet), phone lookup hash, retention per organisation, audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models
from storage import crypto

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("new_members", schema=None) as batch_op:
        batch_op.alter_column("name", type_=sa.Text(), existing_type=sa.String(200))
        batch_op.alter_column("phone", type_=sa.Text(), existing_type=sa.String(32))
        batch_op.add_column(sa.Column("phone_hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_new_members_phone_hash", ["phone_hash"], unique=False)
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), server_default="90", nullable=False))
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["memberships.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_org_at", ["org_id", "at"], unique=False)
    _seal_existing()


def _seal_existing() -> None:
    """Contact details written before this version were plaintext: seal them under the configured key."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name, phone FROM new_members")).all()
    if not rows:
        return
    keyring = crypto.keyring()  # `verksam db upgrade` and `run` load the key before migrating
    for row_id, name, phone in rows:
        bind.execute(
            sa.text("UPDATE new_members SET name = :n, phone = :p, phone_hash = :h WHERE id = :id"),
            {
                "n": keyring.seal(name),
                "p": keyring.seal(phone) if phone else None,
                "h": keyring.lookup_hash(phone) if phone else None,  # stored phones are already E.164
                "id": row_id,
            },
        )


def downgrade() -> None:
    # Contact details stay sealed: a downgrade must not write them out in plaintext.
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_org_at")
    op.drop_table("audit_events")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("retention_days")
    with op.batch_alter_table("new_members", schema=None) as batch_op:
        batch_op.drop_index("ix_new_members_phone_hash")
        batch_op.drop_column("phone_hash")
