"""The engine's connection pool follows the concurrency the bot runs at."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from bot.storage.db import PG_MAX_OVERFLOW, PG_POOL_SIZE, create_engine
from bot.telegram.ordering import RoundTrips


async def test_postgresql_serves_the_updates_running_at_300_ms_at_once(database_url: str) -> None:
    """At a 300 ms round trip as many updates run at once as `RoundTrips` allows; each holding a
    connection at the same moment must get one without waiting for another to finish."""
    engine = create_engine(database_url)
    round_trips = RoundTrips()
    round_trips.add(0.3)
    running = round_trips.running_limit(ceiling=256)
    if database_url.startswith("sqlite"):
        assert engine.pool.size() == 1, "SQLite takes one writer: one connection queues them"
        await engine.dispose()
        return
    assert running <= PG_POOL_SIZE + PG_MAX_OVERFLOW
    inside = 0
    everyone_in = asyncio.Event()

    async def hold() -> None:
        nonlocal inside
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            inside += 1
            if inside == running:
                everyone_in.set()
            await asyncio.wait_for(everyone_in.wait(), timeout=10)

    await asyncio.gather(*(hold() for _ in range(running)))
    await engine.dispose()
