"""Training sessions: logging once per source message, editing, and what reads them."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import model
from bot.domain import rewards as reward_rules
from bot.domain.plans import most_frequent
from bot.storage.base import (
    INSERTS,
    Repository,
    SessionRow,
    json_rows,
    session_rows,
)
from bot.storage.calendars import CalendarCache
from bot.storage.models import (
    Habit,
    TrainingSession,
)


class SessionRepository(Repository):
    """The sessions a runner logged."""

    def __init__(self, session: AsyncSession, calendars: CalendarCache) -> None:
        super().__init__(session)
        # Runners' calendars and sessions as read, until a write.
        self._calendars = calendars

    async def add(self, new: model.NewSession) -> model.Session | None:
        """Insert a session; None when its source message was logged already."""
        values = {
            "user_id": new.user_id,
            "habit_id": new.habit_id,
            "activity": new.activity,
            "minutes": new.minutes,
            "local_date": new.day,
            "logged_at": new.logged_at,
            "note": new.note,
            "source_chat_id": new.source[0] if new.source else None,
            "source_message_id": new.source[1] if new.source else None,
        }
        # The insert makes the runner's calendar stale: what was read of it is brought up to
        # date instead, so the reply, rewards and stats after a /done read no calendar again.
        known = self._calendars.get(new.user_id)
        # Without a source message the NULLs never conflict, so one statement serves both.
        new_id = (
            await self.session.execute(_ADD_SESSION[self._dialect()], values)
        ).scalar_one_or_none()
        if known is not None:
            if new_id is not None and known.habit_id == new.habit_id:
                known.sessions.append((new.day, new.minutes, new.activity, new_id, new.logged_at))
                known.calendar = None
            self._calendars.keep(new.user_id, known)
        if new_id is None:
            return None
        return model.Session(new_id, new.activity, new.minutes, new.day, new.logged_at, new.note)

    async def logged_since(
        self, user_id: int, habit_id: int, after: datetime
    ) -> list[model.RecentSession]:
        """The sessions logged after an instant (from the calendar the profile brought, when it
        did)."""
        known = self._calendars.sessions_of(habit_id)
        if known is not None:
            return [model.RecentSession(i, a, m, d) for d, m, a, i, at in known if at > after]
        rows = await self.session.execute(
            select(
                TrainingSession.id,
                TrainingSession.activity,
                TrainingSession.minutes,
                TrainingSession.local_date,
            ).where(TrainingSession.user_id == user_id, TrainingSession.logged_at > after)
        )
        return [model.RecentSession(i, a, m, d) for i, a, m, d in rows]

    async def from_source(self, chat_id: int, message_id: int) -> model.Session | None:
        row = (
            await self.session.execute(
                select(TrainingSession).where(
                    TrainingSession.source_chat_id == chat_id,
                    TrainingSession.source_message_id == message_id,
                )
            )
        ).scalar_one_or_none()
        return _session(row) if row else None

    async def get(self, user_id: int, session_id: int) -> model.Session | None:
        row = (
            await self.session.execute(
                select(TrainingSession).where(
                    TrainingSession.id == session_id, TrainingSession.user_id == user_id
                )
            )
        ).scalar_one_or_none()
        return _session(row) if row else None

    async def latest(self, user_id: int) -> model.Session | None:
        row = (
            await self.session.execute(
                select(TrainingSession)
                .where(TrainingSession.user_id == user_id)
                .order_by(TrainingSession.logged_at.desc(), TrainingSession.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        return _session(row) if row else None

    async def delete(self, user_id: int, session_id: int) -> None:
        await self.session.execute(
            delete(TrainingSession).where(
                TrainingSession.id == session_id, TrainingSession.user_id == user_id
            )
        )

    async def change(
        self, user_id: int, session_id: int, *, activity: str, minutes: int, day: date
    ) -> None:
        """Set a past session's activity, minutes and day (its note and source stay)."""
        await self.session.execute(
            update(TrainingSession)
            .where(TrainingSession.id == session_id, TrainingSession.user_id == user_id)
            .values(activity=activity, minutes=minutes, local_date=day)
        )

    async def since(self, user_id: int, first: date, limit: int) -> list[model.Session]:
        """The runner's sessions on `first` or later, newest day first."""
        rows = await self.session.execute(
            select(TrainingSession)
            .where(TrainingSession.user_id == user_id, TrainingSession.local_date >= first)
            .order_by(TrainingSession.local_date.desc(), TrainingSession.logged_at.desc())
            .limit(limit)
        )
        return [_session(row) for row in rows.scalars()]

    async def on_day(
        self, user_id: int, day: date, limit: int | None = None
    ) -> list[model.Session]:
        """The runner's sessions on one day, in the order they were logged."""
        rows = await self.session.execute(
            select(TrainingSession)
            .where(TrainingSession.user_id == user_id, TrainingSession.local_date == day)
            .order_by(TrainingSession.logged_at, TrainingSession.id)
            .limit(limit)
        )
        return [_session(row) for row in rows.scalars()]

    async def recent(self, user_id: int, limit: int, skip: int = 0) -> list[model.Session]:
        rows = await self.session.execute(
            select(TrainingSession)
            .where(TrainingSession.user_id == user_id)
            .order_by(
                TrainingSession.local_date.desc(),
                TrainingSession.logged_at.desc(),
                TrainingSession.id.desc(),
            )
            .offset(skip)
            .limit(limit)
        )
        return [_session(row) for row in rows.scalars()]

    async def count(self, user_id: int) -> int:
        total = await self.session.scalar(
            select(func.count())
            .select_from(TrainingSession)
            .where(TrainingSession.user_id == user_id)
        )
        return int(total or 0)

    async def recent_activities(self, user_id: int, limit: int) -> list[str]:
        """Activities by how recently they were last logged."""
        rows = await self.session.execute(
            select(TrainingSession.activity)
            .where(TrainingSession.user_id == user_id)
            .group_by(TrainingSession.activity)
            .order_by(func.max(TrainingSession.id).desc())
            .limit(limit)
        )
        return list(rows.scalars())

    async def recent_minutes(self, user_id: int, activity: str, limit: int) -> list[int]:
        rows = await self.session.execute(
            select(TrainingSession.minutes)
            .where(TrainingSession.user_id == user_id, TrainingSession.activity == activity)
            .order_by(TrainingSession.id.desc())
            .limit(limit)
        )
        return list(rows.scalars())

    async def usual_activity(self, user_id: int, window: int) -> str | None:
        """The activity logged most often lately (the latest one on a tie)."""
        recent = await self.session.execute(
            select(TrainingSession.activity)
            .where(TrainingSession.user_id == user_id)
            .order_by(TrainingSession.id.desc())
            .limit(window)
        )
        return most_frequent(list(recent.scalars()))

    async def facts(self, habit_id: int, since: date | None = None) -> list[model.SessionFact]:
        """The local date, minutes and activity of every session (from `since` on, when given), by
        day: only the columns stats need."""
        first = date.min if since is None else since
        known = self._calendars.sessions_of(habit_id)
        if known is not None:
            rows = sorted((row for row in known if row[0] >= first), key=_day_and_id)
            return [model.SessionFact(d, m, a) for d, m, a, _, _ in rows]
        query = (
            select(TrainingSession.local_date, TrainingSession.minutes, TrainingSession.activity)
            .where(TrainingSession.habit_id == habit_id)
            .order_by(TrainingSession.local_date, TrainingSession.id)
        )
        if since is not None:
            query = query.where(TrainingSession.local_date >= since)
        return [model.SessionFact(d, m, a) for d, m, a in await self.session.execute(query)]

    async def logged(self, habit_id: int, since: date) -> list[reward_rules.LoggedSession]:
        """What reward progress reads: id, day, minutes and when each session was logged,
        in no particular order (one JSON text: years of sessions are read on every /done;
        none when a calendar read brought them)."""
        known = self._calendars.sessions_of(habit_id)
        if known is None:
            rows = (
                await self.session.execute(_LOGGED_SESSIONS, {"habit_id": habit_id, "since": since})
            ).scalar_one()
            known = session_rows(rows)
        return [
            reward_rules.LoggedSession(i, day, minutes, at)
            for day, minutes, _, i, at in known
            if day >= since
        ]

    async def export(self, user_id: int) -> list[model.ExportedSession]:
        rows = await self.session.execute(
            select(
                TrainingSession.id,
                TrainingSession.local_date,
                TrainingSession.logged_at,
                TrainingSession.activity,
                TrainingSession.minutes,
                TrainingSession.note,
                Habit.name,
            )
            .join(Habit, Habit.id == TrainingSession.habit_id)
            .where(TrainingSession.user_id == user_id)
            .order_by(TrainingSession.local_date, TrainingSession.logged_at, TrainingSession.id)
        )
        return [model.ExportedSession(*row) for row in rows]

    async def keys(self, habit_id: int) -> Counter[model.SessionKey]:
        """How many sessions of each (day, activity, minutes, note) a habit holds."""
        rows = await self.session.execute(
            select(
                TrainingSession.local_date,
                TrainingSession.activity,
                TrainingSession.minutes,
                TrainingSession.note,
            ).where(TrainingSession.habit_id == habit_id)
        )
        return Counter(model.SessionKey(d, a, m, n) for d, a, m, n in rows)


def _session(row: TrainingSession) -> model.Session:
    return model.Session(
        id=row.id,
        activity=row.activity,
        minutes=row.minutes,
        day=row.local_date,
        logged_at=row.logged_at,
        note=row.note,
    )


# Every /done runs these. Building a statement costs more than SQLite takes to run it, so they
# are built once, with bind parameters, on the tables themselves (no ORM layer in between), and
# SQLAlchemy reuses their compiled form.

_sessions = TrainingSession.__table__.c


def _day_and_id(row: SessionRow) -> tuple[date, int]:
    return row[0], row[3]


_LOGGED_SESSIONS = select(  # rows as `session_rows` reads them
    json_rows(
        _sessions.local_date,
        _sessions.minutes,
        _sessions.activity,
        _sessions.id,
        _sessions.logged_at,
    )
).where(_sessions.habit_id == bindparam("habit_id"), _sessions.local_date >= bindparam("since"))

_ADD_SESSION = {
    name: insert(TrainingSession.__table__)
    .on_conflict_do_nothing(index_elements=["source_chat_id", "source_message_id"])
    .returning(_sessions.id)
    for name, insert in INSERTS.items()
}
