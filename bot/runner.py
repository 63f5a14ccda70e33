"""Running the Application: durable long polling, a webhook server, and a clean stop.

python-telegram-bot's own Updater confirms a batch of updates (by asking for the next offset)
before its handlers have run, so a crash loses whatever was queued. Here the offset only moves
past an update once it has been handled, and every write records its update id in the same
transaction: a crash means a redelivery, and a redelivery changes nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import timedelta

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.app import ALLOWED_UPDATES
from bot.config import Settings

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 30.0


def retry_after_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def poll(
    application: Application,  # type: ignore[type-arg]
    stop: asyncio.Event,
    *,
    timeout: int = 30,
) -> None:
    """Fetch, handle one by one, and only then confirm; until `stop` is set."""
    bot = application.bot
    offset: int | None = None
    backoff = 1.0
    stopping = asyncio.create_task(stop.wait())
    try:
        while not stop.is_set():
            fetch = asyncio.create_task(
                bot.get_updates(offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES)
            )
            await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not fetch.done():
                fetch.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await fetch
                break
            try:
                updates = fetch.result()
            except RetryAfter as error:
                await _sleep(stop, retry_after_seconds(error))
                continue
            except TimedOut:
                continue
            except InvalidToken:
                raise
            except NetworkError as error:
                log.warning("cannot reach the Bot API (%s); retrying in %.0f s", error, backoff)
                await _sleep(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            backoff = 1.0
            for update in updates:
                await application.process_update(update)
                offset = update.update_id + 1
    finally:
        stopping.cancel()
        if offset is not None:
            # Confirm what was handled, so a restart does not see it again.
            with contextlib.suppress(Exception):
                await bot.get_updates(offset=offset, timeout=0, limit=1)


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


class _WebhookHandler(tornado.web.RequestHandler):
    def initialize(
        self,
        bot_app: Application,  # type: ignore[type-arg]
        secret: str | None,
        lock: asyncio.Lock,
    ) -> None:
        self.bot_app = bot_app
        self.secret = secret
        self.lock = lock

    async def post(self) -> None:
        given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        if self.secret is not None and given != self.secret:
            self.set_status(403)
            self.finish()
            return
        try:
            update = Update.de_json(tornado.escape.json_decode(self.request.body), self.bot_app.bot)
        except Exception:
            self.set_status(400)
            self.finish()
            return
        # Answer only once the update is handled: a failure makes Telegram send it again.
        async with self.lock:
            await self.bot_app.process_update(update)
        self.finish()

    def log_exception(self, *args: object) -> None:
        log.exception("webhook request failed")


async def serve_webhook(
    application: Application,  # type: ignore[type-arg]
    settings: Settings,
    stop: asyncio.Event,
) -> None:
    """Receive updates on WEBHOOK_URL's path; each request is answered after it is handled."""
    assert settings.webhook_url is not None
    path = "/" + settings.webhook_url.split("://", 1)[-1].partition("/")[2]
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    app = tornado.web.Application(
        [
            (
                path.rstrip("/") or "/",
                _WebhookHandler,
                {"bot_app": application, "secret": secret, "lock": asyncio.Lock()},
            )
        ],
        log_function=lambda handler: None,
    )
    server = tornado.httpserver.HTTPServer(app)
    server.listen(settings.webhook_port, settings.webhook_listen)
    await application.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
    )
    try:
        await stop.wait()
    finally:
        server.stop()
        await server.close_all_connections()


async def run(
    application: Application,  # type: ignore[type-arg]
    settings: Settings,
    stop: asyncio.Event | None = None,
    ready: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Start the application, receive updates until SIGTERM/SIGINT (or `stop`), then stop."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        # What starting made (modules, the ORM's mappings, compiled statements) lives as long
        # as the process: keep the garbage collector's full passes from walking it each time.
        gc.freeze()
        if ready is not None:
            await ready()
        try:
            if settings.webhook_url:
                await serve_webhook(application, settings, stop)
            else:
                await application.bot.delete_webhook()
                await poll(application, stop, timeout=settings.poll_timeout)
        finally:
            await application.stop()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
