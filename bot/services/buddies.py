"""Buddies: invites, who hears about whom, and the news they get."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from bot import services
from bot.domain import buddies
from bot.domain.errors import UserError
from bot.domain.model import Profile
from bot.storage.repository import Store


async def new_invite(store: Store, profile: Profile, now: datetime) -> str:
    code = secrets.token_urlsafe(12)
    await store.add_invite(code, profile.user_id, now)
    return code


async def inviter_of(store: Store, code: str, invitee_id: int, now: datetime) -> Profile:
    """Who invites with this code, if it can still be used."""
    inviter_id, created, used = await store.invite(code)
    inviter = buddies.check_invite(inviter_id, used, created, invitee_id, now)
    profile = await store.profile(inviter)
    if profile is None:
        raise UserError("That invite link is not valid any more. Ask for a new one: /buddy")
    return profile


async def accept(store: Store, code: str, invitee: Profile, now: datetime) -> Profile:
    inviter = await inviter_of(store, code, invitee.user_id, now)
    if not await store.use_invite(code, now):
        raise UserError("That invite link was used already. Ask your friend for a new one: /buddy")
    if not await store.pair(inviter.user_id, invitee.user_id, now):
        raise UserError("You two are buddies already. See /buddy settings, e.g. /buddy settings")
    return inviter


async def remove_buddies(store: Store, profile: Profile) -> list[int]:
    """End every buddy pair; the chats of the former buddies, to tell them."""
    former = await store.unpair_all(profile.user_id)
    chats = []
    for buddy_id in former:
        buddy = await store.profile(buddy_id)
        if buddy is not None and buddy.active:
            chats.append(buddy.chat_id)
    return chats


async def listeners(store: Store, profile: Profile, hears: buddies.Hears) -> list[int]:
    return await store.listeners(profile.user_id, hears.value)


@dataclass(frozen=True, slots=True)
class BuddyNews:
    """Who hears about a new session: every session, or a week just met."""

    every: list[int]
    met: list[int]


async def news_for_buddies(
    store: Store, profile: Profile, logged: services.sessions.Logged
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


async def buddies_of(store: Store, profile: Profile) -> list[tuple[int, str, int, str]]:
    """(buddy id, buddy's first name, buddy's chat, what this runner hears)."""
    return await store.buddies_of(profile.user_id)


async def set_hears(store: Store, profile: Profile, hears: buddies.Hears) -> None:
    """What the runner hears about their buddies."""
    await store.set_hears(profile.user_id, hears.value)
