"""The refusals domain and use cases raise: a code and its parameters, never words.

`bot.texts.errors.error_words` turns every code into a sentence; a test holds each code to it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Why something a runner typed or pressed was refused. The comments name each code's
    parameters; user text among them is raw and escaped where it is rendered."""

    # What a runner typed: /done, clocks, targets, pauses, /edit
    TOO_MUCH_TEXT = "too_much_text"  # limit
    NOTE_TOO_LONG = "note_too_long"  # limit
    MINUTES_OUT_OF_RANGE = "minutes_out_of_range"  # given, low, high
    MINUTES_NOT_WHOLE = "minutes_not_whole"  # given
    TWO_MINUTES = "two_minutes"  # first, second
    TWO_DAYS = "two_days"
    DAY_VAGUE = "day_vague"  # text, plan (whether the line was a /plan), edit (an /edit)
    NOT_A_DATE = "not_a_date"  # text
    DAY_TO_COME = "day_to_come"  # day, today
    DAY_TOO_OLD = "day_too_old"  # day, limit
    ACTIVITY_SYMBOLS = "activity_symbols"  # word
    ACTIVITY_TOO_LONG = "activity_too_long"  # limit
    UNKNOWN_WORDS = "unknown_words"  # words, activity, minutes
    UNCLOSED_QUOTE = "unclosed_quote"
    RUN = "run"  # activity
    CARDIO = "cardio"  # activity
    NOT_A_SESSION = "not_a_session"  # text
    STEP_DONE = "step_done"  # a button of an onboarding step already answered
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
    EDIT_DAY_UNREADABLE = "edit_day_unreadable"  # text
    HISTORY_RANGE = "history_range"  # high
    DAYS_UNREADABLE = "days_unreadable"
    EVENING_MISSING = "evening_missing"

    # The runner and their settings
    NOT_STARTED = "not_started"
    ZONE_MISSING = "zone_missing"
    ZONE_OFFSET_RANGE = "zone_offset_range"
    ZONE_UNKNOWN = "zone_unknown"  # text
    ALREADY_PAUSED = "already_paused"
    PAUSE_BUDGET = "pause_budget"  # limit

    # Sessions
    NOTHING_TO_UNDO = "nothing_to_undo"
    UNDONE_ALREADY = "undone_already"

    # Plans
    PLAN_DAY_MISSING = "plan_day_missing"
    PLAN_DAY_PASSED = "plan_day_passed"
    PLAN_TIME_PASSED = "plan_time_passed"  # at (the plan's local time today)
    PLAN_TOO_FAR = "plan_too_far"
    PLAN_INCOMPLETE = "plan_incomplete"
    PLAN_DETAILS_TOO_LONG = "plan_details_too_long"  # limit
    PLAN_NO_MINUTES = "plan_no_minutes"
    NO_PLAN = "no_plan"  # day
    NOTHING_PLANNED = "nothing_planned"  # for_athlete
    PLAN_TIME_INVALID = "plan_time_invalid"  # text
    NO_COACH_PLAN = "no_coach_plan"  # athlete, day
    REMIND_UNREADABLE = "remind_unreadable"
    REMIND_RANGE = "remind_range"  # low, high

    # Rewards
    REWARD_AFTER_WHAT = "reward_after_what"
    REWARD_UNREADABLE = "reward_unreadable"
    REWARD_NO_NAME = "reward_no_name"
    REWARD_NAME_TOO_LONG = "reward_name_too_long"  # limit
    GOAL_RANGE = "goal_range"  # low, high
    GOAL_UNKNOWN = "goal_unknown"  # text
    CONSISTENCY_WEEKS = "consistency_weeks"  # name, days
    TOO_MANY_REWARDS = "too_many_rewards"  # limit
    REWARD_TWICE = "reward_twice"
    NO_REWARDS = "no_rewards"
    REWARD_NUMBER = "reward_number"  # count, command
    CLAIMED_ALL = "claimed_all"
    NOT_EARNED = "not_earned"

    # Invite links, a buddy's or a coach's: `kind` (an invites.InviteKind) says which
    INVITE_INVALID = "invite_invalid"  # kind
    INVITE_OWN = "invite_own"  # kind
    INVITE_USED = "invite_used"  # kind
    INVITE_EXPIRED = "invite_expired"  # kind
    INVITE_GONE = "invite_gone"  # kind

    # Buddies
    BUDDIES_ALREADY = "buddies_already"

    # Coaches and athletes
    HAS_COACH = "has_coach"
    COACH_FULL = "coach_full"  # limit
    NO_COACH = "no_coach"
    NO_COACH_TO_REMOVE = "no_coach_to_remove"
    NO_ATHLETE_NAMED = "no_athlete_named"  # name
    NOT_YOUR_ATHLETE = "not_your_athlete"
    WHICH_ATHLETE = "which_athlete"  # names
    WHOM_TO_DROP = "whom_to_drop"

    # Importing a CSV: the file, then each line (`IMPORT_LINES` holds (line, UserError) pairs)
    FILE_TOO_BIG = "file_too_big"
    NOT_A_CSV = "not_a_csv"
    CSV_HEADER = "csv_header"  # columns
    NOT_AN_EXPORT = "not_an_export"
    TOO_MANY_ROWS = "too_many_rows"  # limit
    IMPORT_LINES = "import_lines"  # problems, shown
    LINE_FIELDS = "line_fields"
    LINE_DATE = "line_date"  # text
    LINE_FUTURE = "line_future"  # day
    LINE_MINUTES = "line_minutes"  # text
    LINE_MINUTES_RANGE = "line_minutes_range"  # low, high
    LINE_ACTIVITY = "line_activity"  # limit
    LINE_NO_ACTIVITY = "line_no_activity"
    LINE_NOTE = "line_note"  # limit

    # Buttons
    EXPIRED_BUTTON = "expired_button"
    NOT_YOURS = "not_yours"
    CHECKIN_EXPIRED = "checkin_expired"  # day


class UserError(ValueError):
    """Bad input or a broken rule, as a value: a code and its parameters, no prose."""

    def __init__(self, code: ErrorCode, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UserError) and (self.code, self.params) == (
            other.code,
            other.params,
        )

    def __hash__(self) -> int:
        return hash(self.code)


class ParseError(UserError):
    """Input the parser refuses."""
