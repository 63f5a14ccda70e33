"""SQLITE_DRIVER: the bot reaches SQLite through onetrip, or through SQLAlchemy's own adapter."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Refusal, get_settings, load_settings
from bot.storage import onetrip
from bot.storage.db import SQLITE_BUSY_TIMEOUT_MS, create_engine
from tests.databases import migrated_sqlite_url


async def adapter_and_pragmas(engine: AsyncEngine) -> tuple[object, int, int]:
    """The DBAPI connection the engine hands out, its busy timeout and autocheckpoint."""
    async with engine.connect() as connection:
        adapter = (await connection.get_raw_connection()).dbapi_connection
        busy = await connection.scalar(text("PRAGMA busy_timeout"))
        autocheckpoint = await connection.scalar(text("PRAGMA wal_autocheckpoint"))
    await engine.dispose()
    return adapter, int(busy or 0), int(autocheckpoint or 0)


@pytest.fixture
def sqlite_file(sqlite_template: Path, tmp_path: Path) -> str:
    return migrated_sqlite_url(sqlite_template, tmp_path / "strongstreak.db")


async def test_onetrip_is_the_default_and_checkpoints_itself(sqlite_file: str) -> None:
    adapter, busy, autocheckpoint = await adapter_and_pragmas(
        create_engine(sqlite_file, sqlite_driver=None)
    )
    assert get_settings().sqlite_driver == "onetrip"
    assert isinstance(adapter, onetrip.OneTripConnection)
    assert (busy, autocheckpoint) == (0, 0), "on the loop SQLite never waits; no auto checkpoint"


async def test_sqlite_driver_aiosqlite_is_sqlalchemys_own_adapter(
    sqlite_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SQLITE_DRIVER", "aiosqlite")
    get_settings.cache_clear()
    try:
        adapter, busy, autocheckpoint = await adapter_and_pragmas(create_engine(sqlite_file))
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert isinstance(adapter, AsyncAdapt_aiosqlite_connection)
    assert not isinstance(adapter, onetrip.OneTripConnection)
    assert busy == SQLITE_BUSY_TIMEOUT_MS, "a statement waits for another connection's lock"
    assert autocheckpoint > 0, "SQLite checkpoints the log by itself"


def test_an_unknown_sqlite_driver_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SQLITE_DRIVER", "sqlite3")
    get_settings.cache_clear()
    try:
        with pytest.raises(Refusal, match="SQLITE_DRIVER is not valid"):
            load_settings()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
