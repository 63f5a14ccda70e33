"""The PostgreSQL copies tests share: handed back emptied, or dropped when they cannot be."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest

from tests.databases import PostgresCopies


@pytest.fixture
def copies(postgres_server: str, postgres_template: str) -> Iterator[PostgresCopies]:
    own = PostgresCopies(postgres_server, postgres_template)
    try:
        yield own
    finally:
        own.close()


def query(url: str, *statements: str) -> Any:
    """Run the statements in order; the value of the last one's first column."""

    async def run() -> Any:
        connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            for sql in statements[:-1]:
                await connection.execute(sql)
            return await connection.fetchval(statements[-1])
        finally:
            await connection.close()

    return asyncio.run(run())


USER = (
    "INSERT INTO users (id, chat_id, first_name, time_zone, active, created_at, updated_at,"
    " prompt_days, quiet_when_met, evening_minute)"
    " VALUES (1, 1, 'A', 'UTC', true, now(), now(), 127, false, 1140)"
)
HABIT = "INSERT INTO habits (user_id, name, created_at) VALUES (1, 'strength', now())"


def test_a_copy_comes_back_empty_with_its_sequences_rewound(copies: PostgresCopies) -> None:
    url = copies.take()
    first_id = query(url, USER, f"{HABIT} RETURNING id")
    copies.give_back(url)
    again = copies.take()
    assert again == url, "the copy was reused"
    assert query(again, "SELECT count(*) FROM users") == 0
    assert query(again, USER, f"{HABIT} RETURNING id") == first_id
    assert query(again, "SELECT count(*) FROM alembic_version") == 1


def test_a_copy_whose_schema_changed_is_dropped_not_reused(copies: PostgresCopies) -> None:
    url = copies.take()
    query(url, "ALTER TABLE sessions ADD COLUMN extra integer")
    copies.give_back(url)
    again = copies.take()
    assert again != url
    assert query(again, "SELECT count(*) FROM information_schema.columns"
                        " WHERE column_name = 'extra'") == 0  # fmt: skip
    name = url.rsplit("/", 1)[1]
    assert not query(copies.admin_url, f"SELECT count(*) FROM pg_database WHERE datname = '{name}'")


def test_a_copy_whose_version_row_changed_is_dropped_not_reused(copies: PostgresCopies) -> None:
    url = copies.take()
    query(url, "UPDATE alembic_version SET version_num = 'elsewhere'")
    copies.give_back(url)
    assert copies.take() != url
