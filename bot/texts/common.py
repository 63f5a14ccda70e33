"""Words and formats every feature uses: escaping, days, clocks, plurals, week and streak lines."""

from __future__ import annotations

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
    """Cut a long reply at line ends so each part fits in one Telegram message."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def days_left_words(week: streaks.WeekProgress) -> str:
    return plural(week.days_left, "day") + " left"


def day_label_ahead(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"{WEEKDAY_NAMES[day.weekday()]} {day:%d %b}"
