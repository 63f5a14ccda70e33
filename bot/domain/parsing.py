"""Reading what a runner types: `/done kettlebell 15 yesterday - felt strong` and friends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.domain.errors import UserError

MIN_MINUTES = 1
MAX_MINUTES = 600
MAX_DAYS_BACK = 30
MAX_ACTIVITY_CHARS = 32
MAX_NOTE_CHARS = 200
MAX_INPUT_CHARS = 1000

DONE_EXAMPLE = "/done kettlebell 15"

# Short names runners type; each word of an activity is looked up on its own.
ALIASES: dict[str, str] = {
    "kb": "kettlebell",
    "kbs": "kettlebell",
    "db": "dumbbells",
    "dbs": "dumbbells",
    "bb": "barbell",
    "bw": "bodyweight",
    "plyo": "plyometrics",
    "plyos": "plyometrics",
    "st": "strength",
    "s&c": "strength & conditioning",
    "pt": "physio",
    "trx": "TRX",
    "hiit": "HIIT",
}

WEEKDAYS: dict[str, int] = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

_MINUTE_UNITS = {"m", "min", "mins", "minute", "minutes"}
_HOUR_UNITS = {"h", "hr", "hrs", "hour", "hours"}
_RE_NUMBER = re.compile(r"\d+")
_RE_MINUTES = re.compile(r"(\d+)(?:m|min|mins|minute|minutes)")
_RE_HOURS = re.compile(r"(\d+)(?:[.,](\d))?(?:h|hr|hrs|hour|hours)")
_RE_HOURS_MINUTES = re.compile(r"(\d+)h(\d{1,2})(?:m|min|mins)?")
_RE_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_RE_ACTIVITY_WORD = re.compile(r"[^\W_][\w'&+/.-]*", re.UNICODE)
_NOTE_SEPARATORS = (" - ", " — ", " – ")


@dataclass(frozen=True, slots=True)
class LogRequest:
    """A `/done` as typed: any part may be missing and is asked for with buttons."""

    activity: str | None
    minutes: int | None
    day: date
    note: str | None


def parse_done(text: str, today: date) -> LogRequest:
    """Read the arguments of `/done` in any order; raise UserError with an example if wrong."""
    text = _clean(text)
    body, note = _split_note(text)
    minutes: int | None = None
    day: date | None = None
    words: list[str] = []
    tokens = body.split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        lower = token.lower()
        unit = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        found_minutes: int | None = None
        found_day: date | None = None
        if _RE_NUMBER.fullmatch(lower):
            if unit in _HOUR_UNITS:
                found_minutes = int(lower) * 60
                i += 1
            else:
                found_minutes = int(lower)
                if unit in _MINUTE_UNITS:
                    i += 1
        elif m := _RE_MINUTES.fullmatch(lower):
            found_minutes = int(m.group(1))
        elif m := _RE_HOURS_MINUTES.fullmatch(lower):
            found_minutes = int(m.group(1)) * 60 + int(m.group(2))
        elif m := _RE_HOURS.fullmatch(lower):
            found_minutes = int(m.group(1)) * 60 + int(m.group(2) or 0) * 6
        else:
            found_day = parse_day(lower, today)
            if found_day is None:
                words.append(token)
        if found_minutes is not None:
            if minutes is not None:
                raise UserError(
                    f"I see two amounts of time ({minutes} and {found_minutes} min). "
                    f"Give the minutes once, e.g. {DONE_EXAMPLE}"
                )
            minutes = check_minutes(found_minutes)
        if found_day is not None:
            if day is not None:
                raise UserError(
                    "I see two days there. Give one day, e.g. /done kettlebell 15 yesterday"
                )
            day = found_day
        i += 1
    return LogRequest(
        activity=normalise_activity(" ".join(words)) if words else None,
        minutes=minutes,
        day=check_day(day or today, today),
        note=note,
    )


def check_minutes(minutes: int) -> int:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UserError(
            f"Minutes must be between {MIN_MINUTES} and {MAX_MINUTES}, e.g. {DONE_EXAMPLE}"
        )
    return minutes


def check_day(day: date, today: date) -> date:
    if day > today:
        raise UserError(
            "That day is still to come. Log a session once it is done, "
            "e.g. /done kettlebell 15 yesterday"
        )
    if (today - day).days > MAX_DAYS_BACK:
        raise UserError(
            f"Sessions can be logged up to {MAX_DAYS_BACK} days back, "
            "e.g. /done kettlebell 15 yesterday"
        )
    return day


def parse_day(word: str, today: date) -> date | None:
    """`today`, `yesterday`, a weekday (the latest one, today included) or YYYY-MM-DD."""
    word = word.lower()
    if word in ("today", "tdy"):
        return today
    if word in ("yesterday", "yday", "yest"):
        return today - timedelta(days=1)
    if word in WEEKDAYS:
        return today - timedelta(days=(today.weekday() - WEEKDAYS[word]) % 7)
    if m := _RE_ISO_DATE.fullmatch(word):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise UserError(f"{word} is not a date on the calendar. Try e.g. 2026-11-20") from None
    return None


def normalise_activity(text: str) -> str:
    """Lower-case words with aliases spelled out; raise UserError for symbols or too long."""
    words = text.split()
    for word in words:
        if not _RE_ACTIVITY_WORD.fullmatch(word):
            raise UserError(
                f"Name the activity in plain words, e.g. {DONE_EXAMPLE} "
                "(add a note after ' - ' for anything else)."
            )
    activity = " ".join(ALIASES.get(w.lower(), w.lower()) for w in words)
    if len(activity) > MAX_ACTIVITY_CHARS:
        raise UserError(
            f"Keep the activity under {MAX_ACTIVITY_CHARS} characters, e.g. {DONE_EXAMPLE} "
            "(add a note after ' - ' for details)."
        )
    return activity


def parse_clock(text: str) -> time:
    """`07:30`, `7:30`, `7.30`, `0730`, `7`, `7am`, `7:30pm` -> a local wall-clock time."""
    raw = _clean(text).lower().replace(" ", "")
    m = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm)?", raw)
    example = "Use a time like 07:30 or 7:30pm, e.g. /prompt 07:30"
    if not m:
        raise UserError(f"I could not read that time. {example}")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3):
        if not 1 <= hour <= 12:
            raise UserError(f"With am/pm the hour goes from 1 to 12. {example}")
        hour = hour % 12 + (12 if m.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UserError(f"{text.strip()[:10]} is not a time of day. {example}")
    return time(hour, minute)


def parse_target(text: str) -> int:
    """A weekly target: sessions a week, 1 to 7."""
    raw = _clean(text)
    if not re.fullmatch(r"\d{1,2}", raw) or not 1 <= int(raw) <= 7:
        raise UserError("The weekly target is a number of sessions from 1 to 7, e.g. /target 3")
    return int(raw)


def _clean(text: str) -> str:
    if len(text) > MAX_INPUT_CHARS:
        raise UserError(f"That is a lot of text! Keep it short, e.g. {DONE_EXAMPLE}")
    # Control characters (NUL, newlines, ...) separate words like spaces do.
    return "".join(c if c.isprintable() else " " for c in text).strip()


def _split_note(text: str) -> tuple[str, str | None]:
    for separator in _NOTE_SEPARATORS:
        body, found, note = text.partition(separator)
        if found:
            note = note.strip()
            if len(note) > MAX_NOTE_CHARS:
                raise UserError(
                    f"Keep the note under {MAX_NOTE_CHARS} characters, "
                    "e.g. /done kettlebell 15 - swings and goblet squats"
                )
            return body, note or None
    return text, None


MAX_PAUSE_DAYS = 60


def parse_pause(text: str, today: date) -> tuple[date, date]:
    """`7` (days from today) or `until 2026-12-10` -> the first and last paused day."""
    raw = _clean(text).lower()
    example = "e.g. /pause 7 or /pause until 2026-12-10"
    if m := re.fullmatch(r"(\d{1,4})\s*(?:d|days?)?", raw):
        days = int(m.group(1))
        if not 1 <= days <= MAX_PAUSE_DAYS:
            raise UserError(f"A pause lasts 1 to {MAX_PAUSE_DAYS} days, {example}")
        return today, today + timedelta(days=days - 1)
    if m := re.fullmatch(r"(?:until|till|to)\s+(\S+)", raw):
        last = parse_day(m.group(1), today)
        if last is None or m.group(1) in WEEKDAYS or last < today:
            raise UserError(f"Give the last day of the pause as a date to come, {example}")
        if (last - today).days + 1 > MAX_PAUSE_DAYS:
            raise UserError(f"A pause lasts 1 to {MAX_PAUSE_DAYS} days, {example}")
        return today, last
    raise UserError(f"How long is the pause? {example}")


def parse_week_start(text: str) -> int:
    """`monday` or `sunday` (the two ways calendars start a week)."""
    raw = _clean(text).lower()
    if raw in ("mon", "monday"):
        return 0
    if raw in ("sun", "sunday"):
        return 6
    raise UserError("Weeks can start on monday or sunday, e.g. /weekstart sunday")
