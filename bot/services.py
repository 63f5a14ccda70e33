"""Use cases: each takes a Store and `now`, applies the domain rules and returns a result value."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain import parsing, streaks, zones
from bot.domain.errors import UserError
from bot.domain.model import Profile, Session
from bot.storage.repository import Store

RECENT_ACTIVITIES = 6
USUAL_MINUTES_WINDOW = 10


@dataclass(frozen=True, slots=True)
class Logged:
    session: Session
    week: streaks.WeekProgress
    today: date
    duplicate: bool  # the same message was logged before; nothing new was written


@dataclass(frozen=True, slots=True)
class Undone:
    session: Session
    week: streaks.WeekProgress
    today: date


def today_for(profile: Profile, now: datetime) -> date:
    return zones.local_date(now, profile.time_zone)


async def ensure_user(
    store: Store, user_id: int, chat_id: int, first_name: str, now: datetime
) -> tuple[Profile, bool]:
    """The runner's profile, created with defaults on first contact; True when new."""
    profile = await store.profile(user_id)
    if profile is not None:
        return profile, False
    await store.create_user(user_id, chat_id, first_name[:64], now.date(), now)
    created = await store.profile(user_id)
    assert created is not None
    return created, True


async def require_user(store: Store, user_id: int) -> Profile:
    profile = await store.profile(user_id)
    if profile is None:
        raise UserError("Send /start first and I'll set you up in a few taps.")
    return profile


async def week_of(store: Store, profile: Profile, today: date) -> streaks.WeekProgress:
    start = streaks.week_start(today, profile.week_start)
    days = await store.session_days(profile.habit_id, since=start)
    return streaks.week_progress(days, today, profile.target, profile.week_start)


async def log_session(
    store: Store,
    profile: Profile,
    *,
    activity: str,
    minutes: int,
    day: date,
    note: str | None,
    now: datetime,
    source: tuple[int, int] | None,
) -> Logged:
    """Store one session (once per source message) and report the week's progress."""
    today = today_for(profile, now)
    parsing.check_day(day, today)
    parsing.check_minutes(minutes)
    session = await store.add_session(
        user_id=profile.user_id,
        habit_id=profile.habit_id,
        activity=activity,
        minutes=minutes,
        day=day,
        note=note,
        now=now,
        source=source,
    )
    duplicate = session is None
    if session is None:
        assert source is not None
        session = await store.session_from_source(*source)
        assert session is not None
    return Logged(session, await week_of(store, profile, today), today, duplicate)


async def undo(
    store: Store, profile: Profile, now: datetime, session_id: int | None = None
) -> Undone:
    """Remove the most recent session, or the one named by an Undo button."""
    if session_id is None:
        session = await store.latest_session(profile.user_id)
        if session is None:
            raise UserError(
                "There is nothing to undo yet. Log a session first, e.g. /done kettlebell 15"
            )
    else:
        session = await store.session_of(profile.user_id, session_id)
        if session is None:
            raise UserError("That session is already gone.")
    await store.delete_session(profile.user_id, session.id)
    today = today_for(profile, now)
    return Undone(session, await week_of(store, profile, today), today)


async def recent_activities(store: Store, profile: Profile) -> list[str]:
    return await store.recent_activities(profile.user_id, RECENT_ACTIVITIES)


async def usual_minutes(store: Store, profile: Profile, activity: str) -> int | None:
    """The minutes most often logged for this activity lately (the latest on a tie)."""
    recent = await store.recent_minutes(profile.user_id, activity, USUAL_MINUTES_WINDOW)
    if not recent:
        return None
    counts = Counter(recent)
    return max(recent, key=lambda m: (counts[m], -recent.index(m)))


async def history(store: Store, profile: Profile, limit: int) -> list[Session]:
    return await store.recent_sessions(profile.user_id, limit)


async def set_zone(store: Store, profile: Profile, zone_name: str, now: datetime) -> None:
    await store.update_user(profile.user_id, now, time_zone=zone_name)


async def set_prompt(store: Store, profile: Profile, minute: int | None, now: datetime) -> None:
    await store.update_user(profile.user_id, now, prompt_minute=minute)


async def set_target(store: Store, profile: Profile, target: int, now: datetime) -> None:
    """A new target applies from the start of the current week on, never to the past."""
    start = streaks.week_start(today_for(profile, now), profile.week_start)
    await store.set_rule(profile.habit_id, start, target, profile.week_start)


async def set_onboarding(store: Store, profile: Profile, step: str | None, now: datetime) -> None:
    await store.update_user(profile.user_id, now, onboarding=step)


async def reactivate(store: Store, profile: Profile, chat_id: int, now: datetime) -> None:
    await store.update_user(profile.user_id, now, active=True, chat_id=chat_id)
