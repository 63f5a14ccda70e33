"""Storage under stress: concurrent writers on SQLite, and migrations with data in place."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from bot import services
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.migrate import downgrade, upgrade
from bot.storage.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def test_concurrent_writers_never_hit_database_is_locked(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessionmaker = create_sessionmaker(engine)
    writers, each = 20, 15

    async def runner(user_id: int) -> None:
        for i in range(each):
            async with sessionmaker.begin() as session:
                store = Store(session)
                profile, _ = await services.runners.ensure_user(store, user_id, user_id, "R", NOW)
                await services.sessions.log_session(
                    store, profile, activity="kettlebell", minutes=i + 1, day=NOW.date(),
                    note=None, now=NOW, source=(user_id, i),
                )  # fmt: skip

    async def dispatcher() -> None:
        for _ in range(30):
            async with sessionmaker.begin() as session:
                await services.checkins.claim_due(Store(session), NOW, 50, timedelta(hours=2))
            await asyncio.sleep(0)

    await asyncio.gather(*(runner(u) for u in range(1, writers + 1)), dispatcher())
    async with sessionmaker() as session:
        count = (await session.execute(text("SELECT count(*) FROM sessions"))).scalar_one()
    await engine.dispose()
    assert count == writers * each


async def test_migrations_go_down_and_up_again_with_data_present(empty_database_url: str) -> None:
    url = empty_database_url
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        profile, _ = await services.runners.ensure_user(store, 5, 5, "Ada", NOW)
        await services.sessions.log_session(
            store, profile, activity="barre", minutes=20, day=date(2026, 11, 24), note="ok",
            now=NOW, source=(5, 1),
        )  # fmt: skip
        await services.rewards.add_reward(store, profile, "top after 3 sessions", NOW)
        await services.checkins.reschedule(store, profile, NOW)
    await engine.dispose()

    await asyncio.to_thread(downgrade, url, "0001")
    await asyncio.to_thread(upgrade, url)

    engine = create_engine(url)
    async with create_sessionmaker(engine).begin() as session:
        store = Store(session)
        profile_after = await store.runners.get(5)
        sessions = await store.sessions.recent(5, 10)
    await engine.dispose()
    assert profile_after is not None and profile_after.first_name == "Ada"
    assert [(s.activity, s.minutes, s.note) for s in sessions] == [("barre", 20, "ok")]
    assert profile_after.prompt_days == 127 and profile_after.evening_minute == 19 * 60
