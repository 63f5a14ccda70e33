"""The closed sets a check-in is made of: its kind, the style of its message, the runner's
answer and its outcome. The values are the ones stored, so they never change."""

from __future__ import annotations

from enum import StrEnum


class CheckinKind(StrEnum):
    MORNING = "morning"
    EVENING = "evening"
    SUMMARY = "summary"  # the weekly summary
    CUE = "cue"  # strength after a run, when the runner asked to be reminded (once a day)


class CheckinStyle(StrEnum):
    """Which message a check-in carries."""

    FULL = "full"  # morning, with the Done, Tonight and Rest day buttons
    LIGHT = "light"  # morning, the week already met
    TONIGHT = "tonight"  # evening, as asked in the morning
    PLAN = "plan"  # evening, a planned workout not yet logged
    AT_RISK = "at_risk"  # evening, the week can only just be met
    SUMMARY = "summary"  # the weekly summary
    CUE = "cue"  # the strength that comes after a run, as reminded


class CheckinAnswer(StrEnum):
    """A button pressed under a morning check-in."""

    DONE = "done"
    TONIGHT = "tonight"
    REST = "rest"


class CheckinStatus(StrEnum):
    CLAIMED = "claimed"  # about to be sent
    ANSWERED = "answered"  # answered before it was ever sent
    SENT = "sent"
    QUIET = "quiet"  # nothing to say that day
    FAILED = "failed"
    BLOCKED = "blocked"  # the runner blocked the bot
