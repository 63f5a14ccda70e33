"""How the fake misbehaves: Telegram's rate limits, injected faults, and network latency."""

from __future__ import annotations

import random
import time
from collections import deque
from dataclasses import dataclass, field

from bot.fake.api import ApiError


@dataclass
class Fault:
    method: str | None
    chat_id: int | None
    code: int
    description: str
    retry_after: int | None
    delay: float
    times: int


@dataclass
class _Limits:
    global_window: deque[float] = field(default_factory=deque)
    chat_tokens: dict[int, tuple[float, float]] = field(default_factory=dict)
    group_window: dict[int, deque[float]] = field(default_factory=dict)


class Limits:
    """429s when the bot sends too fast, errors and delays a driver asks for, and latency."""

    def __init__(
        self,
        *,
        enforce_limits: bool,
        global_per_second: int,
        chat_burst: int,
        group_per_minute: int,
        latency: float,
        jitter: float,
        seed: int,
    ) -> None:
        # Seconds each request takes before it is answered, like a round trip to Telegram:
        # `latency` for every method unless `set_latency` gave the method its own, plus up to
        # `jitter` more, drawn at random (so concurrent answers can come back in any order).
        self.latency: dict[str | None, float] = {None: latency}
        self.jitter = jitter
        self._random = random.Random(seed)
        self.enforce_limits = enforce_limits
        self.global_per_second = global_per_second
        self.chat_burst = chat_burst
        self.group_per_minute = group_per_minute
        self._faults: list[Fault] = []
        self._limits = _Limits()

    def fail(
        self,
        method: str | None = None,
        *,
        code: int = 500,
        description: str = "Internal Server Error",
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
        delay: float = 0.0,
    ) -> None:
        """The next `times` matching calls answer with this error (after `delay` seconds)."""
        if code == 429 and description == "Internal Server Error":
            description = f"Too Many Requests: retry after {retry_after or 1}"
        self._faults.append(Fault(method, chat_id, code, description, retry_after, delay, times))

    def slow(
        self,
        method: str | None = None,
        *,
        delay: float,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """The next `times` matching calls succeed, but only after `delay` seconds."""
        self._faults.append(Fault(method, chat_id, 200, "", None, delay, times))

    def set_latency(self, seconds: float, *methods: str, jitter: float | None = None) -> None:
        """Answer these methods (every method, when none is named) after `seconds`."""
        if not methods:
            self.latency = {None: seconds}
        for method in methods:
            self.latency[method] = seconds
        if jitter is not None:
            self.jitter = jitter

    def delay_for(self, method: str) -> float:
        base = self.latency.get(method, self.latency[None])
        extra = self._random.uniform(0, self.jitter) if self.jitter and base else 0.0
        return base + extra

    def _take_fault(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self._faults:
            if (fault.method in (None, method)) and (fault.chat_id in (None, chat_id)):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _rate_limit(self, chat_id: int) -> None:
        if not self.enforce_limits:
            return
        now = time.monotonic()
        window = self._limits.global_window
        while window and now - window[0] >= 1.0:
            window.popleft()
        if len(window) >= self.global_per_second:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        if chat_id < 0:
            group = self._limits.group_window.setdefault(chat_id, deque())
            while group and now - group[0] >= 60.0:
                group.popleft()
            if len(group) >= self.group_per_minute:
                wait = int(60 - (now - group[0])) + 1
                raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
            group.append(now)
        else:
            tokens, last = self._limits.chat_tokens.get(chat_id, (float(self.chat_burst), now))
            tokens = min(float(self.chat_burst), tokens + (now - last))
            if tokens < 1.0:
                raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
            self._limits.chat_tokens[chat_id] = (tokens - 1.0, now)
        window.append(now)
