"""The errors domain code raises: words a runner understands, or a code that texts renders."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class UserError(ValueError):
    """Bad input or a broken rule; `message` is shown to the runner as it is (plain text)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ParseCode(StrEnum):
    """What was wrong with what a runner typed or pressed; `bot.texts.error_words` has the
    words. The comments name each code's parameters."""

    TOO_MUCH_TEXT = "too_much_text"  # limit
    NOTE_TOO_LONG = "note_too_long"  # limit
    MINUTES_OUT_OF_RANGE = "minutes_out_of_range"  # given, low, high
    MINUTES_NOT_WHOLE = "minutes_not_whole"  # given
    TWO_MINUTES = "two_minutes"  # first, second
    TWO_DAYS = "two_days"
    NOT_A_DATE = "not_a_date"  # text
    DAY_TO_COME = "day_to_come"  # day, today
    DAY_TOO_OLD = "day_too_old"  # day, limit
    ACTIVITY_SYMBOLS = "activity_symbols"  # word
    ACTIVITY_TOO_LONG = "activity_too_long"  # limit
    UNKNOWN_WORDS = "unknown_words"  # words, activity, minutes
    UNCLOSED_QUOTE = "unclosed_quote"
    RUN = "run"  # activity
    NO_ACTIVITY = "no_activity"  # minutes
    CLOCK_UNREADABLE = "clock_unreadable"
    CLOCK_AMPM_HOUR = "clock_ampm_hour"
    CLOCK_NOT_A_TIME = "clock_not_a_time"  # text
    TARGET_RANGE = "target_range"  # low, high
    PAUSE_LENGTH = "pause_length"  # high
    PAUSE_END = "pause_end"
    PAUSE_UNREADABLE = "pause_unreadable"
    WEEK_START = "week_start"
    SESSION_GONE = "session_gone"
    TOO_OLD_TO_EDIT = "too_old_to_edit"  # day, limit


class ParseError(UserError):
    """Input the parser refuses, as a value: a code and its parameters, no prose."""

    def __init__(self, code: ParseCode, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParseError) and (self.code, self.params) == (
            other.code,
            other.params,
        )

    def __hash__(self) -> int:
        return hash(self.code)
