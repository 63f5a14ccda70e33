"""What the bot did, for a driver: the calls it made, and waiting for the ones to come."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

from bot.fake.api import SEND_METHODS, Call
from bot.fake.state import State


class Watch(State):
    """Questions a test, the sandbox or a benchmark asks about the bot's calls."""

    def mark(self) -> int:
        return len(self.calls)

    def sent(self, chat_id: int | None = None, since: int = 0) -> list[Call]:
        """Messages, photos and documents the bot sent (answered successfully), oldest first."""
        return [
            c
            for c in self.calls[since:]
            if c.method in SEND_METHODS
            and c.ok
            and c.answered
            and (chat_id is None or c.chat_id == chat_id)
        ]

    async def wait_for(
        self, predicate: Callable[[Call], bool], *, since: int = 0, timeout: float = 10.0
    ) -> Call:
        """The first call from index `since` on that matches, waiting for it to happen."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                for call in self.calls[since:]:
                    if predicate(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [f"{c.method}:{c.text[:60]!r}" for c in self.calls[since:]]
                    raise TimeoutError(f"no matching call within {timeout}s; saw {seen}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    pass

    async def reply(self, chat_id: int, *, since: int, timeout: float = 10.0) -> Call:
        """The next message (or picture, or file) sent to the chat after `since`."""
        return await self.wait_for(
            lambda c: c.method in SEND_METHODS and c.ok and c.answered and c.chat_id == chat_id,
            since=since,
            timeout=timeout,
        )

    async def wait_delivered(self, count: int, *, timeout: float = 60.0) -> None:
        """Wait until `count` messages in all have been delivered (a cheap check for bulk)."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while self.delivered < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{self.delivered} of {count} delivered in {timeout}s")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_handled(self, update_id: int | None = None, *, timeout: float = 10.0) -> None:
        """Wait until the bot confirmed the update (by default the latest one pushed)."""
        target = self.last_update_id if update_id is None else update_id
        deadline = time.monotonic() + timeout
        async with self._changed:
            while self.confirmed_offset <= target:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"update {target} was not confirmed within {timeout}s")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_idle(self, *, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until every update is confirmed, every call answered and no call but polling
        came for `quiet` s."""
        deadline = time.monotonic() + timeout

        def activity() -> int:
            return sum(1 for c in self.calls if c.method != "getUpdates")

        while time.monotonic() < deadline:
            count = activity()
            await asyncio.sleep(quiet)
            if count == activity() and self.pending_updates == 0 and not self.open_requests:
                return
        raise TimeoutError("the bot did not go idle")
