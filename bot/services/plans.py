"""Plans written ahead, and what the runner usually does."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot import services
from bot.domain import plans
from bot.domain.errors import UserError
from bot.domain.model import Profile
from bot.storage.repository import Store

WEEK = timedelta(days=7)


async def plan(store: Store, profile: Profile, text: str, now: datetime) -> plans.PlanSpec:
    spec = plans.parse_plan(text, services.base.today_for(profile, now))
    await store.set_plan(profile.user_id, spec, now)
    return spec


async def set_plan(store: Store, profile: Profile, spec: plans.PlanSpec, now: datetime) -> None:
    await store.set_plan(profile.user_id, spec, now)


async def clear_plan(store: Store, profile: Profile, text: str, now: datetime) -> date:
    day = plans.plan_day(text.strip() or "today", services.base.today_for(profile, now))
    if not await store.clear_plan(profile.user_id, day):
        raise UserError(f"There is no plan for {day:%a %d %b}. See them with /plans, e.g. /plans")
    return day


async def coming_week(store: Store, profile: Profile, now: datetime) -> list[plans.PlanSpec]:
    today = services.base.today_for(profile, now)
    return await store.plans(profile.user_id, today, today + timedelta(days=6))


async def plan_for(store: Store, profile: Profile, day: date) -> plans.PlanSpec | None:
    found = await store.plans(profile.user_id, day, day)
    return found[0] if found else None


async def what_works(store: Store, profile: Profile, now: datetime) -> list[plans.Fit]:
    """Per activity over the last 12 weeks, the one the runner sticks with most first."""
    today = services.base.today_for(profile, now)
    sessions = await store.session_facts(profile.habit_id, today - plans.STICK_WINDOW)
    planned = await store.plans(profile.user_id, today - plans.STICK_WINDOW, today)
    return plans.what_works(sessions, planned, today)


async def usual_choice(store: Store, profile: Profile, now: datetime) -> tuple[str, int] | None:
    """What one tap on Done logs without a plan: the activity the runner sticks with most, at
    its usual minutes; None when nothing in the last 12 weeks sticks."""
    for fit in await what_works(store, profile, now):
        if fit.sticks and fit.usual_minutes:
            return fit.activity, fit.usual_minutes
    return None
