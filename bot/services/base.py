"""What every use case needs: the runner, today on their clock, and their calendar."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain import streaks, zones
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile
from bot.services.ports import RunnerStore


def today_for(profile: Profile, now: datetime) -> date:
    return zones.local_date(now, profile.time_zone)


async def require_user(store: RunnerStore, user_id: int) -> Profile:
    profile = await store.runners.get(user_id)
    if profile is None:
        raise UserError(ErrorCode.NOT_STARTED)
    return profile


async def calendar(store: RunnerStore, profile: Profile) -> streaks.Calendar:
    return await store.runners.calendar_of(profile.user_id, profile.habit_id)


async def summary(store: RunnerStore, profile: Profile, today: date) -> streaks.Summary:
    return (await calendar(store, profile)).summary(today)
