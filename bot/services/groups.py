"""Group chats: members and the week's standings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import services
from bot.domain import schedule
from bot.domain.model import Profile
from bot.services.ports import GroupStore


@dataclass(frozen=True, slots=True)
class Standing:
    name: str
    days_done: int
    target: int
    minutes: int

    @property
    def met(self) -> bool:
        return self.days_done >= self.target


async def join_group(
    store: GroupStore, chat_id: int, title: str, profile: Profile, now: datetime
) -> None:
    board = schedule.next_week_end(now, "UTC", 0)
    await store.groups.join(chat_id, title, profile.user_id, now, board)


async def leave_group(store: GroupStore, chat_id: int) -> None:
    """The bot was removed from the group, or left it: no more group messages there."""
    await store.groups.leave(chat_id)


async def group_week(store: GroupStore, chat_id: int, now: datetime) -> list[Standing]:
    """Every member's week (on their own calendar), best first."""
    standings = []
    for user_id in await store.groups.members(chat_id):
        member = await store.runners.get(user_id)
        if member is None:
            continue
        stats = await services.stats.stats(store, member, now)
        standings.append(
            Standing(member.first_name, stats.summary.week.days_done, stats.summary.week.target,
                     stats.this_week.minutes)
        )  # fmt: skip
    return sorted(standings, key=lambda s: (-s.met, -s.days_done, -s.minutes, s.name))


async def due_boards(store: GroupStore, now: datetime) -> list[tuple[int, list[Standing]]]:
    """Claim the groups whose weekly leaderboard is due and move them on a week."""
    boards = []
    for chat_id in await store.groups.due_boards(now, 50):
        boards.append((chat_id, await group_week(store, chat_id, now)))
        await store.groups.move_board(chat_id, schedule.next_week_end(now, "UTC", 0))
    return boards


async def set_language(store: GroupStore, chat_id: int, language: str) -> bool:
    """Choose the language the bot speaks in a group; False when it does not know the group."""
    return await store.groups.set_language(chat_id, language)


async def language(store: GroupStore, chat_id: int) -> str | None:
    return await store.groups.language(chat_id)
