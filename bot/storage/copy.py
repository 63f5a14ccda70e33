"""`python -m bot copy-to URL`: move a SQLite database into an empty PostgreSQL database.

Both are migrated to the same head first; every table is copied in foreign-key order in one
transaction on the target, id sequences are moved past the copied ids, and the row counts of
source and target are compared before the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.db import create_engine
from bot.storage.models import Base

CHUNK = 1000


class CopyRefused(Exception):
    """The copy cannot go ahead (or did not check out); nothing was written."""


@dataclass(frozen=True)
class Copied:
    rows: dict[str, int]  # table -> rows copied
    sequences: dict[str, int]  # sequence -> the next id it hands out


async def copy_database(source_url: str, target_url: str) -> Copied:
    """Copy every row from source to target; both must already be migrated to head."""
    if not target_url.startswith("postgresql"):
        raise CopyRefused("the target must be a PostgreSQL URL (postgresql+asyncpg://...)")
    source = create_engine(source_url)
    target = create_engine(target_url)
    try:
        async with source.connect() as reading, target.begin() as writing:
            await _refuse_non_empty(writing)
            rows = {}
            for table in Base.metadata.sorted_tables:
                result = await reading.stream(select(table))
                count = 0
                async for chunk in result.mappings().partitions(CHUNK):
                    await writing.execute(insert(table), [dict(row) for row in chunk])
                    count += len(chunk)
                rows[table.name] = count
            sequences = await _move_sequences(writing)
            for table in Base.metadata.sorted_tables:
                copied = await writing.scalar(select(func.count()).select_from(table))
                if copied != rows[table.name]:
                    raise CopyRefused(
                        f"{table.name}: {rows[table.name]} rows read but {copied} in the target"
                    )
    finally:
        await source.dispose()
        await target.dispose()
    return Copied(rows, sequences)


async def _refuse_non_empty(connection: AsyncConnection) -> None:
    for table in Base.metadata.sorted_tables:
        if await connection.scalar(select(func.count()).select_from(table)):
            raise CopyRefused(
                f"the target is not empty ({table.name} has rows): copy into a new database"
            )


async def _move_sequences(connection: AsyncConnection) -> dict[str, int]:
    """Each serial id's sequence set past the largest copied id; sequence -> next id."""
    moved = {}
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        column = keys[0]
        sequence = await connection.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": column.name},
        )
        if sequence is None:
            continue
        largest = await connection.scalar(select(func.max(column)))
        # setval(seq, n, false): the next nextval() returns n.
        next_id = int(largest or 0) + 1
        await connection.execute(
            text("SELECT setval(:sequence, :next, false)"), {"sequence": sequence, "next": next_id}
        )
        moved[str(sequence)] = next_id
    return moved
