"""Invite links, a buddy's and a coach's alike: single use, a week long, never your own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.domain.errors import ErrorCode, UserError
from bot.domain.invites import Invite, InviteKind, check

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


@pytest.mark.parametrize("kind", list(InviteKind))
def test_a_fresh_invite_from_someone_else_is_usable(kind: InviteKind) -> None:
    assert check(kind, Invite(1, NOW - timedelta(days=6)), 2, NOW) == 1


@pytest.mark.parametrize("kind", list(InviteKind))
@pytest.mark.parametrize(
    ("invite", "invitee_id", "why"),
    [
        (None, 2, ErrorCode.INVITE_INVALID),
        (Invite(1, NOW), 1, ErrorCode.INVITE_OWN),
        (Invite(1, NOW, used_at=NOW), 2, ErrorCode.INVITE_USED),
        (Invite(1, NOW - timedelta(days=7, seconds=1)), 2, ErrorCode.INVITE_EXPIRED),
    ],
)
def test_an_invite_that_cannot_be_used_says_why(
    kind: InviteKind, invite: Invite | None, invitee_id: int, why: ErrorCode
) -> None:
    with pytest.raises(UserError) as caught:
        check(kind, invite, invitee_id, NOW)
    assert caught.value == UserError(why, kind=kind)


INVITE_CODES = [c for c in ErrorCode if c.name.startswith("INVITE_")]


@pytest.mark.parametrize("kind", list(InviteKind))
@pytest.mark.parametrize("code", INVITE_CODES)
def test_a_refused_invite_is_worded_for_the_link_followed(
    kind: InviteKind, code: ErrorCode
) -> None:
    words = texts.errors.error_words(UserError(code, kind=kind))
    assert ("coach link" if kind == InviteKind.COACH else "invite link") in words
