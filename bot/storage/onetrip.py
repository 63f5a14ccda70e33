"""SQLAlchemy's aiosqlite adapter, with one trip to the database thread per statement.

aiosqlite runs SQLite in a thread of its own; every call into it is a hand-over to that thread
and back to the event loop (about 0.1 ms here, most of a short query's time). SQLAlchemy's
adapter makes four per statement (open a cursor, execute, fetch, close), plus one for BEGIN and
one for the rollback the pool does on every return. Here a statement is one trip that also
carries a pending BEGIN, and a rollback with nothing to roll back stays on the loop. A statement
marked as its transaction's last write (`db.LAST_WRITE`) carries the COMMIT too; anything run
after it starts a new transaction. Everything else is SQLAlchemy's own adapter, handed to the
engine as its DBAPI module (`module=`).
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_

Outcome = tuple[Any, list[Any], int, int | None]


def _run(
    connection: sqlite3.Connection,
    begin: str | None,
    operation: str,
    parameters: Any,
    many: bool,
    commit: bool,
) -> Outcome:
    """On the database thread: begin if asked, execute, read every row, close, commit if asked."""
    if begin is not None:
        connection.execute(begin)
    cursor = (
        connection.executemany(operation, parameters)
        if many
        else connection.execute(operation, parameters)
    )
    try:
        description = cursor.description
        rows = cursor.fetchall() if description else []
        outcome = description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()
    if commit:
        connection.commit()
    return outcome


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose execute is a single call on aiosqlite's thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount", "arraysize", "commit_after")

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
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        async with adapted._execute_mutex:
            begin, adapted.pending_begin = adapted.pending_begin, None
            adapted.touched = True
            # The same private entry SQLAlchemy's adapter uses for its isolation level.
            outcome = await connection._execute(  # type: ignore[no-untyped-call]
                _run, connection._conn, begin, operation, parameters, many, self.commit_after
            )
            if self.commit_after:
                # Committed: whatever still runs in SQLAlchemy's transaction starts another.
                adapted.touched = False
                adapted.pending_begin = adapted.begin_statement
        return cast(Outcome, outcome)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Knows whether anything ran since the last commit or rollback, and holds BEGIN back."""

    __slots__ = ("begin_statement", "pending_begin", "touched")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.pending_begin: str | None = None
        self.begin_statement: str | None = None
        self.touched = True  # unknown until the first commit or rollback

    def begin(self, statement: str) -> None:
        """Start a transaction: the statement travels with the next one."""
        self.pending_begin = self.begin_statement = statement

    def commit(self) -> None:
        self.pending_begin = None
        if self.touched:
            super().commit()
            self.touched = False

    def rollback(self) -> None:
        self.pending_begin = None
        if self.touched:
            super().rollback()
            self.touched = False


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI adapter, handing out connections with one-trip cursors."""

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
