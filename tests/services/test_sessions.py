"""Logging, undoing and the /stats report, straight through the use cases."""

from __future__ import annotations

from datetime import date

import pytest

from bot import services
from bot.domain.errors import UserError
from tests.services.builders import Transaction, at, reread, sign_up

MONDAY = at("2026-11-02 09:00")


async def test_a_logged_session_counts_once_per_message_and_undo_takes_it_back(
    transaction: Transaction,
) -> None:
    ada = await sign_up(transaction, 1, "Ada", MONDAY)
    async with transaction() as store:
        logged = await services.sessions.log_session(
            store, ada, activity="kettlebell", minutes=20, day=MONDAY.date(), note="swings",
            now=MONDAY, source=(1, 100),
        )  # fmt: skip
    assert not logged.duplicate and logged.summary.week.days_done == 1
    async with transaction() as store:
        again = await services.sessions.log_session(
            store, ada, activity="kettlebell", minutes=20, day=MONDAY.date(), note="swings",
            now=MONDAY, source=(1, 100),
        )  # fmt: skip
        assert again.duplicate and again.session.id == logged.session.id
        assert len(await store.sessions.recent(ada.user_id, 10)) == 1

    async with transaction() as store:
        undone = await services.sessions.undo(store, ada, MONDAY)
    assert undone.session.id == logged.session.id
    assert undone.summary.week.days_done == 0
    async with transaction() as store:
        assert await store.sessions.recent(ada.user_id, 10) == []
        with pytest.raises(UserError):
            await services.sessions.undo(store, ada, MONDAY)


async def test_the_stats_report_matches_the_numbers_what_works_and_the_picture_read_apart(
    transaction: Transaction,
) -> None:
    ada = await sign_up(transaction, 1, "Ada", MONDAY)
    for offset, (activity, minutes) in enumerate([("kettlebell", 20), ("yoga", 30), ("yoga", 25)]):
        day = date(2026, 11, 2 + 2 * offset)
        async with transaction() as store:
            await services.sessions.log_session(
                store, ada, activity=activity, minutes=minutes, day=day, note=None,
                now=at(f"{day} 18:00"), source=(1, offset),
            )  # fmt: skip
    now = at("2026-11-09 08:00")
    async with transaction() as store:
        report = await services.stats.report(store, ada, now)
    async with transaction() as store:
        numbers = await services.stats.stats(store, ada, now)
        works = await services.plans.what_works(store, ada, now)
        chart = await services.stats.chart_data(store, ada, now)
    assert report.stats == numbers and report.works == works
    assert numbers.all_time.sessions == 3 and numbers.all_time.minutes == 75
    assert chart is not None and report.chart is not None
    assert report.chart.fits and report.chart.fits[0][0] == "yoga"
    assert report.chart.minutes == chart.minutes and report.chart.weeks == chart.weeks


async def test_the_stats_report_of_a_new_runner_has_no_picture(transaction: Transaction) -> None:
    ada = await sign_up(transaction, 1, "Ada", MONDAY)
    async with transaction() as store:
        report = await services.stats.report(store, await reread(transaction, 1), MONDAY)
    assert report.chart is None and report.works == []
    assert report.stats.all_time.sessions == 0 and ada.user_id == 1
