"""The bot against a Bot API that takes as long as the real one: every request answered after
100 ms (or 300 ms), rate limiter on, the fake enforcing Telegram's limits.

- `/done` a second from many runners at once, against the sending budget (`SEND_RATE`).
- A morning rush: check-ins due to many runners in the same minute while the first of them
  press Done; press to edited check-in, and how much of the budget the rush used.
- Head-of-line: other runners' `/done` while one runner's replies fail three times each.
- The longest transaction on SQLite's one connection during all of it.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import event

from bench import TOKEN
from bench.seed import seed
from bot.config import Settings
from bot.fake import Call, FakeTelegram
from bot.telegram.app import build_application
from bot.telegram.polling import run

SENDING = ("sendMessage", "editMessageText", "sendPhoto", "sendDocument")


@dataclass
class Transactions:
    """How long each transaction held the database connection (begin to commit or rollback)."""

    started: dict[int, float] = field(default_factory=dict)
    first: dict[int, str] = field(default_factory=dict)
    longest_ms: float = 0.0
    longest: str = ""
    durations: list[float] = field(default_factory=list)

    def watch(self, application: Any) -> None:
        engine = application.bot_data.deps.sessionmaker.kw["bind"].sync_engine

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            self.started[id(connection)] = time.perf_counter()

        @event.listens_for(engine, "before_cursor_execute")
        def _statement(connection: Any, _c: Any, statement: str, *_: Any) -> None:
            self.first.setdefault(id(connection), statement[:80])

        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def _end(connection: Any) -> None:
            began = self.started.pop(id(connection), None)
            first = self.first.pop(id(connection), "")
            if began is not None:
                took = (time.perf_counter() - began) * 1000
                self.durations.append(took)
                if took > self.longest_ms:
                    self.longest_ms, self.longest = took, first


@dataclass
class Bot:
    fake: FakeTelegram
    task: asyncio.Task[None]
    stop: asyncio.Event
    send_rate: int

    async def close(self) -> None:
        self.stop.set()
        await self.task
        await self.fake.stop()


async def start(
    path: Path, runners: int, rtt: float, transactions: Transactions, **seeding: Any
) -> Bot:
    url = await asyncio.to_thread(seed, path, runners, first_id=FIRST, **seeding)
    fake = FakeTelegram(enforce_limits=True, chat_burst=3, check_html=False, latency=rtt)
    api = await fake.start()
    settings = Settings(
        bot_token=SecretStr(TOKEN), database_url=url, telegram_api_url=api,
        poll_timeout=1, dispatch_seconds=1.0,
    )  # fmt: skip
    application = build_application(settings)
    transactions.watch(application)
    stop = asyncio.Event()
    task = asyncio.create_task(run(application, settings, stop))
    await fake.wait_for(lambda c: c.method == "getUpdates", timeout=60)
    return Bot(fake, task, stop, settings.send_rate)


FIRST = 50_000


def answered(fake: FakeTelegram, since: int, keep: Callable[[Call], bool]) -> list[Call]:
    return [c for c in fake.calls[since:] if c.answered and c.ok and keep(c)]


async def done_vs_budget(
    folder: Path, rtt: float, runners: int, per_runner: int, tx: Transactions
) -> float:
    """Every runner sends `per_runner` /done at once; replies a second ÷ the budget, from the
    first reply to the last (the pipe's start-up, one round trip, is not throughput)."""
    bot = await start(folder / f"done{rtt}.db", runners, rtt, tx)
    mark = bot.fake.mark()
    count = runners * per_runner
    for i in range(per_runner):
        for user in range(FIRST, FIRST + runners):
            bot.fake.send_message(user, f"/done kettlebell {i + 10}")
    target = bot.fake.delivered + count
    await bot.fake.wait_delivered(target, timeout=600)
    replies = sorted(
        c.answered_at or 0.0 for c in answered(bot.fake, mark, lambda c: "Logged" in c.text)
    )
    await bot.close()
    assert len(replies) == count, f"{len(replies)} of {count} /done answered"
    return (count - 1) / (replies[-1] - replies[0]) / bot.send_rate


async def rush(
    folder: Path, rtt: float, due: int, pressing: int, delays: tuple[float, float], tx: Transactions
) -> tuple[float, float, int]:
    """`due` check-ins in the same minute; the first `pressing` runners to get theirs press Done
    after `delays` seconds. Returns (p95 press to edited check-in in ms, sends during the rush
    ÷ budget, 429s)."""
    bot = await start(folder / "rush.db", due, rtt, tx, due=due)
    fake, rng = bot.fake, random.Random(1)
    pressed: dict[int, float] = {}
    latencies: list[float] = []
    presses: list[asyncio.Task[None]] = []

    async def press(call: Call, after: float) -> None:
        await asyncio.sleep(after)
        assert call.chat_id is not None
        data = next(d for label, d in call.buttons if "Done" in label)
        pressed[call.chat_id] = time.monotonic()
        fake.press_button(call.chat_id, call.result["message_id"], data)

    first_checkin = None
    scanned = 0
    while len(latencies) < pressing:
        await asyncio.sleep(0.02)
        calls = fake.calls
        while scanned < len(calls) and calls[scanned].answered:
            call = calls[scanned]
            scanned += 1
            if not call.ok or call.chat_id is None:
                continue
            if call.method == "sendMessage" and call.text.startswith("Morning"):
                first_checkin = first_checkin or call.answered_at
                if len(presses) < pressing:
                    presses.append(asyncio.create_task(press(call, rng.uniform(*delays))))
            elif call.method == "editMessageText" and call.chat_id in pressed:
                latencies.append(((call.answered_at or 0) - pressed.pop(call.chat_id)) * 1000)
    ended = time.monotonic()
    assert first_checkin is not None
    sends = [
        c
        for c in fake.calls
        if c.ok and c.method in SENDING and c.answered_at and first_checkin <= c.answered_at
    ]
    used = len(sends) / (ended - first_checkin) / bot.send_rate
    await asyncio.gather(*presses)
    await bot.close()
    return statistics.quantiles(latencies, n=20)[-1], used, fake.rate_limited


async def head_of_line(
    folder: Path, rtt: float, others: int, rounds: int, tx: Transactions
) -> tuple[float, int, int]:
    """One runner's replies fail three times each (then go through) while `others` runners send
    /done every second, each at its own phase (within the budget), `rounds` times; p95 of their
    reply latency in ms, and how many /done the failing runner sent meanwhile (one after
    another, as long as the others were sending) and how many of its replies got through."""
    bot = await start(folder / "hol.db", others + 1, rtt, tx)
    fake, failing = bot.fake, FIRST
    mark = fake.mark()
    latencies: list[float] = []
    phases = random.Random(2)
    sending = asyncio.Event()

    async def runner(chat: int) -> None:
        # Runners keep their own time: each starts at its own moment within the first second.
        await asyncio.sleep(phases.uniform(0, 1.0))
        for n in range(rounds):
            since = fake.mark()
            sent = time.monotonic()
            fake.send_message(chat, f"/done kettlebell {n + 10}")
            reply = await fake.reply(chat, since=since, timeout=60)
            latencies.append(((reply.answered_at or 0) - sent) * 1000)
            await asyncio.sleep(1.0)

    async def failing_runner() -> int:
        count = 0
        while not sending.is_set():
            since = fake.mark()
            fake.fail("sendMessage", code=500, chat_id=failing, times=3)
            fake.send_message(failing, f"/done kettlebell {count + 10}")
            count += 1
            await fake.reply(failing, since=since, timeout=60)
        return count

    failing_task = asyncio.create_task(failing_runner())
    await asyncio.gather(*(runner(FIRST + 1 + i) for i in range(others)))
    sending.set()
    sent = await failing_task
    through = len(answered(fake, mark, lambda c: c.chat_id == failing and "Logged" in c.text))
    await bot.close()
    return statistics.quantiles(latencies, n=20)[-1], sent, through


async def run_bench(*, quick: bool = False) -> list[tuple[str, float, str]]:
    tx = Transactions()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if quick:
            rtt100 = await done_vs_budget(folder, 0.1, 10, 1, tx)
            rtt300 = await done_vs_budget(folder, 0.3, 10, 1, tx)
            press_p95, used, limited = await rush(folder, 0.1, 40, 10, (0.2, 1.0), tx)
            hol_p95, sent, through = await head_of_line(folder, 0.1, 5, 1, tx)
        else:
            rtt100 = await done_vs_budget(folder, 0.1, 150, 2, tx)
            rtt300 = await done_vs_budget(folder, 0.3, 150, 2, tx)
            press_p95, used, limited = await rush(folder, 0.1, 1500, 600, (1.0, 10.0), tx)
            hol_p95, sent, through = await head_of_line(folder, 0.1, 20, 6, tx)
    print(f"longest transaction began with: {tx.longest}")
    return [
        ("done_rtt100_vs_budget", rtt100, ">= 0.95 (/done a second ÷ SEND_RATE, 100 ms a request)"),
        ("done_rtt300_vs_budget", rtt300, ">= 0.9 (the same at 300 ms a request)"),
        ("rush_press_p95_ms", press_p95, "< 1500 (check-ins due at once; press to edited)"),
        ("rush_sends_vs_budget", used, ">= 0.9 (messages and edits during the rush ÷ SEND_RATE)"),
        ("rush_429s", float(limited), "0"),
        ("hol_p95_ms", hol_p95, "< 500 (/done while one runner's replies fail 3 times each)"),
        (
            "hol_failing_replies_through",
            float(through),
            f"every one of the failing runner's {sent}",
        ),
        ("longest_write_ms", tx.longest_ms, "< 50 (longest transaction in these benchmarks)"),
        ("write_p99_ms", statistics.quantiles(tx.durations, n=100)[98], "reported"),
    ]
