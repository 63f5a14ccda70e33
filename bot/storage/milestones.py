"""Comebacks and habit milestones the runner was told of."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from bot.storage.base import Repository
from bot.storage.models import Milestone


class MilestoneRepository(Repository):
    """Each milestone told once: a row per habit, kind and day, claimed before it is told."""

    async def claim(self, habit_id: int, kind: str, day: date, now: datetime) -> bool:
        """True when this one was not told before (and now counts as told)."""
        return await self._insert_ignore(
            Milestone,
            {"habit_id": habit_id, "kind": kind, "day": day, "told_at": now},
            ["habit_id", "kind", "day"],
        )

    async def told(self, habit_id: int, kind: str) -> list[date]:
        """The days of the milestones of this kind told so far, oldest first."""
        rows = await self.session.execute(
            select(Milestone.day)
            .where(Milestone.habit_id == habit_id, Milestone.kind == kind)
            .order_by(Milestone.day)
        )
        return list(rows.scalars())
