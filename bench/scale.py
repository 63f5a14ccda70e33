"""100,000 runners: one dispatcher tick with 300 due, the bot's start-up time and its memory."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import TOKEN
from bench.seed import make_due, seed
from bot import services
from bot.fake import FakeTelegram
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.store import Store

ROOT = Path(__file__).resolve().parents[1]


async def tick_ms(url: str, path: Path, due: int, rounds: int) -> float:
    """One dispatcher tick claiming `due` check-ins (in its chunks of 100), median of rounds."""
    from bot.telegram.sender import CLAIM_CHUNK

    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    samples = []
    for _ in range(rounds):
        now = datetime.now(UTC)
        await asyncio.to_thread(make_due, path, range(1, due + 1), now - timedelta(seconds=5))
        started = time.perf_counter()
        claimed = 0
        while True:
            async with sessionmaker.begin() as session:
                batch = await services.checkins.claim_due(
                    Store(session), now, CLAIM_CHUNK, timedelta(hours=2)
                )
            claimed += len(batch)
            if len(batch) < CLAIM_CHUNK:
                break
        samples.append((time.perf_counter() - started) * 1000)
        assert claimed == due, claimed
    await engine.dispose()
    return statistics.median(samples)


def resident_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))


async def process_figures(url: str, running_s: float) -> tuple[float, float]:
    """Seconds from start to the first getUpdates, and resident memory once it is running."""
    fake = FakeTelegram()
    api = await fake.start()
    env = {**os.environ, "BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api, "DATABASE_URL": url,
           "LOG_LEVEL": "WARNING", "POLL_TIMEOUT": "1"}  # fmt: skip
    started = time.perf_counter()
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    await fake.wait_for(lambda c: c.method == "getUpdates", timeout=60)
    startup = time.perf_counter() - started
    for i in range(20):  # some traffic, and a few dispatcher ticks
        fake.send_message(i + 1, "/done kettlebell 15")
    await fake.wait_handled(timeout=60)
    await asyncio.sleep(running_s)
    rss_kb = resident_kb(bot.pid)
    bot.terminate()
    await bot.wait()
    await fake.stop()
    return startup, rss_kb / 1024


async def run_bench(*, quick: bool = False) -> list[tuple[str, float, str]]:
    runners, due, rounds, running_s = (1_000, 300, 1, 1.0) if quick else (100_000, 300, 5, 6.0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scale.db"
        url = await asyncio.to_thread(seed, path, runners)
        tick = await tick_ms(url, path, due, rounds)
        startup, rss = await process_figures(url, running_s)
    label = f"{runners:,} runners"
    return [
        ("dispatch_tick_ms_100k", tick, f"< 50 ({label}, {due} due)"),
        ("startup_s", startup, "< 3 (database migrated, to the first getUpdates)"),
        ("rss_mb_100k", rss, f"< 250 ({label})"),
    ]
