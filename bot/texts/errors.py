"""What the bot says when it refuses something or something went wrong: every `ErrorCode`
rendered from its parameters, each sentence with a correct example."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, assert_never

from bot.domain.errors import ErrorCode, UserError
from bot.domain.invites import InviteKind
from bot.texts.checkins import checkin_expired
from bot.texts.common import day_month_year, e, short_day, zone_example
from bot.texts.i18n import N_, _, ngettext


def user_error(error: UserError) -> str:
    """The refusal as HTML: the words escaped, so user text in the parameters is too."""
    mark = "🏃" if error.code in (ErrorCode.RUN, ErrorCode.CARDIO) else "🤔"
    return f"{mark} {e(error_words(error))}"


def unexpected_error(*, saved: bool) -> str:
    """A bug met while handling the runner's message, said as it is: whether anything of it
    was saved before."""
    if saved:
        return _("Sorry, something went wrong on my side after what you sent was saved.")
    return _(
        "Sorry, something went wrong on my side, so nothing of that was saved. Please try again."
    )


def not_saved(*, full: bool, again: str | None) -> str:
    """The database could not store the runner's message: it was full, or could not be reached
    however often it was tried. `again` is the message to send again, if it was text."""
    if full:
        reason = _("Sorry, my storage is full just now, so that was not saved.")
    else:
        reason = _("Sorry, I could not reach my database, so that was not saved.")
    if again is None:
        return reason + " " + _("Please send it again in a few minutes.")
    return (
        reason + " " + _("Please send it again in a few minutes: {message}").format(message=again)
    )


def expired_button() -> str:
    return _("This button has expired. Send the command again.")


def not_yours() -> str:
    return _("That button belongs to someone else.")


_CSV = "strongstreak-sessions.csv"
_SHOWN_LINES = 10


def _done() -> str:
    """The example of /done, with an activity a runner of the language spoken would type."""
    return _("/done kettlebell 15")


def _plan() -> str:
    return _("/plan tue kettlebell 20 swings, goblet squats")


def _clock() -> str:
    return _("Use a time like 07:30 or 7:30pm, e.g. {example}").format(example="/prompt 07:30")


def _goals() -> str:
    return _(
        "Goals: every session, every 3 sessions, every week, 12 sessions, 300 minutes, "
        "21 days, 4 weeks, month, a comeback or when it's a habit, e.g. {example}"
    ).format(example=_reward_example())


def _reward_example() -> str:
    # A command the runner may copy, in their language: the bot reads "after" and the goals
    # in every language it speaks.
    return _("/reward running top after 21 days")


def done_examples() -> tuple[str, ...]:
    """Every /done a refusal suggests, in the language spoken: each is one the bot accepts
    (tests/e2e/test_languages.py sends them all)."""
    return (_done(), _earlier(), _done_example(), _("/done kettlebell 15 - felt strong"),
            _("/done kettlebell 15 - swings and goblet squats"),
            _('/done "goblet squats" 15'))  # fmt: skip


def _done_example() -> str:
    # A command the runner may copy, in their words: the bot reads every language it speaks.
    return _("/done core 20 yesterday")


def _earlier() -> str:
    # A command the runner may copy: the day word in their language, which /done understands.
    return _("/done kettlebell 15 yesterday")


def _pause_example() -> str:
    # The second in the runner's words: /pause reads "until" in every language it speaks.
    return _("{first} or {second}").format(first="/pause 7", second=_("/pause until 2026-12-10"))


def _quoted(text: object) -> str:
    return _("“{text}”").format(text=text)


def _day(day: date) -> str:
    return short_day(day)


def _full_day(day: date) -> str:
    return day_month_year(day)


def _characters(limit: int) -> str:
    return ngettext("{limit} character", "{limit} characters", limit).format(limit=limit)


def _days(count: int) -> str:
    return ngettext("{count} day", "{count} days", count).format(count=count)


def error_words(error: UserError) -> str:
    """Plain words for a refusal (not yet escaped: `user_error` escapes them for HTML)."""
    return _words(error.code, error.params)


# Why an invite link cannot be used, worded for the link the runner followed: one sentence per
# code of INVITE_CODES, in its order.
INVITE_CODES = (
    ErrorCode.INVITE_INVALID,
    ErrorCode.INVITE_OWN,
    ErrorCode.INVITE_USED,
    ErrorCode.INVITE_EXPIRED,
    ErrorCode.INVITE_GONE,
)
INVITE_WORDS: dict[InviteKind, tuple[str, ...]] = {
    InviteKind.BUDDY: (
        N_("That invite link is not valid. Ask your friend for a new one: /buddy"),
        N_("That is your own invite link. Send it to a friend, e.g. in a chat."),
        N_("That invite link was used already. Ask your friend for a new one: /buddy"),
        N_("That invite link has expired (they last a week). Ask for a new one: /buddy"),
        N_("That invite link is not valid any more. Ask for a new one: /buddy"),
    ),
    InviteKind.COACH: (
        N_("That coach link is not valid. Ask your coach for a new one: /coach"),
        N_("That is your own coach link. Send it to a runner you coach."),
        N_("That coach link was used already. Ask your coach for a new one: /coach"),
        N_("That coach link has expired (they last a week). Ask for a new one: /coach"),
        N_("That coach link is not valid any more. Ask your coach for a new one."),
    ),
}


def _words(code: ErrorCode, p: Mapping[str, Any]) -> str:
    match code:
        # What a runner typed
        case ErrorCode.TOO_MUCH_TEXT:
            return _("That is a lot of text! Keep it short, e.g. {example}").format(example=_done())
        case ErrorCode.NOTE_TOO_LONG:
            return _("Keep the note under {characters}, e.g. {example}").format(
                characters=_characters(p["limit"]),
                example=_("/done kettlebell 15 - swings and goblet squats"),
            )
        case ErrorCode.MINUTES_OUT_OF_RANGE:
            return _(
                "{given} min can't be right: minutes must be between {low} and {high}, "
                "e.g. {example}"
            ).format(given=p["given"], low=p["low"], high=p["high"], example=_done())
        case ErrorCode.MINUTES_NOT_WHOLE:
            return _("Give whole minutes ({given} is not), e.g. {example}").format(
                given=p["given"], example=_done()
            )
        case ErrorCode.TWO_MINUTES:
            return _(
                "I see two amounts of time ({first} and {second} min). "
                "Give the minutes once, e.g. {example}"
            ).format(first=p["first"], second=p["second"], example=_done())
        case ErrorCode.TWO_DAYS:
            return _("I see two days there. Give one day, e.g. {example}").format(
                example=_earlier()
            )
        case ErrorCode.DAY_VAGUE:
            if p.get("plan"):  # a plan is for a day to come
                return _(
                    "“{text}” is not one day. Which day will it be? Say it like this, e.g. "
                    "{example}"
                ).format(text=e(p["text"]), example=_plan())
            return _(
                "“{text}” is not one day. Which day was it? Say it like this, e.g. {example}"
            ).format(
                text=e(p["text"]),
                example=_("/edit monday") if p.get("edit") else _("/done kettlebell 15 on monday"),
            )
        case ErrorCode.NOT_A_DATE:
            return _("{text} is not a date on the calendar. Try e.g. 2026-11-20 or 20.11.").format(
                text=p["text"]
            )
        case ErrorCode.DAY_TO_COME:
            day, today = p["day"], p["today"]
            when = _("Tomorrow") if day == today + timedelta(days=1) else _day(day)
            return _(
                "{when} is still to come, so it hasn't happened yet 🙂 Log a session once it "
                "is done, e.g. {example} today or {earlier}"
            ).format(when=when, example=_done(), earlier=_earlier())
        case ErrorCode.DAY_TOO_OLD:
            return _(
                "Sessions can be logged up to {days} back, and {day} is further, e.g. {example}"
            ).format(days=_days(p["limit"]), day=_full_day(p["day"]), example=_earlier())
        case ErrorCode.ACTIVITY_SYMBOLS:
            return _(
                "Name the activity in plain words, e.g. {example} "
                "(add a note after ' - ' for anything else)."
            ).format(example=_done())
        case ErrorCode.ACTIVITY_TOO_LONG:
            return _(
                "Keep the activity under {characters}, e.g. {example} "
                "(add a note after ' - ' for details)."
            ).format(characters=_characters(p["limit"]), example=_done())
        case ErrorCode.UNKNOWN_WORDS:
            words = ", ".join(_quoted(w) for w in p["words"])
            return _(
                "I don't know {words} here, so nothing is logged. An activity of several "
                'words goes in quotes or with hyphens, e.g. /done "{activity}" {minutes}; '
                "anything else goes in a note after ' - ', e.g. {example}"
            ).format(
                words=words[:60],
                activity=p["activity"][:32],
                minutes=p["minutes"] or 15,
                example=_("/done kettlebell 15 - felt strong"),
            )
        case ErrorCode.UNCLOSED_QUOTE:
            return _(
                "A quote is left open. Put the activity between two quotes, e.g. {example}"
            ).format(example=_('/done "goblet squats" 15'))
        case ErrorCode.RUN:
            return _(
                "Runs don't count here ({activity}): I keep track of the strength work that "
                "keeps you running strong. Nothing logged, enjoy the miles! After a strength "
                "session, e.g. {example}"
            ).format(activity=p["activity"], example=_done())
        case ErrorCode.CARDIO:
            return _(
                "Cross-training doesn't count here ({activity}), though it's good for you: I "
                "keep track of the strength work that keeps you running strong. Nothing "
                "logged. After a strength session, e.g. {example}"
            ).format(activity=p["activity"], example=_done())
        case ErrorCode.NOT_A_SESSION:
            return _(
                "I can't read a session in {text}. Name the activity and the minutes, "
                "e.g. {example}"
            ).format(text=_quoted(p["text"]), example=_done_example())
        case ErrorCode.NO_ACTIVITY:
            return _("What did you do for {minutes} min? e.g. {example}").format(
                minutes=p["minutes"], example=_done()
            )
        case ErrorCode.CLOCK_UNREADABLE:
            return _("I could not read that time. {how}").format(how=_clock())
        case ErrorCode.CLOCK_AMPM_HOUR:
            return _("With am/pm the hour goes from 1 to 12. {how}").format(how=_clock())
        case ErrorCode.CLOCK_NOT_A_TIME:
            return _("{text} is not a time of day. {how}").format(text=p["text"], how=_clock())
        case ErrorCode.STEP_DONE:
            return _("That step is answered already. /start shows where you are.")
        case ErrorCode.TARGET_RANGE:
            return _(
                "The weekly target is a number of training days from {low} to {high}, "
                "e.g. {example}"
            ).format(low=p["low"], high=p["high"], example="/target 3")
        case ErrorCode.PAUSE_LENGTH:
            return _("A pause lasts 1 to {high} days, e.g. {example}").format(
                high=p["high"], example=_pause_example()
            )
        case ErrorCode.PAUSE_END:
            return _("Give the last day of the pause as a date to come, e.g. {example}").format(
                example=_pause_example()
            )
        case ErrorCode.PAUSE_UNREADABLE:
            return _("How long is the pause? e.g. {example}").format(example=_pause_example())
        case ErrorCode.WEEK_START:
            return _("Weeks can start on monday or sunday, e.g. {example}").format(
                # The day as a runner would type it in this language (the bot reads all).
                example=_("/weekstart sunday")
            )
        case ErrorCode.SESSION_GONE:
            return _("That session is already gone. See what is left with /edit, e.g. /edit")
        case ErrorCode.EDIT_DAY_UNREADABLE:
            return _(
                "I can't read “{text}” as a day. Name the day of the session to fix, e.g. "
                "/edit 12.10. or /edit yesterday"
            ).format(text=e(p["text"]))
        case ErrorCode.HISTORY_RANGE:
            return _("Ask for 1 to {high} sessions, e.g. {example}").format(
                high=p["high"], example="/history 20"
            )
        case ErrorCode.DAYS_UNREADABLE:
            return _("I could not read those days. Try e.g. {example} or {other}").format(
                # Days as a runner would type them in this language (the bot reads all).
                example=_("/prompt 07:30 mon-sat"),
                other=_("/prompt 07:30 weekdays"),
            )
        case ErrorCode.EVENING_MISSING:
            return _("When should evening reminders come? e.g. {example}").format(
                example="/evening 19:00"
            )

        # The runner and their settings
        case ErrorCode.NOT_STARTED:
            return _("Send /start first and I'll set you up in a few taps.")
        case ErrorCode.ZONE_MISSING:
            return _("Tell me your time zone, e.g. {example}").format(example=zone_example())
        case ErrorCode.ZONE_OFFSET_RANGE:
            return _("UTC offsets go from -12:00 to +14:00, e.g. {example}").format(
                example=zone_example()
            )
        case ErrorCode.ZONE_UNKNOWN:
            return _("I don't know the time zone {zone}. Try e.g. {example}").format(
                zone=_quoted(p["text"]), example=zone_example()
            )
        case ErrorCode.ALREADY_PAUSED:
            return _("You are already paused then. /resume first, e.g. /resume then /pause 7")
        case ErrorCode.PAUSE_BUDGET:
            return _(
                "Pauses can cover at most {days} in a year; try a shorter one, e.g. {example}"
            ).format(days=_days(p["limit"]), example="/pause 7")

        # Sessions
        case ErrorCode.NOTHING_TO_UNDO:
            return _("There is nothing to undo yet. Log a session first, e.g. {example}").format(
                example=_done()
            )
        case ErrorCode.UNDONE_ALREADY:
            return _("That session is already gone.")

        # Plans
        case ErrorCode.PLAN_DAY_MISSING:
            return _("Which day? Start with a day, e.g. {example}").format(example=_plan())
        case ErrorCode.PLAN_DAY_PASSED:
            return _("That day has passed; plan one to come, e.g. {example}").format(
                example=_plan()
            )
        case ErrorCode.PLAN_TIME_PASSED:
            return _(
                "{at} today has passed already; plan a time still to come, e.g. {example}"
            ).format(at=p["at"].strftime("%H:%M"), example=_("/plan tomorrow 10:00 kettlebell 20"))
        case ErrorCode.PLAN_TOO_FAR:
            return _("Plan up to two weeks ahead, e.g. {example}").format(example=_plan())
        case ErrorCode.PLAN_INCOMPLETE:
            return _("Give a day, an activity and minutes, e.g. {example}").format(example=_plan())
        case ErrorCode.PLAN_DETAILS_TOO_LONG:
            return _("Keep the details under {characters}.").format(
                characters=_characters(p["limit"])
            )
        case ErrorCode.PLAN_NO_MINUTES:
            return _("Give the activity, then the minutes, e.g. {example}").format(example=_plan())
        case ErrorCode.NO_PLAN:
            return _("There is no plan for {day}. See them with /plans, e.g. /plans").format(
                day=_day(p["day"])
            )
        case ErrorCode.NOTHING_PLANNED:
            example = _plan().replace("/plan ", "/plan @anna ", 1) if p["for_athlete"] else _plan()
            return _(
                "There is nothing planned this week to copy. Plan a day first, e.g. {example}"
            ).format(example=example)
        case ErrorCode.PLAN_TIME_INVALID:
            return _("{text} is no time of day. Write it like 18:30, e.g. {example}").format(
                text=_quoted(p["text"]), example=_("/plan tue 18:30 kettlebell 20 swings")
            )
        case ErrorCode.NO_COACH_PLAN:
            return _(
                "You planned nothing for {athlete} on {day}. See their plans: {example}"
            ).format(athlete=p["athlete"], day=_day(p["day"]), example="/athletes " + p["athlete"])
        case ErrorCode.REMIND_UNREADABLE:
            return _(
                "Say how many minutes before a planned time to remind you, e.g. {example}, "
                "or /remind off"
            ).format(example="/remind 30")
        case ErrorCode.REMIND_RANGE:
            return _(
                "Pick from {low} to {high} minutes before, e.g. {example}, or /remind off"
            ).format(low=p["low"], high=p["high"], example="/remind 30")

        # Rewards
        case ErrorCode.REWARD_AFTER_WHAT:
            return _("After what? {goals}").format(goals=_goals())
        case ErrorCode.REWARD_UNREADABLE:
            return _("Say what and after which goal. {goals}").format(goals=_goals())
        case ErrorCode.REWARD_NO_NAME:
            return _("What is the reward? {goals}").format(goals=_goals())
        case ErrorCode.REWARD_NAME_TOO_LONG:
            return _("Keep the reward under {characters}, e.g. {example}").format(
                characters=_characters(p["limit"]), example=_reward_example()
            )
        case ErrorCode.GOAL_RANGE:
            return _("For that goal pick a number from {low} to {high}. {goals}").format(
                low=p["low"], high=p["high"], goals=_goals()
            )
        case ErrorCode.GOAL_UNKNOWN:
            return _("I can't count {goal}. {goals}").format(
                goal=_quoted(p["text"]), goals=_goals()
            )
        case ErrorCode.CONSISTENCY_WEEKS:
            example = ngettext(
                "/reward {name} after {days} day", "/reward {name} after {days} days", p["days"]
            ).format(name=p["name"], days=p["days"])
            return _(
                "Consistency days come 7 at a time, one week on target each, so pick 7, 14, 21 "
                "or 28 days, e.g. {example}"
            ).format(example=example)
        case ErrorCode.TOO_MANY_REWARDS:
            return ngettext(
                "You have {limit} reward on the go already; delete it first, e.g. {example}",
                "You have {limit} rewards on the go already; delete one first, e.g. {example}",
                p["limit"],
            ).format(limit=p["limit"], example="/reward delete 1")
        case ErrorCode.REWARD_TWICE:
            return _(
                "You are already working towards {name} (number {number} in /rewards). To give "
                "it another goal, delete it first: {example}"
            ).format(name=p["name"], number=p["number"], example=f"/reward delete {p['number']}")
        case ErrorCode.NO_REWARDS:
            return _("You have no rewards yet, e.g. {example}").format(example=_reward_example())
        case ErrorCode.REWARD_NUMBER:
            return _(
                "Pick a reward by its number in /rewards (1 to {count}) or by its name, e.g. "
                "{command} 1"
            ).format(count=p["count"], command=p["command"])
        case ErrorCode.CLAIMED_ALL:
            return _("Already claimed, every time it was earned. Enjoy! See /rewards")
        case ErrorCode.NOT_EARNED:
            return _("Not earned yet, keep going! Your progress is in /rewards.")

        # Invite links
        case (
            ErrorCode.INVITE_INVALID
            | ErrorCode.INVITE_OWN
            | ErrorCode.INVITE_USED
            | ErrorCode.INVITE_EXPIRED
            | ErrorCode.INVITE_GONE
        ):
            return _(INVITE_WORDS[InviteKind(p["kind"])][INVITE_CODES.index(code)])

        # Buddies
        case ErrorCode.BUDDIES_ALREADY:
            return _("You two are buddies already. See /buddy settings, e.g. /buddy settings")

        # Coaches and athletes
        case ErrorCode.HAS_COACH:
            return _("You have a coach already. End that first with /coach remove")
        case ErrorCode.COACH_FULL:
            return ngettext(
                "This coach has {limit} athlete already, the most one coach can have.",
                "This coach has {limit} athletes already, the most one coach can have.",
                p["limit"],
            ).format(limit=p["limit"])
        case ErrorCode.NO_COACH:
            return _("You have no coach. Your coach's /coach link makes one.")
        case ErrorCode.NO_COACH_TO_REMOVE:
            return _("You have no coach to remove.")
        case ErrorCode.NO_ATHLETE_NAMED:
            return _("None of your athletes is called {name}. See them with /athletes").format(
                name=p["name"]
            )
        case ErrorCode.NOT_YOUR_ATHLETE:
            return _("That runner is not one of your athletes (any more). See /athletes")
        case ErrorCode.WHICH_ATHLETE:
            return _("Which one: {names}? Give more of the name, e.g. {example}").format(
                names=", ".join(p["names"]), example="/athletes anna"
            )
        case ErrorCode.WHOM_TO_DROP:
            return _("Whom should you stop coaching? e.g. {example}").format(
                example="/athletes remove anna"
            )

        # Importing a CSV
        case ErrorCode.FILE_TOO_BIG:
            return _("That file is too big to import (1 MB at most), e.g. one from /export")
        case ErrorCode.NOT_A_CSV:
            return _("That file is not a CSV from /export, e.g. {example}").format(example=_CSV)
        case ErrorCode.NOT_AN_EXPORT:
            return _(
                "That JSON is not the one /export sends (strongstreak-data.json), or it was "
                "changed on the way. Send that file, or the CSV, with /import as its caption."
            )
        case ErrorCode.CSV_HEADER:
            return _(
                "That CSV does not start with the /export header ({columns}), e.g. {example}"
            ).format(columns=",".join(p["columns"]), example=_CSV)
        case ErrorCode.TOO_MANY_ROWS:
            return _("At most {limit} sessions can be imported at once.").format(limit=p["limit"])
        case ErrorCode.IMPORT_LINES:
            problems: tuple[tuple[int, UserError], ...] = p["problems"]
            shown = "; ".join(
                _("line {number}: {reason}").format(number=number, reason=error_words(error))
                for number, error in problems[:_SHOWN_LINES]
            )
            if len(problems) > _SHOWN_LINES:
                shown += _("; and {count} more").format(count=len(problems) - _SHOWN_LINES)
            return _(
                "Nothing was imported. Fix these lines and send the file again: {lines}"
            ).format(lines=shown)
        case ErrorCode.LINE_FIELDS:
            return _("needs at least date, time, activity and minutes")
        case ErrorCode.LINE_DATE:
            return _("{text} is not a date like 2026-11-23").format(text=_quoted(p["text"]))
        case ErrorCode.LINE_FUTURE:
            return _("{day} is in the future").format(day=p["day"].isoformat())
        case ErrorCode.LINE_MINUTES:
            return _("{text} is not a number of minutes").format(text=_quoted(p["text"]))
        case ErrorCode.LINE_MINUTES_RANGE:
            return _("minutes must be between {low} and {high}").format(
                low=p["low"], high=p["high"]
            )
        case ErrorCode.LINE_ACTIVITY:
            return _("the activity must be plain words, up to {characters}").format(
                characters=_characters(p["limit"])
            )
        case ErrorCode.LINE_NO_ACTIVITY:
            return _("the activity is empty")
        case ErrorCode.LINE_NOTE:
            return _("the note is longer than {characters}").format(
                characters=_characters(p["limit"])
            )

        # Buttons
        case ErrorCode.EXPIRED_BUTTON:
            return expired_button()
        case ErrorCode.NOT_YOURS:
            return not_yours()
        case ErrorCode.CHECKIN_EXPIRED:
            return checkin_expired(p["day"])
    assert_never(code)
