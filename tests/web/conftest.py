"""The bot with its Mini App server on a free port, and a client that signs as Telegram does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.web.auth import signed_for
from tests.harness import TOKEN, Harness
from tests.ports import free_port


@dataclass
class Web:
    harness: Harness
    base: str
    client: aiohttp.ClientSession

    def signed(self, user_id: int, first_name: str = "Runner", language: str = "en") -> str:
        """initData for this user, signed now (on the bot's clock) with the test token."""
        return signed_for(user_id, first_name, TOKEN, self.harness.clock(), language)

    async def call(
        self, path: str, init_data: str | None, body: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any], aiohttp.ClientResponse]:
        headers = {"Authorization": f"tma {init_data}"} if init_data is not None else {}
        method = "POST" if body is not None else "GET"
        async with self.client.request(
            method, f"{self.base}{path}", json=body, headers=headers
        ) as answer:
            data = await answer.json() if answer.content_type == "application/json" else {}
            return answer.status, data, answer

    async def get(self, path: str, user_id: int) -> dict[str, Any]:
        status, data, _ = await self.call(path, self.signed(user_id))
        assert status == 200, (status, data)
        return data

    async def post(self, path: str, user_id: int, body: dict[str, Any]) -> dict[str, Any]:
        status, data, _ = await self.call(path, self.signed(user_id), body)
        assert status == 200, (status, data)
        return data


@pytest.fixture
async def web(database_url: str) -> AsyncIterator[Web]:
    port = free_port()
    settings = {"webapp_port": port, "webapp_host": "127.0.0.1", "webapp_requests_per_minute": 120}
    async with (
        Harness.running(database_url, settings=settings) as harness,
        aiohttp.ClientSession() as client,
    ):
        yield Web(harness, f"http://127.0.0.1:{port}/", client)
