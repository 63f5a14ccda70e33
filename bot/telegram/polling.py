"""Running the Application: durable long polling, a webhook server, and a clean stop.

python-telegram-bot's own Updater confirms a batch of updates (by asking for the next offset)
before its handlers have run, so a crash loses whatever was queued. Here updates are handled
concurrently (one chat's in order), and the offset only moves past an update once it and every
update before it have been handled; every write records its update id in the same transaction:
a crash means a redelivery, and a redelivery changes nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, BaseUpdateProcessor

from bot.config import Settings
from bot.storage.faults import DatabaseWatch
from bot.telegram.app import ALLOWED_UPDATES
from bot.telegram.ordering import ChatOrderedProcessor

log = logging.getLogger(__name__)

FIRST_BACKOFF_S = 1.0  # after the Bot API could not be reached, doubling each time up to:
MAX_BACKOFF_S = 30.0
REFETCH_S = 0.05
BATCH = 100  # getUpdates' largest limit
# After a full batch nothing new can come until the mark moves past earlier updates, and every
# look brings back all those still in flight: the next one waits until the mark has moved and
# few enough are left to handle, yet enough to keep the running updates fed while the look
# itself takes a round trip (twice as many as run at once, see `refetch_below`).
REFETCH_BELOW = (BATCH // 4, BATCH // 2)
STOP_GRACE_S = 20.0
WEBHOOK_MAX_CONNECTIONS = 100


def retry_after_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Window:
    """Updates fetched and not yet confirmed, in update_id order, and the low-water mark.

    `offset` is the first update not yet handled (or one past the last fetched when every one
    is): confirming it to Telegram never drops an update that is still being handled.
    `pending` counts those not handled yet; the others wait for an older one to be.
    """

    def __init__(self) -> None:
        self._done: dict[int, bool] = {}  # update_id -> handled, oldest first
        self.offset: int | None = None
        self.pending = 0
        self.changed = asyncio.Event()

    def __len__(self) -> int:
        return len(self._done)

    def is_new(self, update_id: int) -> bool:
        """Not handled or being handled already (getUpdates from the mark repeats those)."""
        return update_id not in self._done and (self.offset is None or update_id >= self.offset)

    def add(self, update_id: int) -> None:
        self._done[update_id] = False
        self.pending += 1

    def finish(self, update_id: int) -> None:
        if self._done.get(update_id) is False:
            self.pending -= 1
        self._done[update_id] = True
        oldest = next(iter(self._done))
        while self._done.get(oldest):
            del self._done[oldest]
            self.offset = oldest + 1
            if not self._done:
                break
            oldest = next(iter(self._done))
        self.changed.set()


async def poll(
    application: Application,  # type: ignore[type-arg]
    stop: asyncio.Event,
    *,
    timeout: int = 30,
    database: DatabaseWatch | None = None,
) -> None:
    """Fetch and hand updates to the application's processor; confirm only the low-water mark.

    Updates run concurrently (one chat's in order, see `bot.telegram.ordering`). At most the
    processor's bound are in flight: fetching waits while it is reached. Asking from the
    low-water mark returns the updates still in flight again, so those are skipped; and
    Telegram returns at most 100 from the mark, so no more than 100 past the oldest unhandled
    one are in flight. While any are in flight the next look comes after `REFETCH_S` or as
    soon as all are handled, as a short poll; after a full batch, only once the mark has moved
    (before, the answer would be the same updates again) and no more than `refetch_below` are
    left to handle. Those counted are the unhandled ones, not every one above the mark: one slow
    update pins the mark while the rest are handled, and the next look must not wait for it
    while the others run dry.
    """
    await _Poller(application, stop, timeout, database).run()


class _Poller:
    """One run of `poll`: what its steps share."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        stop: asyncio.Event,
        timeout: int,
        database: DatabaseWatch | None,
    ) -> None:
        self.application = application
        self.bot = application.bot
        self.processor = application.update_processor
        self.stop = stop
        self.timeout = timeout
        self.database = database
        self.window = Window()
        self.tasks: set[asyncio.Task[None]] = set()
        self.backoff = FIRST_BACKOFF_S

    async def run(self) -> None:
        """Look, hand over what is new, wait until the next look is worth it; until stopped."""
        stopping = asyncio.create_task(self.stop.wait())
        try:
            while not self.stop.is_set():
                if await self._held_back():
                    continue
                asked = self.window.offset
                raw = await self._look(asked, stopping)
                if raw is None:
                    continue  # stopped, or the look failed and its wait is over
                self._hand_over(raw)
                await self._until_next_look(asked, full=len(raw) >= BATCH)
        finally:
            stopping.cancel()
            await self._finish()

    async def _held_back(self) -> bool:
        """Wait while nothing may be fetched: the processor's bound is reached (back-pressure),
        or the database does not answer. True when it waited (then look at it all again)."""
        if len(self.window) >= self.processor.max_concurrent_updates:
            await _wait_for(self.window.changed, self.stop)
            self.window.changed.clear()
            return True
        if self.database is not None and not self.database.is_up:
            await _until_up(self.database, self.stop)
            return True
        return False

    async def _look(
        self, asked: int | None, stopping: asyncio.Task[Any]
    ) -> list[dict[str, Any]] | None:
        """getUpdates from the mark: a long poll when nothing is in flight, a short one
        otherwise. None when stopped meanwhile, or when it failed (after waiting as long as the
        failure asks: Telegram's Retry-After, or a growing backoff while it cannot be reached)."""
        busy = len(self.window) > 0
        fetch = asyncio.create_task(_fetch(self.bot, asked, 0 if busy else self.timeout))
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await fetch
            return None
        try:
            raw = fetch.result()
        except RetryAfter as error:
            await _sleep(self.stop, retry_after_seconds(error))
            return None
        except TimedOut:
            return None
        except InvalidToken:
            raise
        except NetworkError as error:
            log.warning("cannot reach the Bot API (%s); retrying in %.0f s", error, self.backoff)
            await _sleep(self.stop, self.backoff)
            self.backoff = min(self.backoff * 2, MAX_BACKOFF_S)
            return None
        self.backoff = FIRST_BACKOFF_S
        return raw

    def _hand_over(self, raw: list[dict[str, Any]]) -> None:
        """Start handling each update not in flight or handled already; one that cannot be read
        is skipped (and counts as handled)."""
        for data in raw:
            update_id = int(data["update_id"])
            if not self.window.is_new(update_id):
                continue
            self.window.add(update_id)
            try:
                update = Update.de_json(data, self.bot)
            except Exception:
                log.exception("update %s cannot be read; skipped", update_id)
                self.window.finish(update_id)
                continue
            task = asyncio.create_task(self._handle(update))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def _handle(self, update: Update) -> None:
        try:
            await self.processor.process_update(update, self.application.process_update(update))
        except Exception:
            log.exception("update %s failed", update.update_id)
        # Not when cancelled at a stop: the mark stays below an update not handled.
        self.window.finish(update.update_id)

    async def _until_next_look(self, asked: int | None, *, full: bool) -> None:
        """Asking again now would bring back the updates in flight, and nothing newer until the
        oldest is handled: look again a little later, or once all are done; after a full batch,
        once the mark has moved and few enough are left."""
        if not len(self.window):
            return
        self.window.changed.clear()
        if full:
            await _until_worth_asking(self.window, self.stop, asked, refetch_below(self.processor))
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_until_worth_asking(self.window, self.stop), REFETCH_S)

    async def _finish(self) -> None:
        """Let what was started finish, then confirm the mark to Telegram."""
        if self.tasks:
            # Let what was started finish, so its offset can be confirmed.
            await asyncio.wait(self.tasks, timeout=STOP_GRACE_S)
            # What is still running (waiting for the database, say) stays unconfirmed: it comes
            # again after the restart.
            for task in list(self.tasks):
                task.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.window.offset is not None:
            # Confirm what was handled, so a restart does not see it again.
            with contextlib.suppress(Exception):
                await self.bot.get_updates(offset=self.window.offset, timeout=0, limit=1)


async def _fetch(bot: Bot, offset: int | None, timeout: int) -> list[dict[str, Any]]:
    """getUpdates as JSON: asked from the low-water mark, most of a batch may be updates
    already in flight, and reading them into `Update` objects again would cost more than
    handling the new ones. (The same request `Bot.get_updates` makes, without the reading.)"""
    data = {
        "offset": offset,
        "timeout": timeout,
        "limit": BATCH,
        "allowed_updates": ALLOWED_UPDATES,
    }
    # The one private call into python-telegram-bot (checked on 22.x). No public method returns
    # getUpdates unread: `Bot.get_updates` reads every update into objects, and
    # `Bot.do_api_request` (the public way to raw JSON) warns on every call for a method the
    # library has. `_post` sends it on the bot's getUpdates connection pool, apart from replies.
    result = await bot._post("getUpdates", data)
    return list(result or [])


def refetch_below(processor: BaseUpdateProcessor) -> int:
    """How many updates left to handle, at most, before asking again after a full batch."""
    running = (
        processor.running_limit
        if isinstance(processor, ChatOrderedProcessor)
        else processor.max_concurrent_updates
    )
    low, high = REFETCH_BELOW
    return min(high, max(low, 2 * running))


async def _until_worth_asking(
    window: Window, stop: asyncio.Event, asked: int | None = None, below: int = 0
) -> None:
    """Until the mark has moved past `asked` and at most `below` updates are left to handle
    (by default: until every update fetched is handled)."""
    while not stop.is_set() and (
        window.pending > below or (window.offset == asked and len(window) > 0)
    ):
        await _wait_for(window.changed, stop)
        window.changed.clear()


async def _wait_for(event: asyncio.Event, stop: asyncio.Event) -> None:
    waiting = asyncio.create_task(event.wait())
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiting.cancel()
        stopping.cancel()


async def _until_up(database: DatabaseWatch, stop: asyncio.Event) -> None:
    waiting = asyncio.create_task(database.until_up())
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiting.cancel()
        stopping.cancel()


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


class _WebhookHandler(tornado.web.RequestHandler):
    def initialize(
        self,
        bot_app: Application,  # type: ignore[type-arg]
        secret: str | None,
    ) -> None:
        self.bot_app = bot_app
        self.secret = secret

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
        # Answer only once the update is handled, so a crash or a restart mid-update leaves the
        # request unanswered and Telegram sends the update again. A handler that fails does not:
        # the application gives its error to the error handler (which tells the runner) and the
        # request is answered 200 all the same, so Telegram never resends it.
        # Telegram keeps up to `max_connections` requests open at once; the processor runs
        # them concurrently, one chat's one after another.
        # While the database does not answer, a new update is refused: Telegram sends it again
        # later. Those already taken wait for the database (`attempts`).
        database = self.bot_app.bot_data.database
        if database is not None and not database.is_up:
            self.set_status(503)
            self.finish()
            return
        processor = self.bot_app.update_processor
        await processor.process_update(update, self.bot_app.process_update(update))
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
                {"bot_app": application, "secret": secret},
            )
        ],
        log_function=lambda handler: None,
    )
    server = tornado.httpserver.HTTPServer(app)
    server.listen(settings.webhook_port, settings.webhook_listen)
    await application.bot.set_webhook(
        settings.webhook_url,
        secret_token=secret,
        allowed_updates=ALLOWED_UPDATES,
        max_connections=min(
            WEBHOOK_MAX_CONNECTIONS, application.update_processor.max_concurrent_updates
        ),
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
        # What starting made (modules, the ORM's mappings, compiled statements, the reader's
        # tables) lives as long as the process: collected once, then kept out of the garbage
        # collector's full passes, which would otherwise walk it on some runner's message.
        gc.collect()
        gc.freeze()
        if ready is not None:
            await ready()
        try:
            if settings.webhook_url:
                await serve_webhook(application, settings, stop)
            else:
                await application.bot.delete_webhook()
                await poll(
                    application,
                    stop,
                    timeout=settings.poll_timeout,
                    database=application.bot_data.database,
                )
        finally:
            await application.stop()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
