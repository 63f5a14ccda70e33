"""Morning check-ins: prompt days, quiet-when-met, evening time, schedules and the check-in log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("prompt_days", sa.SmallInteger(), nullable=False, server_default="127")
        )
        batch.add_column(
            sa.Column("quiet_when_met", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("evening_minute", sa.SmallInteger(), nullable=False, server_default="1140")
        )
    op.create_table(
        "schedules",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_schedules_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_schedules")),
    )
    op.create_index(op.f("ix_schedules_due_at"), "schedules", ["due_at"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_checkins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint(
            "user_id", "kind", "local_date", name=op.f("uq_checkins_user_id_kind_local_date")
        ),
    )


def downgrade() -> None:
    op.drop_table("checkins")
    op.drop_index(op.f("ix_schedules_due_at"), table_name="schedules")
    op.drop_table("schedules")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("evening_minute")
        batch.drop_column("quiet_when_met")
        batch.drop_column("prompt_days")
