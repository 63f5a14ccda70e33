"""Words and formats every feature uses: escaping, days, clocks, plurals, week and streak lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

from bot.domain import streaks
from bot.domain.model import Session
from bot.domain.streaks import WeekChange

if TYPE_CHECKING:
    pass


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


MAX_MESSAGE_CHARS = 4096


def e(text: object) -> str:
    return escape(str(text), quote=False)


def clock(minute: int | None) -> str:
    if minute is None:
        return "off"
    return f"{minute // 60:02d}:{minute % 60:02d}"


def day_label(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    if (today - day).days < 7:
        return WEEKDAY_NAMES[day.weekday()]
    return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day:%d %b}"


def week_line(week: streaks.WeekProgress) -> str:
    """`2 of 3 days this week — 1 more with 4 days left` and friends."""
    head = f"{week.days_done} of {plural(week.target, 'day')} this week"
    if week.target == 0:
        return "This week is paused: nothing to meet, nothing to lose."
    if week.met:
        if week.days_done > week.target:
            return f"{week.days_done} days this week, target {week.target} met and then some 💪"
        return f"{head} — target met 💪"
    left = plural(week.days_left, "day")
    if week.needed > week.days_left:
        return (
            f"{head} — this week can't be met any more, and that's OK: "
            "next week starts a new streak. Anything you do still counts for habit strength."
        )
    return f"{head} — {week.needed} more to go, {left} left"


def session_line(session: Session, today: date) -> str:
    when = "" if session.day == today else f", {day_label(session.day, today)}"
    note = f" — <i>{e(session.note)}</i>" if session.note else ""
    return f"<b>{e(session.activity)}</b> {session.minutes} min{when}{note}"


def plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def streak_line(summary: streaks.Summary) -> str:
    if summary.current == 0:
        return ""
    days = "" if summary.daily else f" · {summary.consistency_days} consistency days"
    return f"\n🔥 Streak: {plural(summary.current, summary.unit)}{days}"


def bar(value: int, target: int, width: int = 10) -> str:
    filled = min(width, value * width // target) if target else width
    return "▓" * filled + "░" * (width - filled)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours}h {rest:02d}m" if rest else f"{hours}h"


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def week_name(change: WeekChange) -> str:
    return "This week" if change.current else f"Week of {change.start.day} {change.start:%b}"


def week_changes(changes: Sequence[WeekChange]) -> str:
    return "".join(
        f"\n{week_name(w)} is now met ✓" if w.met else f"\n{week_name(w)} is no longer met"
        for w in changes
    )


def split(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Cut a long reply so each part fits in one Telegram message and is valid HTML alone:
    at a line end where one fits, never inside a tag or an entity such as `&amp;`; a tag
    still open at a cut is closed at the end of its part and opened again in the next."""
    if len(text) <= limit:
        text = text.lstrip("\n")
        return [text] if text else []
    pieces = _HTML_PIECE.findall(text)
    parts: list[str] = []
    opened: list[tuple[str, str]] = []  # (name, opening tag) of each tag open at the cut
    start = 0
    while start < len(pieces):
        # A part starts with its first line, not a blank one, nor a tag the last part closed.
        if pieces[start] == "\n":
            start += 1
        elif opened and pieces[start] == f"</{opened[-1][0]}>":
            opened, start = opened[:-1], start + 1
        elif found := _cut(pieces, start, opened, limit):
            cut, still_open = found
            reopen = "".join(tag for _, tag in opened)
            close = "".join(f"</{name}>" for name, _ in reversed(still_open))
            parts.append(reopen + "".join(pieces[start:cut]) + close)
            opened, start = still_open, cut
        else:
            break  # nothing to read is left: blank lines and closing tags
    return parts


def _cut(
    pieces: list[str], start: int, opened: list[tuple[str, str]], limit: int
) -> tuple[int, list[tuple[str, str]]] | None:
    """Where the part from `start` (with the `opened` tags reopened) ends, and the tags open
    there: the furthest cut that fits and leaves something to read, at a line end if one
    fits; None if nothing to read is left. Cuts a line longer than a message in `pieces`."""
    stack = list(opened)
    # The part's length if cut here: tags reopened, pieces so far, closing tags owed.
    size = sum(len(tag) + len(name) + 3 for name, tag in stack)
    anywhere: tuple[int, list[tuple[str, str]]] | None = None
    at_line_end: tuple[int, list[tuple[str, str]]] | None = None
    blank: tuple[int, list[tuple[str, str]]] | None = None  # fits, but only white space yet
    readable = False
    end = start
    while end < len(pieces):
        piece = pieces[end]
        is_tag = piece[0] == "<" and len(piece) > 1
        name = piece.strip("</>").split()[0] if is_tag else ""
        opens = is_tag and piece[1] != "/"
        closes = is_tag and not opens and bool(stack) and stack[-1][0] == name
        grow = len(piece) + len(name) + 3 if opens else 0 if closes else len(piece)
        room = limit - size
        if grow > room:
            if at_line_end is None and room > 0 and piece[0] not in "<&\n":
                # A line longer than a message: cut it at the limit, between characters.
                pieces[end : end + 1] = [piece[:room], piece[room:]]
                piece, grow = piece[:room], room
            elif anywhere or blank:
                return at_line_end or anywhere or blank
        if opens:
            stack.append((name, piece))
        elif closes:
            stack.pop()  # the closing tag owed is written now
        elif not is_tag:
            readable = readable or not piece.isspace()
        size += grow
        end += 1
        if not opens:  # a part never ends on a tag it has just opened
            if not readable:
                blank = (end, list(stack))
                continue
            anywhere = (end, list(stack))
            if end < len(pieces) and pieces[end] == "\n":
                at_line_end = anywhere
    return anywhere  # the rest fits (None: there is nothing to read in it)


# What a cut may fall between: a whole tag, a whole entity, a line end, a run of other text.
_HTML_PIECE = re.compile(r"</?[a-zA-Z][^<>]*>|&#?\w+;|\n|[^<&\n]+|[<&]")


def days_left_words(week: streaks.WeekProgress) -> str:
    return plural(week.days_left, "day") + " left"


def day_label_ahead(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"{WEEKDAY_NAMES[day.weekday()]} {day:%d %b}"
