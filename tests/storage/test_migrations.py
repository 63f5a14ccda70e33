"""Migrations on SQLite and the real PostgreSQL: up from empty, the models match, down to base."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.storage.db import create_engine
from bot.storage.migrate import downgrade, upgrade
from bot.storage.models import Base


async def _schema(url: str) -> tuple[set[str], list[Any]]:
    engine = create_engine(url)
    async with engine.connect() as connection:

        def read(sync_connection: Any) -> tuple[set[str], list[Any]]:
            tables = set(inspect(sync_connection).get_table_names())
            context = MigrationContext.configure(
                sync_connection, opts={"compare_type": True, "render_as_batch": True}
            )
            return tables, compare_metadata(context, Base.metadata)

        result = await connection.run_sync(read)
    await engine.dispose()
    return result


async def test_upgrade_from_empty_matches_the_models_and_downgrade_removes_all(
    empty_database_url: str,
) -> None:
    await asyncio.to_thread(upgrade, empty_database_url)
    tables, differences = await _schema(empty_database_url)
    assert {"users", "habits", "week_rules", "sessions", "processed_updates"} <= tables
    assert differences == []
    await asyncio.to_thread(downgrade, empty_database_url, "base")
    tables, _ = await _schema(empty_database_url)
    assert tables <= {"alembic_version"}
