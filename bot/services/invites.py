"""The invite flow buddies and coaches share: make a single-use code, find who stands behind
one, and use it up; what accepting makes of the two runners is the caller's."""

from __future__ import annotations

import secrets
from datetime import datetime

from bot.domain import invites
from bot.domain.errors import ErrorCode, UserError
from bot.domain.invites import InviteKind
from bot.domain.model import Profile
from bot.services.ports import InviteStore


async def new(store: InviteStore, kind: InviteKind, inviter: Profile, now: datetime) -> str:
    """A fresh code for the inviter's link."""
    code = secrets.token_urlsafe(12)
    await store.invites.add(kind, code, inviter.user_id, now)
    return code


async def kind_of(store: InviteStore, code: str) -> InviteKind:
    """Which kind of invite a code is; a code of no kind reads as a buddy's (and is refused as
    one)."""
    if await store.invites.get(InviteKind.COACH, code) is not None:
        return InviteKind.COACH
    return InviteKind.BUDDY


async def inviter(
    store: InviteStore, kind: InviteKind, code: str, invitee_id: int, now: datetime
) -> Profile:
    """Who invites with this code, if it can still be used."""
    found = await store.invites.get(kind, code)
    profile = await store.runners.get(invites.check(kind, found, invitee_id, now))
    if profile is None:
        raise UserError(ErrorCode.INVITE_GONE, kind=kind)
    return profile


async def use(store: InviteStore, kind: InviteKind, code: str, now: datetime) -> None:
    """Use the code up; UserError when it was used meanwhile."""
    if not await store.invites.use(kind, code, now):
        raise UserError(ErrorCode.INVITE_USED, kind=kind)
