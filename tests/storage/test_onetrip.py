"""The SQLite adapter: statements on the loop (each carrying its BEGIN or COMMIT), the thread
for locks, bulk writes and checkpoints; the same results."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import services
from bot.domain.model import NewSession
from bot.storage import onetrip
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import ProcessedUpdate
from bot.storage.store import Store
from tests.databases import migrated_sqlite_url

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
Maker = async_sessionmaker[AsyncSession]


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """One SQLite file: these tests are about onetrip alone, not both drivers."""
    return migrated_sqlite_url(sqlite_template, tmp_path / "strongstreak.db")


@pytest.fixture
async def sessionmaker(sqlite_url: str) -> AsyncIterator[Maker]:
    engine = create_engine(sqlite_url, sqlite_driver="onetrip")
    yield create_sessionmaker(engine)
    await engine.dispose()


class Trips:
    """What the adapter ran, by name ("_run+commit" for a statement that carries the commit),
    and what of it was handed to aiosqlite's thread."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.handed: list[str] = []


def _name(fn: Any, args: tuple[Any, ...]) -> str:
    name = getattr(fn, "__name__", repr(fn))
    if name == "_patiently":
        return _name(args[0], args[2:])
    trip = args[-1] if args else None
    return f"{name}+commit" if isinstance(trip, onetrip.Trip) and trip.commit else name


@contextmanager
def trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[Trips]:
    seen = Trips()
    ran = onetrip.OneTripConnection.run
    handed = aiosqlite.Connection._execute

    async def run(self: onetrip.OneTripConnection, fn: Any, *args: Any, bulk: bool = False) -> Any:
        seen.calls.append(_name(fn, args))
        return await ran(self, fn, *args, bulk=bulk)

    async def hand(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen.handed.append(_name(fn, args))
        return await handed(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(onetrip.OneTripConnection, "run", run)
    monkeypatch.setattr(aiosqlite.Connection, "_execute", hand)
    yield seen
    monkeypatch.undo()


async def test_a_transaction_costs_a_trip_per_statement_and_one_to_commit(
    sessionmaker: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with sessionmaker.begin() as session:  # the connection is made and warmed here
        await session.execute(text("SELECT 1"))
    with trips(monkeypatch) as calls:
        async with sessionmaker.begin() as session:
            store = Store(session)
            assert await store.updates.claim(1, NOW)
            assert await store.runners.get(5) is None
    # BEGIN IMMEDIATE rides with the first statement; the pool's rollback on return is skipped;
    # nothing waits on the database thread.
    assert calls.calls == ["_run", "_run", "_commit"]
    assert calls.handed == []


async def test_an_empty_transaction_makes_no_trip(
    sessionmaker: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with sessionmaker.begin() as session:
        await session.execute(text("SELECT 1"))
    with trips(monkeypatch) as calls:
        async with sessionmaker.begin():
            pass
    assert calls.calls == calls.handed == []


async def test_results_row_counts_and_generated_ids_come_back(sessionmaker: Maker) -> None:
    async with sessionmaker.begin() as session:
        store = Store(session)
        profile, created = await services.runners.ensure_user(
            store, 7, 7, "Ada", NOW
        )  # ORM flushes
        assert created and profile.habit_id > 0
        many = [{"update_id": i, "processed_at": NOW} for i in range(10, 15)]
        await session.execute(ProcessedUpdate.__table__.insert(), many)  # executemany
        deleted = await session.execute(text("DELETE FROM processed_updates WHERE update_id < 13"))
        assert deleted.rowcount == 3  # type: ignore[attr-defined]
        left = await session.execute(text("SELECT update_id FROM processed_updates"))
        assert sorted(left.scalars()) == [13, 14]


async def test_a_failed_statement_raises_and_its_transaction_rolls_back(
    sessionmaker: Maker,
) -> None:
    with pytest.raises(IntegrityError):
        async with sessionmaker.begin() as session:
            await session.execute(text("INSERT INTO processed_updates VALUES (1, '2026-11-25')"))
            await session.execute(text("INSERT INTO processed_updates VALUES (1, '2026-11-25')"))
    async with sessionmaker.begin() as session:
        count = await session.execute(text("SELECT count(*) FROM processed_updates"))
        assert count.scalar_one() == 0, "the first insert went with the failed transaction"


async def test_the_write_lock_is_held_from_the_first_statement(
    sqlite_url: str, sessionmaker: Maker
) -> None:
    path = sqlite_url.split(":///", 1)[1]
    async with sessionmaker.begin() as session:
        await session.execute(text("SELECT count(*) FROM users"))  # a read, then...
        other = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO processed_updates VALUES (2, '2026-11-25')")
        other.close()


async def _runner(sessionmaker: Maker, user_id: int) -> None:
    async with sessionmaker.begin() as session:
        await services.runners.ensure_user(Store(session), user_id, user_id, "Ada", NOW)


def _committed_sessions(sqlite_url: str) -> int:
    other = sqlite3.connect(sqlite_url.split(":///", 1)[1])
    try:
        return int(other.execute("SELECT count(*) FROM sessions").fetchone()[0])
    finally:
        other.close()


async def test_a_last_write_carries_the_commit(
    sqlite_url: str, sessionmaker: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _runner(sessionmaker, 7)
    with trips(monkeypatch) as calls:
        async with sessionmaker.begin() as session:
            store = Store(session)
            profile = await store.runners.get(7)
            assert profile is not None
            await store.sessions.add(
                NewSession(
                    user_id=7,
                    habit_id=profile.habit_id,
                    activity="kettlebell",
                    minutes=15,
                    day=NOW.date(),
                    note=None,
                    logged_at=NOW,
                    source=(7, 1),
                ),
                last=True,
            )
            assert _committed_sessions(sqlite_url) == 1, "committed before the block ends"
    assert calls.calls == ["_run", "_run+commit"]
    assert calls.handed == []


async def test_what_runs_after_a_last_write_is_a_transaction_of_its_own(
    sqlite_url: str, sessionmaker: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _runner(sessionmaker, 7)
    with trips(monkeypatch) as calls, pytest.raises(RuntimeError):
        async with sessionmaker.begin() as session:
            store = Store(session)
            await store.sessions.add(
                NewSession(
                    user_id=7,
                    habit_id=1,
                    activity="kettlebell",
                    minutes=15,
                    day=NOW.date(),
                    note=None,
                    logged_at=NOW,
                    source=(7, 1),
                ),
                last=True,
            )
            assert await store.updates.claim(99, NOW)
            raise RuntimeError
    async with sessionmaker.begin() as session:
        claims = await session.execute(text("SELECT count(*) FROM processed_updates"))
        assert claims.scalar_one() == 0, "the write after the commit rolled back"
    assert _committed_sessions(sqlite_url) == 1
    assert calls.calls == ["_run+commit", "_run", "_rollback"]


async def test_a_session_commits_with_its_insert_or_with_the_unlocks_it_earned(
    sqlite_url: str, sessionmaker: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    for user_id in (7, 8, 9, 10):
        await _runner(sessionmaker, user_id)
    async with sessionmaker.begin() as session:
        store = Store(session)
        rewarded = await store.runners.get(8)
        assert rewarded is not None
        await services.rewards.add_reward(store, rewarded, "a cookie after every session", NOW)
        await store.buddies.pair(9, 10, NOW)  # 10 hears about 9's sessions

    async def log(user_id: int) -> list[str]:
        with trips(monkeypatch) as calls:
            async with sessionmaker.begin() as session:
                store = Store(session)
                profile = await store.runners.get(user_id, with_calendar=True)
                assert profile is not None
                logged = await services.sessions.log_session(
                    store, profile, activity="kettlebell", minutes=15, day=NOW.date(),
                    note=None, now=NOW, source=(user_id, 1), last=True,
                )  # fmt: skip
                news = await services.buddies.news_for_buddies(store, profile, logged)
        if user_id == 8:
            assert logged.rewards.unlocked, "the cookie is earned by this session"
        if user_id == 9:
            assert news.every == [10]
        assert calls.handed == []
        return calls.calls

    assert await log(7) == ["_run", "_run+commit"]  # the profile, then the insert and commit
    # The unlock is written with its session, in the one transaction: the unlock, written last,
    # carries the commit (the profile brought the reward, so nothing else is read).
    assert await log(8) == ["_run", "_run", "_run+commit"]
    # Who hears about it is a read, after the commit.
    assert await log(9) == ["_run", "_run+commit", "_run", "_commit"]
    assert _committed_sessions(sqlite_url) == 3


async def test_a_statement_that_finds_the_database_locked_waits_on_the_thread_not_the_loop(
    sqlite_url: str, sessionmaker: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _runner(sessionmaker, 7)
    other = sqlite3.connect(sqlite_url.split(":///", 1)[1], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock...
    loop = asyncio.get_running_loop()
    loop.call_later(0.3, other.commit)  # ...for 0.3 s
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    try:
        with trips(monkeypatch) as calls:
            async with sessionmaker.begin() as session:
                assert await Store(session).updates.claim(5, NOW)
    finally:
        ticker.cancel()
        other.close()
    assert ticks >= 10, "the loop ran while the statement waited for the lock"
    assert calls.calls == ["_run", "_commit"]
    assert calls.handed == ["_run"], "the statement carried on on the thread"
    async with sessionmaker.begin() as session:
        claims = await session.execute(text("SELECT update_id FROM processed_updates"))
        assert list(claims.scalars()) == [5], "claimed once"


def _size(path: Path) -> int:
    return path.stat().st_size


async def test_bulk_writes_and_checkpoints_run_on_the_thread(
    sqlite_url: str, sessionmaker: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _runner(sessionmaker, 7)  # the connection is made; one commit
    monkeypatch.setattr(onetrip, "CHECKPOINT_EVERY", 5)  # the fifth: the last claim's
    wal = Path(sqlite_url.split(":///", 1)[1] + "-wal")
    with trips(monkeypatch) as calls:
        for update_id in (1, 2):
            async with sessionmaker.begin() as session:
                assert await Store(session).updates.claim(update_id, NOW)
        many = [{"update_id": i, "processed_at": NOW} for i in range(10, 2000)]
        async with sessionmaker.begin() as session:
            await session.execute(ProcessedUpdate.__table__.insert(), many)
        async with sessionmaker.begin() as session:
            assert await Store(session).updates.claim(3, NOW)
    grown = _size(wal)
    assert calls.handed == ["_run", "_checkpoint"]
    # SQLite's own checkpoint inside a commit is off, and ours ran: the next writes reuse the
    # log from its start instead of growing it.
    async with sessionmaker.begin() as session:
        await session.execute(
            ProcessedUpdate.__table__.insert(),
            [{"update_id": i, "processed_at": NOW} for i in range(3000, 3010)],
        )
    assert _size(wal) == grown


async def test_on_the_loop_sqlite_neither_waits_for_a_lock_nor_checkpoints(
    sessionmaker: Maker,
) -> None:
    async with sessionmaker.begin() as session:
        assert (await session.execute(text("PRAGMA busy_timeout"))).scalar_one() == 0
        assert (await session.execute(text("PRAGMA wal_autocheckpoint"))).scalar_one() == 0


async def test_pruning_old_updates_runs_on_the_thread(
    sessionmaker: Maker, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with sessionmaker.begin() as session:
        for update_id in (1, 2):
            assert await Store(session).updates.claim(update_id, NOW)
    with trips(monkeypatch) as calls:
        async with sessionmaker.begin() as session:
            await Store(session).updates.forget_before(NOW.replace(year=2027))
    assert calls.handed == ["_run"]
    async with sessionmaker.begin() as session:
        left = await session.execute(text("SELECT count(*) FROM processed_updates"))
        assert left.scalar_one() == 0
