"""One sending budget for the whole bot: replies first, bulk check-ins behind them.

Telegram allows about 30 messages a second in all, about one a second per private chat and 20
a minute per group. python-telegram-bot's AIORateLimiter shares one queue between every
request, so a morning fan-out would make replies wait; here a reply only waits for the global
budget, while a bulk send (`rate_limit_args={"bulk": True}`) also yields to waiting replies and
keeps one second between messages to the same chat. Telegram's `retry_after` is honoured: for
that chat alone, or for every chat once two chats are told to wait at the same time (the bot's
whole budget is spent). 5xx answers of sending methods are retried with backoff, a bounded number
of times; each request waits and retries on its own, so a runner whose replies fail delays only
that runner. A time-out is ambiguous, as Telegram may have delivered the message: a bulk message
is then not sent again (a lost check-in beats a doubled one), a reply is, once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram import Message
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter, ExtBot

from bot.telegram.ordering import RoundTrips

log = logging.getLogger(__name__)

SENDING = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "sendChatAction", "editMessageText",
     "editMessageReplyMarkup", "sendMediaGroup", "copyMessage", "forwardMessage"}
)  # fmt: skip
GROUP_WINDOW_S = 60.0  # Telegram counts a group's messages per minute
# How much of an interval a late send may make up on the next one. Measured in the rush
# benchmark with the event loop stalled 30 ms five times a second: catching up fully, a 429 in
# three runs of eight; half an interval, one in ten; a quarter, none in ten, at 0.97 of the
# budget (0.985 catching up fully; 0.91 never catching up).
CATCH_UP = 0.25
JSON = bool | dict[str, Any] | list[dict[str, Any]]


def seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class PriorityRateLimiter(BaseRateLimiter[dict[str, Any]]):
    def __init__(
        self,
        per_second: int = 29,
        chat_interval: float = 1.0,
        group_per_minute: int = 20,
        max_retries: int = 3,
        backoff: float = 0.5,
        round_trips: RoundTrips | None = None,
    ) -> None:
        self.round_trips = round_trips
        self.backoff = backoff
        self.per_second = per_second
        self.chat_interval = chat_interval
        self.group_per_minute = group_per_minute
        self.max_retries = max_retries
        self._sent: deque[float] = deque()
        self._last_to_chat: dict[int, float] = {}
        self._group_sent: dict[int, deque[float]] = {}
        self._groups_swept = 0.0
        self._replies_waiting = 0
        self._paused_until = 0.0
        self._chat_paused_until: dict[int, float] = {}
        self._next_slot = 0.0
        self.retries = 0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> JSON:
        bulk = bool(rate_limit_args and rate_limit_args.get("bulk"))
        chat_id = _chat(data.get("chat_id"))
        limited = endpoint in SENDING and chat_id is not None
        timed_out = False
        for attempt in range(self.max_retries + 1):
            if limited:
                assert chat_id is not None
                await self._acquire(chat_id, bulk)
            try:
                return await _timed(self.round_trips, data, callback(*args, **kwargs))
            except RetryAfter as error:
                if attempt == self.max_retries:
                    raise
                wait = seconds(error.retry_after) + 0.1
                self._pause(chat_id if limited else None, wait)
                log.info("Telegram asked to wait %.1f s (%s)", wait, endpoint)
            except BadRequest:
                raise
            except TimedOut as error:
                # Waiting for a free connection means the request never left: safe to send.
                unsent = "pool timeout" in error.message.lower()
                if attempt == self.max_retries or endpoint not in SENDING:
                    raise
                if not unsent and (bulk or timed_out):
                    raise
                timed_out = timed_out or not unsent
                wait = self.backoff * 2**attempt
                log.info("%s timed out; retrying in %.1f s", endpoint, wait)
            except NetworkError as error:  # 5xx answers
                if attempt == self.max_retries or endpoint not in SENDING:
                    raise
                wait = self.backoff * 2**attempt
                log.info("%s failed (%s); retrying in %.1f s", endpoint, error.message, wait)
            self.retries += 1
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    def _pause(self, chat_id: int | None, wait: float) -> None:
        """Hold back one chat, or everything when Telegram's limit is clearly the bot's own."""
        now = time.monotonic()
        until = now + wait
        others = any(t > now for c, t in self._chat_paused_until.items() if c != chat_id)
        if chat_id is None or others:
            self._paused_until = max(self._paused_until, until)
        if chat_id is not None:
            self._chat_paused_until[chat_id] = max(self._chat_paused_until.get(chat_id, 0), until)

    async def _acquire(self, chat_id: int, bulk: bool) -> None:
        if not bulk:
            self._replies_waiting += 1
        try:
            while True:
                wait = self._wait(chat_id, bulk, time.monotonic())
                if wait <= 0:
                    now = time.monotonic()
                    # Evenly spaced, not in bursts: requests can bunch on the way, and
                    # Telegram counts them as they arrive. A waiter woken a little late keeps
                    # to the schedule instead of pushing it back, but the next one makes up at
                    # most `CATCH_UP` of an interval: catching up at once, two would leave
                    # together, and a stall on the way could then put 31 into one second.
                    # After an idle spell the schedule starts again from now.
                    interval = 1.0 / self.per_second
                    start = self._next_slot if now - self._next_slot < interval else now
                    self._next_slot = max(start + interval, now + interval * (1 - CATCH_UP))
                    self._sent.append(now)
                    self._last_to_chat[chat_id] = now
                    if chat_id < 0:
                        self._group_sent.setdefault(chat_id, deque()).append(now)
                        self._sweep_groups(now)
                    return
                await asyncio.sleep(wait)
        finally:
            if not bulk:
                self._replies_waiting -= 1

    def _wait(self, chat_id: int, bulk: bool, now: float) -> float:
        """Seconds to wait before this message may go (0 or less: now)."""
        while self._sent and now - self._sent[0] >= 1.0:
            self._sent.popleft()
        if self._paused_until > now:
            return self._paused_until - now
        chat_paused = self._chat_paused_until.get(chat_id)
        if chat_paused is not None:
            if chat_paused > now:
                return chat_paused - now
            del self._chat_paused_until[chat_id]
        if self._next_slot > now:
            return self._next_slot - now
        if len(self._sent) >= self.per_second:
            return self._sent[0] + 1.0 - now
        if chat_id < 0:
            group = self._group_sent.setdefault(chat_id, deque())
            while group and now - group[0] >= GROUP_WINDOW_S:
                group.popleft()
            if len(group) >= self.group_per_minute:
                return group[0] + GROUP_WINDOW_S - now
        if bulk:
            if self._replies_waiting:
                return 0.005
            last = self._last_to_chat.get(chat_id)
            if last is not None and now - last < self.chat_interval:
                return last + self.chat_interval - now
        if len(self._last_to_chat) > 50_000:
            self._forget(now)
        return 0.0

    def _sweep_groups(self, now: float) -> None:
        """Forget the groups that sent nothing in the last minute (at most once a minute): a
        bot in many groups would otherwise keep a queue for every group it ever wrote to."""
        if now - self._groups_swept < GROUP_WINDOW_S:
            return
        self._groups_swept = now
        stale = [
            c
            for c, sent in self._group_sent.items()
            if not sent or now - sent[-1] >= GROUP_WINDOW_S
        ]
        for chat in stale:
            del self._group_sent[chat]

    def _forget(self, now: float) -> None:
        stale = [c for c, t in self._last_to_chat.items() if now - t > 60]
        for chat in stale:
            del self._last_to_chat[chat]


class RoundTripMeter(BaseRateLimiter[dict[str, Any]]):
    """No limits: only measures the round trip (for benchmarks of the bot's own cost)."""

    def __init__(self, round_trips: RoundTrips) -> None:
        self.round_trips = round_trips

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> JSON:
        return await _timed(self.round_trips, data, callback(*args, **kwargs))


async def _timed(
    round_trips: RoundTrips | None, data: dict[str, Any], request: Awaitable[JSON]
) -> JSON:
    """Await the request; an answer (even an error) tells how long Telegram takes to answer.
    A long poll waits on purpose and a time-out tells nothing, so neither counts."""
    if round_trips is None or data.get("timeout"):
        return await request
    started = time.monotonic()
    try:
        result = await request
    except TimedOut:
        raise
    except TelegramError:
        round_trips.add(time.monotonic() - started)
        raise
    round_trips.add(time.monotonic() - started)
    return result


def _chat(value: object) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None  # no chat, or a channel's @username: not paced


async def send_bulk(bot: ExtBot[Any], chat_id: int, text: str, **options: Any) -> Message:
    """A message that waits behind replies: check-ins, buddy news, leaderboards."""
    return await bot.send_message(chat_id, text, rate_limit_args={"bulk": True}, **options)
