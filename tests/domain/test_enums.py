"""The closed sets stored as strings keep the values already in the database: renaming one
would need a migration."""

from __future__ import annotations

from enum import StrEnum

import pytest

from bot.domain.buddies import Hears
from bot.domain.checkins import CheckinAnswer, CheckinKind, CheckinStatus, CheckinStyle
from bot.domain.coaches import Sees
from bot.domain.model import Step
from bot.domain.rewards import Goal


@pytest.mark.parametrize(
    ("enum", "stored"),
    [
        (CheckinKind, {"morning", "evening", "summary", "cue"}),
        (CheckinAnswer, {"done", "tonight", "rest"}),
        (CheckinStatus, {"claimed", "answered", "sent", "quiet", "failed", "blocked"}),
        (CheckinStyle, {"full", "light", "tonight", "plan", "at_risk", "summary", "cue"}),
        (Hears, {"every", "risk_met", "weekly", "nothing"}),
        (Sees, {"all", "notes", "week"}),
        (Step, {"zone", "prompt", "target"}),
        (Goal, {"every_session", "every_n_sessions", "every_week", "sessions", "minutes",
                "days", "weeks", "month", "comeback", "habit"}),
    ],
)  # fmt: skip
def test_stored_values_stay_as_they_were(enum: type[StrEnum], stored: set[str]) -> None:
    assert {member.value for member in enum} == stored
