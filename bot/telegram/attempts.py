"""An update tried again after a passing database fault, instead of an apology.

Every write an update makes is a no-op the second time (its update id is claimed, a session is
unique per message), so an update whose transaction met a lost connection, a restart, a
deadlock or a lock held too long is simply handled again: after a short backoff, and once the
database answers (`DatabaseWatch`). The error handler decides, for the attempt running now
(`current`), whether it is tried again; it is not once the runner has seen an answer from it,
since a second attempt would answer twice, nor after the last attempt.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from bot.storage.faults import DatabaseWatch, Work, classify, working

log = logging.getLogger(__name__)

T = TypeVar("T")

ATTEMPTS = 6
FIRST_BACKOFF_S = 0.1  # doubling after each failed attempt, up to:
MAX_BACKOFF_S = 2.0

# Bot API methods that show the runner something; `sendChatAction` ("uploading a photo...")
# shows nothing that stays.
_ANSWERS = ("send", "edit", "answer", "copy", "forward")


@dataclass
class Attempt:
    """One go at handling an update."""

    number: int
    work: Work  # shared by the update's attempts: whether any stored something
    answered: bool = False  # the runner was sent something
    fault: BaseException | None = field(default=None, repr=False)  # to be tried again for

    @property
    def may_try_again(self) -> bool:
        return self.number < ATTEMPTS and not self.answered


_CURRENT: ContextVar[Attempt | None] = ContextVar("strongstreak_attempt", default=None)


def current() -> Attempt | None:
    """The attempt at the update being handled here, if any."""
    return _CURRENT.get()


def note_request(method: str) -> None:
    """A Bot API request succeeded: the runner saw an answer if it was one."""
    attempt = _CURRENT.get()
    if attempt is not None and method.startswith(_ANSWERS) and method != "sendChatAction":
        attempt.answered = True


def backoff(number: int) -> float:
    """The pause after the `number`th failed attempt."""
    return min(FIRST_BACKOFF_S * 2.0 ** (number - 1), MAX_BACKOFF_S)


async def handle(
    update_id: int, process: Callable[[], Awaitable[None]], watch: DatabaseWatch | None
) -> None:
    """`process` the update, again while the error handler asks for it, waiting out an outage
    in between (however long: the update stays unconfirmed, and Telegram keeps it)."""
    work = Work()
    for number in range(1, ATTEMPTS + 1):
        begun = time.monotonic()
        attempt = Attempt(number, work)
        token = _CURRENT.set(attempt)
        try:
            with working(work):
                await process()
        finally:
            _CURRENT.reset(token)
        if work.stored and watch is not None:
            watch.stored(begun)
        if attempt.fault is None:
            return
        if watch is not None and not watch.is_up:
            watch.held += 1
            try:
                await watch.until_up()
            finally:
                watch.held -= 1
        await asyncio.sleep(backoff(number))
        log.info("update %s: attempt %s", update_id, number + 1)


async def transaction(watch: DatabaseWatch | None, run: Callable[[], Awaitable[T]]) -> T:
    """`run` (one transaction of a job), tried again after a passing database fault once the
    database answers, up to `ATTEMPTS` times; for work with no update to hand again."""
    for number in range(1, ATTEMPTS + 1):
        try:
            return await run()
        except Exception as error:
            fault = classify(error)
            if fault is None or not fault.passing or number == ATTEMPTS:
                raise
            if watch is not None:
                watch.saw(fault, error)
                await watch.until_up()
            await asyncio.sleep(backoff(number))
    raise AssertionError("unreachable")
