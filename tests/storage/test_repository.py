"""The repository on both engines: idempotency keys and housekeeping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, update

from bot import services
from bot.domain.invites import Invite, InviteKind
from bot.domain.model import NewSession, WeekRule
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import Pause, RewardUnlock, TrainingSession
from bot.storage.models import WeekRule as WeekRuleRow
from bot.storage.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def test_an_update_is_claimed_once_and_forgotten_after_a_week(database_url: str) -> None:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        assert await store.updates.claim(1, NOW - timedelta(days=8))
        assert await store.updates.claim(2, NOW)
    async with sessionmaker.begin() as session:
        store = Store(session)
        assert not await store.updates.claim(2, NOW)
        await store.updates.forget_before(NOW - timedelta(days=7))
    async with sessionmaker.begin() as session:
        store = Store(session)
        assert await store.updates.claim(1, NOW), "an old id is forgotten"
        assert not await store.updates.claim(2, NOW), "a recent id is remembered"
    await engine.dispose()


async def test_a_source_message_logs_one_session(database_url: str) -> None:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        profile, created = await services.runners.ensure_user(store, 77, 77, "Ada", NOW)
        assert created and profile.target == 3 and profile.time_zone == "UTC"
        new = NewSession(
            user_id=77, habit_id=profile.habit_id, activity="kettlebell", minutes=15,
            day=date(2026, 11, 25), note=None, logged_at=NOW, source=(77, 10),
        )  # fmt: skip
        first = await store.sessions.add(new)
        again = await store.sessions.add(new)
    assert first is not None and again is None
    async with sessionmaker.begin() as session:
        assert len(await Store(session).sessions.recent(77, 10)) == 1
    await engine.dispose()


async def test_a_calendar_read_with_the_profile_follows_the_transactions_writes(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        profile, _ = await services.runners.ensure_user(store, 8, 8, "Ada", NOW)
        await store.runners.add_pause(8, date(2026, 11, 1), date(2026, 11, 3), NOW)
        first = await store.sessions.add(
            NewSession(
                user_id=8,
                habit_id=profile.habit_id,
                activity="barre",
                minutes=20,
                day=date(2026, 11, 20),
                note=None,
                logged_at=NOW,
                source=(8, 1),
            )
        )
    async with sessionmaker.begin() as session:
        store = Store(session)
        profile_with = await store.runners.get(8, with_calendar=True)
        assert profile_with is not None
        await store.sessions.add(
            NewSession(
                user_id=8,
                habit_id=profile.habit_id,
                activity="barre",
                minutes=20,
                day=date(2026, 11, 24),
                note=None,
                logged_at=NOW,
                source=(8, 2),
            )
        )
        remembered = await store.runners.calendar(8, profile.habit_id)
        assert remembered == await Store(session).runners.calendar(8, profile.habit_id)
        assert sorted(remembered[0]) == [date(2026, 11, 20), date(2026, 11, 24)]
        assert [(p.first, p.last) for p in remembered[2]] == [
            (date(2026, 11, 1), date(2026, 11, 3))
        ]
        assert first is not None
        await store.sessions.delete(8, first.id)
        await store.runners.replace_rules(
            profile.habit_id,
            [WeekRule(NOW.date(), 3, 0), WeekRule(date(2026, 11, 26), 4, 0)],
        )
        after = await store.runners.calendar(8, profile.habit_id)
        assert after[0] == [date(2026, 11, 24)]
        assert [(r.since, r.target) for r in after[1]] == [
            (NOW.date(), 3), (date(2026, 11, 26), 4)
        ]  # fmt: skip
    await engine.dispose()


async def test_what_comes_with_the_profile_reads_as_the_database_says_and_follows_writes(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        profile, _ = await services.runners.ensure_user(store, 9, 9, "Bea", NOW)
        for day, activity, minutes in [(20, "barre", 20), (22, "squats", 35), (21, "barre", 25)]:
            await store.sessions.add(
                NewSession(
                    user_id=9, habit_id=profile.habit_id, activity=activity, minutes=minutes,
                    day=date(2026, 11, day), note=None,
                    logged_at=NOW + timedelta(microseconds=day), source=None,
                )
            )  # fmt: skip
        await services.rewards.add_reward(store, profile, "tea after every session", NOW)
        await services.rewards.add_reward(store, profile, "cake after 3 sessions", NOW)

    async def everything(store: Store) -> tuple[Any, ...]:
        return (
            await store.rewards.of(9),
            await store.sessions.facts(profile.habit_id),
            await store.sessions.facts(profile.habit_id, date(2026, 11, 21)),
            sorted(
                await store.sessions.logged(profile.habit_id, date(2026, 11, 21)),
                key=lambda s: s.id,
            ),
            await store.runners.calendar(9, profile.habit_id),
        )

    async with sessionmaker.begin() as session:
        store = Store(session)
        read = await everything(store)  # each from its own query
        assert await store.runners.get(9, with_calendar=True) is not None
        assert await everything(store) == read  # from what the profile brought
        assert [r.name for r in read[0]] == ["tea", "cake"]
        assert read[1] == [
            (date(2026, 11, 20), 20, "barre"),
            (date(2026, 11, 21), 25, "barre"),
            (date(2026, 11, 22), 35, "squats"),
        ]
        logged = await store.sessions.add(
            NewSession(
                user_id=9, habit_id=profile.habit_id, activity="core", minutes=10,
                day=date(2026, 11, 24), note=None, logged_at=NOW, source=None,
            )
        )  # fmt: skip
        assert logged is not None
        await store.rewards.add_unlocks([(read[0][0].id, logged.id)], date(2026, 11, 24), NOW)
        remembered = await everything(store)
        assert remembered == await everything(Store(session))
        assert remembered[0][0].unlocked == 1
        assert remembered[1][-1] == (date(2026, 11, 24), 10, "core")
    await engine.dispose()


async def test_a_write_the_repositories_did_not_expect_is_never_followed_by_a_stale_read(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        profile, _ = await services.runners.ensure_user(Store(session), 10, 10, "Cy", NOW)
        await services.rewards.add_reward(Store(session), profile, "tea after every session", NOW)
    habit = profile.habit_id
    async with sessionmaker.begin() as session:
        store = Store(session)
        assert await store.runners.get(10, with_calendar=True) is not None
        (reward,) = await store.rewards.of(10)
        assert await store.runners.calendar(10, habit) == ([], [WeekRule(NOW.date(), 3, 0)], [])
        # Writes straight through the unit of work's session, as a new repository method
        # would make them: no repository is told, yet nothing read before may be served after.
        await session.execute(
            insert(TrainingSession).values(
                user_id=10, habit_id=habit, activity="core", minutes=10,
                local_date=date(2026, 11, 24), logged_at=NOW,
            )
        )  # fmt: skip
        session.add(Pause(user_id=10, first_day=date(2026, 11, 1), last_day=date(2026, 11, 2),
                          created_at=NOW))  # fmt: skip
        await session.flush()
        await session.execute(update(WeekRuleRow).values(target=5))
        days, rules, pauses = await store.runners.calendar(10, habit)
        assert days == [date(2026, 11, 24)]
        assert [r.target for r in rules] == [5]
        assert [(p.first, p.last) for p in pauses] == [(date(2026, 11, 1), date(2026, 11, 2))]
        assert [s[0] for s in await store.sessions.facts(habit)] == [date(2026, 11, 24)]
        assert (await store.runners.calendar_of(10, habit)).days == {date(2026, 11, 24)}
        session.add(RewardUnlock(reward_id=reward.id, earned_at=NOW, earned_on=NOW.date()))
        await session.flush()
        assert [r.unlocked for r in await store.rewards.of(10)] == [1]
    await engine.dispose()


async def test_what_a_unit_of_work_read_is_read_again_after_its_commit(database_url: str) -> None:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        profile, _ = await services.runners.ensure_user(store, 11, 11, "Di", NOW)
        logged = await store.sessions.add(
            NewSession(
                user_id=11, habit_id=profile.habit_id, activity="core", minutes=10,
                day=date(2026, 11, 24), note=None, logged_at=NOW, source=None,
            )
        )  # fmt: skip
    assert logged is not None
    habit = profile.habit_id
    async with sessionmaker() as session:
        store = Store(session)
        store = Store(session)
        async with session.begin():
            assert await store.runners.get(11, with_calendar=True) is not None
            assert len(await store.sessions.facts(habit)) == 1
        async with sessionmaker.begin() as other:  # another unit of work, between two of ours
            await Store(other).sessions.delete(11, logged.id)
        async with session.begin():
            assert await store.sessions.facts(habit) == [], "a commit forgets what was read"
    await engine.dispose()


async def test_an_invite_code_is_found_and_used_only_as_its_own_kind(database_url: str) -> None:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        store = Store(session)
        await services.runners.ensure_user(store, 5, 5, "Ada", NOW)
        await store.invites.add(InviteKind.BUDDY, "buddy-code", 5, NOW)
        await store.invites.add(InviteKind.COACH, "coach-code", 5, NOW)
    async with sessionmaker.begin() as session:
        store = Store(session)
        assert await store.invites.get(InviteKind.BUDDY, "buddy-code") == Invite(5, NOW)
        assert await store.invites.get(InviteKind.COACH, "buddy-code") is None
        assert not await store.invites.use(InviteKind.BUDDY, "coach-code", NOW)
        assert await store.invites.use(InviteKind.COACH, "coach-code", NOW)
        assert not await store.invites.use(InviteKind.COACH, "coach-code", NOW), "used once"
    async with sessionmaker.begin() as session:
        store = Store(session)
        assert await store.invites.get(InviteKind.COACH, "coach-code") == Invite(5, NOW, NOW)
        assert await store.invites.get(InviteKind.BUDDY, "buddy-code") == Invite(5, NOW)
    await engine.dispose()
