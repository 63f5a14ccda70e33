"""Whether a runner has chosen a weekly target yet (their first one judges their whole past).

Revision ID: 0010_trapdoors
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_trapdoors"
down_revision: str | None = "0009_timed_plans"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("habits") as batch:
        batch.add_column(
            sa.Column("target_chosen", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Runners so far had their target judge weeks from the day they set it: keep their past.
    op.execute(sa.text("UPDATE habits SET target_chosen = true"))


def downgrade() -> None:
    with op.batch_alter_table("habits") as batch:
        batch.drop_column("target_chosen")
