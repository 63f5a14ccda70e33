"""Comebacks and "it's a habit now" through the use cases, on both engines: each told once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest

from bot import services
from bot.domain.habits import Return
from bot.domain.model import Profile
from tests.services.builders import Transaction, at, reread, sign_up
from tests.services.conftest import units_of_work

MONDAY = date(2026, 11, 2)


@pytest.fixture
async def both(database_url: str) -> AsyncIterator[Transaction]:
    """A unit of work on a fresh migrated SQLite or PostgreSQL database."""
    async for begin in units_of_work(database_url):
        yield begin


async def log(
    transaction: Transaction, runner: Profile, day: date, message: int
) -> services.sessions.Logged:
    async with transaction() as store:
        return await services.sessions.log_session(
            store, runner, activity="kettlebell", minutes=20, day=day, note=None,
            now=at(f"{day} 18:00"), source=(runner.chat_id, message),
        )  # fmt: skip


async def test_a_comeback_is_told_once_even_when_undone_and_logged_again(
    both: Transaction,
) -> None:
    ada = await sign_up(both, 1, "Ada", at("2026-11-02 08:00"))
    first = await log(both, ada, MONDAY, 1)
    assert first.milestones.comeback is None
    # The week of 9 November goes by without a session.
    back = await log(both, ada, MONDAY + timedelta(days=14), 2)
    assert back.milestones.comeback is Return.MISSED_WEEK
    same_day = await log(both, ada, MONDAY + timedelta(days=14), 3)
    assert same_day.milestones.comeback is None
    async with both() as store:
        await services.sessions.undo(store, ada, at("2026-11-16 19:00"))
        await services.sessions.undo(store, ada, at("2026-11-16 19:00"))
    again = await log(both, ada, MONDAY + timedelta(days=14), 4)
    assert again.milestones.comeback is None
    next_day = await log(both, ada, MONDAY + timedelta(days=15), 5)
    assert next_day.milestones.comeback is None


async def test_the_first_session_after_a_pause_is_welcomed_back(both: Transaction) -> None:
    ada = await sign_up(both, 1, "Ada", at("2026-11-02 08:00"))
    await log(both, ada, MONDAY, 1)
    async with both() as store:
        await services.runners.pause(store, ada, "5", at("2026-11-03 08:00"))
    ada = await reread(both, 1)
    back = await log(both, ada, MONDAY + timedelta(days=6), 2)
    assert back.milestones.comeback is Return.PAUSE


async def test_the_habit_is_announced_once_and_stays_in_stats(both: Transaction) -> None:
    ada = await sign_up(both, 1, "Ada", at("2026-11-02 08:00"))
    told = []
    for message, offset in enumerate(o for o in range(90) if o % 7 in (0, 2, 4)):
        logged = await log(both, ada, MONDAY + timedelta(days=offset), message)
        if logged.milestones.habit_since is not None:
            told.append((offset, logged.milestones.habit_since))
    assert len(told) == 1
    offset, since = told[0]
    # Told at the first session on or after the day it formed.
    assert 55 <= offset <= 75
    assert MONDAY + timedelta(days=offset - 2) <= since <= MONDAY + timedelta(days=offset)
    async with both() as store:
        report = await services.stats.report(store, ada, at("2027-01-31 09:00"))
        assert await services.habits.habit_told(store, ada) == since
    assert report.stats.habit is not None and report.stats.habit.since == since
    assert report.chart is not None and report.chart.habit_since == since
