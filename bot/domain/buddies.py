"""Buddies: what each hears about the other (their invites are `bot.domain.invites`)."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Hears(StrEnum):
    EVERY = "every"  # every session
    RISK_MET = "risk_met"  # only when the week is at risk or met
    WEEKLY = "weekly"  # a weekly summary
    NOTHING = "nothing"


class BuddyOf(NamedTuple):
    """One of a runner's buddies, and what the runner hears about them."""

    buddy_id: int
    name: str  # their first name
    chat_id: int
    hears: Hears
