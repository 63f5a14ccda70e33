"""Which runners' data changed: a number per runner that every committed write to their
season's rows moves on, so what was drawn from them can be kept until it does.

The unit of work (`Store`) watches its session: each write to a table a season is made of
notes the runner it touches (by the `user_id` it writes or filters on, or a user's `id`); at
commit those runners' numbers move on, and a write whose runner cannot be told (a rule
changed by habit, an unlock by reward) moves every number on. A rollback moves nothing. This
process's writes only: a second process writing the same database is not seen, so only a
process that is the database's one writer (SQLite) may keep what it drew.
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, ColumnElement
from sqlalchemy.sql.schema import Column, Table
from sqlalchemy.sql.visitors import iterate

# The tables a runner's season is drawn from; writes to any other table change none.
SEASON_TABLES = frozenset(
    {"users", "habits", "week_rules", "sessions", "pauses", "rewards", "reward_unlocks",
     "plans", "coaches"}
)  # fmt: skip
EVERYONE = -1  # a write whose runner cannot be told
_PENDING = "season_writes"  # in Session.info: the runners this transaction wrote for

_counter = itertools.count(1)
_epoch = 0
_versions: dict[int, int] = {}


def stamp(user_id: int) -> tuple[int, int]:
    """The runner's data as of now: equal stamps, the same data. Read it before the data."""
    return _epoch, _versions.get(user_id, 0)


def changed(user_ids: set[int]) -> None:
    """These runners' data changed (`EVERYONE` among them: anyone's)."""
    global _epoch
    if EVERYONE in user_ids:
        _epoch = next(_counter)
        _versions.clear()
        return
    for user_id in user_ids:
        _versions[user_id] = next(_counter)


def watch() -> None:
    """Note the runners every session's writes touch, and move their numbers on at commit
    (installed once, by the unit of work)."""
    if event.contains(Session, "after_commit", _on_commit):
        return
    event.listen(Session, "do_orm_execute", _on_execute)
    event.listen(Session, "before_flush", _on_flush)
    event.listen(Session, "after_commit", _on_commit)
    event.listen(Session, "after_rollback", _on_rollback)


def _pending(sync: Session) -> set[int]:
    found: set[int] = sync.info.setdefault(_PENDING, set())
    return found


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if not isinstance(table, Table) or table.name not in SEASON_TABLES:
        return
    _pending(state.session).update(runners_written(table, state.statement, state.parameters))


def runners_written(table: Table, statement: Any, parameters: Any) -> set[int]:
    """The runners a statement writes for, from its parameters or its WHERE clause."""
    key = "id" if table.name == "users" else "user_id"
    rows = parameters if isinstance(parameters, list) else [parameters or {}]
    found = {row[key] for row in rows if isinstance(row, dict) and isinstance(row.get(key), int)}
    if found and len(found) == len(rows):
        return found
    values = getattr(statement, "_values", None) or {}
    for column, value in values.items():
        name = getattr(column, "key", column)
        if name == key and isinstance(value, BindParameter) and isinstance(value.value, int):
            return {value.value}
    where = getattr(statement, "whereclause", None)
    if isinstance(where, ColumnElement):
        for node in iterate(where):
            if (
                isinstance(node, BinaryExpression)
                and node.operator is operators.eq
                and isinstance(node.left, Column)
                and getattr(node.left.table, "name", None) == table.name
                and node.left.key == key
                and isinstance(node.right, BindParameter)
                and isinstance(node.right.value, int)
            ):
                return {node.right.value}
    return {EVERYONE}


def _on_flush(sync: Session, flush: UOWTransaction, instances: Any) -> None:
    for row in itertools.chain(sync.new, sync.dirty, sync.deleted):
        table = getattr(row, "__tablename__", None)
        if table not in SEASON_TABLES:
            continue
        user_id = getattr(row, "id" if table == "users" else "user_id", None)
        _pending(sync).add(user_id if isinstance(user_id, int) else EVERYONE)


def _on_commit(sync: Session) -> None:
    found = sync.info.get(_PENDING)
    if found:
        changed(set(found))
        found.clear()


def _on_rollback(sync: Session) -> None:
    found = sync.info.get(_PENDING)
    if found:
        found.clear()
