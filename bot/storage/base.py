"""What every repository shares: the caller's SQLAlchemy session, the dialect's INSERT with
ON CONFLICT, and `json_rows`, the aggregate that reads many rows as one JSON text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from bot.domain import model
from bot.domain.streaks import Pause

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


# Session days, weekly rules and pauses: all a streaks.Calendar needs.
Facts = tuple[list[date], list[model.WeekRule], list[Pause]]
# Calendars read along with a profile in this transaction, by runner (see RunnerRepository.get).
Calendars = dict[int, Facts]
