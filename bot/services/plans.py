"""Plans written ahead, and what the runner usually does."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot import services
from bot.domain import plans
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile
from bot.services.ports import Storage

WEEK = timedelta(days=7)
USUAL_WINDOW = 10  # the latest sessions the usual activity is the most frequent of


async def plan(store: Storage, profile: Profile, text: str, now: datetime) -> plans.PlanSpec:
    spec = plans.parse_plan(text, services.base.today_for(profile, now), profile.language)
    await store.plans.set(profile.user_id, spec, now)
    return spec


async def set_plan(store: Storage, profile: Profile, spec: plans.PlanSpec, now: datetime) -> None:
    await store.plans.set(profile.user_id, spec, now)


async def clear_plan(store: Storage, profile: Profile, text: str, now: datetime) -> date:
    day = plans.plan_day(text.strip() or "today", services.base.today_for(profile, now))
    if not await store.plans.clear(profile.user_id, day):
        raise UserError(ErrorCode.NO_PLAN, day=day)
    return day


async def coming_week(store: Storage, profile: Profile, now: datetime) -> list[plans.PlanSpec]:
    today = services.base.today_for(profile, now)
    return await store.plans.between(profile.user_id, today, today + timedelta(days=6))


async def plan_for(store: Storage, profile: Profile, day: date) -> plans.PlanSpec | None:
    found = await store.plans.between(profile.user_id, day, day)
    return found[0] if found else None


async def what_works(store: Storage, profile: Profile, now: datetime) -> list[plans.Fit]:
    """Per activity over the last 12 weeks, the one the runner sticks with most first."""
    today = services.base.today_for(profile, now)
    sessions = await store.sessions.facts(profile.habit_id, today - plans.STICK_WINDOW)
    planned = await store.plans.between(profile.user_id, today - plans.STICK_WINDOW, today)
    return plans.what_works(sessions, planned, today)


async def usual_choice(store: Storage, profile: Profile, now: datetime) -> tuple[str, int] | None:
    """What one tap on Done logs without a plan: the activity the runner sticks with most, at
    its usual minutes; None when nothing in the last 12 weeks sticks."""
    for fit in await what_works(store, profile, now):
        if fit.sticks and fit.usual_minutes:
            return fit.activity, fit.usual_minutes
    return None


async def usual(store: Storage, profile: Profile, now: datetime) -> tuple[str, int] | None:
    """What one tap on Done logs without a plan: what the runner sticks with at its usual
    minutes, else the activity logged most often lately at its usual minutes; None when
    there is neither."""
    sticking = await usual_choice(store, profile, now)
    if sticking is not None:
        return sticking
    activity = await store.sessions.usual_activity(profile.user_id, USUAL_WINDOW)
    if activity is None:
        return None
    minutes = await services.sessions.usual_minutes(store, profile, activity)
    return (activity, minutes) if minutes else None
