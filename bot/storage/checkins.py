"""Check-in schedules and the check-ins claimed from them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Table, bindparam, delete, func, select, update

from bot.domain import model
from bot.domain.checkins import CheckinAnswer, CheckinKind, CheckinStatus
from bot.storage.base import Repository
from bot.storage.models import (
    CheckIn,
    Schedule,
    User,
)


class CheckinRepository(Repository):
    """When each check-in is due, and each one claimed (once per runner, kind and day)."""

    async def set_schedule(self, user_id: int, kind: CheckinKind, due_at: datetime | None) -> None:
        await self.session.execute(
            delete(Schedule).where(Schedule.user_id == user_id, Schedule.kind == kind)
        )
        if due_at is not None:
            self.session.add(Schedule(user_id=user_id, kind=kind, due_at=due_at))
            await self.session.flush()

    async def schedules(self, user_id: int) -> dict[str, datetime]:
        rows = await self.session.execute(
            select(Schedule.kind, Schedule.due_at).where(Schedule.user_id == user_id)
        )
        return {kind: due for kind, due in rows}

    async def due(self, now: datetime, limit: int) -> list[model.DueSchedule]:
        """Due check-ins with their owner's timing, oldest first, locked for this transaction;
        rows another process holds are skipped (PostgreSQL; SQLite has one writer at a time)."""
        query = (
            select(
                Schedule.user_id,
                Schedule.kind,
                Schedule.due_at,
                User.time_zone,
                User.prompt_minute,
                User.prompt_days,
                User.evening_minute,
            )
            .join(User, User.id == Schedule.user_id)
            .where(Schedule.due_at <= now)
            .order_by(Schedule.due_at)
            .limit(limit)
        )
        if self._on_postgresql():
            query = query.with_for_update(of=Schedule, skip_locked=True)
        rows = await self.session.execute(query)
        return [
            model.DueSchedule(u, CheckinKind(k), due, zone, prompt, days, evening)
            for u, k, due, zone, prompt, days, evening in rows
        ]

    async def oldest_due(self, now: datetime) -> datetime | None:
        """When the longest-waiting due check-in fell due (the dispatcher's lag), or None."""
        query = select(func.min(Schedule.due_at)).where(Schedule.due_at <= now)
        oldest: datetime | None = (await self.session.execute(query)).scalar()
        return oldest

    async def claim(
        self, wanted: list[model.CheckinKey], now: datetime
    ) -> dict[model.CheckinKey, int]:
        """Claim check-ins (user, kind, local date) in one statement; those claimed before
        are left out of the answer, which maps each newly claimed one to its id."""
        if not wanted:
            return {}
        insert = self._dialect_insert()
        table = CheckIn.__table__
        assert isinstance(table, Table)
        # One cached statement run with many parameter sets ("insertmanyvalues"), rather
        # than a fresh statement with a VALUES clause as long as the batch.
        statement = (
            insert(table)
            .on_conflict_do_nothing(index_elements=["user_id", "kind", "local_date"])
            .returning(table.c.id, table.c.user_id, table.c.kind, table.c.local_date)
        )
        rows = await self.session.execute(
            statement,
            [
                {
                    "user_id": u,
                    "kind": k,
                    "local_date": d,
                    "claimed_at": now,
                    "status": CheckinStatus.CLAIMED,
                }
                for u, k, d in wanted
            ],
        )
        return {model.CheckinKey(u, CheckinKind(k), d): i for i, u, k, d in rows}

    async def move_schedules(self, moves: list[model.ScheduleAt]) -> None:
        """Set the next due instant of many schedules in one round trip."""
        if not moves:
            return
        table = Schedule.__table__
        assert isinstance(table, Table)
        await self.session.execute(
            update(table)  # Core, so that a list of parameters is one executemany
            .where(table.c.user_id == bindparam("uid"), table.c.kind == bindparam("k"))
            .values(due_at=bindparam("due")),
            [{"uid": u, "k": k, "due": d} for u, k, d in moves],
        )

    async def drop_schedules(self, done: list[model.ScheduleAt]) -> None:
        """Remove schedules that are due once, each only if still due when it was read (a
        new one asked for meanwhile stays)."""
        for user_id, kind, due_at in done:
            await self.session.execute(
                delete(Schedule).where(
                    Schedule.user_id == user_id, Schedule.kind == kind, Schedule.due_at == due_at
                )
            )

    async def last_day(self, user_id: int, kind: CheckinKind) -> date | None:
        return (
            await self.session.execute(
                select(func.max(CheckIn.local_date)).where(
                    CheckIn.user_id == user_id, CheckIn.kind == kind
                )
            )
        ).scalar_one_or_none()

    async def answer_of(self, user_id: int, day: date) -> CheckinAnswer | None:
        """How the runner answered that morning's check-in, if they did."""
        answer = (
            await self.session.execute(
                select(CheckIn.answer).where(
                    CheckIn.user_id == user_id,
                    CheckIn.kind == CheckinKind.MORNING,
                    CheckIn.local_date == day,
                )
            )
        ).scalar_one_or_none()
        return None if answer is None else CheckinAnswer(answer)

    async def answer(self, user_id: int, day: date, answer: CheckinAnswer, now: datetime) -> None:
        """Record the morning answer, creating the day's row if the prompt was never sent."""
        await self._insert_ignore(
            CheckIn,
            {"user_id": user_id, "kind": CheckinKind.MORNING, "local_date": day,
             "claimed_at": now, "status": CheckinStatus.ANSWERED},
            ["user_id", "kind", "local_date"],
        )  # fmt: skip
        await self.session.execute(
            update(CheckIn)
            .where(
                CheckIn.user_id == user_id,
                CheckIn.kind == CheckinKind.MORNING,
                CheckIn.local_date == day,
            )
            .values(answer=answer)
        )

    async def finish(self, checkin_id: int, status: CheckinStatus, message_id: int | None) -> None:
        await self.session.execute(
            update(CheckIn)
            .where(CheckIn.id == checkin_id)
            .values(status=status, message_id=message_id)
        )
