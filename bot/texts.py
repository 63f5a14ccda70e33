"""Every word the bot says, rendered to Telegram HTML; user text is always escaped here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from bot.domain import rewards as reward_rules
from bot.domain import streaks, zones
from bot.domain.errors import ParseCode, ParseError, UserError
from bot.domain.model import ChartData, Profile, Session
from bot.domain.plans import Fit as PlanFit
from bot.domain.plans import PlanSpec
from bot.domain.schedule import days_words
from bot.domain.streaks import WeekChange
from bot.services import History, Imported, Logged, Paused, RewardNews, RuleChanged, Stats, Undone

if TYPE_CHECKING:
    from bot.accountability import Standing
    from bot.coaching import Detail
    from bot.domain.coaches import Line
    from bot.editing import Edited
    from bot.prompts import Prompt

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_MESSAGE_CHARS = 4096

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

BUTTON_SKIP = "Skip"


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


def logged(result: Logged, *, private: bool = True) -> str:
    """The reply to a logged session: the week, the streak, and any reward news (only in the
    runner's own chat: rewards are private, never shown to a group)."""
    session, summary, today = result.session, result.summary, result.today
    if result.duplicate:
        return f"Already logged: {session_line(session, today)}\n{week_line(summary.week)}"
    cheer = ""
    if result.met_week == summary.week.start:
        cheer = "\nThat meets this week's target. Lovely work! 🎉"
    elif result.met_week is not None:
        cheer = f"\nThe week of {result.met_week.day} {result.met_week:%b} is now met ✓"
    return (
        f"✅ Logged {session_line(session, today)}\n{week_line(summary.week)}{cheer}"
        f"{streak_line(summary)}{reward_news(result.rewards) if private else ''}"
    )


def undone(result: Undone, *, private: bool = True) -> str:
    back = "".join(
        f"\n↩️ Taken back: <b>{e(name)}</b>, since the session that earned it is gone."
        for name in result.taken_back
    )
    news = f"{back}{reward_news(result.rewards)}" if private else ""
    return (
        f"↩️ Removed {session_line(result.session, result.today)}{week_changes(result.weeks)}\n"
        f"{week_line(result.summary.week)}{streak_line(result.summary)}{news}"
    )


def bar(value: int, target: int, width: int = 10) -> str:
    filled = min(width, value * width // target) if target else width
    return "▓" * filled + "░" * (width - filled)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def progress_words(progress: reward_rules.Progress) -> str:
    return (
        f"{bar(progress.value, progress.target)} {progress.value}/{progress.target} {progress.unit}"
    )


def keep_going(progress: reward_rules.Progress) -> str:
    if not progress.needed_this_week:
        return ""
    days = plural(progress.needed_this_week, "more day")
    return f" — {days} this week keep{'s' if progress.needed_this_week == 1 else ''} it going"


def reward_news(news: RewardNews) -> str:
    lines = []
    for unlock in news.unlocked:
        if unlock.repeating:
            times = f" ({ordinal(unlock.times)} time)" if unlock.times > 1 else ""
            lines.append(f"🎁 Treat time: <b>{e(unlock.name)}</b>{times}. Enjoy it! 🎉")
        else:
            lines.append(f"🎉 You earned it: <b>{e(unlock.name)}</b>. Go get it! 🎉")
    for name, progress in news.restarted:
        lines.append(
            f"Your streak started over, so <b>{e(name)}</b> counts again from here: "
            f"{progress.value}/{progress.target} {progress.unit}. Something is always better "
            "than nothing; you've got this."
        )
    if not lines and news.nearest is not None:
        name, progress = news.nearest
        lines.append(f"🎁 {e(name)}: {progress_words(progress)}{keep_going(progress)}")
    return "".join(f"\n{line}" for line in lines)


GOAL_WORDS = {
    reward_rules.Goal.EVERY_SESSION: "every session",
    reward_rules.Goal.EVERY_N_SESSIONS: "every {n} sessions",
    reward_rules.Goal.EVERY_WEEK: "every week on target",
    reward_rules.Goal.SESSIONS: "{n} sessions",
    reward_rules.Goal.MINUTES: "{n} minutes",
    reward_rules.Goal.DAYS: "{n} consistency days in a row",
    reward_rules.Goal.WEEKS: "{n} weeks on target in a row",
    reward_rules.Goal.MONTH: "a month of consistency",
}


def goal_words(goal: reward_rules.Goal, amount: int) -> str:
    return GOAL_WORDS[goal].format(n=amount)


def reward_set(spec: reward_rules.RewardSpec) -> str:
    return (
        f"🎁 Deal: <b>{e(spec.name)}</b> after {goal_words(spec.goal, spec.amount)}. "
        "It counts from now on; see how you're doing with /rewards."
    )


def reward_list(items: list[tuple[reward_rules.Reward, reward_rules.Progress]]) -> str:
    if not items:
        return (
            "No rewards yet. Bribe yourself! e.g.\n"
            "<code>/reward running top after 21 days</code>\n"
            "<code>/reward one cookie after every session</code>\n"
            "<code>/reward new shoes after month</code>"
        )
    working, earned, claimed = [], [], []
    for number, (reward, progress) in enumerate(items, 1):
        name = f"{number}. <b>{e(reward.name)}</b>"
        if reward.goal.repeating:
            to_claim = reward.unlocked - reward.claimed
            line = f"{name} — {goal_words(reward.goal, reward.amount)}"
            if progress.target > 1:
                line += f" · {progress_words(progress)}"
            if reward.unlocked:
                line += f" · earned {reward.unlocked}×"
            if to_claim:
                line += f", {to_claim} to claim (/claim {number})"
            working.append(line)
        elif not reward.unlocked:
            working.append(f"{name} {progress_words(progress)}{keep_going(progress)}")
        elif reward.claimed:
            when = f", claimed {reward.claimed_on:%d %b}" if reward.claimed_on else ""
            claimed.append(f"{name} — earned {reward.earned_on:%d %b}{when}")
        else:
            earned.append(f"{name} — earned {reward.earned_on:%d %b} 🎉 /claim {number}")
    parts = ["<b>🎁 Your rewards</b>", *working]
    if earned:
        parts += ["\n<b>Earned</b>", *earned]
    if claimed:
        parts += ["\n<b>Claimed</b>", *claimed]
    return "\n".join(parts)


def claimed_reward(reward: reward_rules.Reward) -> str:
    return f"✅ Claimed: <b>{e(reward.name)}</b>. You earned every bit of it."


def confirm_delete_reward(reward: reward_rules.Reward) -> str:
    return (
        f"Delete <b>{e(reward.name)}</b>? Its progress goes with it "
        "(a promise can't be made easier, only dropped)."
    )


def reward_deleted(deleted: bool) -> str:
    return "🗑 Deleted." if deleted else "That reward is already gone."


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours}h {rest:02d}m" if rest else f"{hours}h"


def totals(label: str, sessions: int, minutes: int) -> str:
    return f"{label}: {plural(sessions, 'session')}, {duration(minutes)}"


def stats(data: Stats) -> str:
    summary = data.summary
    if data.all_time.sessions == 0:
        return (
            "No sessions yet, so nothing to count. Every streak starts with one: "
            "<code>/done kettlebell 15</code> 💪"
        )
    marks = " ".join(
        f"{WEEKDAY_NAMES[day.weekday()][:2]} {'✓' if done else '⏸' if paused else '·'}"
        for day, done, paused in data.week_days
    )
    week = summary.week
    lines = [
        "<b>📊 Your strength training</b>",
        f"<code>{marks}</code>",
        week_line(week),
    ]
    if summary.paused_today:
        lines.append("⏸ Paused today: nothing counts against you. /resume ends it.")
    streak = plural(summary.current, summary.unit)
    longest = plural(summary.longest, summary.unit)
    if summary.longest:
        lines.append(f"\n🔥 Streak: <b>{streak}</b> (longest {longest})")
    else:
        lines.append(f"\n🔥 Streak: none yet; your first {summary.unit} on target starts one")
    if not summary.daily:
        lines.append(
            f"Consistency: <b>{plural(summary.consistency_days, 'day')}</b> "
            "(7 for each week on target in your streak)"
        )
    lines.append(
        f"💪 Habit strength: <b>{round(data.strength * 100)}%</b> — it grows with every "
        "week on target and eases off slowly after a miss."
    )
    lines.append("")
    lines.append(totals("This week", data.this_week.sessions, data.this_week.minutes))
    lines.append(totals("Last week", data.last_week.sessions, data.last_week.minutes))
    lines.append(totals("All time", data.all_time.sessions, data.all_time.minutes))
    if data.top_activities:
        top = ", ".join(
            f"{e(activity)} {count}× ({duration(minutes)})"
            for activity, count, minutes in data.top_activities
        )
        lines.append(f"\nWhat works for you: {top}")
    return "\n".join(lines)


def paused(result: Paused) -> str:
    pause = result.pause
    days = (pause.last - pause.first).days + 1
    return (
        f"⏸ Paused for {plural(days, 'day')}, until {pause.last:%a %d %b} included. "
        "Those days neither count nor break your streak, and check-ins stop. "
        f"Back early? /resume{reward_news(result.rewards)}"
    )


def resumed(was_paused: bool, news: RewardNews) -> str:
    if was_paused:
        return f"▶️ Welcome back! Your pause has ended; today counts again.{reward_news(news)}"
    return "You are not paused. Taking a break? e.g. /pause 7"


def week_start_set(first_weekday: int, changed: RuleChanged) -> str:
    name = WEEKDAY_NAMES[first_weekday]
    upcoming = changed.next_week
    if upcoming is None or (
        upcoming.start.weekday() == first_weekday and (upcoming.end - upcoming.start).days == 7
    ):
        return (
            f"Weeks start on <b>{name}</b> from {upcoming_day(changed.since)} ✓ "
            "This week stays as it is."
        )
    length = (upcoming.end - upcoming.start).days
    return (
        f"Weeks start on <b>{name}</b> from {upcoming_day(upcoming.end)} ✓ This week stays as "
        f"it is; the {length} days from {upcoming_day(changed.since)} make one "
        f"{'short' if length < 7 else 'long'} week that asks for "
        f"{plural(upcoming.target, 'day')}."
    )


def upcoming_day(day: date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {day:%b}"


def ask_minutes(activity: str, day: date, today: date, usual: int | None) -> str:
    when = "" if day == today else f" ({day_label(day, today)})"
    hint = f" You usually do {usual}." if usual else ""
    return f"How many minutes of <b>{e(activity)}</b>{when}?{hint}"


def ask_activity(recent: Sequence[str]) -> str:
    if recent:
        return "What did you do? Pick one, or type it: /done kettlebell 15"
    return (
        "Log a session like this: <code>/done kettlebell 15</code>\n"
        "Activity and minutes in any order; add <code>yesterday</code>, a weekday or a date "
        "for an earlier day, and a note after <code> - </code>."
    )


def activity_too_long_for_buttons(activity: str) -> str:
    return f"How many minutes of <b>{e(activity)}</b>? Send it like /done {e(activity)} 20"


def history(found: History) -> str:
    if not found.sessions:
        return "No sessions yet. Log your first with /done kettlebell 15 💪"
    lines: list[str] = ["<b>Your recent sessions</b>"]
    current: date | None = None
    this_week = found.weeks[-1].start
    for session in found.sessions:
        start = next((w.start for w in reversed(found.weeks) if w.start <= session.day), None)
        if start != current:
            current = start
            label = "This week" if start == this_week else f"Week of {start:%d %b %Y}"
            lines.append(f"\n<u>{label}</u>")
        note = f" — <i>{e(session.note)}</i>" if session.note else ""
        lines.append(
            f"{session.day:%a %d %b}: <b>{e(session.activity)}</b> {session.minutes} min{note}"
        )
    lines.append("\nTap a session of the last 30 days to fix or delete it (or /edit).")
    return "\n".join(lines)


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


def user_error(error: UserError) -> str:
    mark = "🏃" if isinstance(error, ParseError) and error.code is ParseCode.RUN else "🤔"
    return f"{mark} {e(error_words(error))}"


def unexpected_error() -> str:
    return "Sorry, something went wrong on my side. Nothing you logged is lost; please try again."


def expired_button() -> str:
    return "This button has expired. Send the command again."


def not_yours() -> str:
    return "That button belongs to someone else."


# -- natural input: what the /done parser refuses, and fixing past sessions ---------------

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


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def week_name(change: WeekChange) -> str:
    return "This week" if change.current else f"Week of {change.start.day} {change.start:%b}"


def week_changes(changes: Sequence[WeekChange]) -> str:
    return "".join(
        f"\n{week_name(w)} is now met ✓" if w.met else f"\n{week_name(w)} is no longer met"
        for w in changes
    )


def edit_list(sessions: Sequence[Session]) -> str:
    if not sessions:
        return "No sessions in the last 30 days to fix. Log one with /done kettlebell 15"
    return "✏️ Which session should change? (the last 30 days, newest first)"


def edit_button(session: Session) -> str:
    return f"{short_day(session.day)} · {session.activity} {session.minutes} min"


def edit_menu(session: Session, today: date) -> str:
    return (
        f"✏️ {short_day(session.day)}: {session_line(session, today)}\n"
        "Pick new minutes, another day or another activity, or delete it."
    )


def edited(result: Edited) -> str:
    """What an edit changed: the session, the weeks it made met or unmet, and rewards."""
    before, after, today = result.before, result.after, result.today
    if after is None:
        head = f"🗑 Deleted {short_day(before.day)}: {session_line(before, today)}"
    elif not result.changed:
        return f"{edit_menu(before, today)}\nNothing changed: it is like that already."
    else:
        parts = []
        if after.activity != before.activity:
            parts.append(f"<b>{e(before.activity)}</b> → <b>{e(after.activity)}</b>")
        if after.minutes != before.minutes:
            parts.append(f"{before.minutes} → {after.minutes} min")
        if after.day != before.day:
            parts.append(f"{short_day(before.day)} → {short_day(after.day)}")
        head = f"✏️ Changed: {', '.join(parts)}\nNow: {short_day(after.day)}: " + session_line(
            after, today
        )
    weeks = week_changes(result.weeks)
    back = "".join(
        f"\n↩️ Taken back: <b>{e(name)}</b>, since the session that earned it changed."
        for name in result.taken_back
    )
    return (
        f"{head}{weeks}\n{week_line(result.summary.week)}{streak_line(result.summary)}"
        f"{back}{reward_news(result.news)}"
    )


# -- onboarding and settings --------------------------------------------------------------


def welcome(first_name: str) -> str:
    return (
        f"Hi {e(first_name)}! 👋 I'm strongstreak: I help runners keep up the strength work "
        "they know they need.\n\nThree quick questions, each one skippable.\n\n"
        "<b>1 of 3 — your time zone.</b> Pick one, share your location, or type it "
        "(<code>Europe/Berlin</code>, <code>berlin</code>, <code>+5:30</code>)."
    )


def share_location_prompt() -> str:
    return "Or share your location and I'll work out the zone (only the zone is kept)."


def ask_prompt_time(zone_name: str, now: datetime) -> str:
    return (
        f"Time zone: <b>{e(zones.describe_zone(zone_name, now))}</b> ✓\n\n"
        "<b>2 of 3 — morning check-in.</b> When should I ask whether today is a strength day? "
        "Pick a time, type one (<code>6:45</code>), or turn it off."
    )


def ask_target(prompt_minute: int | None) -> str:
    when = "off" if prompt_minute is None else f"at {clock(prompt_minute)}"
    return (
        f"Morning check-in: <b>{when}</b> ✓\n\n"
        "<b>3 of 3 — weekly target.</b> On how many days a week will you train strength? "
        "Most runners do well with 2–3."
    )


def onboarding_done(profile: Profile, now: datetime) -> str:
    return (
        f"All set! 🎉\n\n{settings(profile, now)}\n\n"
        "Log your first session like this: <code>/done kettlebell 15</code>\n"
        "/help lists everything."
    )


def settings(profile: Profile, now: datetime) -> str:
    zone = zones.describe_zone(profile.time_zone, now)
    return (
        f"<b>Your settings</b>\nTime zone: {e(zone)}\n"
        f"Morning check-in: {clock(profile.prompt_minute)}\n"
        f"Weekly target: {plural(profile.target, 'day')} a week with a session\n"
        f"Weeks start on {WEEKDAY_NAMES[profile.week_start]}"
    )


def welcome_back(profile: Profile, now: datetime) -> str:
    return (
        f"Welcome back, {e(profile.first_name)}! Everything you logged is still here.\n\n"
        f"{settings(profile, now)}\n\nChange any of it with /timezone, /prompt or /target."
    )


def zone_set(zone_name: str, now: datetime) -> str:
    fixed = (
        "\nThat is a fixed offset with no daylight saving; "
        "send a city instead if your clocks change."
        if zones.is_fixed_offset(zone_name) and zone_name != "UTC"
        else ""
    )
    return f"Time zone set to <b>{e(zones.describe_zone(zone_name, now))}</b> ✓{fixed}"


def zone_usage(profile: Profile, now: datetime) -> str:
    return (
        f"Your time zone is {e(zones.describe_zone(profile.time_zone, now))}.\n"
        f"Change it with {e(zones.ZONE_EXAMPLE)}."
    )


def prompt_set(minute: int | None, days: int | None = None) -> str:
    if minute is None:
        return "Morning check-ins are <b>off</b>. Turn them back on with /prompt 07:30"
    on = f", {days_words(days)}" if days is not None else ""
    return f"Morning check-in set to <b>{clock(minute)}</b> your time{on} ✓"


def prompt_quiet_set(quiet: bool) -> str:
    if quiet:
        return "Once the week's target is met, mornings stay quiet ✓ (/prompt always undoes it)"
    return "Mornings come every day, with a lighter word once the week is met ✓"


def prompt_usage(profile: Profile) -> str:
    return (
        f"Your morning check-in is {clock(profile.prompt_minute)}, "
        f"{days_words(profile.prompt_days)}; "
        f"evening reminders at {clock(profile.evening_minute)}.\n"
        "Change it with /prompt 07:30, /prompt 07:30 mon-sat, /prompt off, "
        "/prompt quiet-when-met or /evening 19:00."
    )


def target_set(target: int, changed: RuleChanged) -> str:
    return (
        f"Weekly target set to <b>{plural(target, 'day')}</b> a week ✓ "
        f"(from this week on; past weeks keep theirs)\n{week_line(changed.week)}"
        f"{reward_news(changed.rewards)}"
    )


def target_usage(profile: Profile) -> str:
    return (
        f"Your weekly target is {plural(profile.target, 'day')} with a session. "
        "Change it with /target 3 (1 to 7)."
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


# -- check-ins ----------------------------------------------------------------------------


def days_left_words(week: streaks.WeekProgress) -> str:
    return plural(week.days_left, "day") + " left"


def checkin(prompt: Prompt) -> str:
    """The morning question, the evening nudge or the weekly summary."""
    week = prompt.state.week
    reward = reward_news(prompt.rewards)
    usual = (
        f"\nOne tap on Done logs your usual: {e(prompt.usual[0])} {prompt.usual[1]} min."
        if prompt.usual
        else ""
    )
    if prompt.due.kind == "summary" and prompt.week is not None:
        return f"Your week is done. Here is how it went:\n\n{week_glance(prompt.week)}{reward}"
    if prompt.style == "light":
        planned = f"\n📝 {planned_words(prompt.plan)}." if prompt.plan else ""
        return (
            f"Morning! This week's target is met already ({week.days_done} of "
            f"{plural(week.target, 'day')}) 💪 "
            f"Anything extra today is a bonus.{reward}{planned}"
        )
    if prompt.plan is not None:
        usual = f"\n📝 {planned_words(prompt.plan)}. Done logs it in one tap."
    if prompt.style == "full":
        return f"Morning! Strength today? {week_line(week)}.{reward}{usual}"
    if prompt.style == "tonight":
        return f"Evening check: still on for tonight? Nothing is logged today yet.{usual}"
    if prompt.style == "plan" and prompt.plan is not None:
        return (
            f"You planned {plan_line(prompt.plan)} for today, and it is not logged yet. "
            "Still on? Done logs it in one tap."
        )
    return (
        f"Heads up: {plural(week.needed, 'more day')} with a session needed and "
        f"{days_left_words(week)} this week. A short one tonight keeps your streak alive."
        f"{reward}{usual}"
    )


def checkin_expired(day: date) -> str:
    return f"That check-in was for {day:%a %d %b} and has expired."


def checkin_answered(action: str, profile: Profile) -> str:
    if action == "tonight":
        return (
            f"Tonight it is 🌙 I'll check in at {clock(profile.evening_minute)} "
            "if nothing is logged by then."
        )
    return "Rest day noted 🛌 Recovery is training too. Nothing more from me today."


def evening_set(minute: int) -> str:
    return f"Evening reminders come at <b>{clock(minute)}</b> your time ✓"


def admin(counts: dict[str, int], queued: int, last_error: tuple[datetime, str] | None) -> str:
    error = f"{last_error[0]:%Y-%m-%d %H:%M} UTC: {e(last_error[1])}" if last_error else "none"
    return (
        "<b>strongstreak admin</b>\n"
        f"Users: {counts['users']} ({counts['active']} active)\n"
        f"Sessions logged today (UTC): {counts['sessions_today']}\n"
        f"Check-ins due: {counts['due']}, in the send queue: {queued}\n"
        f"Last error: {error}"
    )


# -- pictures and data --------------------------------------------------------------------


def chart_caption(chart: ChartData) -> str:
    return f"{e(chart.title)} — the last 16 weeks"


def week_glance(data: Stats) -> str:
    """This week at a glance: /week, and the weekly summary."""
    marks = " ".join(
        f"{WEEKDAY_NAMES[day.weekday()][:2]} {'✓' if done else '⏸' if paused else '·'}"
        for day, done, paused in data.week_days
    )
    summary = data.summary
    streak = (
        f"🔥 Streak: {plural(summary.current, summary.unit)}"
        if summary.current
        else "No streak running yet; this week can start one."
    )
    return (
        f"<b>Week of {data.week_days[0][0]:%d %b}</b>\n<code>{marks}</code>\n"
        f"{week_line(summary.week)}\n"
        f"{totals('Sessions', data.this_week.sessions, data.this_week.minutes)}\n{streak}"
    )


def export_caption() -> str:
    return "Your sessions (CSV) and everything else (JSON). /import takes the CSV back."


def import_usage() -> str:
    return (
        "Send the CSV from /export as a file with <code>/import</code> as its caption, "
        "or reply to that file with /import."
    )


def imported(result: Imported) -> str:
    skipped = f", skipped {plural(result.duplicates, 'duplicate')}" if result.duplicates else ""
    return (
        f"📥 Imported {plural(result.added, 'session')}{skipped}. /stats shows them all."
        f"{reward_news(result.rewards)}"
    )


def confirm_deleteme() -> str:
    return (
        "This deletes <b>everything</b> I know about you: sessions, settings, rewards, "
        "check-ins. It cannot be undone. /export first if you want a copy. Sure?"
    )


def deleteme_cancelled() -> str:
    return "Nothing deleted. Your data stays as it is."


def deleted_everything(deleted: bool) -> str:
    if deleted:
        return "🗑 Done: everything about you is deleted. /start any time to begin afresh."
    return "There was nothing about you to delete."


# -- plans, buddies and groups --------------------------------------------------------------


def plan_line(spec: PlanSpec) -> str:
    details = f" — {e(spec.details)}" if spec.details else ""
    return f"<b>{e(spec.activity)}</b> {spec.minutes} min{details}"


def plan_set(spec: PlanSpec, today: date) -> str:
    return (
        f"📝 Planned for {day_label_ahead(spec.day, today)}: {plan_line(spec)}. "
        "The morning check-in that day will remind you, and Done logs it in one tap."
    )


def plan_cleared(day: date, today: date) -> str:
    return f"Plan for {day_label_ahead(day, today)} removed."


def plans_week(items: list[PlanSpec], today: date) -> str:
    if not items:
        return (
            "No plans for the coming week. Writing the workout down ahead is half the work: "
            "e.g. <code>/plan tue kettlebell 20 swings, goblet squats</code>"
        )
    lines = ["<b>📝 Your plans</b>"]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}{plan_owner_mark(p)}" for p in items]
    return "\n".join(lines)


def day_label_ahead(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"{WEEKDAY_NAMES[day.weekday()]} {day:%d %b}"


def buddy_link(username: str, code: str) -> str:
    return (
        "🤝 Send this link to a friend who should hold you accountable (and you them):\n"
        f"https://t.me/{e(username)}?start={e(code)}\n"
        "It works once and for a week. They choose what they hear about you: /buddy settings."
    )


def buddy_offer(inviter: str) -> str:
    return (
        f"<b>{e(inviter)}</b> asks you to be strength-training buddies: you'll hear about "
        "each other's sessions (no notes, no rewards). OK?"
    )


def buddies_now(name: str) -> str:
    return (
        f"🤝 You and <b>{e(name)}</b> are buddies now. You'll hear about their sessions; "
        "change what you hear with /buddy settings."
    )


def buddy_declined() -> str:
    return "No problem, nothing changed."


def buddy_status(items: list[tuple[int, str, int, str]]) -> str:
    hears = {"every": "every session", "risk_met": "only at risk or met",
             "weekly": "a weekly summary", "nothing": "nothing"}  # fmt: skip
    if not items:
        return "No buddies yet. /buddy gives you an invite link to send a friend."
    lines = ["<b>Your buddies</b>"] + [f"{e(name)}: you hear {hears.get(h, h)}"
                                        for _, name, _, h in items]  # fmt: skip
    lines.append("\nWhat should you hear about your buddies?")
    return "\n".join(lines)


def hears_set(hears: str) -> str:
    words = {"every": "every session", "risk_met": "when their week is at risk or met",
             "weekly": "a weekly summary", "nothing": "nothing"}  # fmt: skip
    return f"✓ You'll hear {words.get(hears, hears)} about your buddies."


def buddies_removed(count: int) -> str:
    if not count:
        return "You have no buddies to remove."
    return f"Done: {plural(count, 'buddy pair')} ended, for both of you."


def buddy_gone(name: str) -> str:
    return f"{e(name)} ended your buddy pair. /buddy invites someone new whenever you like."


def buddy_session(name: str, session: Session, today: date) -> str:
    when = "" if session.day == today else f" ({day_label(session.day, today)})"
    return f"💪 Your buddy {e(name)} did {e(session.activity)} {session.minutes} min{when}."


def buddy_met(name: str) -> str:
    return f"🎉 Your buddy {e(name)} met this week's target. Tell them!"


def buddy_at_risk(name: str, week: streaks.WeekProgress) -> str:
    return (
        f"⚠️ {e(name)}'s week is at risk: {plural(week.needed, 'more day')} with a session needed, "
        f"{days_left_words(week)}. A word from you might help."
    )


def buddy_weekly(name: str, week: streaks.WeekProgress, summary: streaks.Summary) -> str:
    verdict = "met ✓" if week.met else "not met"
    streak = f", streak {plural(summary.current, summary.unit)}" if summary.current else ""
    return f"🗓 {e(name)}'s week: {week.days_done} of {week.target}, {verdict}{streak}."


def group_week(standings: list[Standing], *, board: bool = False) -> str:
    head = (
        "🏆 <b>This week's strength leaderboard</b>" if board else "<b>This week in the group</b>"
    )
    if not standings:
        return f"{head}\nNobody has logged here yet. Start with /done kettlebell 15"
    lines = [head]
    for rank, s in enumerate(standings, 1):
        mark = " ✓" if s.met else ""
        lines.append(
            f"{rank}. {e(s.name)}: {s.days_done} of {s.target}, {duration(s.minutes)}{mark}"
        )
    met = sum(1 for s in standings if s.met)
    lines.append(f"\n{met} of {len(standings)} met their target.")
    return "\n".join(lines)


# -- coaches and athletes -------------------------------------------------------------------

SEES_WORDS = {
    "all": "everything (sessions, plans, week, streak) without your notes",
    "notes": "everything, your session notes included",
    "week": "your week and streak only",
}


def planned_words(spec: PlanSpec) -> str:
    """`Coach Anna planned: …` for a coach's plan, `Today's plan: …` for the runner's own."""
    if spec.coach:
        return f"Coach {e(spec.coach)} planned: {plan_line(spec)}"
    return f"Today's plan: {plan_line(spec)}"


def plan_owner_mark(spec: PlanSpec) -> str:
    return f" <i>(coach {e(spec.coach)})</i>" if spec.coach else ""


def coach_link(username: str, code: str) -> str:
    return (
        "🧑‍🏫 Send this link to a runner you coach:\n"
        f"https://t.me/{e(username)}?start={e(code)}\n"
        "It works once and for a week. Once they accept, write their plan with "
        "<code>/plan @name tue kettlebell 20</code> and see everyone with /athletes."
    )


def coach_offer(coach: str) -> str:
    return (
        f"<b>{e(coach)}</b> asks to be your strength coach: they can write workouts into your "
        "plan and see your week and streak (you choose whether they see more; never your "
        "rewards). OK?"
    )


def coached_now(coach: str) -> str:
    return (
        f"🧑‍🏫 <b>{e(coach)}</b> is your coach now. Their plans show in your morning check-in.\n"
        f"They see {SEES_WORDS['week']}. What should your coach see?"
    )


def athlete_joined(athlete: str, count: int) -> str:
    return (
        f"🧑‍🏫 <b>{e(athlete)}</b> accepted: you coach {plural(count, 'athlete')} now. "
        f"Write their plan with <code>/plan @{e(athlete.split()[0] if athlete.split() else '')}"
        " tue kettlebell 20</code>; /athletes shows everyone."
    )


def coach_status(coach: str, sees: str) -> str:
    return (
        f"🧑‍🏫 Your coach is <b>{e(coach)}</b>; they see {SEES_WORDS.get(sees, sees)}. "
        "They never see your rewards. /coach remove ends it.\nWhat should your coach see?"
    )


def no_coach() -> str:
    return (
        "You have no coach. A coach sends you their /coach link; coaches use /coach "
        "to make one and /athletes to see their athletes."
    )


def sees_set(coach: str, sees: str) -> str:
    return f"✓ {e(coach)} sees {SEES_WORDS.get(sees, sees)}. Change it any time: /coach settings"


def coach_left_you(coach: str) -> str:
    return f"Done: {e(coach)} is no longer your coach. Plans they wrote stay in your /plans."


def athlete_left(athlete: str) -> str:
    return f"{e(athlete)} ended your coaching. Their plans stay theirs."


def athlete_dropped(athlete: str) -> str:
    return f"Done: you no longer coach {e(athlete)}."


def coach_dropped_you(coach: str) -> str:
    return f"{e(coach)} is no longer your coach. Plans they wrote stay in your /plans."


def week_copied(specs: Sequence[PlanSpec], today: date) -> str:
    lines = ["📝 This week's plan, copied to next week:"]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}" for p in specs]
    return "\n".join(lines)


def pick_athlete(for_plan: bool) -> str:
    if for_plan:
        return "Whose plan is it? Pick one (or name them: <code>/plan @anna tue kb 20</code>)."
    return "Which athlete? Pick one."


def coach_planned(athlete: str, specs: Sequence[PlanSpec], today: date) -> str:
    lines = [f"📝 Planned for <b>{e(athlete)}</b> (they're told):"]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}" for p in specs]
    return "\n".join(lines)


def plans_from_coach(coach: str, specs: Sequence[PlanSpec], today: date) -> str:
    lines = [f"📝 Your coach <b>{e(coach)}</b> planned:"]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}" for p in specs]
    lines.append("Your morning check-in shows it that day, and Done logs it. /plans lists all.")
    return "\n".join(lines)


def coach_plan_dropped(athlete: str, day: date, replaced_by: PlanSpec | None) -> str:
    what = f"replaced it with {plan_line(replaced_by)}" if replaced_by else "removed it"
    return f"📝 {e(athlete)} {what}: your plan for {day:%a %d %b}."


def no_athletes() -> str:
    return "You coach nobody yet. /coach gives you a link to send a runner."


def athlete_line(item: Line) -> str:
    """`⚠️ Ada 1/3 🔥2w 📝5/6`: short, so that a hundred athletes fit in one message."""
    week = item.week
    mark = "⚠️ " if item.at_risk else "✓ " if week.met else ""
    text = f"{mark}{e(item.athlete.name)} {week.days_done}/{week.target}"
    if item.streak:
        text += f" 🔥{item.streak}{item.streak_unit[0]}"
    if item.planned:
        text += f" 📝{item.planned_done}/{item.planned}"
    return text


def athletes_table(lines: Sequence[Line], *, digest: bool = False) -> str:
    if not lines:
        return no_athletes()
    head = "🗓 <b>Monday digest: your athletes</b>" if digest else "<b>🧑‍🏫 Your athletes</b>"
    at_risk = sum(1 for item in lines if item.at_risk)
    out = [
        head,
        f"{plural(len(lines), 'athlete')}, {at_risk} at risk (⚠️: this week can only just be "
        "met, or last week was missed). Sessions this week of target, 🔥 streak, "
        "📝 plans done of planned in the last 4 weeks.\n",
    ]
    out += [athlete_line(item) for item in lines]
    if digest:
        missed = [item for item in lines if item.missed_last_week]
        if missed:
            out.append("\n<b>Missed planned sessions last week</b>")
            out += [f"{e(i.athlete.name)}: {i.missed_last_week}" for i in missed]
        else:
            out.append("\nNo planned session was missed last week.")
    out.append("\n/athletes NAME shows one athlete.")
    return "\n".join(out)


def coach_week_line(week: streaks.WeekProgress) -> str:
    """An athlete's week as their coach reads it (the athlete's own line speaks to them)."""
    head = f"{week.days_done} of {plural(week.target, 'day')} this week"
    if week.target == 0:
        return "This week is paused."
    if week.met:
        return f"{head} — met ✓"
    if week.needed > week.days_left:
        return f"{head} — can't be met any more"
    return f"{head} — {week.needed} more needed, {plural(week.days_left, 'day')} left"


def athlete_detail(detail: Detail, today: date) -> str:
    """One athlete for their coach: only what the athlete shows, never rewards."""
    item = detail.line
    streak = f"🔥 Streak: {plural(item.streak, item.streak_unit)}" if item.streak else "No streak"
    out = [f"<b>{e(item.athlete.name)}</b>", coach_week_line(item.week), streak]
    if item.missed_last_target:
        out.append("⚠️ Last week's target was missed.")
    if detail.line.planned is None:
        out.append(f"<i>{e(detail.line.athlete.name)} shows their week and streak only.</i>")
        return "\n".join(out)
    out.append("\n<b>Coming plans</b>")
    out += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}{plan_owner_mark(p)}"
            for p in detail.plans] or ["none"]  # fmt: skip
    out.append("\n<b>Latest sessions</b>")
    out += [f"{s.day:%a %d %b}: {session_line(s, s.day)}" for s in detail.sessions] or ["none"]
    return "\n".join(out)


def what_works(fits: Sequence[PlanFit]) -> str:
    """Per activity over 12 weeks, and which one or two the runner sticks with."""
    if not fits:
        return ""
    out = ["\n<b>Last 12 weeks, by activity</b>"]
    for fit in fits:
        plans_part = (
            f", plans {fit.planned_done} done / {fit.planned_skipped} skipped"
            if fit.planned
            else ""
        )
        usual = f", usually {fit.usual_minutes} min" if fit.usual_minutes else ""
        out.append(f"{e(fit.activity)}: {fit.done}× done{plans_part}{usual}")

    def figure(fit: PlanFit) -> str:
        if fit.planned:
            return f"{fit.planned_done} of {fit.planned} planned done"
        return plural(fit.done, "session")

    sticking = [fit for fit in fits if fit.sticks][:2]
    if sticking:
        parts = [f"{e(f.activity)} {'sticks' if i == 0 else 'too'}: {figure(f)}"
                 for i, f in enumerate(sticking)]  # fmt: skip
        slipping = [fit for fit in fits if fit.planned and not fit.sticks][:1]
        parts += [f"{e(f.activity)}: {figure(f)}" for f in slipping]
        out.append("💡 " + "; ".join(parts) + ". Stick to what sticks.")
    return "\n".join(out)
