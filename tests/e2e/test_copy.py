"""`python -m bot copy-to`: a SQLite database moved into PostgreSQL; the bot carries on there."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.storage.db import create_engine
from bot.storage.models import Base
from tests.conftest import _fresh_postgres_database
from tests.harness import Harness

ROOT = Path(__file__).resolve().parents[2]
RUNNER, FRIEND = 8101, 8102


@pytest.fixture
def empty_postgres(postgres_server: str) -> Iterator[str]:
    yield from _fresh_postgres_database(postgres_server)


def copy_to(source: str, target: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": source}
    return subprocess.run(
        [sys.executable, "-m", "bot", "copy-to", target],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


async def counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    async with engine.connect() as connection:
        found = {
            table.name: int(await connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }
    await engine.dispose()
    return found


async def test_copy_to_moves_everything_and_the_bot_carries_on(
    sqlite_url: str, empty_postgres: str
) -> None:
    async with Harness.running(sqlite_url) as harness:
        await harness.say(RUNNER, "/done kettlebell 15")
        await harness.say(RUNNER, "/done barre 20 yesterday - felt strong")
        await harness.say(RUNNER, "/prompt 07:30")
        await harness.say(FRIEND, "/evening 19:10")
        await harness.say(FRIEND, "/done yoga 30")
    before = await counts(sqlite_url)
    assert before["sessions"] == 3 and before["users"] == 2

    done = copy_to(sqlite_url, empty_postgres)
    assert done.returncode == 0, done.stderr
    assert "row counts match" in done.stdout
    assert await counts(empty_postgres) == before

    # A new fake would number messages from 1 again, as if Telegram re-sent the old ones.
    async with Harness.running(empty_postgres, first_id=1000) as harness:
        logged = await harness.say(RUNNER, "/done plyo 10")
        assert "Logged <b>plyometrics</b> 10 min" in logged.text
        assert await harness.scalar("SELECT max(id) FROM sessions") == 4, "ids follow the copies"
        history = await harness.say(RUNNER, "/history")
        assert "barre" in history.text and "felt strong" in history.text

    again = copy_to(sqlite_url, empty_postgres)
    assert again.returncode == 1
    (line,) = again.stderr.strip().splitlines()
    assert line.startswith("strongstreak: copy-to refused: the target is not empty")
    assert (await counts(empty_postgres))["sessions"] == 4, "the refused copy wrote nothing"
