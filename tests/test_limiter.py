"""The sending budget's own bookkeeping, on a clock the test moves by hand."""

from __future__ import annotations

import itertools
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


async def sends_woken(
    monkeypatch: pytest.MonkeyPatch, late: list[float], count: int
) -> list[float]:
    """When `count` messages to different chats left, one after another, each waiter waking
    `late[i % len(late)]` seconds after it asked to (the event loop was busy)."""
    clock = Clock()
    monkeypatch.setattr(limiter.time, "monotonic", clock)
    wakes = iter(range(10**6))

    async def sleep(seconds: float) -> None:
        clock.now += seconds + late[next(wakes) % len(late)]

    monkeypatch.setattr(limiter.asyncio, "sleep", sleep)
    rate_limiter = PriorityRateLimiter(per_second=29)
    sent: list[float] = []

    async def callback(*args: Any, **kwargs: Any) -> bool:
        sent.append(clock.now)
        return True

    for chat in range(1, count + 1):
        await rate_limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": chat}, None)
    return sent


async def test_a_waiter_woken_late_does_not_leave_right_behind_the_one_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    interval = 1 / 29
    sent = await sends_woken(monkeypatch, [0.03, 0.0], 60)
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    # Caught up at once, the one after a late waiter would leave 4.5 ms behind it.
    assert min(gaps) >= interval / 2
    # So any 31 in a row (one more than Telegram takes in a second) span over a second by
    # at least half an interval: room for requests to bunch on the way.
    spans = [sent[i + 30] - sent[i] for i in range(len(sent) - 30)]
    assert min(spans) >= 1.0 + interval / 2


async def test_waiters_a_little_late_each_time_keep_the_pace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    interval = 1 / 29
    sent = await sends_woken(monkeypatch, [interval / 5], 117)
    # Each late by a fifth of an interval, made up on the next: still 29 a second, not 24.
    assert sent[-1] - sent[0] <= 116 * interval * 1.01
