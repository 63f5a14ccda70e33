"""Buddies: what each hears about the other, and the rules of an invite."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.errors import ErrorCode, UserError

INVITE_LIFETIME = timedelta(days=7)


class Hears(StrEnum):
    EVERY = "every"  # every session
    RISK_MET = "risk_met"  # only when the week is at risk or met
    WEEKLY = "weekly"  # a weekly summary
    NOTHING = "nothing"


def check_invite(
    inviter_id: int | None,
    used_at: datetime | None,
    created_at: datetime | None,
    invitee_id: int,
    now: datetime,
) -> int:
    """The inviter of a usable invite; UserError saying why one cannot be used."""
    if inviter_id is None or created_at is None:
        raise UserError(ErrorCode.INVITE_INVALID)
    if inviter_id == invitee_id:
        raise UserError(ErrorCode.INVITE_OWN)
    if used_at is not None:
        raise UserError(ErrorCode.INVITE_USED)
    if now - created_at > INVITE_LIFETIME:
        raise UserError(ErrorCode.INVITE_EXPIRED)
    return inviter_id
