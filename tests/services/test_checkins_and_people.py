"""Check-ins claimed, prepared and finished; buddies and coaches linked by invite codes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import services
from bot.domain.buddies import Hears
from bot.domain.errors import UserError
from bot.domain.invites import InviteKind
from tests.services.builders import Transaction, at, reread, sign_up

MONDAY = at("2026-11-02 09:00")
GRACE = timedelta(hours=2)


async def test_a_morning_check_in_is_claimed_once_prepared_and_finished(
    transaction: Transaction,
) -> None:
    ada = await sign_up(transaction, 1, "Ada", MONDAY)
    async with transaction() as store:
        await services.runners.set_prompt(store, ada, 7 * 60 + 30, MONDAY)
    ada = await reread(transaction, 1)
    async with transaction() as store:
        await services.checkins.reschedule(store, ada, MONDAY)
        due_at = (await store.checkins.schedules(ada.user_id))["morning"]
    assert due_at == at("2026-11-03 07:30")

    async with transaction() as store:
        assert (
            await services.checkins.claim_due(store, due_at - timedelta(minutes=1), 10, GRACE) == []
        )
        claimed = await services.checkins.claim_due(store, due_at, 10, GRACE)
    assert [(d.user_id, d.kind, str(d.day)) for d in claimed] == [(1, "morning", "2026-11-03")]
    async with transaction() as store:
        assert await services.checkins.claim_due(store, due_at, 10, GRACE) == []
        assert await store.checkins.claim([(1, "morning", claimed[0].day)], due_at) == {}
        moved = (await store.checkins.schedules(ada.user_id))["morning"]
    assert moved == at("2026-11-04 07:30")

    async with transaction() as store:
        prompt = await services.checkins.prepare(store, claimed[0], due_at)
        assert prompt is not None and prompt.style == "full"
        await services.checkins.finish(store, claimed[0], "sent", 42)
        assert await store.checkins.last_day(ada.user_id, "morning") == claimed[0].day


async def test_a_buddy_invite_pairs_two_runners_once(transaction: Transaction) -> None:
    ada = await sign_up(transaction, 1, "Ada", MONDAY)
    bob = await sign_up(transaction, 2, "Bob", MONDAY)
    async with transaction() as store:
        code = await services.invites.new(store, InviteKind.BUDDY, ada, MONDAY)
    async with transaction() as store:
        inviter = await services.buddies.accept(store, code, bob, MONDAY + timedelta(hours=1))
    assert inviter.user_id == ada.user_id
    async with transaction() as store:
        assert [b for b, *_ in await store.buddies.of(ada.user_id)] == [bob.user_id]
        assert await services.buddies.listeners(store, ada, Hears.EVERY) == [bob.chat_id]
        with pytest.raises(UserError):
            await services.buddies.accept(store, code, bob, MONDAY + timedelta(hours=2))
    assert (await reread(transaction, 1)).listeners == 1


async def test_a_coach_invite_links_an_athlete_and_schedules_the_digest(
    transaction: Transaction,
) -> None:
    coach = await sign_up(transaction, 1, "Coach", MONDAY)
    athlete = await sign_up(transaction, 2, "Athlete", MONDAY)
    async with transaction() as store:
        code = await services.invites.new(store, InviteKind.COACH, coach, MONDAY)
        assert await services.invites.kind_of(store, code) == InviteKind.COACH
    async with transaction() as store:
        linked = await services.coaching.accept(store, code, athlete, MONDAY)
    assert linked.user_id == coach.user_id
    async with transaction() as store:
        link = await services.coaching.coach_of(store, athlete)
        assert link is not None and link.coach_id == coach.user_id
        assert [a.user_id for a in await services.coaching.athletes(store, coach)] == [2]
        with pytest.raises(UserError):
            await services.coaching.accept(store, code, athlete, MONDAY)
        assert await store.coaching.due_digests(at("2026-11-09 07:59"), 10) == []
        assert await store.coaching.due_digests(at("2026-11-09 08:00"), 10) == [coach.user_id]
