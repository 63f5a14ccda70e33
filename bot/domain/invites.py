"""Invite links, as buddies and coaches share them: who made one, and whether it can still be
used (once, within a week). The kinds differ only in what accepting one does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.errors import ErrorCode, UserError

LIFETIME = timedelta(days=7)


class InviteKind(StrEnum):
    """What accepting an invite makes of the two runners; the refusals carry it as `kind`, so
    each is worded for the link the runner followed."""

    BUDDY = "buddy"  # buddies, both ways
    COACH = "coach"  # the inviter coaches the one who accepts


@dataclass(frozen=True, slots=True)
class Invite:
    """A stored invite code: who made it, when, and when it was used (None while unused)."""

    inviter_id: int
    created_at: datetime
    used_at: datetime | None = None


def check(kind: InviteKind, invite: Invite | None, invitee_id: int, now: datetime) -> int:
    """The inviter of a usable invite; UserError saying why one cannot be used."""
    if invite is None:
        raise UserError(ErrorCode.INVITE_INVALID, kind=kind)
    if invite.inviter_id == invitee_id:
        raise UserError(ErrorCode.INVITE_OWN, kind=kind)
    if invite.used_at is not None:
        raise UserError(ErrorCode.INVITE_USED, kind=kind)
    if now - invite.created_at > LIFETIME:
        raise UserError(ErrorCode.INVITE_EXPIRED, kind=kind)
    return invite.inviter_id
