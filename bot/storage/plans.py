"""Plans written ahead, by the runner or their coach; their reminders and calendar links."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Row, delete, func, select, update

from bot.domain.plans import DueReminder, FeedLink, FeedOwner, PlanRecord, PlanSpec
from bot.storage.base import Repository
from bot.storage.models import (
    CalendarFeed,
    Plan,
    User,
)

_Writer = User.__table__.alias("writer")
_COLUMNS = (
    Plan.uid, Plan.day, Plan.activity, Plan.minutes, Plan.details, _Writer.c.first_name,
    Plan.at_minute, Plan.coach_id, Plan.sequence, Plan.updated_at, Plan.cancelled_at,
    Plan.reminded_at,
)  # fmt: skip
_RECORD = (
    select(*_COLUMNS)
    .outerjoin(_Writer, _Writer.c.id == Plan.coach_id)
    .order_by(Plan.day, Plan.at_minute.is_not(None), Plan.at_minute, Plan.activity, Plan.id)
)


def _clock(minute: int | None) -> time | None:
    return None if minute is None else time(minute // 60, minute % 60)


def _record(row: Row[Any] | tuple[Any, ...]) -> PlanRecord:
    uid, day, activity, minutes, details, coach, at, coach_id, seq, updated, cancelled, rem = tuple(
        row
    )
    spec = PlanSpec(day, activity, minutes, details, coach, _clock(at))
    return PlanRecord(uid, spec, coach_id, seq, updated, cancelled is not None, rem is not None)


class PlanRepository(Repository):
    """A runner's plans, several a day; a change keeps the plan's uid and counts in `sequence`,
    a clear cancels it (a calendar then shows it cancelled)."""

    async def add(
        self,
        user_id: int,
        spec: PlanSpec,
        now: datetime,
        coach_id: int | None = None,
        remind_at: datetime | None = None,
    ) -> str:
        uid = uuid.uuid4().hex
        self.session.add(
            Plan(user_id=user_id, day=spec.day, activity=spec.activity, minutes=spec.minutes,
                 details=spec.details, created_at=now, coach_id=coach_id,
                 at_minute=spec.at_minute, uid=uid, sequence=0, updated_at=now,
                 remind_at=remind_at)
        )  # fmt: skip
        await self.session.flush()
        return uid

    async def change(
        self,
        uid: str,
        spec: PlanSpec,
        now: datetime,
        coach_id: int | None,
        remind_at: datetime | None,
        *,
        reminded: bool,
    ) -> None:
        """The plan with this uid now says `spec`; `reminded` keeps a sent reminder recorded."""
        await self.session.execute(
            update(Plan)
            .where(Plan.uid == uid)
            .values(day=spec.day, activity=spec.activity, minutes=spec.minutes,
                    details=spec.details, at_minute=spec.at_minute, coach_id=coach_id,
                    sequence=Plan.sequence + 1, updated_at=now, remind_at=remind_at,
                    reminded_at=Plan.reminded_at if reminded else None)
        )  # fmt: skip

    async def cancel(self, uids: list[str], now: datetime) -> None:
        if uids:
            await self.session.execute(
                update(Plan)
                .where(Plan.uid.in_(uids))
                .values(cancelled_at=now, sequence=Plan.sequence + 1, updated_at=now,
                        remind_at=None)
            )  # fmt: skip

    async def live(self, user_id: int, day: date, activity: str | None = None) -> list[PlanRecord]:
        """The plans standing for a day (of one activity, when given)."""
        query = _RECORD.where(Plan.user_id == user_id, Plan.day == day, Plan.cancelled_at.is_(None))
        if activity is not None:
            query = query.where(Plan.activity == activity)
        return [_record(row) for row in await self.session.execute(query)]

    async def records(
        self, user_ids: list[int], first: date, last: date, cancelled_since: datetime
    ) -> dict[int, list[PlanRecord]]:
        """Each runner's plans between two days, with those cancelled since `cancelled_since`."""
        query = _RECORD.add_columns(Plan.user_id).where(
            Plan.user_id.in_(user_ids),
            Plan.day >= first,
            Plan.day <= last,
            Plan.cancelled_at.is_(None) | (Plan.cancelled_at >= cancelled_since),
        )
        found: dict[int, list[PlanRecord]] = {user_id: [] for user_id in user_ids}
        for row in await self.session.execute(query):
            found[row[-1]].append(_record(row[:-1]))
        return found

    async def between(self, user_id: int, first: date, last: date) -> list[PlanSpec]:
        """The plans standing between two days, in the order of each day."""
        query = _RECORD.where(
            Plan.user_id == user_id, Plan.day >= first, Plan.day <= last,
            Plan.cancelled_at.is_(None),
        )  # fmt: skip
        return [_record(row).spec for row in await self.session.execute(query)]

    # -- reminders ------------------------------------------------------------------------------

    async def remind_minutes(self, user_id: int) -> int | None:
        query = select(User.remind_minutes).where(User.id == user_id)
        minutes: int | None = (await self.session.execute(query)).scalar_one_or_none()
        return minutes

    async def set_remind_minutes(self, user_id: int, minutes: int | None) -> None:
        await self.session.execute(
            update(User).where(User.id == user_id).values(remind_minutes=minutes)
        )

    async def timed_from(self, user_id: int, first: date) -> list[PlanRecord]:
        """The standing timed plans from a day on, to reschedule their reminders."""
        query = _RECORD.where(
            Plan.user_id == user_id, Plan.day >= first, Plan.cancelled_at.is_(None),
            Plan.at_minute.is_not(None),
        )  # fmt: skip
        return [_record(row) for row in await self.session.execute(query)]

    async def set_remind_at(self, uid: str, remind_at: datetime | None) -> None:
        await self.session.execute(update(Plan).where(Plan.uid == uid).values(remind_at=remind_at))

    async def claim_reminders(self, now: datetime, limit: int) -> list[DueReminder]:
        """Claim due reminders, oldest first: (runner, when due, plan). Claiming clears the due
        instant in this transaction, so once committed a reminder is never claimed again; rows
        another process holds are skipped (PostgreSQL; SQLite has one writer at a time)."""
        query = (
            _RECORD.add_columns(Plan.user_id, Plan.remind_at, Plan.id)
            .where(Plan.remind_at <= now, Plan.cancelled_at.is_(None))
            .order_by(None)
            .order_by(Plan.remind_at)
            .limit(limit)
        )
        if self._on_postgresql():
            query = query.with_for_update(of=Plan, skip_locked=True)
        rows = list(await self.session.execute(query))
        if rows:
            await self.session.execute(
                update(Plan)
                .where(Plan.id.in_([row[-1] for row in rows]))
                .values(remind_at=None, reminded_at=now)
            )
        return [DueReminder(row[-3], row[-2], _record(row[:-3])) for row in rows]

    # -- calendar links -------------------------------------------------------------------------

    async def feed(self, token: str) -> FeedOwner | None:
        """(runner, kind, with sessions) of a calendar link, None when there is no such link."""
        row = (
            await self.session.execute(
                select(CalendarFeed.user_id, CalendarFeed.kind, CalendarFeed.with_sessions).where(
                    CalendarFeed.token == token
                )
            )
        ).first()
        return None if row is None else FeedOwner(row[0], row[1], row[2])

    async def feed_of(self, user_id: int, kind: str) -> FeedLink | None:
        """(token, with sessions) of a runner's link of a kind, if they have one."""
        row = (
            await self.session.execute(
                select(CalendarFeed.token, CalendarFeed.with_sessions).where(
                    CalendarFeed.user_id == user_id, CalendarFeed.kind == kind
                )
            )
        ).first()
        return None if row is None else FeedLink(row[0], row[1])

    async def set_feed(
        self, user_id: int, kind: str, token: str, with_sessions: bool, now: datetime
    ) -> None:
        """The runner's link of this kind is `token` from now on (any earlier one is gone)."""
        await self.session.execute(
            delete(CalendarFeed).where(CalendarFeed.user_id == user_id, CalendarFeed.kind == kind)
        )
        self.session.add(
            CalendarFeed(token=token, user_id=user_id, kind=kind, with_sessions=with_sessions,
                         created_at=now)
        )  # fmt: skip
        await self.session.flush()

    async def drop_feeds(self, user_id: int) -> int:
        result = await self.session.execute(
            delete(CalendarFeed).where(CalendarFeed.user_id == user_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def count_live(self, user_id: int) -> int:
        query = select(func.count()).where(Plan.user_id == user_id, Plan.cancelled_at.is_(None))
        return int((await self.session.execute(query)).scalar_one())
