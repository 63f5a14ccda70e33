"""Handling updates at once across chats, and strictly one after another within a chat.

A Bot API round trip takes about 100 ms, so a bot that handles one update at a time answers
at most about ten a second. python-telegram-bot's update processor runs updates concurrently
up to a bound; this one also chains each chat's updates, so a runner's messages and button
presses are handled in the order they arrived (which is the order Telegram numbered them).

How many run at once follows the measured round trip (Little's law): enough to keep the
sending budget busy while each update waits on Telegram, and no more. When Telegram answers
at once there is nothing to wait for, and running many updates side by side only makes each
event-loop turn longer while the transaction holding SQLite's one connection waits its turn
(measured: 90 `/done` a second one at a time against 28 with 256 at once).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256
MIN_RUNNING = 2
RUNNING_PER_SECOND_OF_ROUND_TRIP = 100  # 0.1 s a round trip: 10 updates running at once


class RoundTrips:
    """A moving average of the Bot API's answer time, fed by the rate limiter (the first
    answers, at start-up, set it outright)."""

    def __init__(self, weight: float = 0.05) -> None:
        self.weight = weight
        self.seconds = 0.0
        self.count = 0

    def add(self, seconds: float) -> None:
        self.count += 1
        self.seconds += max(self.weight, 1 / self.count) * (seconds - self.seconds)

    def running_limit(self, ceiling: int) -> int:
        wanted = math.ceil(self.seconds * RUNNING_PER_SECOND_OF_ROUND_TRIP)
        return max(MIN_RUNNING, min(ceiling, wanted))


def chat_key(update: object) -> int | None:
    """The chat whose updates must stay in order (the user's, for a button with no message)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most `max_concurrent_updates` taken in; one chat's updates one after another; of
    those whose turn it is, as many running as the round trip asks for.

    The base class takes a place under the bound first (its semaphore wakes waiters first come,
    first served), then calls `do_process_update`, so updates reach it in the order they were
    handed in; each waits for the one before it from the same chat, then for a running place.
    """

    __slots__ = ("_running", "_tails", "_waiting", "round_trips")

    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        round_trips: RoundTrips | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.round_trips = round_trips
        self._tails: dict[int, asyncio.Future[None]] = {}
        self._running = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    @property
    def running_limit(self) -> int:
        if self.round_trips is None:
            return self.max_concurrent_updates
        return self.round_trips.running_limit(self.max_concurrent_updates)

    async def _run(self, coroutine: Awaitable[Any]) -> None:
        """Run once a place is free; places are handed out first come, first served."""
        if self._running < self.running_limit and not self._waiting:
            self._running += 1
        else:
            ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting.append(ticket)
            try:
                await ticket  # `_wake` counted this update in
            except asyncio.CancelledError:
                if ticket.done() and not ticket.cancelled():
                    self._running -= 1
                    self._wake()
                else:
                    with contextlib.suppress(ValueError):
                        self._waiting.remove(ticket)
                raise
        try:
            await coroutine
        finally:
            self._running -= 1
            self._wake()

    def _wake(self) -> None:
        while self._waiting and self._running < self.running_limit:
            ticket = self._waiting.popleft()
            if not ticket.done():
                self._running += 1
                ticket.set_result(None)

    @property
    def chats_in_flight(self) -> int:
        return len(self._tails)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await self._run(coroutine)
            return
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None:
                await asyncio.shield(previous)
            await self._run(coroutine)
        finally:
            if previous is not None and not previous.done():
                # Cancelled while waiting: the next update still waits for the one before.
                previous.add_done_callback(lambda _: _finish(mine))
            else:
                _finish(mine)
            if self._tails.get(key) is mine:
                del self._tails[key]
            if asyncio.iscoroutine(coroutine):
                coroutine.close()  # never started (cancelled while waiting): no warning

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _finish(future: asyncio.Future[None]) -> None:
    with contextlib.suppress(asyncio.InvalidStateError):
        future.set_result(None)
