"""Rewards settled once, pauses that keep a streak, and a runner's data as files."""

from __future__ import annotations

from datetime import date, timedelta

from bot import services
from bot.domain.model import Profile
from tests.services.builders import Transaction, at, reread, sign_up

MONDAY = at("2026-11-02 09:00")


async def log(
    transaction: Transaction, profile: Profile, day: date, note: str | None = None
) -> services.sessions.Logged:
    async with transaction() as store:
        return await services.sessions.log_session(
            store, profile, activity="kettlebell", minutes=20, day=day, note=note,
            now=at(f"{day} 18:00"), source=None,
        )  # fmt: skip


async def test_a_reward_unlocks_once_and_goes_with_the_session_that_earned_it(
    transaction: Transaction,
) -> None:
    await sign_up(transaction, 1, "Ada", MONDAY)
    async with transaction() as store:
        ada = await reread(transaction, 1)
        await services.rewards.add_reward(store, ada, "cake after 2 sessions", MONDAY)
    ada = await reread(transaction, 1)
    assert ada.rewards == 1

    first = await log(transaction, ada, date(2026, 11, 2))
    assert first.rewards.unlocked == []
    second = await log(transaction, ada, date(2026, 11, 3))
    assert [(u.name, u.times) for u in second.rewards.unlocked] == [("cake", 1)]

    async with transaction() as store:
        news = await services.rewards.settle_rewards(
            store, ada, date(2026, 11, 3), at("2026-11-03 20:00"), None
        )
        assert news.unlocked == [], "settling again unlocks nothing new"
        (cake,) = await store.rewards.of(ada.user_id)
        assert cake.unlocked == 1 and cake.claimed == 0

    async with transaction() as store:
        undone = await services.sessions.undo(store, ada, at("2026-11-03 20:00"))
    assert undone.taken_back == ["cake"]
    async with transaction() as store:
        (cake,) = await store.rewards.of(ada.user_id)
    assert cake.unlocked == 0


async def test_paused_weeks_neither_count_nor_break_the_streak(transaction: Transaction) -> None:
    ada = await sign_up(transaction, 1, "Ada", MONDAY)
    bob = await sign_up(transaction, 2, "Bob", MONDAY)
    for runner in (ada, bob):
        for day in (2, 3, 4):
            await log(transaction, runner, date(2026, 11, day))
    async with transaction() as store:
        paused = await services.runners.pause(store, ada, "14", at("2026-11-09 08:00"))
    assert (paused.pause.first, paused.pause.last) == (date(2026, 11, 9), date(2026, 11, 22))

    ada_week = await log(transaction, ada, date(2026, 11, 23))
    bob_week = await log(transaction, bob, date(2026, 11, 23))
    assert ada_week.summary.current == 1, "the week met before the pause still counts"
    assert bob_week.summary.current == 0, "two missed weeks without a pause end the streak"

    async with transaction() as store:
        ended = (await services.runners.resume(store, ada, at("2026-11-23 19:00"))).ended
    assert not ended, "the pause was over already"


async def test_an_export_imports_into_another_account_once(transaction: Transaction) -> None:
    ada = await sign_up(transaction, 1, "Ada", MONDAY)
    bob = await sign_up(transaction, 2, "Bob", MONDAY)
    for day, note in ((2, "swings"), (4, None), (6, "heavy, then light")):
        await log(transaction, ada, date(2026, 11, day), note)
    now = at("2026-11-07 10:00")
    async with transaction() as store:
        files = await services.portability.export(store, ada, now)
    assert files.csv.count("kettlebell") == 3

    async with transaction() as store:
        imported = await services.portability.import_sessions(store, bob, files.csv.encode(), now)
    assert (imported.added, imported.duplicates) == (3, 0)
    async with transaction() as store:
        again = await services.portability.import_sessions(store, bob, files.csv.encode(), now)
        assert (again.added, again.duplicates) == (0, 3)
        mine = await store.sessions.recent(ada.user_id, 10)
        theirs = await store.sessions.recent(bob.user_id, 10)
    assert [(s.day, s.activity, s.minutes, s.note) for s in theirs] == [
        (s.day, s.activity, s.minutes, s.note) for s in mine
    ]
    assert theirs[0].day - theirs[-1].day == timedelta(days=4)


async def test_a_runner_speaks_the_language_they_came_with_until_they_choose_another(
    transaction: Transaction,
) -> None:
    async with transaction() as store:
        anna, created = await services.runners.ensure_user(
            store, 7, 7, "Anna", MONDAY, language="de"
        )
        assert created and anna.language == "de"
        again, created = await services.runners.ensure_user(
            store, 7, 7, "Anna", MONDAY, language="ru"
        )
        assert not created and again.language == "de", "only the first contact decides"
        await services.runners.set_language(store, anna, "es", MONDAY)
    assert (await reread(transaction, 7)).language == "es"


async def test_a_group_speaks_english_until_a_member_chooses(transaction: Transaction) -> None:
    await sign_up(transaction, 1, "Ada", MONDAY)
    async with transaction() as store:
        ada = await reread(transaction, 1)
        assert not await services.groups.set_language(store, -100, "de"), "an unknown group"
        await services.groups.join_group(store, -100, "Track club", ada, MONDAY)
        assert await services.groups.language(store, -100) is None
        assert await services.groups.set_language(store, -100, "ru")
    async with transaction() as store:
        assert await services.groups.language(store, -100) == "ru"
