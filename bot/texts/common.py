"""Words and formats every feature uses: escaping, days, clocks, plurals, week and streak lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from babel.dates import format_date, format_skeleton

from bot.domain import streaks
from bot.domain.language import display_name
from bot.domain.model import Session
from bot.domain.streaks import WeekChange
from bot.texts.i18n import _, current, locale, ngettext, pgettext

MAX_MESSAGE_CHARS = 4096


def e(text: object) -> str:
    return escape(str(text), quote=False)


def activity_name(activity: str) -> str:
    """An activity as a runner reads it in the language spoken: a known one by its name in
    that language (`Rumpf` for core, `гиря` for kettlebell); any other as logged, where German
    writes nouns with a capital letter (`Goblet Squats`). Not escaped."""
    named = display_name(activity, current())
    if named != activity:
        return named
    if current() == "de":
        return " ".join(word[:1].upper() + word[1:] for word in activity.split(" "))
    return activity


def clock(minute: int | None) -> str:
    if minute is None:
        return pgettext("clock", "off")
    return f"{minute // 60:02d}:{minute % 60:02d}"


def weekday(day: date) -> str:
    """`Monday`, in the language spoken."""
    return format_date(day, "EEEE", locale=locale())


def weekday_short(day: date) -> str:
    """`Mon`."""
    return format_date(day, "EEE", locale=locale())


def weekday_letters(day: date) -> str:
    """`Mo`: the shortest name of the day, for rows of days."""
    return format_date(day, "EEEEEE", locale=locale())


def day_month(day: date) -> str:
    """`23 Nov`."""
    return format_skeleton("MMMd", day, locale=locale())


def day_month_year(day: date) -> str:
    """`23 Nov 2026`."""
    return format_skeleton("yMMMd", day, locale=locale())


def short_day(day: date) -> str:
    """`Mon 23 Nov`."""
    return format_skeleton("MMMEd", day, locale=locale())


def long_day(day: date) -> str:
    """`Monday 23 Nov` (languages without that form write `Mo., 23. Nov.`)."""
    return format_skeleton("MMMEEEEd", day, locale=locale())


def day_label(day: date, today: date) -> str:
    if day == today:
        return _("today")
    if day == today - timedelta(days=1):
        return _("yesterday")
    if (today - day).days < 7 and day.weekday() < today.weekday():
        return weekday(day)  # earlier this week: the weekday says which day it was
    # Last week's Tuesday is not "Tuesday": name the date.
    return long_day(day) if (today - day).days < 7 else short_day(day)


def days(count: int) -> str:
    """`1 day`, `3 days`."""
    return ngettext("{count} day", "{count} days", count).format(count=count)


def week_line(week: streaks.WeekProgress) -> str:
    """`2 of 3 days this week — 1 more to go, 4 days left` and friends."""
    if week.target == 0:
        return _("This week is paused: nothing to meet, nothing to lose.")
    done, target = week.days_done, week.target
    if week.met:
        if week.days_done > week.target:
            return _("{done} days this week, target {target} met and then some 💪").format(
                done=done, target=target
            )
        return ngettext(
            "{done} of {target} day this week — target met 💪",
            "{done} of {target} days this week — target met 💪",
            target,
        ).format(done=done, target=target)
    if week.needed > week.days_left:
        return ngettext(
            "{done} of {target} day this week — this week can't be met any more, and that's "
            "OK: next week starts a new streak. Anything you do still counts for habit strength.",
            "{done} of {target} days this week — this week can't be met any more, and that's "
            "OK: next week starts a new streak. Anything you do still counts for habit strength.",
            target,
        ).format(done=done, target=target)
    return ngettext(
        "{done} of {target} day this week — {needed} more to go, {left} left",
        "{done} of {target} days this week — {needed} more to go, {left} left",
        target,
    ).format(done=done, target=target, needed=week.needed, left=days(week.days_left))


def session_line(session: Session, today: date) -> str:
    """`<b>kettlebell</b> 15 min, yesterday — <i>note</i>`."""
    activity, minutes = e(activity_name(session.activity)), session.minutes
    if session.day == today:
        line = _("<b>{activity}</b> {minutes} min").format(activity=activity, minutes=minutes)
    else:
        line = _("<b>{activity}</b> {minutes} min, {day}").format(
            activity=activity, minutes=minutes, day=day_label(session.day, today)
        )
    if session.note:
        line = _("{session} — <i>{note}</i>").format(session=line, note=e(session.note))
    return line


def streak_length(count: int, unit: str) -> str:
    """`3 weeks`, or `5 days` for a daily streak (`unit` is the summary's `day` or `week`)."""
    if unit == "day":
        return days(count)
    return ngettext("{count} week", "{count} weeks", count).format(count=count)


def streak_line(summary: streaks.Summary) -> str:
    if summary.current == 0:
        return ""
    length = streak_length(summary.current, summary.unit)
    if summary.daily:
        return "\n" + _("🔥 Streak: {length}").format(length=length)
    return "\n" + _("🔥 Streak: {length} · {consistency} consistency days").format(
        length=length, consistency=summary.consistency_days
    )


def bar(value: int, target: int, width: int = 10) -> str:
    filled = min(width, value * width // target) if target else width
    return "▓" * filled + "░" * (width - filled)


def ordinal(n: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th` (in English; each language writes its own)."""
    form = locale().ordinal_form(n)
    if form == "one":
        return pgettext("ordinal", "{n}st").format(n=n)
    if form == "two":
        return pgettext("ordinal", "{n}nd").format(n=n)
    if form == "few":
        return pgettext("ordinal", "{n}rd").format(n=n)
    return pgettext("ordinal", "{n}th").format(n=n)


def duration(minutes: int) -> str:
    """`15 min`, `1h`, `1h 05m`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if not rest:
        return _("{hours}h").format(hours=hours)
    return _("{hours}h {minutes}m").format(hours=hours, minutes=f"{rest:02d}")


def week_changes(changes: Sequence[WeekChange]) -> str:
    """`This week is now met ✓`, `Week of 16 Nov is no longer met`, one line each."""
    lines = []
    for change in changes:
        if change.current:
            line = _("This week is now met ✓") if change.met else _("This week is no longer met")
        elif change.met:
            line = _("Week of {day} is now met ✓").format(day=day_month(change.start))
        else:
            line = _("Week of {day} is no longer met").format(day=day_month(change.start))
        lines.append(f"\n{line}")
    return "".join(lines)


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
    """`4 days left`."""
    return ngettext("{count} day left", "{count} days left", week.days_left).format(
        count=week.days_left
    )


def day_label_ahead(day: date, today: date) -> str:
    if day == today:
        return _("today")
    if day == today + timedelta(days=1):
        return _("tomorrow")
    return long_day(day)


def zone_example() -> str:
    return _("{first}, {second} or {third}").format(
        first="/timezone Europe/Berlin", second="/timezone berlin", third="/timezone +5:30"
    )


def start_link(username: str, code: str) -> str:
    """The link that opens the bot with an invite code: `https://t.me/<bot>?start=<code>`."""
    return f"https://t.me/{e(username)}?start={e(code)}"
