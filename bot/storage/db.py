"""The async engine: PostgreSQL, or SQLite tuned for a busy bot (WAL, immediate writes)."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from bot.config import get_settings, sqlite_path
from bot.storage.faults import TrackedSession

# PostgreSQL connections: a handler holds one only for its short transactions, never across a
# Bot API round trip, so the pool follows the updates *running* at once (`bot.telegram.ordering`
# lets about 10 run per 0.1 s of round trip, 30 at 300 ms), plus the check-in workers and the
# leader's lock. 20 kept and 20 more under a burst stay well under PostgreSQL's default 100.
PG_POOL_SIZE = 20
PG_MAX_OVERFLOW = 20
PG_POOL_TIMEOUT_S = 10

# An execution option for a write after which the transaction runs nothing that must be atomic
# with it: on SQLite it commits in the same call (`onetrip`); PostgreSQL ignores it.
LAST_WRITE = "strongstreak_last_write"
# An execution option for a statement that may touch many rows: on SQLite it runs on the
# database thread, not the event loop (`onetrip`); PostgreSQL ignores it.
ON_THREAD = "strongstreak_on_thread"
# How long a statement on SQLAlchemy's own aiosqlite adapter waits for another connection's
# lock (onetrip's thread waits as long, `onetrip.BUSY_TIMEOUT_MS`).
SQLITE_BUSY_TIMEOUT_MS = 15_000


def create_engine(
    database_url: str,
    *,
    foreign_keys: bool = True,
    sqlite_driver: Literal["onetrip", "aiosqlite"] | None = None,
    **kwargs: Any,
) -> AsyncEngine:
    """An engine for the URL; SQLite files get their folder created and their pragmas set.

    SQLite goes through `onetrip` unless `sqlite_driver` (by default the SQLITE_DRIVER
    setting) says `aiosqlite`, SQLAlchemy's own adapter.

    Migrations pass `foreign_keys=False`: SQLite rebuilds a table to alter it, and dropping
    the old copy with foreign keys on would cascade-delete every row that refers to it.

    SQLite takes one writer at a time whatever the pool; with one connection per process the
    bot's transactions queue for it in order, instead of sleeping in SQLite's busy handler
    (which backs off up to 100 ms a try) while another connection holds the lock.
    """
    if database_url.startswith("sqlite"):
        path = sqlite_path(database_url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            kwargs.setdefault("pool_size", 1)
            kwargs.setdefault("max_overflow", 0)
        one_trip = (sqlite_driver or get_settings().sqlite_driver) == "onetrip"
        if one_trip:
            # Imported only when chosen: SQLITE_DRIVER=aiosqlite works even where a
            # SQLAlchemy release has moved what onetrip builds on.
            from bot.storage import onetrip

            kwargs["module"] = onetrip.dbapi()
        engine = create_async_engine(database_url, **kwargs)
        _tune_sqlite(engine, foreign_keys, one_trip)
        return engine
    kwargs.setdefault("pool_size", PG_POOL_SIZE)
    kwargs.setdefault("max_overflow", PG_MAX_OVERFLOW)
    kwargs.setdefault("pool_timeout", PG_POOL_TIMEOUT_S)
    return create_async_engine(database_url, pool_pre_ping=True, **kwargs)


def _tune_sqlite(engine: AsyncEngine, foreign_keys: bool, one_trip: bool) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if one_trip:
            # Checkpoints run on the database thread, not inside a commit on the loop.
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        else:
            # Every statement runs on aiosqlite's thread, which may wait for a lock.
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    # A deferred transaction that reads then writes fails at once under WAL with SQLITE_BUSY;
    # taking the write lock up front makes it wait its turn instead.
    if not one_trip:

        @event.listens_for(engine.sync_engine, "begin")
        def _begin_immediately(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return

    from bot.storage import onetrip

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        assert isinstance(dbapi_connection, onetrip.OneTripConnection)
        dbapi_connection.begin("BEGIN IMMEDIATE")

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _on_execute(
        _conn: Any, cursor: Any, _statement: str, _params: Any, context: Any, _many: bool
    ) -> None:
        if context is not None and isinstance(cursor, onetrip.OneTripCursor):
            options = context.execution_options
            cursor.commit_after = bool(options.get(LAST_WRITE))
            cursor.on_thread = bool(options.get(ON_THREAD))


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Tracked: an update's attempt learns whether it stored anything (`faults.Work`).
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=TrackedSession)
