"""Telegram's side of a webhook behind a load balancer, for tests that run several bots.

Each update is POSTed to the bots in turn (round robin, as the recipe's proxy does); one chat's
updates go one after another, other chats' at once; an update whose request is not answered
200 (refused, cut off by a killed process, timed out) is sent again a moment later, to the
next bot, and the bot that failed gets no requests for `fail_duration` unless every bot has
failed (the proxy's `fail_duration`). The updates come from the fake Bot API's users
(`written`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter, deque
from typing import Any, Self

import httpx

from bot.fake import FakeTelegram

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def written(fake: FakeTelegram, user_id: int, text: str) -> dict[str, Any]:
    """The update for a message a user of the fake writes to the bot."""
    message = fake.send_message(user_id, text)
    return {"update_id": fake.last_update_id, "message": message}


class Webhook:
    def __init__(
        self,
        urls: list[str],
        secret: str | None,
        *,
        max_connections: int = 40,
        timeout: float = 10.0,
        retry_after: float = 0.2,
        fail_duration: float = 10.0,
    ) -> None:
        self.urls = urls
        self.retry_after = retry_after
        self.fail_duration = fail_duration
        self._down_until = dict.fromkeys(urls, 0.0)
        self.answered: dict[int, str] = {}  # update_id -> the URL that answered it 200
        self.failed: Counter[str] = Counter()  # URL -> requests not answered 200
        self._headers = {"Content-Type": "application/json"}
        if secret is not None:
            self._headers[SECRET_HEADER] = secret
        self._turn = itertools.count()
        self._slots = asyncio.Semaphore(max_connections)
        self._chats: dict[int, deque[dict[str, Any]]] = {}
        self._workers: set[asyncio.Task[None]] = set()
        self._changed = asyncio.Event()
        self._client = httpx.AsyncClient(timeout=timeout)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        await self._client.aclose()

    def deliver(self, update: dict[str, Any]) -> None:
        chat_id = _chat_id(update)
        queue = self._chats.get(chat_id)
        if queue is not None:
            queue.append(update)
            return
        self._chats[chat_id] = deque([update])
        worker = asyncio.create_task(self._drain(chat_id))
        self._workers.add(worker)
        worker.add_done_callback(self._workers.discard)

    async def wait_answered(self, update_ids: list[int], *, timeout: float) -> None:
        async with asyncio.timeout(timeout):
            while any(u not in self.answered for u in update_ids):
                self._changed.clear()
                await self._changed.wait()

    async def _drain(self, chat_id: int) -> None:
        queue = self._chats[chat_id]
        while queue:
            await self._until_answered(queue[0])
            queue.popleft()
        del self._chats[chat_id]

    async def _until_answered(self, update: dict[str, Any]) -> None:
        body = json.dumps(update)
        while True:
            url = self._next_url()
            async with self._slots:
                try:
                    answer = await self._client.post(url, content=body, headers=self._headers)
                    if answer.status_code == 200:
                        self.answered[int(update["update_id"])] = url
                        self._changed.set()
                        return
                except httpx.HTTPError:
                    pass
            self.failed[url] += 1
            self._down_until[url] = time.monotonic() + self.fail_duration
            await asyncio.sleep(self.retry_after)

    def _next_url(self) -> str:
        """The next bot in turn that has not failed lately; the next in turn if all have."""
        now = time.monotonic()
        first = next(self._turn)
        turns = [self.urls[(first + i) % len(self.urls)] for i in range(len(self.urls))]
        return next((url for url in turns if self._down_until[url] <= now), turns[0])


def _chat_id(update: dict[str, Any]) -> int:
    message = update.get("message") or (update.get("callback_query") or {}).get("message")
    if message is None:
        raise ValueError(f"no chat in update {update['update_id']}")
    return int(message["chat"]["id"])
