"""What the bot says when it refuses something or something went wrong."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import ParseCode, ParseError, UserError

if TYPE_CHECKING:
    pass
from bot.texts.common import e


def user_error(error: UserError) -> str:
    mark = "🏃" if isinstance(error, ParseError) and error.code is ParseCode.RUN else "🤔"
    return f"{mark} {e(error_words(error))}"


def unexpected_error() -> str:
    return "Sorry, something went wrong on my side. Nothing you logged is lost; please try again."


def expired_button() -> str:
    return "This button has expired. Send the command again."


def not_yours() -> str:
    return "That button belongs to someone else."


_DONE = "/done kettlebell 15"


_EARLIER = "/done kettlebell 15 yesterday"


_CLOCK = "Use a time like 07:30 or 7:30pm, e.g. /prompt 07:30"


_PAUSE = "e.g. /pause 7 or /pause until 2026-12-10"


def error_words(error: UserError) -> str:
    """Plain words for a refused input: a ParseError rendered from its code, or the message."""
    if not isinstance(error, ParseError):
        return error.message
    p = error.params
    match error.code:
        case ParseCode.TOO_MUCH_TEXT:
            return f"That is a lot of text! Keep it short, e.g. {_DONE}"
        case ParseCode.NOTE_TOO_LONG:
            return (
                f"Keep the note under {p['limit']} characters, "
                "e.g. /done kettlebell 15 - swings and goblet squats"
            )
        case ParseCode.MINUTES_OUT_OF_RANGE:
            return (
                f"{p['given']} min can't be right: minutes must be between {p['low']} and "
                f"{p['high']}, e.g. {_DONE}"
            )
        case ParseCode.MINUTES_NOT_WHOLE:
            return f"Give whole minutes ({p['given']} is not), e.g. {_DONE}"
        case ParseCode.TWO_MINUTES:
            return (
                f"I see two amounts of time ({p['first']} and {p['second']} min). "
                f"Give the minutes once, e.g. {_DONE}"
            )
        case ParseCode.TWO_DAYS:
            return f"I see two days there. Give one day, e.g. {_EARLIER}"
        case ParseCode.NOT_A_DATE:
            return f"{p['text']} is not a date on the calendar. Try e.g. 2026-11-20 or 20.11."
        case ParseCode.DAY_TO_COME:
            day, today = p["day"], p["today"]
            when = "Tomorrow" if day == today + timedelta(days=1) else f"{day:%a %d %b}"
            return (
                f"{when} is still to come, so it hasn't happened yet 🙂 Log a session once "
                f"it is done, e.g. {_DONE} today or {_EARLIER}"
            )
        case ParseCode.DAY_TOO_OLD:
            return (
                f"Sessions can be logged up to {p['limit']} days back, and {p['day']:%d %b %Y} "
                f"is further, e.g. {_EARLIER}"
            )
        case ParseCode.ACTIVITY_SYMBOLS:
            return (
                f"Name the activity in plain words, e.g. {_DONE} "
                "(add a note after ' - ' for anything else)."
            )
        case ParseCode.ACTIVITY_TOO_LONG:
            return (
                f"Keep the activity under {p['limit']} characters, e.g. {_DONE} "
                "(add a note after ' - ' for details)."
            )
        case ParseCode.UNKNOWN_WORDS:
            words = ", ".join(f"“{w}”" for w in p["words"])
            minutes = p["minutes"] or 15
            return (
                f"I don't know {words[:60]} here, so nothing is logged. An activity of several "
                f'words goes in quotes or with hyphens, e.g. /done "{p["activity"][:32]}" '
                f"{minutes}; anything else goes in a note after ' - ', "
                "e.g. /done kettlebell 15 - felt strong"
            )
        case ParseCode.UNCLOSED_QUOTE:
            return (
                "A quote is left open. Put the activity between two quotes, "
                'e.g. /done "goblet squats" 15'
            )
        case ParseCode.NO_ACTIVITY:
            return f"What did you do for {p['minutes']} min? e.g. {_DONE}"
        case ParseCode.CLOCK_UNREADABLE:
            return f"I could not read that time. {_CLOCK}"
        case ParseCode.CLOCK_AMPM_HOUR:
            return f"With am/pm the hour goes from 1 to 12. {_CLOCK}"
        case ParseCode.CLOCK_NOT_A_TIME:
            return f"{p['text']} is not a time of day. {_CLOCK}"
        case ParseCode.TARGET_RANGE:
            return (
                f"The weekly target is a number of training days from {p['low']} to {p['high']}, "
                "e.g. /target 3"
            )
        case ParseCode.PAUSE_LENGTH:
            return f"A pause lasts 1 to {p['high']} days, {_PAUSE}"
        case ParseCode.PAUSE_END:
            return f"Give the last day of the pause as a date to come, {_PAUSE}"
        case ParseCode.PAUSE_UNREADABLE:
            return f"How long is the pause? {_PAUSE}"
        case ParseCode.WEEK_START:
            return "Weeks can start on monday or sunday, e.g. /weekstart sunday"
        case ParseCode.SESSION_GONE:
            return "That session is already gone. See what is left with /edit, e.g. /edit"
        case ParseCode.TOO_OLD_TO_EDIT:
            return (
                f"Sessions older than {p['limit']} days stay as they are ({p['day']:%d %b %Y} "
                "is further back). Fix a recent one with /edit, e.g. /edit"
            )
        case ParseCode.RUN:
            return (
                f"Runs don't count here ({p['activity']}): I keep track of the strength work "
                f"that keeps you running strong. Nothing logged, enjoy the miles! After a "
                f"strength session, e.g. {_DONE}"
            )
    return error.message
