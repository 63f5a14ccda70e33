"""What a unit of work has read of runners' calendars (sessions, weekly rules, pauses and
rewards), by user id: read once and served to every repository that asks again, and forgotten
when the unit of work writes to the rows it was read from, commits or rolls back.

The unit of work (`Store`) makes one per transaction and registers it with its session; the
session's events (installed once, as for `versions`) forget what each write touches: the
runner it names, or every runner when it cannot be told. So a write can never be followed by a
stale read, whichever repository made it; a repository that knows what its write changed may
put the entry back brought up to date (`SessionRepository.add`), and nothing else need know.
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.sql.schema import Table

from bot.domain import rewards as reward_rules
from bot.storage.base import Known, SessionRow
from bot.storage.versions import EVERYONE, runners_written

# The tables a calendar is read from: any write to them makes it stale.
CALENDAR_TABLES = frozenset({"sessions", "week_rules", "pauses"})
# The tables rewards are read from: a write to them makes only the rewards stale.
REWARD_TABLES = frozenset({"rewards", "reward_unlocks"})
# A runner and their habit: created or deleted (which takes every row about them along), never
# changed in a way a calendar reads.
RUNNER_TABLES = frozenset({"users", "habits"})
_WATCHED = CALENDAR_TABLES | REWARD_TABLES | RUNNER_TABLES
_CACHES = "calendar_caches"  # in Session.info: the caches of the units of work on it


class CalendarCache:
    """Runners' calendars as this unit of work read them, by user id; see the module."""

    def __init__(self, session: AsyncSession) -> None:
        self._known: dict[int, Known] = {}
        session.info.setdefault(_CACHES, []).append(self)

    def get(self, user_id: int) -> Known | None:
        return self._known.get(user_id)

    def keep(self, user_id: int, known: Known) -> None:
        """What was just read of a runner (or a known entry brought up to date after a write)."""
        self._known[user_id] = known

    def sessions_of(self, habit_id: int) -> list[SessionRow] | None:
        """A habit's sessions, when a calendar read brought them."""
        for known in self._known.values():
            if known.habit_id == habit_id:
                return known.sessions
        return None

    def rewards_of(self, user_id: int) -> list[reward_rules.Reward] | None:
        """A runner's rewards, when a profile read brought them and no write changed them."""
        known = self._known.get(user_id)
        return None if known is None else known.rewards

    def forget(self, user_ids: set[int]) -> None:
        """These runners' calendars changed (`EVERYONE` among them: anyone's)."""
        if EVERYONE in user_ids:
            self._known.clear()
            return
        for user_id in user_ids:
            self._known.pop(user_id, None)

    def forget_rewards(self, user_ids: set[int]) -> None:
        """These runners' rewards changed (`EVERYONE` among them: anyone's); their sessions,
        rules and pauses stay."""
        for user_id, known in self._known.items():
            if user_id in user_ids or EVERYONE in user_ids:
                known.rewards = None

    def clear(self) -> None:
        self._known.clear()


def watch() -> None:
    """Forget what each session's writes touch, and everything at commit or rollback
    (installed once, by the unit of work)."""
    if event.contains(Session, "after_commit", _on_end):
        return
    event.listen(Session, "do_orm_execute", _on_execute)
    event.listen(Session, "before_flush", _on_flush)
    event.listen(Session, "after_commit", _on_end)
    event.listen(Session, "after_soft_rollback", _on_soft_rollback)


def _caches(sync: Session) -> list[CalendarCache]:
    found: list[CalendarCache] = sync.info.get(_CACHES, [])
    return found


def _wrote(sync: Session, table: str, user_ids: set[int]) -> None:
    for cache in _caches(sync):
        if table in REWARD_TABLES:
            cache.forget_rewards(user_ids)
        else:
            cache.forget(user_ids)


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete) or not _caches(state.session):
        return
    table = getattr(state.statement, "table", None)
    if not isinstance(table, Table) or table.name not in _WATCHED:
        return
    if state.is_update and table.name in RUNNER_TABLES:
        return  # a setting changed, not a calendar
    _wrote(state.session, table.name, runners_written(table, state.statement, state.parameters))


def _on_flush(sync: Session, flush: UOWTransaction, instances: Any) -> None:
    if not _caches(sync):
        return
    changed = [
        row for row in sync.dirty if getattr(row, "__tablename__", None) not in RUNNER_TABLES
    ]
    for row in itertools.chain(sync.new, changed, sync.deleted):
        table = getattr(row, "__tablename__", None)
        if table not in _WATCHED:
            continue
        user_id = getattr(row, "id" if table == "users" else "user_id", None)
        _wrote(sync, table, {user_id if isinstance(user_id, int) else EVERYONE})


def _on_end(sync: Session) -> None:
    for cache in _caches(sync):
        cache.clear()


def _on_soft_rollback(sync: Session, previous_transaction: Any) -> None:
    _on_end(sync)
