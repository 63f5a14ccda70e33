"""Buddy pairs and who hears what (their invites are `bot.storage.invites`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from bot.domain.buddies import BuddyOf, Hears
from bot.storage.base import Repository
from bot.storage.models import (
    Buddy,
    User,
)


class BuddyRepository(Repository):
    """Buddy pairs and who hears what."""

    async def pair(self, first: int, second: int, now: datetime) -> bool:
        """Make two runners buddies (both directions); False if they already were."""
        added = False
        for user_id, buddy_id in ((first, second), (second, first)):
            added |= await self._insert_ignore(
                Buddy,
                {"user_id": user_id, "buddy_id": buddy_id, "hears": Hears.EVERY, "created_at": now},
                ["user_id", "buddy_id"],
            )
        return added

    async def unpair_all(self, user_id: int) -> list[int]:
        """End every buddy pair of a runner, for both sides; the former buddies."""
        rows = await self.session.execute(select(Buddy.buddy_id).where(Buddy.user_id == user_id))
        former = list(rows.scalars())
        await self.session.execute(
            delete(Buddy).where((Buddy.user_id == user_id) | (Buddy.buddy_id == user_id))
        )
        return former

    async def of(self, user_id: int) -> list[BuddyOf]:
        """The runner's buddies, and what the runner hears about each."""
        rows = await self.session.execute(
            select(Buddy.buddy_id, User.first_name, User.chat_id, Buddy.hears)
            .join(User, User.id == Buddy.buddy_id)
            .where(Buddy.user_id == user_id)
        )
        return [BuddyOf(b, n, c, Hears(h)) for b, n, c, h in rows]

    async def listeners(self, user_id: int, hears: Hears) -> list[int]:
        """Chats of active runners who hear `hears` about this runner."""
        rows = await self.session.execute(
            select(User.chat_id)
            .join(Buddy, Buddy.user_id == User.id)
            .where(Buddy.buddy_id == user_id, Buddy.hears == hears, User.active)
        )
        return list(rows.scalars())

    async def set_hears(self, user_id: int, hears: Hears) -> None:
        await self.session.execute(
            update(Buddy).where(Buddy.user_id == user_id).values(hears=hears)
        )
