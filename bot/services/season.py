"""A runner's whole season at a glance (the Mini App's calendar), and who may open it: the
runner, or their coach as far as the runner allows (`/coach settings`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain import plans, rewards, streaks
from bot.domain.coaches import Sees
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile, Session
from bot.services import coaching
from bot.services.base import calendar, require_user, today_for
from bot.services.ports import SeasonStore
from bot.services.rewards import reward_progress

AHEAD = timedelta(days=13)  # the coming two weeks, today included
DAY_SESSIONS = 50  # a day's sessions shown when it is tapped


@dataclass(frozen=True, slots=True)
class Reach:
    """The runner a viewer opens: `sees` is None for their own season, else what the runner
    lets their coach see."""

    viewer: Profile
    runner: Profile
    sees: Sees | None

    @property
    def own(self) -> bool:
        return self.sees is None

    @property
    def sessions_shown(self) -> bool:
        return self.sees is not Sees.WEEK


async def reach(store: SeasonStore, viewer: Profile, runner_id: int) -> Reach:
    """The viewer themselves, or an accepted athlete of theirs; NOT_YOUR_ATHLETE otherwise."""
    if runner_id == viewer.user_id:
        return Reach(viewer, viewer, None)
    chosen = await coaching.athlete(store, viewer, runner_id)
    runner = await store.runners.get(chosen.user_id, with_calendar=True)
    if runner is None:
        raise UserError(ErrorCode.NOT_YOUR_ATHLETE)
    return Reach(viewer, runner, chosen.sees)


@dataclass(frozen=True, slots=True)
class Season:
    reach: Reach
    today: date
    summary: streaks.Summary
    weeks: list[streaks.Week]  # oldest first, as the calendar judges them
    minutes: dict[date, int]  # minutes per day with a session; empty when not shown
    paused: frozenset[date]
    strength: list[tuple[date, float]]  # at the end of each week, and today
    rewards: list[tuple[rewards.Reward, rewards.Progress]]  # only in the runner's own season
    plans: list[plans.PlanSpec]  # the coming two weeks; empty when not shown


async def season(store: SeasonStore, found: Reach, now: datetime) -> Season:
    """Every week of the runner's, with what the viewer may see of it."""
    runner = found.runner
    today = today_for(runner, now)
    cal = await calendar(store, runner)
    weeks = cal.weeks(today)
    summary = cal.summary(today, weeks)
    first = weeks[0].start if weeks else today
    paused = frozenset(cal.paused_days(first, today))
    marks = [min(w.end, today + streaks.DAY) - streaks.DAY for w in weeks]
    strength = cal.strength_at(marks) if found.sessions_shown else []
    minutes: dict[date, int] = {}
    coming: list[plans.PlanSpec] = []
    earned: list[tuple[rewards.Reward, rewards.Progress]] = []
    if found.sessions_shown:
        for day, mins, _ in await store.sessions.facts(runner.habit_id):
            minutes[day] = minutes.get(day, 0) + mins
        coming = await store.plans.between(runner.user_id, today, today + AHEAD)
    else:
        paused = frozenset()  # the week and the streak only: not which days, nor pauses
    if found.own:
        items = await store.rewards.of(runner.user_id)
        earned = list(zip(items, await reward_progress(store, runner, today, items), strict=True))
    return Season(found, today, summary, weeks, minutes, paused, strength, earned, coming)


@dataclass(frozen=True, slots=True)
class Day:
    reach: Reach
    day: date
    today: date
    sessions: list[Session]  # notes removed unless the runner shares them
    plans: list[plans.PlanSpec]  # every plan of the day, in the order of the day


async def day(store: SeasonStore, found: Reach, day: date, now: datetime) -> Day:
    """One day's sessions and plans, as the viewer may see them."""
    runner = found.runner
    today = today_for(runner, now)
    if not found.sessions_shown:
        raise UserError(ErrorCode.NOT_YOUR_ATHLETE)
    sessions = await store.sessions.on_day(runner.user_id, day, DAY_SESSIONS)
    if found.sees is Sees.ALL:
        sessions = [_without_note(s) for s in sessions]
    planned = await store.plans.between(runner.user_id, day, day)
    return Day(found, day, today, sessions, sorted(planned, key=plans.order_key))


def _without_note(session: Session) -> Session:
    from dataclasses import replace

    return replace(session, note=None)


async def viewer(store: SeasonStore, user_id: int, *, with_calendar: bool = False) -> Profile:
    """The signed-in user's profile; NOT_STARTED until they have talked to the bot.
    `with_calendar` reads their calendar, sessions and rewards in the same query."""
    if not with_calendar:
        return await require_user(store, user_id)
    profile = await store.runners.get(user_id, with_calendar=True)
    if profile is None:
        raise UserError(ErrorCode.NOT_STARTED)
    return profile
