"""Shared fixtures: a migrated database on SQLite and on the real PostgreSQL, and the harness.

Migrating takes a second or more, so each test run migrates one template per engine and every
test gets a copy of it: a file copy on SQLite; on PostgreSQL a `CREATE DATABASE ... TEMPLATE`
copy that is emptied after the test and handed to the next one (see `PostgresCopies`).
`empty_database_url` still gives an empty database to the tests that run the migrations.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import sqlite3
import ssl
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx._transports.default
import pytest

from bot.storage.migrate import upgrade
from tests.databases import PostgresCopies, migrated_sqlite_url

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked slow(seconds=...) go first, heaviest first, each one followed by a light one.

    Under pytest-xdist with `--maxschedchunk=1` a worker is handed two tests to begin with, then
    one more each time it finishes one, to run after the one it holds. With a light test after
    each slow one, every worker starts on one of the heaviest tests at once, and each further
    slow test goes to the worker that frees up first instead of queueing behind another.
    """
    weights = {}
    for item in items:
        if (marker := item.get_closest_marker("slow")) is not None:
            weights[item] = float(marker.kwargs.get("seconds", 30))
    heaviest = sorted(weights, key=weights.__getitem__, reverse=True)
    light = [item for item in items if item not in weights]
    interleaved = [
        item
        for pair in itertools.zip_longest(heaviest, light[: len(heaviest)])
        for item in pair
        if item is not None
    ]
    items[:] = interleaved + light[len(heaviest) :]


@pytest.fixture(scope="session", autouse=True)
def _one_tls_context() -> Iterator[None]:
    """Every bot the tests start makes two httpx clients, and each client reads the whole CA
    bundle into a TLS context of its own (20 ms of CPU); the fake Bot API is plain HTTP, so one
    shared context serves every client. A rename in httpx makes this fail loudly."""
    create = httpx._transports.default.create_ssl_context
    default = functools.cache(create)

    def create_ssl_context(
        verify: Any = True, cert: Any = None, trust_env: bool = True
    ) -> ssl.SSLContext:
        if verify is True and cert is None:  # the default, which is all the bot asks for
            return default(True, None, trust_env)
        return create(verify, cert, trust_env)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx._transports.default, "create_ssl_context", create_ssl_context)
        yield


@pytest.fixture(scope="session", autouse=True)
def _picture_worker() -> Iterator[None]:
    """Stop the picture worker the harness's bots share, once the last of them is done."""
    from tests.harness import PAINTER

    yield
    PAINTER.stop()


def _postgres_problem() -> str | None:
    async def probe() -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=3)
        await connection.close()

    try:
        asyncio.run(probe())
    except Exception as error:  # any failure means: not reachable here
        return f"PostgreSQL at {POSTGRES_ADMIN_URL} is not reachable ({error})"
    return None


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of a reachable PostgreSQL; skips (or fails under CI=true) without one."""
    problem = _postgres_problem()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    return POSTGRES_ADMIN_URL


def _postgres_execute(admin_url: str, sql: str) -> None:
    async def execute() -> None:
        connection = await asyncpg.connect(admin_url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(execute())


def _fresh_postgres_database(admin_url: str) -> Iterator[str]:
    """A randomly named empty database, dropped afterwards."""
    name = f"strongstreak_test_{uuid.uuid4().hex[:12]}"
    _postgres_execute(admin_url, f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        _postgres_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> Iterator[str]:
    """The name of a PostgreSQL database migrated to head once per run (per xdist worker).

    Nothing may stay connected to it, or `CREATE DATABASE ... TEMPLATE` refuses to copy it:
    the migration disposes of its engine before returning.
    """
    for url in _fresh_postgres_database(postgres_server):
        upgrade(url)
        yield url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def postgres_copies(postgres_server: str, postgres_template: str) -> Iterator[PostgresCopies]:
    """Copies of the template, reused from test to test (per xdist worker); dropped at the end."""
    copies = PostgresCopies(postgres_server, postgres_template)
    try:
        yield copies
    finally:
        copies.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per run (per xdist worker)."""
    path = tmp_path_factory.mktemp("template") / "strongstreak.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    # Fold the write-ahead log into the file, so that copying the file alone copies everything.
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once on a SQLite file and once on the real PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'strongstreak.db'}"
    else:
        yield from _fresh_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated to head, once on a SQLite file and once on the real PostgreSQL."""
    yield from migrated_database(request, tmp_path, request.param)


def migrated_database(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> Iterator[str]:
    """A copy of the migrated template: `kind` is "sqlite" or "postgresql"."""
    if kind == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        yield migrated_sqlite_url(template, tmp_path / "strongstreak.db")
    else:
        copies: PostgresCopies = request.getfixturevalue("postgres_copies")
        url = copies.take()
        try:
            yield url
        finally:
            copies.give_back(url)


@pytest.fixture
def postgres_url(postgres_copies: PostgresCopies) -> Iterator[str]:
    """A database migrated to head on the real PostgreSQL only, for what only it does."""
    url = postgres_copies.take()
    try:
        yield url
    finally:
        postgres_copies.give_back(url)


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A SQLite file migrated to head."""
    return migrated_sqlite_url(sqlite_template, tmp_path / "strongstreak.db")


@pytest.fixture
async def harness(database_url: str) -> AsyncIterator[object]:
    from tests.harness import Harness

    async with Harness.running(database_url) as running:
        yield running
