"""Invite codes, a buddy's and a coach's: one repository over their two tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import InstrumentedAttribute

from bot.domain.invites import Invite, InviteKind
from bot.storage.base import Repository
from bot.storage.models import BuddyInvite, CoachInvite

# Each kind's table, and its column naming the inviter.
TABLES: dict[
    InviteKind, tuple[type[BuddyInvite] | type[CoachInvite], InstrumentedAttribute[int]]
] = {
    InviteKind.BUDDY: (BuddyInvite, BuddyInvite.inviter_id),
    InviteKind.COACH: (CoachInvite, CoachInvite.coach_id),
}


class InviteRepository(Repository):
    """Single-use invite codes: made, read and used up."""

    async def add(self, kind: InviteKind, code: str, inviter_id: int, now: datetime) -> None:
        table, inviter = TABLES[kind]
        await self.session.execute(
            insert(table).values({table.code: code, inviter: inviter_id, table.created_at: now})
        )

    async def get(self, kind: InviteKind, code: str) -> Invite | None:
        """The invite of this kind with this code; None when there is no such code."""
        table, inviter = TABLES[kind]
        row = (
            await self.session.execute(
                select(inviter, table.created_at, table.used_at).where(table.code == code)
            )
        ).first()
        return Invite(row[0], row[1], row[2]) if row else None

    async def use(self, kind: InviteKind, code: str, now: datetime) -> bool:
        """Mark an unused invite used; False when it was used meanwhile."""
        table, _ = TABLES[kind]
        result = await self.session.execute(
            update(table).where(table.code == code, table.used_at.is_(None)).values(used_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
