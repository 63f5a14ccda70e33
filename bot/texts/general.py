"""Help, the command list, unknown commands and the admin report."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from bot.texts.common import e

# (command, example, what it does) in the order /help and the command menu show them.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("done", "/done kettlebell 15", "log a strength session (minutes, day and note optional)"),
    ("undo", "/undo", "remove the session you logged last"),
    ("edit", "/edit", "fix or delete any session of the last 30 days"),
    ("history", "/history 20", "your recent sessions, week by week"),
    ("stats", "/stats", "streak, consistency days, habit strength, totals and a picture"),
    ("week", "/week", "this week at a glance"),
    ("pause", "/pause 7", "pause for injury, travel or a taper (/pause until 2026-12-10)"),
    ("resume", "/resume", "end a pause early"),
    ("reward", "/reward running top after 21 days", "promise yourself a reward for a goal"),
    ("rewards", "/rewards", "your rewards and how close you are"),
    ("claim", "/claim 1", "mark an earned reward as claimed"),
    ("plan", "/plan tue kettlebell 20 swings, goblet squats", "write a workout down ahead"),
    ("plans", "/plans", "your plans for the coming week (/plan clear tue removes one)"),
    ("buddy", "/buddy", "invite a buddy; /buddy settings, /buddy remove"),
    ("coach", "/coach", "coach runners: an invite link; /coach settings, /coach remove"),
    ("athletes", "/athletes", "the runners you coach, slipping first; /athletes remove NAME"),
    ("timezone", "/timezone Europe/Berlin", "set your time zone (a city or +5:30 work too)"),
    ("prompt", "/prompt 07:30", "morning check-in time, or /prompt off"),
    ("evening", "/evening 19:00", "when Tonight reminders and at-risk nudges come"),
    ("target", "/target 3", "training days a week you aim for (1-7)"),
    ("weekstart", "/weekstart sunday", "start weeks on monday or sunday"),
    ("start", "/start", "set up, or see your settings"),
    ("export", "/export", "all your data as a CSV and a JSON file"),
    ("import", "/import", "send an exported CSV with /import as its caption"),
    ("deleteme", "/deleteme", "delete everything the bot knows about you"),
    ("help", "/help", "this list"),
)


def help_text() -> str:
    lines = ["<b>strongstreak</b> keeps your strength training going, 2–3 times a week.\n"]
    lines += [f"<code>{e(example)}</code> — {e(what)}" for _, example, what in COMMANDS]
    lines.append(
        "\n<b>Logging</b>: <code>/done 20 barre yesterday</code>, <code>/done yoga 30min</code>, "
        "<code>/done barbell 1h</code>, <code>/done kb 15 mon - felt strong</code>. "
        "Short names work: kb, db, bb, bw, plyo."
    )
    lines.append(
        "<b>Days</b>: <code>yesterday</code>, <code>fri</code>, <code>last friday</code>, "
        "<code>3 days ago</code>, <code>23.11.</code> or <code>23/11</code> (day first), "
        "<code>2026-11-23</code>; up to 30 days back."
    )
    lines.append(
        "<b>Activities of several words</b>: known words join by themselves "
        "(<code>/done goblet squats 20</code>, <code>/done kb swings 15</code>); any others go "
        'in quotes or with hyphens (<code>/done "yoga with adriene" 30</code>, '
        "<code>/done single-leg-rdl 20</code>). A word I don't know is never guessed at: "
        "I ask instead. Runs don't count here: this is the strength that keeps you running."
    )
    return "\n".join(lines)


def unknown_command(command: str) -> str:
    return f"I don't know {e(command[:40])}. Try /done kettlebell 15, or /help for everything."


def plain_text_hint() -> str:
    return "To log a session send /done kettlebell 15. /help lists everything I can do."


def admin(counts: dict[str, int], queued: int, last_error: tuple[datetime, str] | None) -> str:
    error = f"{last_error[0]:%Y-%m-%d %H:%M} UTC: {e(last_error[1])}" if last_error else "none"
    return (
        "<b>strongstreak admin</b>\n"
        f"Users: {counts['users']} ({counts['active']} active)\n"
        f"Sessions logged today (UTC): {counts['sessions_today']}\n"
        f"Check-ins due: {counts['due']}, in the send queue: {queued}\n"
        f"Last error: {error}"
    )
