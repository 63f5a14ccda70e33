"""Training sessions: logging, undoing, the usual activity and minutes, history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.domain import parsing, plans, streaks
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import NewSession, Profile, Session
from bot.services.base import calendar, summary, today_for
from bot.services.habits import NONE, Milestones, milestones
from bot.services.ports import HasSessions, SessionStore
from bot.services.rewards import NO_NEWS, RewardNews, settle_rewards

RECENT_ACTIVITIES = 6


USUAL_MINUTES_WINDOW = 10


@dataclass(frozen=True, slots=True)
class Logged:
    session: Session
    summary: streaks.Summary
    today: date
    duplicate: bool  # the same message was logged before; nothing new was written
    rewards: RewardNews = NO_NEWS
    met_week: date | None = None  # the start of the week this session brought to its target
    milestones: Milestones = NONE  # a comeback, "it's a habit now": told once each


@dataclass(frozen=True, slots=True)
class Undone:
    session: Session
    summary: streaks.Summary
    today: date
    taken_back: list[str]  # rewards whose unlock went with the session
    rewards: RewardNews = NO_NEWS
    weeks: list[streaks.WeekChange] = field(default_factory=list)  # no longer met (or met)


REPEAT_WINDOW = timedelta(minutes=5)  # the same /done again this soon is asked about first


async def repeated(
    store: SessionStore,
    profile: Profile,
    *,
    activity: str,
    minutes: int,
    day: date,
    note: str | None,
    now: datetime,
    source: tuple[int, int],
) -> Session | None:
    """The same session logged from another message moments ago: a second /done of it is
    more often a message sent twice than a second workout, so the bot asks before logging."""
    recent = await store.sessions.logged_since(
        profile.user_id, profile.habit_id, now - REPEAT_WINDOW
    )
    same = [s.id for s in recent if (s.activity, s.minutes, s.day) == (activity, minutes, day)]
    if not same:
        return None
    if await store.sessions.from_source(*source) is not None:
        return None  # this very message, delivered again: it is logged already
    earlier = await store.sessions.get(profile.user_id, max(same))
    return earlier if earlier is not None and earlier.note == note else None


async def log_again(
    store: SessionStore, profile: Profile, session_id: int, now: datetime, source: tuple[int, int]
) -> Logged:
    """Yes, log it twice: a copy of a session just logged (once per button message)."""
    earlier = await store.sessions.get(profile.user_id, session_id)
    if earlier is None:
        raise UserError(ErrorCode.SESSION_GONE)
    return await log_session(
        store, profile, activity=earlier.activity, minutes=earlier.minutes, day=earlier.day,
        note=earlier.note, now=now, source=source,
    )  # fmt: skip


async def log_session(
    store: SessionStore,
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
    new = NewSession(profile.user_id, profile.habit_id, activity, minutes, day, note, now, source)
    session = await store.sessions.add(new)
    if session is None:
        assert source is not None
        session = await store.sessions.from_source(*source)
        assert session is not None
        return Logged(session, await summary(store, profile, today), today, duplicate=True)
    news = await settle_rewards(store, profile, today, now, session.id)
    days = (await store.runners.calendar(profile.user_id, profile.habit_id)).days
    cal = await calendar(store, profile)  # the one settling the rewards judged the weeks of
    weeks = cal.weeks(today)
    result = cal.summary(today, weeks)
    # Met by this very session: a new day in its week that brings that week to the target.
    met_week = None
    told = NONE
    if days.count(day) == 1:
        week = next(w for w in reversed(weeks) if w.start <= day)
        if week.status is streaks.Status.MET and week.days_done == week.target:
            met_week = week.start
        told = await milestones(store, profile, cal, day, today, now)
    return Logged(session, result, today, False, news, met_week, told)


async def undo(
    store: SessionStore, profile: Profile, now: datetime, session_id: int | None = None
) -> Undone:
    """Remove the most recent session, or the one named by an Undo button."""
    if session_id is None:
        session = await store.sessions.latest(profile.user_id)
        if session is None:
            raise UserError(ErrorCode.NOTHING_TO_UNDO)
    else:
        session = await store.sessions.get(profile.user_id, session_id)
        if session is None:
            raise UserError(ErrorCode.UNDONE_ALREADY)
    today = today_for(profile, now)
    before = (await calendar(store, profile)).weeks(today)
    taken_back = await store.rewards.take_back_unlocks(session.id)
    await store.sessions.delete(profile.user_id, session.id)
    news = await settle_rewards(store, profile, today, now, None)
    cal = await calendar(store, profile)
    weeks = cal.weeks(today)
    changes = streaks.week_changes(before, weeks)
    return Undone(session, cal.summary(today, weeks), today, taken_back, news, changes)


async def recent_activities(store: SessionStore, profile: Profile) -> list[str]:
    return await store.sessions.recent_activities(profile.user_id, RECENT_ACTIVITIES)


async def usual_minutes(store: HasSessions, profile: Profile, activity: str) -> int | None:
    """The minutes most often logged for this activity lately (the latest on a tie)."""
    return plans.most_frequent(
        await store.sessions.recent_minutes(profile.user_id, activity, USUAL_MINUTES_WINDOW)
    )


@dataclass(frozen=True, slots=True)
class History:
    sessions: list[Session]
    weeks: list[streaks.Week]  # the runner's weeks, to group the sessions by
    today: date
    total: int = 0  # every session the runner has
    skip: int = 0  # newer sessions on the pages before this one

    @property
    def older(self) -> int:
        """Sessions older than the ones shown."""
        return max(0, self.total - self.skip - len(self.sessions))


async def history(
    store: SessionStore, profile: Profile, limit: int, now: datetime, skip: int = 0
) -> History:
    """A page of the runner's sessions, newest first, `skip` newer ones left out."""
    today = today_for(profile, now)
    cal = await calendar(store, profile)
    sessions = await store.sessions.recent(profile.user_id, limit, skip)
    total = await store.sessions.count(profile.user_id)
    return History(sessions, cal.weeks(today), today, total, skip)
