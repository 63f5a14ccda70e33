"""Plans written ahead, by the runner or their coach."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select

from bot.domain.plans import PlanSpec
from bot.storage.base import Repository
from bot.storage.models import (
    Plan,
    User,
)


class PlanRepository(Repository):
    """A runner's plans, one per day."""

    async def set(
        self, user_id: int, spec: PlanSpec, now: datetime, coach_id: int | None = None
    ) -> None:
        await self.session.execute(
            delete(Plan).where(Plan.user_id == user_id, Plan.day == spec.day)
        )
        self.session.add(
            Plan(user_id=user_id, day=spec.day, activity=spec.activity, minutes=spec.minutes,
                 details=spec.details, created_at=now, coach_id=coach_id)
        )  # fmt: skip
        await self.session.flush()

    async def coach_of(self, user_id: int, day: date) -> int | None:
        """The coach who wrote this runner's plan for the day, if a coach did."""
        return (
            await self.session.execute(
                select(Plan.coach_id).where(Plan.user_id == user_id, Plan.day == day)
            )
        ).scalar_one_or_none()

    async def clear(self, user_id: int, day: date) -> bool:
        result = await self.session.execute(
            delete(Plan).where(Plan.user_id == user_id, Plan.day == day)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def between(self, user_id: int, first: date, last: date) -> list[PlanSpec]:
        rows = await self.session.execute(
            select(Plan.day, Plan.activity, Plan.minutes, Plan.details, User.first_name)
            .outerjoin(User, User.id == Plan.coach_id)
            .where(Plan.user_id == user_id, Plan.day >= first, Plan.day <= last)
            .order_by(Plan.day)
        )
        return [PlanSpec(d, a, m, x, c) for d, a, m, x, c in rows]
