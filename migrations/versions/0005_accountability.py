"""Accountability: plans, buddy invites and pairs, groups and their members.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_fk(table: str, column: str = "user_id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("activity", sa.String(length=32), nullable=False),
        sa.Column("minutes", sa.SmallInteger(), nullable=False),
        sa.Column("details", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("plans"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("user_id", "day", name=op.f("uq_plans_user_id_day")),
    )
    op.create_table(
        "buddy_invites",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("inviter_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        _user_fk("buddy_invites", "inviter_id"),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_buddy_invites")),
    )
    op.create_index(op.f("ix_buddy_invites_inviter_id"), "buddy_invites", ["inviter_id"])
    op.create_table(
        "buddies",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("buddy_id", sa.BigInteger(), nullable=False),
        sa.Column("hears", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("buddies"),
        _user_fk("buddies", "buddy_id"),
        sa.PrimaryKeyConstraint("user_id", "buddy_id", name=op.f("pk_buddies")),
    )
    op.create_index(op.f("ix_buddies_buddy_id"), "buddies", ["buddy_id"])
    op.create_table(
        "groups",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("board_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_groups")),
    )
    op.create_index(op.f("ix_groups_board_due_at"), "groups", ["board_due_at"])
    op.create_table(
        "group_members",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["groups.chat_id"], name=op.f("fk_group_members_chat_id_groups"),
            ondelete="CASCADE",
        ),
        _user_fk("group_members"),
        sa.PrimaryKeyConstraint("chat_id", "user_id", name=op.f("pk_group_members")),
    )  # fmt: skip
    op.create_index(op.f("ix_group_members_user_id"), "group_members", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_group_members_user_id"), table_name="group_members")
    op.drop_table("group_members")
    op.drop_index(op.f("ix_groups_board_due_at"), table_name="groups")
    op.drop_table("groups")
    op.drop_index(op.f("ix_buddies_buddy_id"), table_name="buddies")
    op.drop_table("buddies")
    op.drop_index(op.f("ix_buddy_invites_inviter_id"), table_name="buddy_invites")
    op.drop_table("buddy_invites")
    op.drop_table("plans")
