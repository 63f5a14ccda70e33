"""SQLAlchemy's aiosqlite adapter, running SQLite's statements on the event loop.

aiosqlite runs SQLite in a thread of its own; every call into it is a hand-over to that thread
and back (about 0.1 ms, and a fight for the GIL while the loop is busy), most of a short
statement's time. SQLAlchemy's adapter makes four per statement (open a cursor, execute, fetch,
close), plus one for BEGIN and one for the rollback the pool does on every return.

Here a statement runs where it is called, on the event loop: the bot's statements read or
write one runner's rows and take well under a millisecond. It carries a pending BEGIN, and a
statement marked as its transaction's last write (`db.LAST_WRITE`) carries the COMMIT too
(anything run after it starts a new transaction); a rollback with nothing to roll back is
skipped. Three things still go to aiosqlite's thread, so the loop never waits on them:
- a statement that finds the database locked by another connection: on the loop SQLite is
  told not to wait (`busy_timeout` 0), and the thread waits its turn (`BUSY_TIMEOUT_MS`),
  carrying on from where the statement stopped (a statement that fails for a lock did
  nothing, so nothing is done twice);
- bulk writes (`executemany`: an import's thousands of rows) and statements marked
  `db.ON_THREAD` (pruning a week of handled updates);
- WAL checkpoints, which copy pages into the database file and sync it: SQLite's automatic
  one would run inside a commit, on the loop, so it is off (`wal_autocheckpoint` 0) and one
  runs on the thread every `CHECKPOINT_EVERY` commits.
Everything else is SQLAlchemy's own adapter, handed to the engine as its DBAPI module
(`module=`).
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_

# What this module takes from the libraries beyond their public API, checked on SQLAlchemy
# 2.1.0 and 2.1.9 with aiosqlite 0.20.0 and 0.22.1 (`make test-lowest` runs the lowest
# versions pyproject.toml allows; SQLITE_DRIVER=aiosqlite is the way back if a release breaks
# any of it, see bot/storage/db.py):
# - SQLAlchemy 2.1's asyncio adapter layer (absent from 2.0): `connectors.asyncio.
#   AsyncAdapt_dbapi_connection`, `util.concurrency.await_`, and the aiosqlite dialect's
#   `AsyncAdapt_aiosqlite_connection`, `_cursor` and `_dbapi`, subclassed here;
# - their attributes: the connection's `_connection`, `_execute_mutex`, `_handle_exception`
#   and `_cursor_cls`; the cursor's `_adapt_connection`, `_connection`, `_cursor`, `_rows`
#   (the base's fetch methods read it), `_soft_closed_memoized` and `_async_soft_close`;
# - aiosqlite's `Connection._conn` (its sqlite3 connection), `Connection._connection` (falsy
#   once closed) and `Connection._execute` (a call on its thread, which SQLAlchemy's adapter
#   uses too).

Outcome = tuple[Any, list[Any], int, int | None]

BUSY_TIMEOUT_MS = 15_000  # how long the thread waits for another connection's lock
CHECKPOINT_EVERY = 200  # commits (a /done writes a handful of pages: about 1,000 pages)
SQLITE_BUSY = 5


class Trip:
    """A statement with the BEGIN before it and the COMMIT after it, if any; each step is
    crossed off once done, so a trip interrupted by a lock carries on from there."""

    __slots__ = ("begin", "commit", "many", "operation", "outcome", "parameters")

    def __init__(
        self, begin: str | None, operation: str, parameters: Any, many: bool, commit: bool
    ) -> None:
        self.begin = begin
        self.operation = operation
        self.parameters = parameters
        self.many = many
        self.commit = commit
        self.outcome: Outcome | None = None


def _run(connection: sqlite3.Connection, trip: Trip) -> Outcome:
    """Begin if asked, execute, read every row, close, commit if asked."""
    if trip.begin is not None:
        connection.execute(trip.begin)
        trip.begin = None
    if trip.outcome is None:
        cursor = (
            connection.executemany(trip.operation, trip.parameters)
            if trip.many
            else connection.execute(trip.operation, trip.parameters)
        )
        try:
            description = cursor.description
            rows = cursor.fetchall() if description else []
            trip.outcome = description, rows, cursor.rowcount, cursor.lastrowid
        finally:
            cursor.close()
    if trip.commit:
        connection.commit()
        trip.commit = False
    return trip.outcome


def _commit(connection: sqlite3.Connection) -> None:
    connection.commit()


def _rollback(connection: sqlite3.Connection) -> None:
    connection.rollback()


def _checkpoint(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").close()


def _patiently(fn: Callable[..., Any], connection: sqlite3.Connection, *args: Any) -> Any:
    """On the database thread: `fn`, waiting for another connection's lock if need be."""
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}").close()
    try:
        return fn(connection, *args)
    finally:
        connection.execute("PRAGMA busy_timeout=0").close()


def _locked(error: sqlite3.OperationalError) -> bool:
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) == SQLITE_BUSY


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose execute is one call: BEGIN, the statement, every row and
    COMMIT, on the loop (or the thread, see the module's docstring)."""

    __slots__ = (
        "_description",
        "_lastrowid",
        "_rowcount",
        "arraysize",
        "commit_after",
        "on_thread",
    )

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = {}  # type: ignore[assignment]
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self.arraysize = 1
        self.commit_after = False
        self.on_thread = False

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    def close(self) -> None:
        self._rows.clear()

    async def _async_soft_close(self) -> None:
        """Nothing is left open on the thread after a statement."""

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._go(operation, () if parameters is None else parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        self._go(operation, seq_of_parameters, many=True)

    def _go(self, operation: str, parameters: Any, *, many: bool) -> None:
        try:
            outcome = await_(self._call(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    async def _call(self, operation: str, parameters: Any, many: bool) -> Outcome:
        adapted = cast(OneTripConnection, self._adapt_connection)
        async with adapted._execute_mutex:
            begin, adapted.pending_begin = adapted.pending_begin, None
            adapted.touched = True
            trip = Trip(begin, operation, parameters, many, self.commit_after)
            outcome: Outcome = await adapted.run(_run, trip, bulk=many or self.on_thread)
            if self.commit_after:
                # Committed: whatever still runs in SQLAlchemy's transaction starts another.
                adapted.touched = False
                adapted.pending_begin = adapted.begin_statement
                if adapted.checkpoint_due():
                    await adapted.checkpoint()
        return outcome


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Runs statements on the loop; knows whether anything ran since the last commit or
    rollback, and holds BEGIN back."""

    __slots__ = ("begin_statement", "commits", "pending_begin", "touched")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.pending_begin: str | None = None
        self.begin_statement: str | None = None
        self.touched = True  # unknown until the first commit or rollback
        self.commits = 0

    def begin(self, statement: str) -> None:
        """Start a transaction: the statement travels with the next one."""
        self.pending_begin = self.begin_statement = statement

    async def run(self, fn: Callable[..., Any], *args: Any, bulk: bool = False) -> Any:
        """`fn(connection, *args)` here; on the database thread for a bulk write, or when
        another connection holds the lock (see the module's docstring)."""
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        if not bulk:
            try:
                return fn(connection._conn, *args)
            except sqlite3.OperationalError as error:
                if not _locked(error):
                    raise
        # The same private entry SQLAlchemy's adapter uses for its isolation level.
        return await connection._execute(  # type: ignore[no-untyped-call]
            _patiently, fn, connection._conn, *args
        )

    def checkpoint_due(self) -> bool:
        """Count a commit: True every `CHECKPOINT_EVERY`."""
        self.commits += 1
        if self.commits < CHECKPOINT_EVERY:
            return False
        self.commits = 0
        return True

    async def checkpoint(self) -> None:
        """Checkpoint the WAL on the database thread."""
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        await connection._execute(_checkpoint, connection._conn)  # type: ignore[no-untyped-call]

    def _finish(self, fn: Callable[[sqlite3.Connection], None]) -> bool:
        """`fn` through `run`, from SQLAlchemy's synchronous side; False if already closed."""
        if not self._connection._connection:  # closed: as aiosqlite's adapter does
            return False
        try:
            await_(self.run(fn))
        except Exception as error:
            self._handle_exception(error)
        return True

    def commit(self) -> None:
        self.pending_begin = None
        if self.touched:
            if self._finish(_commit) and self.checkpoint_due():
                await_(self.checkpoint())
            self.touched = False

    def rollback(self) -> None:
        self.pending_begin = None
        if self.touched:
            self._finish(_rollback)
            self.touched = False


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI adapter, handing out connections with one-trip cursors."""

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        # Used from the loop and from aiosqlite's thread, never at once (SQLAlchemy's mutex
        # and the pool see to that); on the loop SQLite must never wait for a lock.
        kw.update(check_same_thread=False, timeout=0)
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
