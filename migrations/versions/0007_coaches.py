"""Coaches: invite codes, coach and athlete links, plans written by a coach, Monday digests.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "coach_invites",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("coach_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        _user_fk("coach_invites", "coach_id"),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_coach_invites")),
    )
    op.create_index(op.f("ix_coach_invites_coach_id"), "coach_invites", ["coach_id"])
    op.create_table(
        "coaches",
        sa.Column("athlete_id", sa.BigInteger(), nullable=False),
        sa.Column("coach_id", sa.BigInteger(), nullable=False),
        sa.Column("sees", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("coaches", "athlete_id"),
        _user_fk("coaches", "coach_id"),
        sa.PrimaryKeyConstraint("athlete_id", name=op.f("pk_coaches")),
    )
    op.create_index(op.f("ix_coaches_coach_id"), "coaches", ["coach_id"])
    op.create_table(
        "coach_digests",
        sa.Column("coach_id", sa.BigInteger(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("coach_digests", "coach_id"),
        sa.PrimaryKeyConstraint("coach_id", name=op.f("pk_coach_digests")),
    )
    op.create_index(op.f("ix_coach_digests_due_at"), "coach_digests", ["due_at"])
    # plans has no children, so SQLite's table rebuild here cascades nowhere.
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("coach_id", sa.BigInteger(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_plans_coach_id_users"), "users", ["coach_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.drop_constraint(op.f("fk_plans_coach_id_users"), type_="foreignkey")
        batch.drop_column("coach_id")
    op.drop_index(op.f("ix_coach_digests_due_at"), table_name="coach_digests")
    op.drop_table("coach_digests")
    op.drop_index(op.f("ix_coaches_coach_id"), table_name="coaches")
    op.drop_table("coaches")
    op.drop_index(op.f("ix_coach_invites_coach_id"), table_name="coach_invites")
    op.drop_table("coach_invites")
