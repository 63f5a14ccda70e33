"""Fixing any past session: change its minutes, activity or day, or delete it, and say which
weeks that made met or no longer met."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot import services
from bot.domain import parsing, reader, streaks
from bot.domain.errors import ErrorCode, ParseError
from bot.domain.model import Profile, Session
from bot.domain.streaks import WeekChange, week_changes
from bot.services.ports import SessionStore
from bot.services.rewards import NO_NEWS, RewardNews

MAX_LISTED = 24  # sessions offered as buttons by /edit


@dataclass(frozen=True, slots=True)
class Edited:
    before: Session
    after: Session | None  # None when the session was deleted
    summary: streaks.Summary
    today: date
    weeks: list[WeekChange]
    taken_back: list[str]  # rewards whose unlock went with the old version of the session
    news: RewardNews = NO_NEWS  # unlocks the new version earned

    @property
    def changed(self) -> bool:
        return self.after != self.before


def first_editable(today: date) -> date:
    return today - parsing.MAX_DAYS_BACK * streaks.DAY


async def editable(store: SessionStore, profile: Profile, now: datetime) -> list[Session]:
    """The sessions of the last 30 days, newest first, that /edit offers."""
    today = services.base.today_for(profile, now)
    return await store.sessions.since(profile.user_id, first_editable(today), MAX_LISTED)


async def session_to_edit(
    store: SessionStore, profile: Profile, session_id: int, today: date
) -> Session:
    """The runner's own session, however old: any session can be fixed."""
    session = await store.sessions.get(profile.user_id, session_id)
    if session is None:
        raise ParseError(ErrorCode.SESSION_GONE)
    return session


def day_to_edit(text: str, today: date, language: str = "en") -> date:
    """The day after `/edit`: `12.10.`, `2026-10-12`, `yesterday`, `fri`, `nov 17`,
    `4 de diciembre`, ... (read as /done reads a day), at any distance back, never to come."""
    text = text.strip()
    day = parsing.parse_day(text, today) or _day_as_done_reads_it(text, today, language)
    if day is None:
        raise ParseError(ErrorCode.EDIT_DAY_UNREADABLE, text=text)
    if day > today and re.search(r"\d", text) and not re.search(r"\d{4}", text):
        # A day and month without a year: the latest one that has been, however long ago.
        with contextlib.suppress(ValueError):  # 29 February of a year without one
            day = day.replace(year=day.year - 1)
    if day > today:
        raise ParseError(ErrorCode.DAY_TO_COME, day=day, today=today)
    return day


def _day_as_done_reads_it(text: str, today: date, language: str) -> date | None:
    """The day of a line that names a day and nothing else, read by the reader of /done."""
    try:
        found = reader.read(text, today, language)
    except ParseError as error:
        if error.code is ErrorCode.NOT_A_DATE:
            raise
        if error.code is ErrorCode.DAY_VAGUE:  # "last week": ask for one day, as /done does
            raise ParseError(ErrorCode.DAY_VAGUE, text=error.params["text"], edit=True) from None
        return None
    if found.activity is not None or found.minutes is not None or found.words or found.unknown:
        return None
    return found.day


async def sessions_on(store: SessionStore, profile: Profile, day: date) -> list[Session]:
    """The runner's sessions on one day, for /edit with a date: the latest logged first."""
    return list(reversed(await store.sessions.on_day(profile.user_id, day)))


def _moved_day(day: date, today: date) -> date:
    """A session moves to any day that has happened: an old one may move too."""
    if day > today:
        raise ParseError(ErrorCode.DAY_TO_COME, day=day, today=today)
    return day


async def edit(
    store: SessionStore,
    profile: Profile,
    session_id: int,
    now: datetime,
    *,
    minutes: int | None = None,
    day: date | None = None,
    activity: str | None = None,
    delete: bool = False,
) -> Edited:
    """Change or delete one past session; every streak and reward follows from the sessions.

    An edit is an undo of the old version and a log of the new one: the unlocks the old
    version earned and nobody claimed are taken back as /undo does, then the rewards are
    settled again, so what the new version still earns is earned again.
    """
    today = services.base.today_for(profile, now)
    before = await session_to_edit(store, profile, session_id, today)
    after = replace(
        before,
        minutes=parsing.check_minutes(minutes) if minutes is not None else before.minutes,
        day=_moved_day(day, today) if day is not None else before.day,
        activity=parsing.normalise_activity(activity) if activity is not None else before.activity,
    )
    old_weeks = (await services.base.calendar(store, profile)).weeks(today)
    if delete:
        undone = await services.sessions.undo(store, profile, now, session_id)
        taken_back, news, result = undone.taken_back, undone.rewards, None
    elif after == before:
        summary = (await services.base.calendar(store, profile)).summary(today)
        return Edited(before, before, summary, today, [], [])
    else:
        taken_back = await store.rewards.take_back_unlocks(session_id)
        await store.sessions.change(profile.user_id, session_id, activity=after.activity,
                                   minutes=after.minutes, day=after.day)  # fmt: skip
        news = await services.rewards.settle_rewards(store, profile, today, now, session_id)
        taken_back, news = _net(taken_back, news)
        result = after
    cal = await services.base.calendar(store, profile)
    changes = week_changes(old_weeks, cal.weeks(today))
    return Edited(before, result, cal.summary(today), today, changes, taken_back, news)


def _net(taken_back: list[str], news: RewardNews) -> tuple[list[str], RewardNews]:
    """A reward taken back and earned again by the same edit is no news either way."""
    again = {u.name for u in news.unlocked}
    gone = set(taken_back)
    return (
        [name for name in taken_back if name not in again],
        RewardNews([u for u in news.unlocked if u.name not in gone], news.restarted, None),
    )
