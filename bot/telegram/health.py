"""The /healthz and /metrics endpoint (METRICS_PORT), and what feeds the metrics it serves.

It runs on the bot's own event loop, so a blocked loop also fails the health check.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from datetime import UTC, datetime
from typing import Any

import tornado.httpserver
import tornado.web
from prometheus_client import REGISTRY
from prometheus_client.exposition import choose_encoder
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from bot.config import Settings
from bot.metrics import (
    BOT_API_ERRORS,
    DISPATCH_LAG,
    LAST_FETCH,
    RATE_LIMITED,
    SEND_QUEUE,
    UPDATE_SECONDS,
    UPDATES,
)
from bot.storage.faults import DatabaseWatch
from bot.storage.store import Store
from bot.telegram import attempts
from bot.telegram.transport import AiohttpRequest

log = logging.getLogger(__name__)

DATABASE_TIMEOUT_S = 3.0


def update_kind(update: Update) -> str:
    if update.callback_query is not None:
        return "button"
    if update.my_chat_member is not None:
        return "membership"
    message = update.effective_message
    if message is not None and (message.text or "").startswith("/"):
        return "command"
    return "message"


class MeteredApplication(Application):  # type: ignore[type-arg]
    """Counts every update it handles and times it; an update that met a passing database
    fault is handled again (`attempts`)."""

    async def process_update(self, update: object) -> None:
        started = time.perf_counter()
        try:
            if isinstance(update, Update):
                once = functools.partial(super().process_update, update)
                await attempts.handle(update.update_id, once, self.bot_data.database)
            else:
                await super().process_update(update)
        finally:
            UPDATE_SECONDS.observe(time.perf_counter() - started)
            if isinstance(update, Update):
                UPDATES.labels(update_kind(update)).inc()


class MeteredRequest(AiohttpRequest):
    """Counts Bot API errors by method and status, and notes when getUpdates last answered."""

    last_fetch = 0.0  # Unix time, for the whole process

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        try:
            code, payload = await super().do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout,
                pool_timeout,
            )  # fmt: skip
        except Exception:
            BOT_API_ERRORS.labels(endpoint, "network").inc()
            raise
        if code < 300:
            attempts.note_request(endpoint)
        if code >= 300:
            BOT_API_ERRORS.labels(endpoint, str(code)).inc()
            if code == 429:
                RATE_LIMITED.inc()
        elif endpoint == "getUpdates":
            MeteredRequest.last_fetch = time.time()
            LAST_FETCH.set(MeteredRequest.last_fetch)
        return code, payload


class Health:
    """Whether updates are arriving and the database answers."""

    def __init__(
        self,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        sender: Any,
        *,
        fetch_window: float | None = None,
        database: DatabaseWatch | None = None,
    ) -> None:
        self.settings = settings
        self.database = database
        self.sessionmaker = sessionmaker
        self.sender = sender
        self.started = time.time()
        # getUpdates answers at least every POLL_TIMEOUT seconds; after a failure the bot
        # backs off up to 30 s: a minute more than that without an answer is not a blip.
        self.fetch_window = settings.poll_timeout + 60.0 if fetch_window is None else fetch_window

    async def problem(self) -> str | None:
        if not self.settings.webhook_url:
            since = time.time() - max(MeteredRequest.last_fetch, self.started)
            if since > self.fetch_window:
                return f"no answer from getUpdates for {since:.0f} s"
        if self.database is not None and (problem := self.database.problem()) is not None:
            return problem
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT_S), self.sessionmaker() as session:
                await session.execute(text("SELECT 1"))
        except Exception as error:
            return f"the database does not answer ({type(error).__name__})"
        return None

    async def refresh(self) -> None:
        """Gauges read at scrape time: the send queue and the dispatcher's lag."""
        if self.sender is not None:
            SEND_QUEUE.set(self.sender.queue.qsize() + self.sender.in_flight)
        now = datetime.now(UTC)
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT_S), self.sessionmaker() as session:
                oldest = await Store(session).checkins.oldest_due(now)
        except Exception:
            log.warning("could not read the oldest due check-in", exc_info=True)
            return
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        DISPATCH_LAG.set(max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)


class _Healthz(tornado.web.RequestHandler):
    def initialize(self, health: Health) -> None:
        self.health = health

    async def get(self) -> None:
        problem = await self.health.problem()
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        if problem is not None:
            self.set_status(503)
            self.finish(f"unhealthy: {problem}\n")
        else:
            self.finish("ok\n")


class _Metrics(tornado.web.RequestHandler):
    def initialize(self, health: Health) -> None:
        self.health = health

    async def get(self) -> None:
        await self.health.refresh()
        encoder, content_type = choose_encoder(self.request.headers.get("Accept", ""))
        self.set_header("Content-Type", content_type)
        self.finish(encoder(REGISTRY))


async def serve(health: Health, host: str, port: int) -> tornado.httpserver.HTTPServer:
    """Start /healthz and /metrics on host:port, on the running loop."""
    app = tornado.web.Application(
        [(r"/healthz", _Healthz, {"health": health}), (r"/metrics", _Metrics, {"health": health})],
        log_function=lambda handler: None,
    )
    server = tornado.httpserver.HTTPServer(app)
    server.listen(port, host)
    log.info("serving /healthz and /metrics on %s:%s", host, port)
    return server
