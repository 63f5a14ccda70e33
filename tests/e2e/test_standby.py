"""Two real `python -m bot` processes on one PostgreSQL: one dispatches, the other takes over."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.fake import FakeTelegram
from bot.storage.db import create_engine
from bot.storage.migrate import upgrade
from tests.conftest import _fresh_postgres_database
from tests.harness import TOKEN

ROOT = Path(__file__).resolve().parents[2]
RUNNERS = 10
FIRST = 7000
TAKES_LEAD = "now runs the check-in dispatcher"
# The dispatcher's tick, and the time between two runners' check-ins: twice a tick, so no tick
# claims two and the kill right after a send finds nothing claimed in flight.
TICK_S = 0.25
APART_S = 2 * TICK_S


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    for url in _fresh_postgres_database(postgres_server):
        upgrade(url)
        yield url


async def start(api: str, url: str, log: Path) -> asyncio.subprocess.Process:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("METRICS_PORT", "WEBHOOK_URL")},
        "BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api, "DATABASE_URL": url,
        "POLL_TIMEOUT": "1", "DISPATCH_SECONDS": str(TICK_S), "LOG_LEVEL": "INFO",
    }  # fmt: skip
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env,
        stdout=log.open("ab"), stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip


async def until(condition: object, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("the condition never held")
        await asyncio.sleep(0.05)


def mornings(fake: FakeTelegram) -> Counter[int]:
    return Counter(
        c.chat_id for c in fake.sent() if c.text.startswith("Morning!") and c.chat_id is not None
    )


@pytest.mark.slow(seconds=20)
async def test_the_standby_takes_over_the_dispatcher_when_the_leader_is_killed(
    postgres_url: str, tmp_path: Path
) -> None:
    fake = FakeTelegram()
    api = await fake.start()
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = second = None
    try:
        first = await start(api, postgres_url, first_log)
        await until(lambda: TAKES_LEAD in first_log.read_text(), 30)
        for user in range(FIRST, FIRST + RUNNERS):
            fake.send_message(user, "/prompt 07:30")
        await fake.wait_handled(timeout=30)
        second = await start(api, postgres_url, second_log)
        await until(lambda: "starting (long polling)" in second_log.read_text(), 30)
        await asyncio.sleep(4 * TICK_S)  # several dispatcher ticks: the second must not lead
        assert TAKES_LEAD not in second_log.read_text()

        # One morning check-in due every APART_S from now on, the other kinds out of the way.
        engine = create_engine(postgres_url)
        now = datetime.now(UTC)
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE schedules SET due_at = :later WHERE kind <> 'morning'"),
                {"later": now + timedelta(days=30)},
            )
            move = text("UPDATE schedules SET due_at = :at WHERE user_id = :u AND kind = 'morning'")
            for i, user in enumerate(range(FIRST, FIRST + RUNNERS)):
                await connection.execute(
                    move, {"at": now + timedelta(seconds=(2 + i) * APART_S), "u": user}
                )
        await engine.dispose()

        await until(lambda: len(mornings(fake)) >= 5, 30)
        first.send_signal(signal.SIGKILL)  # right after a send: nothing claimed is in flight
        killed_at = datetime.now()  # local time, as the log lines are
        await first.wait()
        sent_by_first = len(mornings(fake))

        await until(lambda: len(mornings(fake)) >= RUNNERS, 60)
        await asyncio.sleep(3 * TICK_S)  # a second copy would come on a later tick
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), 30) == 0
    finally:
        for process in (first, second):
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
        await fake.stop()

    sent = mornings(fake)
    assert set(sent) == set(range(FIRST, FIRST + RUNNERS)), "every runner got their check-in"
    assert max(sent.values()) == 1, "nobody got one twice"
    assert TAKES_LEAD in second_log.read_text(), "the standby took over"
    assert sent_by_first < RUNNERS, "the kill came before the last one was due"
    line = next(x for x in second_log.read_text().splitlines() if TAKES_LEAD in x)
    took_over = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f") - killed_at
    print(
        f"\nstandby takeover: {sent_by_first} check-ins sent by the first process before its "
        f"kill -9, {RUNNERS - sent_by_first} by the second, which took the lock "
        f"{took_over.total_seconds():.2f} s after the kill; none twice"
    )
