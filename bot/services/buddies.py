"""Buddies: accepting an invite, who hears about whom, and the news they get."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot import services
from bot.domain import buddies
from bot.domain.errors import ErrorCode, UserError
from bot.domain.invites import InviteKind
from bot.domain.model import Profile
from bot.services.ports import BuddyStore, HasBuddies, SharingStore


async def inviter_of(store: BuddyStore, code: str, invitee_id: int, now: datetime) -> Profile:
    """Who invites with this code, if it can still be used."""
    return await services.invites.inviter(store, InviteKind.BUDDY, code, invitee_id, now)


async def accept(store: BuddyStore, code: str, invitee: Profile, now: datetime) -> Profile:
    inviter = await inviter_of(store, code, invitee.user_id, now)
    await services.invites.use(store, InviteKind.BUDDY, code, now)
    if not await store.buddies.pair(inviter.user_id, invitee.user_id, now):
        raise UserError(ErrorCode.BUDDIES_ALREADY)
    return inviter


async def remove_buddies(store: BuddyStore, profile: Profile) -> list[int]:
    """End every buddy pair; the chats of the former buddies, to tell them."""
    former = await store.buddies.unpair_all(profile.user_id)
    chats = []
    for buddy_id in former:
        buddy = await store.runners.get(buddy_id)
        if buddy is not None and buddy.active:
            chats.append(buddy.chat_id)
    return chats


async def listeners(store: HasBuddies, profile: Profile, hears: buddies.Hears) -> list[int]:
    return await store.buddies.listeners(profile.user_id, hears)


@dataclass(frozen=True, slots=True)
class BuddyNews:
    """Who hears about a new session: every session, or a week just met."""

    every: list[int]
    met: list[int]


async def news_for_buddies(
    store: HasBuddies, profile: Profile, logged: services.sessions.Logged
) -> BuddyNews:
    if logged.duplicate or not profile.listeners:
        return BuddyNews([], [])
    every = await listeners(store, profile, buddies.Hears.EVERY)
    met = (
        await listeners(store, profile, buddies.Hears.RISK_MET)
        if logged.met_week == logged.summary.week.start
        else []
    )
    return BuddyNews(every, met)


@dataclass(frozen=True, slots=True)
class Shared:
    """A session logged, and which buddies hear of it."""

    logged: services.sessions.Logged
    news: BuddyNews


async def log_shared(
    store: SharingStore,
    profile: Profile,
    *,
    activity: str,
    minutes: int,
    day: date,
    note: str | None,
    now: datetime,
    source: tuple[int, int] | None,
) -> Shared:
    """Log one session (once per source message) and say which buddies hear of it."""
    logged = await services.sessions.log_session(
        store, profile, activity=activity, minutes=minutes, day=day, note=note, now=now,
        source=source,
    )  # fmt: skip
    return Shared(logged, await news_for_buddies(store, profile, logged))


async def log_again_shared(
    store: SharingStore, profile: Profile, session_id: int, now: datetime, source: tuple[int, int]
) -> Shared:
    """Log it again (a copy of a session just logged) and say which buddies hear of it."""
    logged = await services.sessions.log_again(store, profile, session_id, now, source)
    return Shared(logged, await news_for_buddies(store, profile, logged))


async def buddies_of(store: BuddyStore, profile: Profile) -> list[buddies.BuddyOf]:
    """The runner's buddies, and what the runner hears about each."""
    return await store.buddies.of(profile.user_id)


async def set_hears(store: BuddyStore, profile: Profile, hears: buddies.Hears) -> None:
    """What the runner hears about their buddies."""
    await store.buddies.set_hears(profile.user_id, hears)
