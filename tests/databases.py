"""Copies of the migrated template databases the fixtures in `conftest.py` build once per run.

On PostgreSQL a copy is not dropped after its test but emptied and handed to the next one:
`DROP DATABASE` forces a checkpoint of the whole server and `CREATE DATABASE` writes the whole
copy out again, together a second or more per test on a busy machine, while emptying the
copy's tables takes milliseconds. A copy comes back only if it is the template again: its
schema unchanged, its tables emptied, its sequences rewound; anything else is dropped.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg


def migrated_sqlite_url(template: Path, path: Path) -> str:
    """A SQLite URL for a fresh copy of the migrated template at `path`."""
    shutil.copyfile(template, path)
    return f"sqlite+aiosqlite:///{path}"


# Everything a test could change about a database but its rows: schemas, tables, columns,
# constraints, indexes, functions, triggers and types, one sorted line each.
_SCHEMA = """
WITH ours AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
)
SELECT md5(string_agg(line, E'\\n' ORDER BY line)) FROM (
    SELECT 'schema ' || nspname FROM ours
    UNION ALL
    SELECT 'relation ' || c.oid::regclass || ' ' || c.relkind::text
    FROM pg_class c JOIN ours n ON n.oid = c.relnamespace
    UNION ALL
    SELECT 'column ' || c.oid::regclass || '.' || a.attname || ' '
        || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' '
        || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid JOIN ours n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' '
        || pg_get_constraintdef(k.oid)
    FROM pg_constraint k JOIN ours n ON n.oid = k.connamespace
    UNION ALL
    SELECT 'index ' || pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN ours n ON n.oid = c.relnamespace
    UNION ALL
    SELECT 'function ' || p.oid::regprocedure FROM pg_proc p JOIN ours n ON n.oid = p.pronamespace
    UNION ALL
    SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL
    SELECT 'type ' || t.oid::regtype || ' ' || t.typtype::text
    FROM pg_type t JOIN ours n ON n.oid = t.typnamespace
    UNION ALL
    SELECT 'label ' || enumtypid::regtype || ' ' || enumlabel FROM pg_enum
) AS lines(line)
"""

_TABLES = """
SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
"""

_REFERENCES = """
SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
WHERE contype = 'f' AND conrelid <> confrelid
"""

_SEQUENCES = """
SELECT format('%I.%I', schemaname, sequencename), start_value FROM pg_sequences
WHERE schemaname NOT LIKE 'pg\\_%' AND schemaname <> 'information_schema'
"""


@dataclass(frozen=True)
class _Template:
    """What a fresh copy looks like, and the script that makes a used copy look like it."""

    filled: tuple[str, ...]  # tables the template has rows in (alembic_version): kept as they are
    fingerprint: str
    reset: str

    @classmethod
    async def read(cls, connection: asyncpg.Connection) -> _Template:
        """Read from a fresh copy. Every table the template leaves empty is emptied,
        referencing tables before the ones they reference, and every sequence rewound."""
        tables = {row[0] for row in await connection.fetch(_TABLES)}
        filled = tuple(
            sorted([t for t in tables if await connection.fetchval(f"SELECT count(*) FROM {t}")])
        )
        references = [(row[0], row[1]) for row in await connection.fetch(_REFERENCES)]
        order: list[str] = []
        left = tables - set(filled)
        while left:
            leaves = {t for t in left if not any(to == t and by in left for by, to in references)}
            if not leaves:
                raise RuntimeError(f"tables that reference each other in a cycle: {sorted(left)}")
            order += sorted(leaves)
            left -= leaves
        statements = ["BEGIN", "SET LOCAL synchronous_commit = off"]
        statements += [f"DELETE FROM {table}" for table in order]
        statements += [
            f"SELECT setval('{name}', {start}, false)"
            for name, start in await connection.fetch(_SEQUENCES)
        ]
        statements.append("COMMIT")
        return cls(filled, await _fingerprint(connection, filled), ";\n".join(statements))


async def _fingerprint(connection: asyncpg.Connection, filled: tuple[str, ...]) -> str:
    """The schema, and the rows of the tables the template fills."""
    parts = [await connection.fetchval(_SCHEMA)]
    for table in filled:
        parts.append(
            await connection.fetchval(
                f"SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {table} AS t"
            )
        )
    return "/".join(str(part) for part in parts)


class PostgresCopies:
    """Databases copied from one migrated template, each in one test's hands at a time."""

    def __init__(self, admin_url: str, template: str) -> None:
        self.admin_url = admin_url
        self.template = template
        self._base = admin_url.rsplit("/", 1)[0]
        self._free: list[str] = []
        self._all: set[str] = set()
        self._shape: _Template | None = None

    def take(self) -> str:
        """The SQLAlchemy URL of a database just like the template, for one test."""
        name = self._free.pop() if self._free else asyncio.run(self._create())
        return f"{self._base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}"

    def give_back(self, url: str) -> None:
        """Empty the database for the next test, or drop it if it cannot be the template
        again (its schema changed, or emptying it failed)."""
        name = url.rsplit("/", 1)[1]
        try:
            reusable = asyncio.run(self._reset(name))
        except Exception:
            reusable = False
        if reusable:
            self._free.append(name)
        else:
            self._drop(name)

    def close(self) -> None:
        """Drop every copy, all at once: each drop waits for a checkpoint of the server."""

        async def drop_all() -> None:
            await asyncio.gather(*(self._drop_now(name) for name in sorted(self._all)))

        asyncio.run(drop_all())
        self._all.clear()

    async def _create(self) -> str:
        name = f"strongstreak_test_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(self.admin_url)
        try:
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
            self._all.add(name)
            # No test needs a commit to survive a crash of the server itself.
            await admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        finally:
            await admin.close()
        if self._shape is None:
            connection = await asyncpg.connect(f"{self._base}/{name}")
            try:
                self._shape = await _Template.read(connection)
            finally:
                await connection.close()
        return name

    async def _reset(self, name: str) -> bool:
        assert self._shape is not None
        connection = await asyncpg.connect(f"{self._base}/{name}")
        try:
            # Whatever the test left connected (a killed bot's pool, an engine not disposed).
            await connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if await _fingerprint(connection, self._shape.filled) != self._shape.fingerprint:
                return False
            await connection.execute(self._shape.reset)
            return True
        finally:
            await connection.close()

    def _drop(self, name: str) -> None:
        asyncio.run(self._drop_now(name))
        self._all.discard(name)

    async def _drop_now(self, name: str) -> None:
        admin = await asyncpg.connect(self.admin_url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
