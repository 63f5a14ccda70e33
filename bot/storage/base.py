"""What every repository shares: the caller's SQLAlchemy session, the dialect's INSERT with
ON CONFLICT, and `json_rows`, the aggregate that reads many rows as one JSON text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from bot.domain import model
from bot.domain import rewards as reward_rules
from bot.domain.streaks import Calendar, Pause

INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class Repository:
    """Queries and writes of one aggregate inside a caller-owned transaction; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def _on_postgresql(self) -> bool:
        return self._dialect() == "postgresql"

    def _dialect_insert(self) -> Any:
        """The INSERT with ON CONFLICT support for this engine (PostgreSQL or SQLite)."""
        return INSERTS[self._dialect()]

    async def _insert_ignore(
        self, table: type[Any], values: dict[str, Any], keys: Sequence[str]
    ) -> bool:
        insert = self._dialect_insert()
        result = await self.session.execute(
            insert(table).values(**values).on_conflict_do_nothing(index_elements=list(keys))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class json_rows(FunctionElement[str]):
    """An aggregate: a JSON array holding one array per row of the given columns.

    A calendar is hundreds of dates: one JSON text per kind is far cheaper to read than as many
    rows, each converted by SQLAlchemy on the way, and it fits in the profile's one row.
    """

    type = String()
    inherit_cache = True


@compiles(json_rows, "sqlite")
def _json_rows_sqlite(element: json_rows, compiler: Any, **kw: Any) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows, "postgresql")
def _json_rows_postgresql(element: json_rows, compiler: Any, **kw: Any) -> str:
    columns = compiler.process(element.clauses, **kw)
    return f"coalesce(json_agg(json_build_array({columns})), '[]')::text"


# (local date, minutes, activity, id, logged at) of one session.
SessionRow = tuple[date, int, str, int, datetime]


@dataclass(slots=True)
class Known:
    """A runner's sessions, rules, pauses and rewards as read in one query, kept up to date by
    the transaction's writes: the calendar, the stats and reward progress all read them here."""

    habit_id: int
    sessions: list[SessionRow]  # in no particular order
    rules: list[model.WeekRule]
    pauses: list[Pause]
    rewards: list[reward_rules.Reward] | None  # None when not read, or once a write changed them
    calendar: Calendar | None = None  # built on first use, with the weeks it judged

    def days(self) -> list[date]:
        return [row[0] for row in self.sessions]


def session_rows(text: str) -> list[SessionRow]:
    """Sessions as `json_rows` gives their (local date, minutes, activity, id, logged at)."""
    return [
        (date.fromisoformat(day), minutes, activity, i, instant(at))
        for day, minutes, activity, i, at in json.loads(text)
    ]


def instant(text: str) -> datetime:
    """A stored instant as JSON gives it: naive UTC from SQLite, with an offset from PostgreSQL.
    (Years of sessions are read at once: parsing with the offset added costs a tenth of
    `replace(tzinfo=UTC)`.)"""
    moment = datetime.fromisoformat(text)
    return (
        datetime.fromisoformat(f"{text}+00:00") if moment.tzinfo is None else moment.astimezone(UTC)
    )
