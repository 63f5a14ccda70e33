"""Storage tests on SQLite run both ways the bot can reach it: through `onetrip` (the default)
and through SQLAlchemy's own aiosqlite adapter (SQLITE_DRIVER=aiosqlite), the way back should a
SQLAlchemy release break onetrip. `test_onetrip.py` is about onetrip alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import get_settings
from tests.conftest import migrated_database


def _driver(driver: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Engines made during the test reach SQLite through `driver`."""
    monkeypatch.setenv("SQLITE_DRIVER", driver)
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)


@pytest.fixture(params=["sqlite", "sqlite-aiosqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    kind, _, driver = request.param.partition("-")
    if kind == "sqlite":
        _driver(driver or "onetrip", request, monkeypatch)
    yield from migrated_database(request, tmp_path, kind)


@pytest.fixture(params=["onetrip", "aiosqlite"])
def sqlite_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    _driver(request.param, request, monkeypatch)
    yield from migrated_database(request, tmp_path, "sqlite")
