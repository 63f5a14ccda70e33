"""The repository on both engines: idempotency keys and housekeeping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot import services
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.repository import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def test_an_update_is_claimed_once_and_forgotten_after_a_week(database_url: str) -> None:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        assert await store.claim_update(1, NOW - timedelta(days=8))
        assert await store.claim_update(2, NOW)
    async with sessionmaker.begin() as session:
        store = Store(session)
        assert not await store.claim_update(2, NOW)
        await store.forget_updates_before(NOW - timedelta(days=7))
    async with sessionmaker.begin() as session:
        store = Store(session)
        assert await store.claim_update(1, NOW), "an old id is forgotten"
        assert not await store.claim_update(2, NOW), "a recent id is remembered"
    await engine.dispose()


async def test_a_source_message_logs_one_session(database_url: str) -> None:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        profile, created = await services.ensure_user(store, 77, 77, "Ada", NOW)
        assert created and profile.target == 3 and profile.time_zone == "UTC"
        values = dict(
            user_id=77, habit_id=profile.habit_id, activity="kettlebell", minutes=15,
            day=date(2026, 11, 25), note=None, now=NOW, source=(77, 10),
        )  # fmt: skip
        first = await store.add_session(**values)  # type: ignore[arg-type]
        again = await store.add_session(**values)  # type: ignore[arg-type]
    assert first is not None and again is None
    async with sessionmaker.begin() as session:
        assert len(await Store(session).recent_sessions(77, 10)) == 1
    await engine.dispose()
