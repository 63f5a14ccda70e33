"""Buddies: what each hears about the other (their invites are `bot.domain.invites`)."""

from __future__ import annotations

from enum import StrEnum


class Hears(StrEnum):
    EVERY = "every"  # every session
    RISK_MET = "risk_met"  # only when the week is at risk or met
    WEEKLY = "weekly"  # a weekly summary
    NOTHING = "nothing"
