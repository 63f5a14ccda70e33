"""Database faults: which errors are the database's passing trouble (tried again), which mean it
is full (refused until space is freed), and what the bot knows of its database meanwhile.

`classify` is the one place that reads the drivers' error classes. `DatabaseWatch` holds the
line during an outage: the first lost connection marks the database as unreachable, a probe
asks it every so often whether it answers again, and whoever must wait for it (an update to be
tried again, the poller, the check-in dispatcher) waits on `until_up`. `Work` notes whether an
update's attempt stored anything, so what the runner is told about it is true.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import event, exc, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

log = logging.getLogger(__name__)

PROBE_FIRST_S = 0.2  # after a lost connection, ask the database again after this, doubling to:
PROBE_MAX_S = 2.0
PROBE_TIMEOUT_S = 3.0
# /healthz reports a full database for this long after a write last failed for it, unless one
# succeeds before: with nothing written meanwhile, nobody knows whether space was freed.
FULL_REMEMBERED_S = 60.0

# SQLite's primary result codes (the low byte of an extended one).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_FULL = 13

# The server went away, is starting or stopping, or took too many connections: ask again later.
_PG_CONNECTION = (
    asyncpg.PostgresConnectionError,  # class 08, a connection lost mid-statement among them
    asyncpg.CannotConnectNowError,  # 57P03, starting up or shutting down
    asyncpg.AdminShutdownError,  # 57P01, pg_terminate_backend or a fast shutdown
    asyncpg.CrashShutdownError,  # 57P02
    asyncpg.TooManyConnectionsError,  # 53300
)
# The transaction lost a race with another one and was rolled back: run it again.
_PG_CONFLICT = (asyncpg.SerializationError, asyncpg.DeadlockDetectedError)


class Fault(enum.Enum):
    UNREACHABLE = "unreachable"  # the connection was lost or none could be made
    CONFLICT = "conflict"  # a serialization failure, a deadlock, a lock held too long
    FULL = "full"  # no room left to write

    @property
    def passing(self) -> bool:
        """Worth trying the same work again soon."""
        return self is not Fault.FULL


def classify(error: BaseException) -> Fault | None:
    """The database fault behind `error`, if it is one; None for anything else (a bug)."""
    for cause in _chain(error):
        if isinstance(cause, exc.DBAPIError) and cause.connection_invalidated:
            return Fault.UNREACHABLE
        if isinstance(cause, asyncpg.DiskFullError):
            return Fault.FULL
        if isinstance(cause, _PG_CONNECTION):
            return Fault.UNREACHABLE
        if isinstance(cause, _PG_CONFLICT):
            return Fault.CONFLICT
        if isinstance(cause, sqlite3.Error):
            code = getattr(cause, "sqlite_errorcode", 0) & 0xFF
            if code == SQLITE_FULL:
                return Fault.FULL
            if code in (SQLITE_BUSY, SQLITE_LOCKED):
                return Fault.CONFLICT
        # Raised by the driver's connect, before any statement: nobody answers on the port.
        if isinstance(cause, ConnectionError | exc.TimeoutError):
            return Fault.UNREACHABLE
    return None


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what SQLAlchemy wrapped (`orig`) and what it was raised from, once each."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        todo += [
            current.__context__,
            current.__cause__,
            orig if isinstance(orig, BaseException) else None,
        ]


@dataclass
class Work:
    """One attempt at an update: whether any of its transactions stored something."""

    stored: bool = False


CURRENT_WORK: ContextVar[Work | None] = ContextVar("strongstreak_work", default=None)


@contextlib.contextmanager
def working(work: Work) -> Iterator[Work]:
    """Note in `work` what the transactions run inside this block store."""
    token = CURRENT_WORK.set(work)
    try:
        yield work
    finally:
        CURRENT_WORK.reset(token)


class TrackedSession(Session):
    """A session that tells the current `Work` when it commits a write."""


@event.listens_for(TrackedSession, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["writes"] = True


@event.listens_for(TrackedSession, "after_flush")
def _on_flush(session: Session, _flush: UOWTransaction) -> None:
    session.info["writes"] = True


@event.listens_for(TrackedSession, "after_commit")
def _on_commit(session: Session) -> None:
    work = CURRENT_WORK.get()
    if session.info.pop("writes", False) and work is not None:
        work.stored = True


@event.listens_for(TrackedSession, "after_rollback")
def _on_rollback(session: Session) -> None:
    session.info.pop("writes", None)


class DatabaseWatch:
    """Whether the database answers and takes writes, as the bot last found it."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.held = 0  # updates waiting for the database to answer again
        self._up = asyncio.Event()
        self._up.set()
        self._down: tuple[float, str] | None = None  # since (monotonic), why
        self._full: tuple[float, float, str] | None = None  # since, last seen, why
        self._probe: asyncio.Task[None] | None = None

    @property
    def is_up(self) -> bool:
        return self._up.is_set()

    def problem(self) -> str | None:
        """Why the database cannot serve the bot now, in a line for /healthz; None if it can."""
        now = time.monotonic()
        if self._down is not None:
            since, why = self._down
            return (
                f"the database does not answer since {now - since:.0f} s ({why}); "
                f"{self.held} updates held until it does"
            )
        if self._full is not None:
            since, last, why = self._full
            if now - last > FULL_REMEMBERED_S:
                return None  # nothing tried to write since: it may well take writes again
            return (
                f"the database refuses writes for lack of space since {now - since:.0f} s ({why})"
            )
        return None

    def saw(self, fault: Fault, error: BaseException) -> None:
        """Take note of a fault: a lost connection starts the probe, a full disk is logged."""
        if fault is Fault.UNREACHABLE and self._down is None:
            self._down = (time.monotonic(), _short(error))
            self._up.clear()
            log.warning(
                "the database cannot be reached (%s); holding updates until it answers",
                _short(error),
            )
            self._probe = asyncio.create_task(self._until_it_answers())
        elif fault is Fault.FULL and self._full is not None:
            since, _, why = self._full
            self._full = (since, time.monotonic(), why)
        elif fault is Fault.FULL:
            self._full = (time.monotonic(), time.monotonic(), _short(error))
            log.error(
                "the database is full (%s): nothing new can be stored until space is freed; "
                "runners are told what was not logged, reading still works",
                _short(error),
            )

    def stored(self, begun: float) -> None:
        """Work begun at `begun` (monotonic) committed a write: if it began after the database
        was found full, the database takes writes again."""
        if self._full is not None and self._full[0] < begun:
            since, _, _ = self._full
            self._full = None
            log.warning(
                "the database takes writes again after %.0f s of no space",
                time.monotonic() - since,
            )

    async def until_up(self) -> None:
        """Until the database answers (at once when it does)."""
        await self._up.wait()

    async def close(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._probe

    async def _until_it_answers(self) -> None:
        wait = PROBE_FIRST_S
        while True:
            await asyncio.sleep(wait)
            try:
                async with asyncio.timeout(PROBE_TIMEOUT_S), self.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            except Exception as error:
                if classify(error) is not Fault.UNREACHABLE and not isinstance(error, TimeoutError):
                    log.warning("asking the database failed unexpectedly", exc_info=True)
                wait = min(wait * 2, PROBE_MAX_S)
                continue
            break
        assert self._down is not None
        since, _ = self._down
        self._down = None
        self._probe = None
        self._up.set()
        log.warning("the database answers again after %.1f s", time.monotonic() - since)


def _short(error: BaseException) -> str:
    """The driver's own error and its first line, without the SQL and parameters SQLAlchemy
    adds: the innermost of what was wrapped (`orig`) or raised from."""
    cause = error
    for _ in range(10):  # a chain is two or three deep; never loop on a cycle
        inner = getattr(cause, "orig", None) or cause.__cause__
        if not isinstance(inner, BaseException):
            break
        cause = inner
    words = str(cause).strip()
    first = words.splitlines()[0] if words else ""
    return f"{type(cause).__name__}: {first}"[:200] if first else type(cause).__name__
