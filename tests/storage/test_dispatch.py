"""Claiming due check-ins: two dispatchers sharing one database never claim the same one."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot import services
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.store import Store

SET_UP = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 25, 7, 31, tzinfo=UTC)  # 07:30 UTC prompts are a minute late
RUNNERS = 100  # five batches of 20 for each dispatcher to race over


async def add_runners(url: str) -> None:
    engine = create_engine(url)
    async with create_sessionmaker(engine).begin() as session:
        store = Store(session)
        for user_id in range(1, RUNNERS + 1):
            profile, _ = await services.runners.ensure_user(store, user_id, user_id, "R", SET_UP)
            await services.runners.set_prompt(store, profile, 7 * 60 + 30, SET_UP)
            profile = await services.base.require_user(store, user_id)
            await services.checkins.reschedule(store, profile, SET_UP)
    await engine.dispose()


async def dispatcher(url: str) -> list[services.checkins.Due]:
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    claimed: list[services.checkins.Due] = []
    while True:
        async with sessionmaker.begin() as session:
            batch = await services.checkins.claim_due(Store(session), DUE, 20, timedelta(hours=2))
        claimed += batch
        if not batch:
            break
        await asyncio.sleep(0)
    await engine.dispose()
    return claimed


async def test_two_dispatchers_racing_never_claim_the_same_prompt(database_url: str) -> None:
    await add_runners(database_url)
    first, second = await asyncio.gather(dispatcher(database_url), dispatcher(database_url))
    keys = [(d.user_id, d.kind, d.day) for d in first + second]
    assert len(keys) == len(set(keys)), "a check-in was claimed twice"
    assert len([k for k in keys if k[1] == "morning"]) == RUNNERS, "every due prompt is claimed"
    again = await dispatcher(database_url)
    assert again == [], "claimed prompts are not due again"


async def test_a_claim_held_open_does_not_hold_up_the_other_dispatcher(
    database_url: str,
) -> None:
    """PostgreSQL's SKIP LOCKED lets a second dispatcher take other prompts at once.

    SQLite takes one writer at a time instead, so there the second waits for the first's commit.
    """
    if not database_url.startswith("postgresql"):
        pytest.skip("one writer at a time is SQLite's design")
    await add_runners(database_url)
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as holding:
        held = await services.checkins.claim_due(Store(holding), DUE, 20, timedelta(hours=2))
        async with sessionmaker.begin() as other:
            taken = await asyncio.wait_for(
                services.checkins.claim_due(Store(other), DUE, 20, timedelta(hours=2)), 10
            )
    await engine.dispose()
    assert len(held) == len(taken) == 20
    assert not {d.user_id for d in held} & {d.user_id for d in taken}


async def test_a_dispatcher_tick_moves_each_schedule_to_the_next_date(database_url: str) -> None:
    await add_runners(database_url)
    await dispatcher(database_url)
    engine = create_engine(database_url)
    async with create_sessionmaker(engine).begin() as session:
        schedules = await Store(session).checkins.schedules(1)
    await engine.dispose()
    assert schedules["morning"] == datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
