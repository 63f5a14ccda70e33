"""Comebacks and "it's a habit now" the runner was told of, so each is told once.

Revision ID: 0011_habits
Revises: 0010_trapdoors
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_habits"
down_revision: str | None = "0010_trapdoors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "milestones",
        sa.Column("habit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["habit_id"],
            ["habits.id"],
            name=op.f("fk_milestones_habit_id_habits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("habit_id", "kind", "day", name=op.f("pk_milestones")),
    )


def downgrade() -> None:
    op.drop_table("milestones")
