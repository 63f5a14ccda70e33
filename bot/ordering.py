"""Handling updates at once across chats, and strictly one after another within a chat.

A Bot API round trip takes about 100 ms, so a bot that handles one update at a time answers
at most about ten a second. python-telegram-bot's update processor runs updates concurrently
up to a bound; this one also chains each chat's updates, so a runner's messages and button
presses are handled in the order they arrived (which is the order Telegram numbered them).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256


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
    """At most `max_concurrent_updates` at once; one chat's updates one after another.

    The base class takes a place under the bound first (its semaphore wakes waiters first come,
    first served), then calls `do_process_update`, so updates reach it in the order they were
    handed in; each waits for the one before it from the same chat.
    """

    __slots__ = ("_tails",)

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._tails: dict[int, asyncio.Future[None]] = {}

    @property
    def chats_in_flight(self) -> int:
        return len(self._tails)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None:
                await asyncio.shield(previous)
            await coroutine
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
