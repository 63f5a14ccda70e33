"""Timed plans, several a day; reminders; calendar links; @usernames.

Plans get a clock time, a stable uid, a sequence and cancellation for calendars, and a
reminder instant; users their Telegram @username and how long before a plan to remind them.

Revision ID: 0009_timed_plans
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_timed_plans"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("username", sa.String(32), nullable=True))
        batch.add_column(
            sa.Column("remind_minutes", sa.SmallInteger(), nullable=True, server_default="30")
        )
    op.create_index(op.f("ix_users_username"), "users", ["username"])
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("at_minute", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("uid", sa.String(40), nullable=True))
        batch.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
    # A plan written so far keeps one id for good, as a calendar event must.
    op.execute("UPDATE plans SET uid = 'plan-' || id, updated_at = created_at")
    # plans has no children, so SQLite's table rebuild here cascades nowhere.
    with op.batch_alter_table("plans") as batch:
        batch.alter_column("uid", existing_type=sa.String(40), nullable=False)
        batch.alter_column("updated_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.drop_constraint(op.f("uq_plans_user_id_day"), type_="unique")
        batch.create_unique_constraint(op.f("uq_plans_uid"), ["uid"])
    op.create_index("ix_plans_user_day", "plans", ["user_id", "day"])
    op.create_index(op.f("ix_plans_remind_at"), "plans", ["remind_at"])
    op.create_table(
        "calendar_feeds",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("with_sessions", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("user_id", "kind", name=op.f("uq_calendar_feeds_user_id_kind")),
    )


def downgrade() -> None:
    op.drop_table("calendar_feeds")
    op.drop_index(op.f("ix_plans_remind_at"), table_name="plans")
    op.drop_index("ix_plans_user_day", table_name="plans")
    # One plan a day again: the earliest written of each day stays.
    op.execute(
        "DELETE FROM plans WHERE cancelled_at IS NOT NULL OR id NOT IN "
        "(SELECT min(id) FROM plans WHERE cancelled_at IS NULL GROUP BY user_id, day)"
    )
    with op.batch_alter_table("plans") as batch:
        batch.drop_constraint(op.f("uq_plans_uid"), type_="unique")
        batch.create_unique_constraint(op.f("uq_plans_user_id_day"), ["user_id", "day"])
        for column in (
            "reminded_at",
            "remind_at",
            "cancelled_at",
            "updated_at",
            "sequence",
            "uid",
            "at_minute",
        ):
            batch.drop_column(column)
    op.drop_index(op.f("ix_users_username"), table_name="users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("remind_minutes")
        batch.drop_column("username")
