"""Database faults as the drivers raise them, told apart from bugs in one place
(`faults.classify`), and what an update's work is known to have stored."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime

import asyncpg
import pytest
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import sqlite_path
from bot.storage import db, onetrip
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.faults import Fault, Work, classify, working
from bot.storage.models import ProcessedUpdate
from tests.ports import free_port

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CLAIM = text("INSERT INTO processed_updates (update_id, processed_at) VALUES (:id, :at)")


async def fault_of(engine: AsyncEngine, sql: str, **params: object) -> Fault | None:
    """What `classify` makes of the error running `sql` raises."""
    with pytest.raises(Exception) as raised:
        async with engine.begin() as connection:
            await connection.execute(text(sql), params)
    return classify(raised.value)


async def test_a_statement_that_is_wrong_is_a_bug_not_a_fault(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert await fault_of(engine, "SELECT * FROM no_such_table") is None
        async with engine.begin() as connection:
            await connection.execute(CLAIM, {"id": 1, "at": NOW})
        duplicate = "INSERT INTO processed_updates (update_id, processed_at) VALUES (1, :at)"
        assert await fault_of(engine, duplicate, at=NOW) is None
    finally:
        await engine.dispose()
    assert classify(ValueError("a bug")) is None


async def test_sqlite_locked_by_another_process_beyond_the_wait_is_a_conflict(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(onetrip, "BUSY_TIMEOUT_MS", 50)  # one adapter's wait,
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 50)  # and the other's
    path = sqlite_path(sqlite_url)
    assert path is not None
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    engine = create_engine(sqlite_url)
    try:
        fault = await fault_of(engine, "DELETE FROM processed_updates")
    finally:
        other.execute("ROLLBACK")
        other.close()
        await engine.dispose()
    assert fault is Fault.CONFLICT and fault.passing


async def test_a_sqlite_database_with_no_room_left_is_full(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        async with engine.begin() as connection:
            pages = (await connection.execute(text("PRAGMA page_count"))).scalar_one()
            await connection.execute(text(f"PRAGMA max_page_count = {pages}"))
        big = "INSERT INTO processed_updates (update_id, processed_at) VALUES (:id, :at)"
        with pytest.raises(Exception) as raised:
            async with engine.begin() as connection:
                for update_id in range(20_000):
                    await connection.execute(text(big), {"id": update_id, "at": NOW})
        fault = classify(raised.value)
    finally:
        await engine.dispose()
    assert fault is Fault.FULL and not fault.passing


async def test_a_server_nobody_answers_on_is_unreachable() -> None:
    engine = create_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/none")
    try:
        assert await fault_of(engine, "SELECT 1") is Fault.UNREACHABLE
    finally:
        await engine.dispose()


async def test_a_connection_the_server_ends_is_unreachable(postgres_url: str) -> None:
    admin = await asyncpg.connect(postgres_url.replace("postgresql+asyncpg", "postgresql"))
    engine = create_engine(postgres_url)
    try:
        with pytest.raises(Exception) as raised:
            async with engine.begin() as connection:
                pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
                await admin.execute("SELECT pg_terminate_backend($1)", pid)
                await connection.execute(text("SELECT 1"))
        assert classify(raised.value) is Fault.UNREACHABLE
    finally:
        await admin.close()
        await engine.dispose()


async def test_a_deadlock_and_a_serialization_failure_are_conflicts(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        # Each takes one advisory lock, then waits for the other's: PostgreSQL ends one.
        first_locked, second_locked = asyncio.Event(), asyncio.Event()

        async def take(mine: int, theirs: int, locked: asyncio.Event, other: asyncio.Event) -> None:
            async with engine.begin() as connection:
                await connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": mine})
                locked.set()
                await other.wait()
                await connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": theirs})

        results = await asyncio.gather(
            take(101, 102, first_locked, second_locked),
            take(102, 101, second_locked, first_locked),
            return_exceptions=True,
        )
        (deadlock,) = [r for r in results if isinstance(r, BaseException)]
        assert classify(deadlock) is Fault.CONFLICT

        async with engine.begin() as connection:
            await connection.execute(CLAIM, {"id": 7, "at": NOW})
        with pytest.raises(Exception) as raised:
            async with engine.connect() as reader:
                repeatable = await reader.execution_options(isolation_level="REPEATABLE READ")
                async with repeatable.begin():
                    await repeatable.execute(text("SELECT count(*) FROM processed_updates"))
                    async with engine.begin() as writer:
                        await writer.execute(
                            text("UPDATE processed_updates SET processed_at = :at"), {"at": NOW}
                        )
                    await repeatable.execute(
                        text("UPDATE processed_updates SET processed_at = :at"), {"at": NOW}
                    )
        assert classify(raised.value) is Fault.CONFLICT
    finally:
        await engine.dispose()


async def test_work_knows_whether_its_transactions_stored_anything(database_url: str) -> None:
    sessionmaker = create_sessionmaker(create_engine(database_url))
    reads, writes, undone = Work(), Work(), Work()
    claim = insert(ProcessedUpdate)  # as the repositories write: statements, not SQL text
    try:
        with working(reads):
            async with sessionmaker.begin() as session:
                await session.execute(text("SELECT count(*) FROM users"))
        with working(undone):
            async with sessionmaker() as session:
                await session.execute(claim, {"update_id": 1, "processed_at": NOW})
                await session.rollback()
        with working(writes):
            async with sessionmaker.begin() as session:
                await session.execute(claim, {"update_id": 2, "processed_at": NOW})
    finally:
        await sessionmaker.kw["bind"].dispose()
    assert (reads.stored, undone.stored, writes.stored) == (False, False, True)
