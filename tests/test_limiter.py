"""The sending budget's own bookkeeping, on a clock the test moves by hand."""

from __future__ import annotations

from typing import Any

import pytest

from bot.telegram import limiter
from bot.telegram.limiter import PriorityRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def send(rate_limiter: PriorityRateLimiter, chat_id: int) -> None:
    async def callback(*args: Any, **kwargs: Any) -> bool:
        return True

    await rate_limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": chat_id}, None)


async def test_groups_that_went_quiet_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(limiter.time, "monotonic", clock)
    rate_limiter = PriorityRateLimiter()
    for group in range(-1000, -1100, -1):
        await send(rate_limiter, group)
        clock.now += 1.0  # a second apart: no send ever waits
    assert len(rate_limiter._group_sent) > 50
    clock.now += 120.0
    await send(rate_limiter, -5)
    assert set(rate_limiter._group_sent) == {-5}


async def test_a_group_that_is_still_talking_keeps_its_minute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    monkeypatch.setattr(limiter.time, "monotonic", clock)
    rate_limiter = PriorityRateLimiter()
    await send(rate_limiter, -7)
    clock.now += 59.0
    await send(rate_limiter, -7)
    clock.now += 30.0
    await send(rate_limiter, -8)
    assert len(rate_limiter._group_sent[-7]) >= 1
