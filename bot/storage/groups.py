"""Group chats, their members and weekly boards."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from bot.storage.base import Repository
from bot.storage.models import (
    Group,
    GroupMember,
)


class GroupRepository(Repository):
    """Groups, members and when each board is due."""

    async def join(
        self, chat_id: int, title: str, user_id: int, now: datetime, board_due_at: datetime
    ) -> None:
        await self._insert_ignore(
            Group,
            {"chat_id": chat_id, "title": title[:128], "active": True,
             "board_due_at": board_due_at},
            ["chat_id"],
        )  # fmt: skip
        await self.session.execute(
            update(Group).where(Group.chat_id == chat_id).values(active=True, title=title[:128])
        )
        await self._insert_ignore(
            GroupMember,
            {"chat_id": chat_id, "user_id": user_id, "joined_at": now},
            ["chat_id", "user_id"],
        )

    async def language(self, chat_id: int) -> str | None:
        """The language chosen for the group, if anyone chose one."""
        return (
            await self.session.execute(select(Group.language).where(Group.chat_id == chat_id))
        ).scalar_one_or_none()

    async def set_language(self, chat_id: int, language: str) -> bool:
        """Choose the group's language; False when the bot does not know the group."""
        result = await self.session.execute(
            update(Group).where(Group.chat_id == chat_id).values(language=language)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def leave(self, chat_id: int) -> None:
        await self.session.execute(
            update(Group).where(Group.chat_id == chat_id).values(active=False)
        )

    async def members(self, chat_id: int) -> list[int]:
        rows = await self.session.execute(
            select(GroupMember.user_id).where(GroupMember.chat_id == chat_id)
        )
        return list(rows.scalars())

    async def due_boards(self, now: datetime, limit: int) -> list[int]:
        query = (
            select(Group.chat_id)
            .where(Group.board_due_at <= now, Group.active)
            .order_by(Group.board_due_at)
            .limit(limit)
        )
        if self._on_postgresql():
            query = query.with_for_update(skip_locked=True)
        return list((await self.session.execute(query)).scalars())

    async def move_board(self, chat_id: int, due_at: datetime) -> None:
        await self.session.execute(
            update(Group).where(Group.chat_id == chat_id).values(board_due_at=due_at)
        )
