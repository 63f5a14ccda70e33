"""The run as the cue: after a run, the strength that comes next, now or once reminded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.checkins import CheckinKind
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile
from bot.services import checkins, plans
from bot.services.base import calendar, today_for
from bot.services.ports import CheckinStore

REMIND_AFTER = (30, 60, 90)  # minutes


@dataclass(frozen=True, slots=True)
class Cue:
    """What a reported run is answered with."""

    today: date
    offer: tuple[str, int, str | None] | None  # what Done logs: activity, minutes, details
    planned: bool  # the offer is today's plan
    done_today: bool  # strength is logged today already: nothing to offer
    coach: str | None = None  # the coach who wrote today's plan, if one did


async def after_run(store: CheckinStore, profile: Profile, now: datetime) -> Cue:
    """Today's plan if there is one, else the runner's usual (what a check-in's Done logs)."""
    today = today_for(profile, now)
    if today in (await calendar(store, profile)).days:
        return Cue(today, None, planned=False, done_today=True)
    plan = await plans.plan_for(store, profile, today)
    offer = await checkins.what_done_logs(store, profile, today, now)
    coach = plan.coach if plan is not None else None
    return Cue(today, offer, plan is not None, done_today=False, coach=coach)


async def remind(
    store: CheckinStore, profile: Profile, day: date, after: int, now: datetime
) -> datetime | None:
    """Remind the runner once, `after` minutes from now, unless a session is logged by then;
    None when today's reminder has gone out already."""
    if after not in REMIND_AFTER:
        raise UserError(ErrorCode.CHECKIN_EXPIRED, day=day)
    today = today_for(profile, now)
    if day != today:
        raise UserError(ErrorCode.CHECKIN_EXPIRED, day=day)
    if await store.checkins.last_day(profile.user_id, CheckinKind.CUE) == today:
        return None
    due = now + timedelta(minutes=after)
    await store.checkins.set_schedule(profile.user_id, CheckinKind.CUE, due)
    return due
