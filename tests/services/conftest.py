"""Use cases against a real, migrated SQLite database, without Telegram.

Each test gets a copy of the run's migrated template (see tests/conftest.py) and opens its
own transactions, as a handler or a job would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.store import Store
from tests.services.builders import Transaction


@pytest.fixture
async def transaction(sqlite_url: str) -> AsyncIterator[Transaction]:
    """Opens a unit of work on a fresh migrated database; it commits when the block ends."""
    async for begin in units_of_work(sqlite_url):
        yield begin


async def units_of_work(url: str) -> AsyncIterator[Transaction]:
    """Units of work on the database at `url`, each committing when its block ends."""
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)

    @asynccontextmanager
    async def begin() -> AsyncIterator[Store]:
        async with sessionmaker.begin() as session:
            yield Store(session)

    yield begin
    await engine.dispose()
