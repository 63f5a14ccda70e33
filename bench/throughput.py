"""/done through the real application versus a bare python-telegram-bot echo bot, same fake.

This machine's speed drifts by a quarter from one minute to the next, so the two are run in
turns, several rounds each, and each keeps its best round (as timeit keeps the fastest run).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import SecretStr
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench import TOKEN
from bench.seed import history, seed
from bot.config import Settings
from bot.fake import FakeTelegram
from bot.telegram.app import build_application
from bot.telegram.polling import run

RUNNERS = 50
FIRST_CHAT = 10_000
ROUNDS = 5


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


async def burst(fake: FakeTelegram, count: int, text: str) -> float:
    """Updates per second for `count` messages pushed at once, until every reply is out."""
    target = fake.delivered + count
    started = time.perf_counter()
    for i in range(count):
        fake.send_message(FIRST_CHAT + i % RUNNERS, text.format(i=i % 500 + 1))
    await fake.wait_delivered(target, timeout=300)
    return count / (time.perf_counter() - started)


async def paced(fake: FakeTelegram, count: int, per_second: float, text: str) -> list[float]:
    """Reply latencies (ms) for messages sent at a steady pace."""
    latencies: list[float] = []
    for i in range(count):
        chat = 20_000 + i % RUNNERS
        mark = fake.mark()
        started = time.perf_counter()
        fake.send_message(chat, text.format(i=i % 500 + 1))
        await fake.reply(chat, since=mark, timeout=30)
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(max(0.0, 1 / per_second - latencies[-1] / 1000))
    return latencies


async def echo_rate(count: int) -> float:
    fake = FakeTelegram(check_html=False)  # the fake's own checks are not the bot's cost
    api = await fake.start()
    app = ApplicationBuilder().token(TOKEN).base_url(f"{api}/bot").build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=1, poll_interval=0)
        await app.start()
        await burst(fake, 50, "warm up {i}")
        rate = await burst(fake, count, "/done kettlebell {i}")
        await app.updater.stop()
        await app.stop()
    await fake.stop()
    return rate


async def done_rate(
    count: int, folder: Path, *, paced_count: int = 0, days: Sequence[date] = ()
) -> tuple[float, list[float]]:
    """`/done` updates a second; the runners start with a session on each of `days` (with none,
    they are new and the warm-up creates them)."""
    fake = FakeTelegram(check_html=False)  # the fake's own checks are not the bot's cost
    api = await fake.start()
    path = folder / "done.db"
    path.unlink(missing_ok=True)
    url = await asyncio.to_thread(
        seed, path, RUNNERS if days else 0, first_id=FIRST_CHAT, days=days
    )
    settings = Settings(
        bot_token=SecretStr(TOKEN), database_url=url, telegram_api_url=api, poll_timeout=1
    )
    app = build_application(settings, rate_limited=False)
    stop = asyncio.Event()
    task = asyncio.create_task(run(app, settings, stop))
    await fake.wait_for(lambda c: c.method == "getUpdates")
    await burst(fake, RUNNERS * 2, "/done kettlebell {i}")  # runners exist, caches are warm
    rate = await burst(fake, count, "/done kettlebell {i}")
    latencies = await paced(fake, paced_count, 20, "/done core {i}")
    stop.set()
    await task
    await fake.stop()
    return rate, latencies


async def run_bench(*, quick: bool = False) -> list[tuple[str, float, str]]:
    count, rounds, paced_count = (30, 1, 10) if quick else (1000, ROUNDS, 100)
    year = history(1, datetime.now(UTC).date())
    echo_rates, done_rates, seasoned_rates, latencies = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(rounds):
            echo_rates.append(await echo_rate(count))
            rate, measured = await done_rate(
                count, Path(folder), paced_count=paced_count if round_ == 0 else 0
            )
            done_rates.append(rate)
            latencies += measured
            seasoned_rates.append((await done_rate(count, Path(folder), days=year))[0])
    echo_ups, done_ups, seasoned_ups = max(echo_rates), max(done_rates), max(seasoned_rates)
    p99 = statistics.quantiles(latencies, n=100)[98]
    return [
        ("echo_updates_per_s", echo_ups, "baseline: a bare python-telegram-bot echo bot"),
        ("done_updates_per_s", done_ups, "/done through the application and SQLite"),
        ("done_vs_echo_ratio", done_ups / echo_ups, ">= 0.5"),
        ("done_p99_ms", p99, "reported (20 /done a second, one at a time)"),
        (
            "done_year_vs_echo_ratio",
            seasoned_ups / echo_ups,
            f"reported: runners with a year of history ({len(year)} sessions each)",
        ),
    ]
