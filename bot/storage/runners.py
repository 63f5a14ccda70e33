"""Runners: their profile and settings, weekly rules, pauses and calendar."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any, Unpack

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import model
from bot.domain.habits import Milestone as MilestoneKind
from bot.domain.streaks import Calendar, CalendarFacts
from bot.domain.streaks import Pause as PauseSpan
from bot.storage.base import Known, Repository, json_rows, session_rows
from bot.storage.calendars import CalendarCache
from bot.storage.models import (
    Buddy,
    Group,
    Habit,
    Milestone,
    Pause,
    Reward,
    Schedule,
    TrainingSession,
    User,
    WeekRule,
)
from bot.storage.rewards import reward_rows, rewards_column


class RunnerRepository(Repository):
    """A runner's account, rules and pauses; their calendar in one query."""

    def __init__(self, session: AsyncSession, calendars: CalendarCache) -> None:
        super().__init__(session)
        # Runners' calendars, read along with a profile or on first use, until a write.
        self._calendars = calendars

    async def get(self, user_id: int, *, with_calendar: bool = False) -> model.Profile | None:
        """The runner with their current weekly rule and reward count, in one query; with
        `with_calendar`, their calendar, sessions and rewards come in the same query, for
        `calendar`, `calendar_of`, the sessions' `facts` and `logged` and the rewards' `of`
        to use."""
        statement = _PROFILE_WITH_CALENDAR if with_calendar else _PROFILE
        row = (await self.session.execute(statement, {"user_id": user_id})).first()
        if row is None:
            return None
        values = dict(row._mapping)
        if with_calendar:
            self._calendars.keep(
                user_id,
                _known(
                    values["habit_id"],
                    values.pop("sessions"),
                    values.pop("rules"),
                    values.pop("pauses"),
                    values.pop("reward_rows"),
                ),
            )
        if values["onboarding"] is not None:
            values["onboarding"] = model.Step(values["onboarding"])
        return model.Profile(**values)

    async def add(
        self,
        user_id: int,
        chat_id: int,
        first_name: str,
        today: date,
        now: datetime,
        language: str = "en",
    ) -> None:
        """A new runner with the default habit, target and check-in time."""
        self.session.add(
            User(
                id=user_id,
                chat_id=chat_id,
                first_name=first_name,
                time_zone="UTC",
                prompt_minute=None,  # check-ins wait for a time the runner chose
                onboarding=model.Step.ZONE,
                active=True,
                prompt_days=127,
                quiet_when_met=False,
                evening_minute=model.DEFAULT_EVENING_MINUTE,
                language=language,
                created_at=now,
                updated_at=now,
            )
        )
        await self.session.flush()  # no ORM relationship orders these inserts
        habit = Habit(user_id=user_id, name=model.DEFAULT_HABIT, created_at=now)
        self.session.add(habit)
        await self.session.flush()
        self.session.add(
            WeekRule(habit_id=habit.id, since=today, target=model.DEFAULT_TARGET, week_start=0)
        )
        await self.session.flush()

    async def update(
        self, user_id: int, now: datetime, **changes: Unpack[model.ProfileChanges]
    ) -> None:
        """Change some of the runner's settings (and note when)."""
        await self.session.execute(
            update(User).where(User.id == user_id).values(updated_at=now, **changes)
        )

    async def rules(self, habit_id: int) -> list[model.WeekRule]:
        rows = await self.session.execute(
            select(WeekRule.since, WeekRule.target, WeekRule.week_start)
            .where(WeekRule.habit_id == habit_id)
            .order_by(WeekRule.since)
        )
        return [model.WeekRule(since=s, target=t, week_start=w) for s, t, w in rows]

    async def target_chosen(self, habit_id: int) -> bool:
        chosen = await self.session.scalar(select(Habit.target_chosen).where(Habit.id == habit_id))
        return bool(chosen)

    async def choose_target(self, habit_id: int) -> None:
        """The runner has chosen a target: from now on a change applies from next week on."""
        await self.session.execute(
            update(Habit).where(Habit.id == habit_id).values(target_chosen=True)
        )

    async def replace_rules(self, habit_id: int, rules: list[model.WeekRule]) -> None:
        """The habit's whole rule history, as `streaks.change_rules` made it."""
        await self.session.execute(delete(WeekRule).where(WeekRule.habit_id == habit_id))
        self.session.add_all(
            WeekRule(habit_id=habit_id, since=r.since, target=r.target, week_start=r.week_start)
            for r in rules
        )
        await self.session.flush()

    async def calendar(self, user_id: int, habit_id: int) -> CalendarFacts:
        """Session days, the weekly rules and the pauses: all a Calendar needs, in one query
        (or none, when the profile brought them)."""
        known = await self._read(user_id, habit_id)
        return CalendarFacts(known.days(), list(known.rules), list(known.pauses))

    async def calendar_of(self, user_id: int, habit_id: int) -> Calendar:
        """The runner's calendar, the same one until a write changes it: the weeks it judged
        for one use serve the next."""
        known = await self._read(user_id, habit_id)
        if known.calendar is None:
            known.calendar = Calendar(known.days(), known.rules, known.pauses)
        return known.calendar

    async def _read(self, user_id: int, habit_id: int) -> Known:
        known = self._calendars.get(user_id)
        if known is None or known.habit_id != habit_id:
            row = (
                await self.session.execute(
                    _CALENDAR_FACTS, {"habit_id": habit_id, "user_id": user_id}
                )
            ).one()
            known = _known(habit_id, *row)
            self._calendars.keep(user_id, known)
        return known

    async def pauses(self, user_id: int) -> list[PauseSpan]:
        rows = await self.session.execute(
            select(Pause.first_day, Pause.last_day)
            .where(Pause.user_id == user_id)
            .order_by(Pause.first_day)
        )
        return [PauseSpan(first, last) for first, last in rows]

    async def add_pause(self, user_id: int, first: date, last: date, now: datetime) -> None:
        self.session.add(Pause(user_id=user_id, first_day=first, last_day=last, created_at=now))
        await self.session.flush()

    async def end_pauses(self, user_id: int, today: date) -> int:
        """End the pauses still running today: they stop yesterday (or vanish if not begun)."""
        gone = await self.session.execute(
            delete(Pause).where(Pause.user_id == user_id, Pause.first_day >= today)
        )
        cut = await self.session.execute(
            update(Pause)
            .where(Pause.user_id == user_id, Pause.last_day >= today)
            .values(last_day=today - timedelta(days=1))
        )
        return int(gone.rowcount or 0) + int(cut.rowcount or 0)  # type: ignore[attr-defined]

    async def week_start(self, user_id: int) -> int:
        habit = select(Habit.id).where(Habit.user_id == user_id).scalar_subquery()
        return int(
            (
                await self.session.execute(
                    select(WeekRule.week_start)
                    .where(WeekRule.habit_id == habit)
                    .order_by(WeekRule.since.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            or 0
        )

    async def languages(self, chat_ids: list[int]) -> dict[int, str]:
        """The language chosen for each of these chats (a runner's private chat or a group);
        a chat nobody chose one for is left out."""
        if not chat_ids:
            return {}
        runners = await self.session.execute(
            select(User.chat_id, User.language).where(User.chat_id.in_(chat_ids))
        )
        groups = await self.session.execute(
            select(Group.chat_id, Group.language).where(
                Group.chat_id.in_(chat_ids), Group.language.is_not(None)
            )
        )
        return {chat: language for chat, language in [*runners, *groups] if language}

    async def delete(self, user_id: int) -> bool:
        """Remove a runner and, through the foreign keys, every row about them."""
        result = await self.session.execute(delete(User).where(User.id == user_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def admin_counts(self, since: datetime, now: datetime) -> dict[str, int]:
        """Users, active users, sessions logged since `since` and check-ins due by `now`."""

        async def count(query: Any) -> int:
            return int((await self.session.execute(query)).scalar_one())

        return {
            "users": await count(select(func.count()).select_from(User)),
            "active": await count(select(func.count()).select_from(User).where(User.active)),
            "sessions_today": await count(
                select(func.count())
                .select_from(TrainingSession)
                .where(TrainingSession.logged_at >= since)
            ),
            "due": await count(
                select(func.count()).select_from(Schedule).where(Schedule.due_at <= now)
            ),
        }


# Every /done runs these. Building a statement costs more than SQLite takes to run it, so they
# are built once, with bind parameters, on the tables themselves (no ORM layer in between), and
# SQLAlchemy reuses their compiled form.

_users, _habits, _rules = User.__table__.c, Habit.__table__.c, WeekRule.__table__.c
_sessions, _pauses = TrainingSession.__table__.c, Pause.__table__.c
_SESSION_COLUMNS = (  # a SessionRow's
    _sessions.local_date,
    _sessions.minutes,
    _sessions.activity,
    _sessions.id,
    _sessions.logged_at,
)

_rule = (
    select(_rules.target)
    .where(_rules.habit_id == _habits.id)
    .order_by(_rules.since.desc())
    .limit(1)
    .correlate(Habit.__table__)
)
_PROFILE = (
    select(
        _users.id.label("user_id"),
        _users.chat_id,
        _users.first_name,
        _users.time_zone,
        _users.prompt_minute,
        _rule.with_only_columns(_rules.week_start).scalar_subquery().label("week_start"),
        _rule.scalar_subquery().label("target"),
        _habits.id.label("habit_id"),
        _users.onboarding,
        _users.active,
        _users.prompt_days,
        _users.quiet_when_met,
        _users.evening_minute,
        _users.language,
        _users.username,
        select(func.count())
        .select_from(Reward.__table__)
        .where(Reward.__table__.c.user_id == _users.id)
        .scalar_subquery()
        .label("rewards"),
        select(func.count())
        .select_from(Buddy.__table__)
        .where(Buddy.__table__.c.buddy_id == _users.id)
        .scalar_subquery()
        .label("listeners"),
        select(func.min(Milestone.day))
        .where(Milestone.habit_id == _habits.id, Milestone.kind == MilestoneKind.HABIT)
        .scalar_subquery()
        .label("habit_since"),
    )
    .join_from(User.__table__, Habit.__table__, _habits.user_id == _users.id)
    .where(_users.id == bindparam("user_id"), _habits.name == model.DEFAULT_HABIT)
)


def _calendar_columns(habit_id: Any, user_id: Any) -> list[Any]:
    """Sessions, weekly rules and pauses, as three JSON arrays (see `_known`)."""
    return [
        select(json_rows(*_SESSION_COLUMNS))
        .where(_sessions.habit_id == habit_id)
        .scalar_subquery()
        .label("sessions"),
        select(json_rows(_rules.since, _rules.target, _rules.week_start))
        .where(_rules.habit_id == habit_id)
        .scalar_subquery()
        .label("rules"),
        select(json_rows(_pauses.first_day, _pauses.last_day))
        .where(_pauses.user_id == user_id)
        .scalar_subquery()
        .label("pauses"),
    ]


def _known(
    habit_id: int, sessions: str, rules: str, pauses: str, rewards: str | None = None
) -> Known:
    return Known(
        habit_id,
        session_rows(sessions),
        [
            model.WeekRule(since=date.fromisoformat(since), target=target, week_start=start)
            for since, target, start in json.loads(rules)
        ],
        [
            PauseSpan(date.fromisoformat(first), date.fromisoformat(last))
            for first, last in json.loads(pauses)
        ],
        None if rewards is None else reward_rows(rewards),
    )


_CALENDAR_FACTS = select(*_calendar_columns(bindparam("habit_id"), bindparam("user_id")))
_PROFILE_WITH_CALENDAR = _PROFILE.add_columns(
    *_calendar_columns(_habits.id, _users.id),
    rewards_column(_users.id).label("reward_rows"),  # the rows RewardRepository.of reads
)
