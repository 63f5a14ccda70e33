"""The one-trip SQLite adapter: fewer hand-overs to the database thread, the same results."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot import services
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import ProcessedUpdate
from bot.storage.repository import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@contextmanager
def trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The calls made on aiosqlite's thread, by name, while the block runs."""
    calls: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    yield calls
    monkeypatch.undo()


async def test_a_transaction_costs_a_trip_per_statement_and_one_to_commit(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:  # the connection is made and warmed here
        await session.execute(text("SELECT 1"))
    with trips(monkeypatch) as calls:
        async with sessionmaker.begin() as session:
            store = Store(session)
            assert await store.claim_update(1, NOW)
            assert await store.profile(5) is None
    await engine.dispose()
    # BEGIN IMMEDIATE rides with the first statement; the pool's rollback on return is skipped.
    assert calls == ["_run", "_run", "commit"]


async def test_an_empty_transaction_makes_no_trip(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        await session.execute(text("SELECT 1"))
    with trips(monkeypatch) as calls:
        async with sessionmaker.begin():
            pass
    await engine.dispose()
    assert calls == []


async def test_results_row_counts_and_generated_ids_come_back(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        profile, created = await services.ensure_user(store, 7, 7, "Ada", NOW)  # ORM flushes
        assert created and profile.habit_id > 0
        many = [{"update_id": i, "processed_at": NOW} for i in range(10, 15)]
        await session.execute(ProcessedUpdate.__table__.insert(), many)  # executemany
        deleted = await session.execute(text("DELETE FROM processed_updates WHERE update_id < 13"))
        assert deleted.rowcount == 3  # type: ignore[attr-defined]
        left = await session.execute(text("SELECT update_id FROM processed_updates"))
        assert sorted(left.scalars()) == [13, 14]
    await engine.dispose()


async def test_a_failed_statement_raises_and_its_transaction_rolls_back(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    with pytest.raises(IntegrityError):
        async with sessionmaker.begin() as session:
            await session.execute(text("INSERT INTO processed_updates VALUES (1, '2026-11-25')"))
            await session.execute(text("INSERT INTO processed_updates VALUES (1, '2026-11-25')"))
    async with sessionmaker.begin() as session:
        count = await session.execute(text("SELECT count(*) FROM processed_updates"))
        assert count.scalar_one() == 0, "the first insert went with the failed transaction"
    await engine.dispose()


async def test_the_write_lock_is_held_from_the_first_statement(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    path = sqlite_url.split(":///", 1)[1]
    async with sessionmaker.begin() as session:
        await session.execute(text("SELECT count(*) FROM users"))  # a read, then...
        other = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO processed_updates VALUES (2, '2026-11-25')")
        other.close()
    await engine.dispose()
