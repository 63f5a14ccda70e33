"""Small builders for the service tests: runners signed up and read back."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

from bot import services
from bot.domain.model import Profile
from bot.storage.store import Store

Transaction = Callable[[], AbstractAsyncContextManager[Store]]


def at(text: str) -> datetime:
    """An instant in UTC, e.g. at("2026-11-02 09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def sign_up(transaction: Transaction, user_id: int, name: str, now: datetime) -> Profile:
    """A runner who finished onboarding in UTC, with the default target of three days a week."""
    async with transaction() as store:
        profile, created = await services.runners.ensure_user(store, user_id, user_id, name, now)
        assert created
        await services.runners.set_onboarding(store, profile, None, now)
    return await reread(transaction, user_id)


async def reread(transaction: Transaction, user_id: int) -> Profile:
    """The runner's profile as stored now (a profile is a snapshot)."""
    async with transaction() as store:
        profile = await store.runners.get(user_id)
    assert profile is not None
    return profile
