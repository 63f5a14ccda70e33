"""The end-to-end harness: the real Application polling the fake Bot API over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from pydantic import SecretStr
from sqlalchemy import text

from bot.config import Settings
from bot.fake import Call, FakeTelegram
from bot.pictures.painter import Painter
from bot.telegram.app import build_application
from bot.telegram.limiter import PriorityRateLimiter
from bot.telegram.ordering import MAX_CONCURRENT_UPDATES
from bot.telegram.polling import run
from bot.telegram.transport import AiohttpRequest

TOKEN = "123456:test-token-for-the-local-fake-not-real-000"

# One picture worker for every bot a test process starts: each would start a process of its
# own for its first /stats, a second of CPU to load matplotlib. conftest.py stops it at the end.
PAINTER = Painter()


@dataclass
class FakeClock:
    """A clock tests move by hand; it starts on a Wednesday morning in UTC."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 25, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class Harness:
    fake: FakeTelegram
    application: Any
    clock: FakeClock
    database_url: str

    @classmethod
    @asynccontextmanager
    async def running(
        cls,
        database_url: str,
        *,
        clock: FakeClock | None = None,
        settings: dict[str, Any] | None = None,
        concurrent_updates: int | None = None,
        sends_per_second: int | None = 1000,
        chat_interval: float = 0.05,
        painter: Painter = PAINTER,
        read_timeout: float | None = None,
        **fake_options: Any,
    ) -> AsyncIterator[Harness]:
        """The bot, polling a fake Bot API of its own. `sends_per_second` widens the bot's
        sending budget beyond Telegram's (Settings.send_rate, 29): within the budget each message
        goes at least 1/send_rate s after the one before, so a test writing one message after
        another would wait 34 ms for each reply. The budget itself is held by
        tests/test_limiter.py and the benchmarks; None keeps Telegram's.
        `chat_interval` is the gap the bot keeps between two background messages to one chat:
        Telegram's is a second (the limiter's default, tested in tests/test_limiter.py); here a
        twentieth, so that a test does not wait a second for a buddy's news after a reply.
        `painter` draws the /stats pictures: by default the real one, shared by every bot.
        `read_timeout` replaces the 5 s the bot waits for the Bot API's answer to a request."""
        fake = FakeTelegram(**fake_options)
        api = await fake.start()
        clock = clock or FakeClock()
        config = Settings(
            bot_token=SecretStr(TOKEN),
            database_url=database_url,
            telegram_api_url=api,
            **{"poll_timeout": 1, "dispatch_seconds": 0.5, **(settings or {})},
        )
        application = build_application(
            config, clock=clock, concurrent_updates=concurrent_updates or MAX_CONCURRENT_UPDATES
        )
        application.bot_data.painter = painter
        limiter = application.bot.rate_limiter
        assert isinstance(limiter, PriorityRateLimiter)
        limiter.chat_interval = chat_interval
        if read_timeout is not None:
            request = application.bot.request
            assert isinstance(request, AiohttpRequest)
            request.read_timeout = read_timeout
        if sends_per_second is not None:
            limiter.per_second = sends_per_second
        stop = asyncio.Event()
        task = asyncio.create_task(run(application, config, stop))
        harness = cls(fake, application, clock, database_url)
        try:
            await fake.wait_for(lambda c: c.method == "getUpdates", timeout=10)
            yield harness
        finally:
            application.bot_data.painter = None  # the bot would stop it on its way out
            stop.set()
            await asyncio.wait_for(task, 15)
            await fake.stop()

    async def say(self, user_id: int, text: str, **options: Any) -> Call:
        """The user sends `text`; returns the bot's first reply in that chat. What the bot was
        still sending in the background (news to buddies, a coach, athletes) goes out first, so
        that it is not taken for the reply."""
        await self.background_done()
        mark = self.fake.mark()
        self.fake.send_message(user_id, text, **options)
        await self.fake.wait_handled()
        return await self.fake.reply(options.get("chat_id", user_id), since=mark)

    async def press(self, user_id: int, reply: Call, label: str, **options: Any) -> Call:
        """Press the button labelled `label` under a bot message; returns the next send or edit."""
        data = next(d for text, d in reply.buttons if label in text)
        await self.background_done()
        mark = self.fake.mark()
        chat_id = options.get("chat_id", user_id)
        self.fake.press_button(user_id, reply.result["message_id"], data, chat_id=chat_id)
        await self.fake.wait_handled()
        return await self.fake.wait_for(
            lambda c: (
                c.ok and c.method in ("sendMessage", "editMessageText") and c.chat_id == chat_id
            ),
            since=mark,
        )

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until the bot has handled every update, delivered every check-in it claimed and
        finished its work in the background (buddy news, leaderboards, /stats pictures)."""
        if self.fake.last_update_id:
            await self.fake.wait_handled(timeout=timeout)
        sender = self.application.bot_data.sender
        assert sender is not None
        await asyncio.wait_for(sender.queue.join(), timeout)
        await self.background_done(timeout)

    async def background_done(self, timeout: float = 10.0) -> None:
        """Wait until the work the bot started in the background (Application.create_task) is
        over: messages to other runners, leaderboards, digests, /stats pictures."""
        # Application.create_task keeps its tasks here to await them on shutdown; no public
        # accessor exists. A rename in python-telegram-bot makes this fail loudly, not pass.
        background: set[asyncio.Task[Any]] = self.application._Application__create_task_tasks
        deadline = asyncio.get_running_loop().time() + timeout
        while background:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"{len(background)} background tasks still running")
            await asyncio.wait(set(background), timeout=remaining)

    async def dispatched(self, runs: int = 3, timeout: float = 10.0) -> None:
        """Run the check-in dispatcher now, `runs` times in a row (not waiting for its ticks),
        then wait until the bot has `settled`. Runs never overlap, so with three at least two
        started after this call and saw the clock as it is: the first moves a check-in left
        stale by a jump of the clock on to its next date (today's, if still in time), the
        second sends it. All they made due has been sent by the time this returns, and a check
        that nothing was sent is sound."""
        job_queue = self.application.job_queue
        (job,) = job_queue.get_jobs_by_name("check-in dispatcher")
        loop = asyncio.get_running_loop()
        ended = 0
        enough = asyncio.Event()

        def run_now() -> None:
            # Skipped if a run is still going (one at a time): the next tick comes anyway.
            job.job.modify(next_run_time=datetime.now(UTC))

        def on_end(event: JobExecutionEvent) -> None:
            nonlocal ended
            if event.job_id == job.job.id:
                ended += 1
                loop.call_soon_threadsafe(enough.set if ended >= runs else run_now)

        job_queue.scheduler.add_listener(on_end, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        try:
            run_now()
            await asyncio.wait_for(enough.wait(), timeout)
        finally:
            job_queue.scheduler.remove_listener(on_end)
        await self.settled(timeout)

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.application.bot_data.deps.sessionmaker() as session:
            return (await session.execute(text(sql), params)).scalar()
