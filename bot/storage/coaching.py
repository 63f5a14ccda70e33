"""Coaches and athletes: links, what a coach sees, digests (invites: `bot.storage.invites`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update

from bot.domain.coaches import Athlete, CoachLink, Sees
from bot.storage.base import Repository
from bot.storage.models import (
    CoachDigest,
    Coaching,
    User,
)


class CoachingRepository(Repository):
    """Coach–athlete links and digests."""

    async def link(self, coach_id: int, athlete_id: int, sees: Sees, now: datetime) -> bool:
        """Make `coach_id` the athlete's coach; False when the athlete has a coach already."""
        return await self._insert_ignore(
            Coaching,
            {"athlete_id": athlete_id, "coach_id": coach_id, "sees": sees, "created_at": now},
            ["athlete_id"],
        )

    async def coach_of(self, athlete_id: int) -> CoachLink | None:
        """An athlete's coach, and what the coach sees."""
        row = (
            await self.session.execute(
                select(Coaching.coach_id, User.first_name, User.chat_id, Coaching.sees)
                .join(User, User.id == Coaching.coach_id)
                .where(Coaching.athlete_id == athlete_id)
            )
        ).first()
        return CoachLink(row[0], row[1], row[2], Sees(row[3])) if row else None

    async def athletes_of(self, coach_id: int) -> list[Athlete]:
        """A coach's athletes, by name."""
        rows = await self.session.execute(
            select(Coaching.athlete_id, User.first_name, User.chat_id, Coaching.sees, User.username)
            .join(User, User.id == Coaching.athlete_id)
            .where(Coaching.coach_id == coach_id)
            .order_by(User.first_name, Coaching.athlete_id)
        )
        return [Athlete(a, n, c, Sees(s), u) for a, n, c, s, u in rows]

    async def set_username(self, user_id: int, username: str | None) -> None:
        """The runner's @username as last seen; a name Telegram gives one person at a time, so
        whoever had it before no longer does."""
        if username is not None:
            await self.session.execute(
                update(User)
                .where(func.lower(User.username) == username.lower(), User.id != user_id)
                .values(username=None)
            )
        await self.session.execute(update(User).where(User.id == user_id).values(username=username))

    async def count_athletes(self, coach_id: int) -> int:
        return int(
            (
                await self.session.execute(
                    select(func.count()).select_from(Coaching).where(Coaching.coach_id == coach_id)
                )
            ).scalar_one()
        )

    async def unlink(self, athlete_id: int, coach_id: int | None = None) -> int | None:
        """End an athlete's coaching (only by `coach_id`, when given); the former coach."""
        query = select(Coaching.coach_id).where(Coaching.athlete_id == athlete_id)
        if coach_id is not None:
            query = query.where(Coaching.coach_id == coach_id)
        former = (await self.session.execute(query)).scalar_one_or_none()
        if former is not None:
            await self.session.execute(delete(Coaching).where(Coaching.athlete_id == athlete_id))
        return former

    async def set_sees(self, athlete_id: int, sees: Sees) -> bool:
        result = await self.session.execute(
            update(Coaching).where(Coaching.athlete_id == athlete_id).values(sees=sees)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_digest(self, coach_id: int, due_at: datetime) -> None:
        """When the coach's next digest is due (kept if one is already set)."""
        await self._insert_ignore(CoachDigest, {"coach_id": coach_id, "due_at": due_at},
                                  ["coach_id"])  # fmt: skip

    async def due_digests(self, now: datetime, limit: int) -> list[int]:
        query = (
            select(CoachDigest.coach_id)
            .where(CoachDigest.due_at <= now)
            .order_by(CoachDigest.due_at)
            .limit(limit)
        )
        if self._on_postgresql():
            query = query.with_for_update(skip_locked=True)
        return list((await self.session.execute(query)).scalars())

    async def move_digest(self, coach_id: int, due_at: datetime) -> None:
        await self.session.execute(
            update(CoachDigest).where(CoachDigest.coach_id == coach_id).values(due_at=due_at)
        )
