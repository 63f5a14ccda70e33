"""The real `python -m bot` process: killed mid-burst it loses nothing it acknowledged, while it
handles many runners' updates at once against a Bot API that takes its time to answer."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.fake import Call, FakeTelegram
from bot.fake.server import SEND_METHODS
from bot.storage.db import create_engine
from tests.harness import TOKEN

ROOT = Path(__file__).resolve().parents[2]


async def start_bot(api: str, database_url: str, log: Path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api,
        "DATABASE_URL": database_url,
        "POLL_TIMEOUT": "1",
        "LOG_LEVEL": "INFO",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env,
        stdout=log.open("ab"), stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip


async def logged_minutes(database_url: str) -> Counter[tuple[int, int]]:
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT user_id, minutes FROM sessions"))
        counts = Counter((int(u), int(m)) for u, m in rows)
    await engine.dispose()
    return counts


def confirmed(call: Call) -> tuple[int, int] | None:
    """(user, minutes) of a /done the bot confirmed with this reply, if it is one."""
    if call.method not in SEND_METHODS or not call.ok:
        return None
    if match := re.search(r"Logged <b>kettlebell</b> (\d+) min", call.text):
        assert call.chat_id is not None
        return call.chat_id, int(match[1])
    return None


def acknowledged(fake: FakeTelegram) -> set[tuple[int, int]]:
    """(user, minutes) of every /done the bot confirmed with a reply."""
    return {pair for call in fake.sent() if (pair := confirmed(call)) is not None}


@pytest.mark.slow(seconds=25)
async def test_a_kill_mid_burst_loses_nothing_acknowledged(
    database_url: str, tmp_path: Path
) -> None:
    fake = FakeTelegram(latency=0.02, jitter=0.04)  # every request, answered in any order
    api = await fake.start()
    log = tmp_path / "bot.log"
    runners, per_runner = 50, 3  # 150 replies: five seconds at 29 a second
    try:
        bot = await start_bot(api, database_url, log)
        await fake.wait_for(lambda c: c.method == "getUpdates", timeout=30)
        for i in range(per_runner):
            for user in range(1, runners + 1):
                fake.send_message(9000 + user, f"/done kettlebell {i + 1}")
        # Counted call by call: recounting every reply on each new call is quadratic.
        seen: set[tuple[int, int]] = set()

        def hundredth(call: Call) -> bool:
            if (pair := confirmed(call)) is not None:
                seen.add(pair)
            return len(seen) >= 100

        await fake.wait_for(hundredth, timeout=60)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        assert fake.most_open_requests > 1, "updates were being handled concurrently"
        before_restart = acknowledged(fake)
        assert len(before_restart) < runners * per_runner, "the kill came mid-burst"
        stored = await logged_minutes(database_url)
        assert before_restart <= set(stored), "a reply was sent for a session that is not stored"

        bot = await start_bot(api, database_url, log)
        await fake.wait_handled(fake.last_update_id, timeout=120)
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 30) == 0
    finally:
        if bot.returncode is None:
            bot.kill()
        await fake.stop()

    stored = await logged_minutes(database_url)
    expected = {(9000 + u, i + 1) for u in range(1, runners + 1) for i in range(per_runner)}
    assert set(stored) == expected, "every message is processed once redelivered"
    assert max(stored.values()) == 1, "nothing was logged twice"
    print(
        f"\nkill -9 mid-burst: {len(expected)} sent, {len(before_restart)} acknowledged before "
        f"the kill, all {len(before_restart)} found after the restart, {len(stored)} stored once"
    )
    assert TOKEN not in log.read_text(), "the token never reaches the log"
