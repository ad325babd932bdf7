"""a member's chosen language; cases of erased members closed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    # Cases whose member was erased before erasing closed them: nobody can be called any more.
    op.execute(
        "UPDATE welcome_cases SET closed_reason = 'erased' WHERE closed_reason IS NULL "
        "AND new_member_entry_id NOT IN (SELECT entry_id FROM new_members)"
    )


def downgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("language")
