"""Morning check-ins to many runners due in the same minute, against a fake that enforces
Telegram's limits (30 a second in all, 1 a second per chat), with other runners' /done."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr

from bench import TOKEN
from bench.seed import seed
from bot.config import Settings
from bot.fake import FakeTelegram
from bot.telegram.app import build_application
from bot.telegram.polling import run

GLOBAL_LIMIT = 30


async def run_bench(*, quick: bool = False) -> list[tuple[str, float, str]]:
    runners, window, interactive = (100, 1.0, 2) if quick else (10_000, 30.0, 4)
    with tempfile.TemporaryDirectory() as folder:
        url = await asyncio.to_thread(seed, Path(folder) / "fanout.db", runners, due=runners)
        fake = FakeTelegram(enforce_limits=True, chat_burst=1, check_html=False)
        api = await fake.start()
        settings = Settings(
            bot_token=SecretStr(TOKEN), database_url=url, telegram_api_url=api,
            poll_timeout=1, dispatch_seconds=1.0,
        )  # fmt: skip
        stop = asyncio.Event()
        task = asyncio.create_task(run(build_application(settings), settings, stop))

        def prompts_sent() -> int:
            return sum(1 for c in fake.calls if c.ok and c.method == "sendMessage"
                       and c.text.startswith("Morning"))  # fmt: skip

        await fake.wait_for(lambda c: c.ok and c.text.startswith("Morning"), timeout=60)
        # Phase 1: the fan-out alone, at full speed.
        await asyncio.sleep(min(1.0, window))
        first, started = prompts_sent(), time.perf_counter()
        await asyncio.sleep(window)
        rate = (prompts_sent() - first) / (time.perf_counter() - started)
        # Phase 2: other runners log sessions while the fan-out goes on.
        latencies: list[float] = []

        async def runner(chat: int) -> None:
            deadline = time.perf_counter() + window
            n = 0
            while time.perf_counter() < deadline:
                n += 1
                mark = fake.mark()
                sent = time.perf_counter()
                fake.send_message(chat, f"/done kettlebell {n % 60 + 1}")
                await fake.reply(chat, since=mark, timeout=60)
                latencies.append((time.perf_counter() - sent) * 1000)
                await asyncio.sleep(1.5)

        await asyncio.gather(*(runner(900_000 + i) for i in range(interactive)))
        total_sent = prompts_sent()
        stop.set()
        await task
        await fake.stop()
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
    return [
        ("fanout_runners_due", float(runners), "all due in the same minute"),
        ("fanout_rate_per_s", rate, f"measured over {window:.0f} s of the fan-out"),
        ("fanout_rate_ratio", rate / GLOBAL_LIMIT, ">= 0.95"),
        ("fanout_429s", float(fake.rate_limited), "0"),
        ("fanout_sent_in_run", float(total_sent), "check-ins delivered during the run"),
        ("interactive_p95_ms_during_fanout", p95, "< 1500"),
    ]
