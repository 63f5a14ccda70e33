"""Plans written ahead, and what the runner usually does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot import services
from bot.domain import plans
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile
from bot.domain.parsing import normalise_activity
from bot.services.ports import CoachingStore, HasPlans, PlanStore

WEEK = timedelta(days=7)
USUAL_WINDOW = 10  # the latest sessions the usual activity is the most frequent of


async def plan(store: PlanStore, profile: Profile, text: str, now: datetime) -> plans.PlanSpec:
    spec = plans.parse_plan(text, services.base.today_for(profile, now), profile.language)
    plans.check_plan_time(spec, profile.time_zone, now)
    await write(store, profile, spec, now)
    return spec


async def set_plan(
    store: PlanStore, profile: Profile, spec: plans.PlanSpec, now: datetime
) -> plans.PlanRecord | None:
    plans.check_plan_time(spec, profile.time_zone, now)
    return await write(store, profile, spec, now)


async def write_plan(
    store: PlanStore,
    profile: Profile,
    day: date,
    activity: str,
    minutes: int,
    details: str | None,
    now: datetime,
    at: time | None = None,
) -> tuple[plans.PlanSpec, plans.PlanRecord | None]:
    """The runner's own plan for a day (at a clock time, if `at`), from its parts (the Mini
    App's form); the plan of the same activity that day it changed, if any."""
    today = services.base.today_for(profile, now)
    spec = plans.make_plan(day, activity, minutes, details, today, at)
    return spec, await write(store, profile, spec, now)


async def write(
    store: PlanStore,
    owner: Profile,
    spec: plans.PlanSpec,
    now: datetime,
    coach_id: int | None = None,
) -> plans.PlanRecord | None:
    """Write a plan on the owner's calendar. A day holds several; the plan of the same activity
    that day changes instead (keeping its uid, so calendars update the same event). A coach
    changes only a plan they wrote: the runner's own stays beside theirs. The plan it changed,
    if any."""
    same = await store.plans.live(owner.user_id, spec.day, spec.activity)
    if coach_id is not None:
        same = [p for p in same if p.coach_id == coach_id]
    lead = await store.plans.remind_minutes(owner.user_id)
    due = plans.reminder_due(spec, owner.time_zone, lead, now)
    if not same:
        await store.plans.add(owner.user_id, spec, now, coach_id, due)
        return None
    old = same[0]
    # A reminder already sent for this very time is not sent again for a change of details.
    kept = old.reminded and (old.spec.day, old.spec.at) == (spec.day, spec.at)
    await store.plans.change(old.uid, spec, now, coach_id, None if kept else due, reminded=kept)
    return old


def _clear_words(text: str, today: date) -> tuple[date, str | None]:
    """`tue` or `tue kettlebell`: the day, and the activity when one is named."""
    day_word, _, activity = text.strip().partition(" ")
    day = plans.plan_day(day_word or "today", today)
    return day, normalise_activity(activity) if activity.strip() else None


async def clear_plan(
    store: PlanStore, profile: Profile, text: str, now: datetime
) -> tuple[date, list[plans.PlanRecord]]:
    """`/plan clear tue` (the day's plans) or `/plan clear tue kettlebell` (that one): the day
    and the plans cancelled."""
    day, activity = _clear_words(text, services.base.today_for(profile, now))
    found = await store.plans.live(profile.user_id, day, activity)
    if not found:
        raise UserError(ErrorCode.NO_PLAN, day=day)
    await store.plans.cancel([p.uid for p in found], now)
    return day, found


async def clear_plan_by(
    store: PlanStore, coach: Profile, athlete: Profile, text: str, now: datetime
) -> tuple[date, list[plans.PlanRecord]]:
    """`/plan @ada clear thu [activity]`: the plans this coach wrote for the athlete that day."""
    day, activity = _clear_words(text, services.base.today_for(athlete, now))
    found = [
        p for p in await store.plans.live(athlete.user_id, day, activity)
        if p.coach_id == coach.user_id
    ]  # fmt: skip
    if not found:
        raise UserError(ErrorCode.NO_COACH_PLAN, athlete=athlete.first_name, day=day)
    await store.plans.cancel([p.uid for p in found], now)
    return day, found


# -- /plan ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PickAthlete:
    """A coach typed a plan without naming whom it is for: their athletes (and themselves) to
    pick from."""

    choices: list[tuple[int, str]]  # (user id, name)


@dataclass(frozen=True, slots=True)
class WeekCopied:
    """`/plan week`: this week's plans, written again a week later."""

    today: date
    specs: list[plans.PlanSpec]


@dataclass(frozen=True, slots=True)
class DayCleared:
    """`/plan clear tue [activity]`; `coach_chat`: the coach to tell, when a plan of theirs went."""

    today: date
    day: date
    count: int
    coach_chat: int | None


@dataclass(frozen=True, slots=True)
class PlanSet:
    """A plan written (`changed`: in place of the day's plan of the same activity);
    `coach_chat`: the coach to tell, when it replaced a plan of theirs."""

    today: date
    spec: plans.PlanSpec
    changed: bool
    remind: int | None  # the reminder lead
    coach_chat: int | None


@dataclass(frozen=True, slots=True)
class PlannedForAthlete:
    """Plans a coach wrote (a plan, or a week copied) on an athlete's calendar."""

    athlete: str  # their name
    athlete_chat: int
    specs: list[plans.PlanSpec]
    today: date  # the coach's
    athlete_today: date


@dataclass(frozen=True, slots=True)
class ClearedForAthlete:
    """The plans a coach wrote for an athlete on a day, cleared."""

    athlete: str
    athlete_chat: int
    day: date
    specs: list[plans.PlanSpec]


OwnPlan = WeekCopied | DayCleared | PlanSet
AthletePlan = PlannedForAthlete | ClearedForAthlete


async def plan_or_pick(
    store: CoachingStore, profile: Profile, text: str, now: datetime, language: str
) -> OwnPlan | PickAthlete:
    """`/plan <day> <activity> <minutes> [details]`, `/plan week`, `/plan clear <day>`: a coach
    with athletes picks whom a plan (or a week) is for first, once it reads as one."""
    first, _, _ = text.partition(" ")
    if text and first.lower() != "clear":
        roster = [(a.user_id, a.name) for a in await services.coaching.athletes(store, profile)]
        if roster:
            if text.lower() != "week":
                # Bad input is answered now, not after a button: the plan must read for someone.
                plans.parse_plan(text, services.base.today_for(profile, now), language)
            return PickAthlete(roster)
    return await own_plan(store, profile, text, now, language)


async def own_plan(
    store: CoachingStore, profile: Profile, text: str, now: datetime, language: str
) -> OwnPlan:
    """The runner's own plan: a week copied, a day cleared or a plan set."""
    today = services.base.today_for(profile, now)
    first, _, rest = text.partition(" ")
    if first.lower() == "week" and not rest:
        return WeekCopied(today, await services.coaching.copy_week(store, profile, now))
    if first.lower() == "clear":
        day, dropped = await clear_plan(store, profile, rest, now)
        coach = await services.coaching.coach_to_tell(store, profile, dropped)
        return DayCleared(today, day, len(dropped), coach.chat_id if coach else None)
    spec = plans.parse_plan(text, today, language)
    old = await set_plan(store, profile, spec, now)
    remind = await remind_setting(store, profile)
    coach = await services.coaching.coach_to_tell(store, profile, [old] if old else [])
    return PlanSet(today, spec, old is not None, remind, coach.chat_id if coach else None)


async def for_athlete(
    store: CoachingStore, coach: Profile, athlete_id: int, text: str, now: datetime
) -> AthletePlan:
    """A plan a coach writes (or a week copied, or a day cleared: `clear thu`) for one of their
    athletes."""
    chosen = await services.coaching.athlete(store, coach, athlete_id)
    first, _, rest = text.partition(" ")
    if first.lower() == "clear":
        day, dropped = await services.coaching.clear_for_athlete(store, coach, chosen, rest, now)
        return ClearedForAthlete(chosen.name, chosen.chat_id, day, [p.spec for p in dropped])
    specs = await services.coaching.plan_for_athlete(store, coach, chosen, text, now)
    athlete = await services.base.require_user(store, chosen.user_id)
    return PlannedForAthlete(chosen.name, chosen.chat_id, specs,
                             services.base.today_for(coach, now),
                             services.base.today_for(athlete, now))  # fmt: skip


# -- reminders ----------------------------------------------------------------------------------


async def reschedule_reminders(store: HasPlans, profile: Profile, now: datetime) -> None:
    """Reminders of the runner's timed plans to come, after a change of zone or lead time; a
    reminder already sent stays sent."""
    lead = await store.plans.remind_minutes(profile.user_id)
    today = services.base.today_for(profile, now)
    for record in await store.plans.timed_from(profile.user_id, today - timedelta(days=1)):
        if not record.reminded:
            due = plans.reminder_due(record.spec, profile.time_zone, lead, now)
            await store.plans.set_remind_at(record.uid, due)


async def remind_setting(store: PlanStore, profile: Profile) -> int | None:
    return await store.plans.remind_minutes(profile.user_id)


async def set_remind(
    store: PlanStore, profile: Profile, minutes: int | None, now: datetime
) -> None:
    """How long before a timed plan its reminder comes (None: no reminders)."""
    await store.plans.set_remind_minutes(profile.user_id, minutes)
    await reschedule_reminders(store, profile, now)


@dataclass(frozen=True, slots=True)
class Reminder:
    """A claimed reminder, ready to send."""

    chat_id: int
    language: str
    spec: plans.PlanSpec
    lead: int  # minutes until the plan's time


async def claim_reminders(
    store: PlanStore, now: datetime, limit: int, grace: timedelta
) -> tuple[list[Reminder], int]:
    """Claim the due reminders (each at most once, ever) and keep those still worth sending: not
    late past `grace` (the bot was down), the runner active and not paused that day, and no
    session logged that day yet. The reminders, and how many were claimed."""
    claimed = await store.plans.claim_reminders(now, limit)
    wanted = []
    for due in claimed:
        if now - due.due_at > grace:
            continue
        profile = await store.runners.get(due.user_id, with_calendar=True)
        if profile is None or not profile.active:
            continue
        cal = await services.base.calendar(store, profile)
        spec = due.record.spec
        if spec.day in cal.days or cal.paused(spec.day):
            continue
        start = plans.starts_at(spec, profile.time_zone)
        lead = max(0, round((start - now).total_seconds() / 60))
        wanted.append(Reminder(profile.chat_id, profile.language, spec, lead))
    return wanted, len(claimed)


async def coming_week(store: PlanStore, profile: Profile, now: datetime) -> list[plans.PlanSpec]:
    today = services.base.today_for(profile, now)
    return await store.plans.between(profile.user_id, today, today + timedelta(days=6))


COMING_WEEKS = 8  # how far ahead /plans lists


async def coming(store: PlanStore, profile: Profile, now: datetime) -> list[plans.PlanSpec]:
    """Every plan from today over the next `COMING_WEEKS` weeks, day by day: /plans."""
    today = services.base.today_for(profile, now)
    last = today + timedelta(weeks=COMING_WEEKS, days=-1)
    return await store.plans.between(profile.user_id, today, last)


async def plan_for(store: PlanStore, profile: Profile, day: date) -> plans.PlanSpec | None:
    found = await store.plans.between(profile.user_id, day, day)
    return found[0] if found else None


async def what_works(store: PlanStore, profile: Profile, now: datetime) -> list[plans.Fit]:
    """Per activity over the last 12 weeks, the one the runner sticks with most first."""
    today = services.base.today_for(profile, now)
    sessions = await store.sessions.facts(profile.habit_id, today - plans.STICK_WINDOW)
    planned = await store.plans.between(profile.user_id, today - plans.STICK_WINDOW, today)
    return plans.what_works(sessions, planned, today)


async def usual_choice(store: PlanStore, profile: Profile, now: datetime) -> tuple[str, int] | None:
    """What one tap on Done logs without a plan: the activity the runner sticks with most, at
    its usual minutes; None when nothing in the last 12 weeks sticks."""
    for fit in await what_works(store, profile, now):
        if fit.sticks and fit.usual_minutes:
            return fit.activity, fit.usual_minutes
    return None


async def usual(store: PlanStore, profile: Profile, now: datetime) -> tuple[str, int] | None:
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
