"""Pauses: days off the habit that neither count nor break a streak.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("first_day <= last_day", name=op.f("ck_pauses_ordered")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pauses_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pauses")),
    )
    op.create_index(op.f("ix_pauses_user_id"), "pauses", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_pauses_user_id"), table_name="pauses")
    op.drop_table("pauses")
