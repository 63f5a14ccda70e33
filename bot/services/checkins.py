"""Check-in use cases: scheduling, claiming what is due, deciding what (if anything) to say.

Every instant is UTC and every decision takes `now`; only the dispatcher job reads the clock.
A check-in is claimed (one row per runner, kind and local date) before it is sent, so a restart
never sends it twice; a crash between claim and send loses it, which beats sending two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot import services
from bot.domain import schedule, streaks, zones
from bot.domain.buddies import Hears
from bot.domain.checkins import CheckinAnswer, CheckinKind, CheckinStatus, CheckinStyle
from bot.domain.model import CheckinKey, DueSchedule, Profile, ScheduleAt
from bot.domain.plans import PlanSpec
from bot.metrics import CHECKINS
from bot.services.ports import CheckinStore, ScheduleStore


@dataclass(frozen=True, slots=True)
class Due:
    """A claimed check-in, ready to be prepared and sent."""

    checkin_id: int
    user_id: int
    kind: CheckinKind
    day: date


@dataclass(frozen=True, slots=True)
class Prompt:
    """What to send for a check-in."""

    due: Due
    profile: Profile
    style: CheckinStyle
    state: schedule.DayState
    summary: streaks.Summary
    rewards: services.rewards.RewardNews  # unlocks and restarts this check-in is first to see
    usual: tuple[str, int] | None  # activity and minutes the Done button logs
    week: services.stats.Stats | None = None  # the weekly summary shows the week at a glance
    plan: PlanSpec | None = None  # the workout written down for the day
    buddy_chats: tuple[int, ...] = ()  # buddies to tell about an at-risk week or the summary
    also_planned: tuple[PlanSpec, ...] = ()  # the day's other plans, after `plan`


def has_checkins(profile: Profile) -> bool:
    """Check-ins wait for a time the runner chose (or the end of their onboarding), so nobody
    is asked at a default hour in a zone they never picked; a runner who blocked the bot gets
    none."""
    return profile.active and (profile.onboarding is None or profile.prompt_minute is not None)


async def reschedule(store: ScheduleStore, profile: Profile, now: datetime) -> None:
    """Recompute every check-in of a runner after a change of zone, times or status."""
    zone_name = profile.time_zone
    morning = evening = summary = None
    if has_checkins(profile):
        if profile.prompt_minute is not None and profile.prompt_days:
            morning = schedule.next_daily(
                now, profile.prompt_minute, zone_name, days=profile.prompt_days,
                after_day=await store.checkins.last_day(profile.user_id, CheckinKind.MORNING),
            )  # fmt: skip
        evening = schedule.next_daily(
            now, profile.evening_minute, zone_name,
            after_day=await store.checkins.last_day(profile.user_id, CheckinKind.EVENING),
        )  # fmt: skip
        summary = schedule.next_week_end(
            now, zone_name, profile.week_start,
            after_day=await store.checkins.last_day(profile.user_id, CheckinKind.SUMMARY),
        )  # fmt: skip
    await store.checkins.set_schedule(profile.user_id, CheckinKind.MORNING, morning)
    await store.checkins.set_schedule(profile.user_id, CheckinKind.EVENING, evening)
    await store.checkins.set_schedule(profile.user_id, CheckinKind.SUMMARY, summary)
    await services.plans.reschedule_reminders(store, profile, now)


async def reschedule_runner(store: ScheduleStore, user_id: int, now: datetime) -> None:
    """`reschedule` after a change to the runner's zone, times or status, read afresh."""
    profile = await store.runners.get(user_id)
    if profile is not None:
        await reschedule(store, profile, now)


async def claim_due(store: ScheduleStore, now: datetime, limit: int, grace: timedelta) -> list[Due]:
    """Claim up to `limit` due check-ins and move each schedule on to its next date.

    One claimed late by more than `grace` (the bot was down) is skipped, never sent stale.
    A handful of statements serve the whole batch, however large.
    """
    rows = await store.checkins.due(now, limit)
    wanted: list[CheckinKey] = []
    moves: list[ScheduleAt] = []
    done: list[ScheduleAt] = []
    for row in rows:
        day = zones.local_date(row.due_at, row.time_zone)
        after = now
        if row.kind == CheckinKind.CUE:  # asked for once: it goes (or goes stale) and is done
            if now - row.due_at <= grace:
                wanted.append(CheckinKey(row.user_id, row.kind, day))
            done.append(ScheduleAt(row.user_id, row.kind, row.due_at))
            continue
        if now - row.due_at <= grace:
            wanted.append(CheckinKey(row.user_id, row.kind, day))
        else:
            # Skipped as stale: a later date that is still within the grace is due next.
            after = now - grace
        week_start = (
            await store.runners.week_start(row.user_id) if row.kind == CheckinKind.SUMMARY else 0
        )
        moves.append(ScheduleAt(row.user_id, row.kind, _next(row, week_start, after, day)))
    claimed = await store.checkins.claim(wanted, now)
    await store.checkins.move_schedules(moves)
    await store.checkins.drop_schedules(done)
    CHECKINS.labels("skipped").inc(len(rows) - len(wanted))
    return [Due(claimed[key], *key) for key in wanted if key in claimed]


def _next(row: DueSchedule, week_start: int, after: datetime, served: date) -> datetime:
    if row.kind == CheckinKind.MORNING and row.prompt_minute is not None and row.prompt_days:
        return schedule.next_daily(
            after, row.prompt_minute, row.time_zone, days=row.prompt_days, after_day=served
        )
    if row.kind == CheckinKind.SUMMARY:
        return schedule.next_week_end(after, row.time_zone, week_start, served)
    return schedule.next_daily(after, row.evening_minute, row.time_zone, after_day=served)


async def day_state(
    store: CheckinStore,
    profile: Profile,
    day: date,
    cal: streaks.Calendar | None = None,
    plan: PlanSpec | None = None,
) -> schedule.DayState:
    cal = cal or await services.base.calendar(store, profile)
    answer = await store.checkins.answer_of(profile.user_id, day)
    return schedule.DayState(
        logged_today=day in cal.days,
        paused=cal.paused(day),
        rest_day=answer == CheckinAnswer.REST,
        tonight=answer == CheckinAnswer.TONIGHT,
        week=cal.progress(day),
        planned=plan is not None,
    )


async def prepare(store: CheckinStore, due: Due, now: datetime) -> Prompt | None:
    """The message a claimed check-in should carry, or None when there is nothing to say."""
    profile = await store.runners.get(due.user_id)
    if profile is None or not profile.active:
        return None
    cal = await services.base.calendar(store, profile)
    day_plans = await store.plans.between(profile.user_id, due.day, due.day)
    plan = day_plans[0] if day_plans else None
    state = await day_state(store, profile, due.day, cal, plan)
    if due.kind == CheckinKind.MORNING:
        style = schedule.morning_kind(state, profile.quiet_when_met)
    elif due.kind == CheckinKind.EVENING:
        style = _evening_style(state) if schedule.evening_due(state) else None
    elif due.kind == CheckinKind.CUE:
        # Skipped when a session is logged meanwhile (or the day is paused).
        style = None if state.logged_today or state.paused else CheckinStyle.CUE
    else:
        style = None if state.paused else CheckinStyle.SUMMARY
    if style is None:
        return None
    summary = cal.summary(due.day)
    news = await services.rewards.settle_rewards(store, profile, due.day, now, None)
    usual = await services.plans.usual(store, profile, now)
    week = (
        await services.stats.stats(store, profile, now) if due.kind == CheckinKind.SUMMARY else None
    )
    hears = {CheckinStyle.AT_RISK: Hears.RISK_MET, CheckinStyle.SUMMARY: Hears.WEEKLY}.get(style)
    chats = await services.buddies.listeners(store, profile, hears) if hears else []
    return Prompt(due, profile, style, state, summary, news, usual, week, plan, tuple(chats),
                  tuple(day_plans[1:]))  # fmt: skip


def _evening_style(state: schedule.DayState) -> CheckinStyle:
    if state.tonight:
        return CheckinStyle.TONIGHT
    return CheckinStyle.PLAN if state.planned else CheckinStyle.AT_RISK


async def prepare_or_quiet(store: CheckinStore, due: Due, now: datetime) -> Prompt | None:
    """`prepare`, and a check-in with nothing to say finished as quiet at once."""
    prompt = await prepare(store, due, now)
    if prompt is None:
        await finish(store, due, CheckinStatus.QUIET)
    return prompt


async def blocked(store: CheckinStore, due: Due, now: datetime) -> None:
    """The runner blocked the bot: the check-in did not go, and no more until they come back."""
    await store.runners.update(due.user_id, now, active=False)
    await reschedule_runner(store, due.user_id, now)


async def what_done_logs(
    store: CheckinStore, profile: Profile, day: date, now: datetime
) -> tuple[str, int, str | None] | None:
    """What a check-in's Done button logs: the day's plan exactly (its details as the note) if
    there is one, else what the runner sticks with at its usual minutes, else their usual;
    None when there is none of these (the button then asks for the minutes)."""
    planned = await services.plans.plan_for(store, profile, day)
    if planned is not None:
        return planned.activity, planned.minutes, planned.details
    usual = await services.plans.usual(store, profile, now)
    return (*usual, None) if usual else None


async def log_done(
    store: CheckinStore, profile: Profile, day: date, now: datetime, source: tuple[int, int]
) -> services.buddies.Shared | None:
    """Done under a check-in: log `what_done_logs`; None when it has nothing to log."""
    choice = await what_done_logs(store, profile, day, now)
    if choice is None:
        return None
    activity, minutes, note = choice
    return await services.buddies.log_shared(
        store, profile, activity=activity, minutes=minutes, day=day, note=note, now=now,
        source=source,
    )  # fmt: skip


async def finish(
    store: CheckinStore, due: Due, status: CheckinStatus, message_id: int | None = None
) -> None:
    await store.checkins.finish(due.checkin_id, status, message_id)


async def answer(
    store: CheckinStore, profile: Profile, day: date, choice: CheckinAnswer, now: datetime
) -> None:
    """Tonight or Rest day, pressed under a morning check-in."""
    await store.checkins.answer(profile.user_id, day, choice, now)
