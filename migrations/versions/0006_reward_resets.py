"""Rewards remember how many streak losses the runner was told about, not a progress value.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rewards") as batch:
        batch.alter_column("last_progress", new_column_name="resets_seen")
    # Not known yet: the next look at each reward records it without telling anyone.
    op.execute(sa.text("UPDATE rewards SET resets_seen = -1"))


def downgrade() -> None:
    op.execute(sa.text("UPDATE rewards SET resets_seen = 0"))
    with op.batch_alter_table("rewards") as batch:
        batch.alter_column("resets_seen", new_column_name="last_progress")
