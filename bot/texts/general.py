"""Help, the command list, unknown commands and the admin report."""

from __future__ import annotations

from datetime import datetime

from bot.texts.common import e
from bot.texts.i18n import N_, _

# (command, example, what it does) in the order /help and the command menu show them. The
# names stay English (Telegram commands are Latin letters); an example with words, and the
# descriptions, are translated where they are shown (`commands()`): the bot reads the
# examples in every language it speaks (tests/test_wording.py feeds each back to it).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "done",
        N_("/done kettlebell 15"),
        N_("log a strength session (minutes, day and note optional)"),
    ),
    ("undo", "/undo", N_("remove the session you logged last")),
    ("edit", "/edit", N_("fix or delete any session: /edit 12.10. for a day, or from /history")),
    ("history", "/history 20", N_("your recent sessions, week by week")),
    ("stats", "/stats", N_("streak, consistency days, habit strength, totals and a picture")),
    ("week", "/week", N_("this week at a glance")),
    ("pause", "/pause 7", N_("pause for injury, travel or a taper (/pause until 2026-12-10)")),
    ("resume", "/resume", N_("end a pause early")),
    ("reward", N_("/reward running top after 21 days"), N_("promise yourself a reward for a goal")),
    ("rewards", "/rewards", N_("your rewards and how close you are")),
    ("claim", "/claim 1", N_("mark an earned reward as claimed")),
    ("plan", N_("/plan tue 18:30 kettlebell 20 swings"), N_("write a workout down ahead")),
    ("plans", "/plans", N_("your plans for the coming weeks (/plan clear tue removes one)")),
    ("remind", "/remind 30", N_("minutes before a planned time I remind you, or /remind off")),
    ("calendar", "/calendar", N_("your plans in your own calendar app: a private link")),
    ("buddy", "/buddy", N_("invite a buddy; /buddy settings, /buddy remove")),
    ("coach", "/coach", N_("coach runners: an invite link; /coach settings, /coach remove")),
    ("athletes", "/athletes", N_("the runners you coach, slipping first; /athletes remove NAME")),
    ("timezone", "/timezone Europe/Berlin", N_("set your time zone (a city or +5:30 work too)")),
    ("prompt", "/prompt 07:30", N_("morning check-in time, or /prompt off")),
    ("evening", "/evening 19:00", N_("when Tonight reminders and at-risk nudges come")),
    ("target", "/target 3", N_("training days a week you aim for (1-7)")),
    ("weekstart", N_("/weekstart sunday"), N_("start weeks on monday or sunday")),
    ("language", "/language", N_("the language I speak with you (or in this group)")),
    ("start", "/start", N_("set up, or see your settings")),
    ("export", "/export", N_("all your data as a CSV and a JSON file")),
    ("import", "/import", N_("send back an exported file (JSON: everything; CSV: sessions)")),
    ("deleteme", "/deleteme", N_("delete everything the bot knows about you")),
    ("help", "/help", N_("this list")),
)


def commands() -> list[tuple[str, str, str]]:
    """(command, example, what it does) in the language spoken: /help and the command menu."""
    return [(name, _(example), _(what)) for name, example, what in COMMANDS]


def private_only() -> str:
    return _("🔒 That one is just between you and me: ask me in our private chat.")


def help_text() -> str:
    lines = [_("<b>strongstreak</b> keeps your strength training going, 2–3 times a week.") + "\n"]
    lines += [f"<code>{e(example)}</code> — {e(what)}" for _name, example, what in commands()]
    lines.append(
        "\n"
        + _(
            "<b>Logging</b>: one line in your own words, in any order, in English, German, "
            "Spanish or Russian: <code>/done kettlebell 20 yesterday</code>, "
            "<code>/done 25 min of core after work</code>, "
            "<code>/done yoga half an hour on monday - hips better</code>. Minutes in digits or "
            "words (<code>1.5 h</code>, <code>twenty</code>), a day up to 30 days back "
            "(<code>fri</code>, <code>3 days ago</code>, <code>4 Dec</code>), a note after "
            "<code> - </code>."
        )
    )
    lines.append(
        _(
            "When I'm unsure (a typo, an activity I don't know) I ask, with a button. In our "
            "chat a plain <code>kettlebell 15</code> works too. Runs and cross-training (swim, "
            "bike, row) don't count here: this is the strength that keeps you running."
        )
    )
    return "\n".join(lines)


def unknown_command(command: str) -> str:
    return _("I don't know {command}. Try /done kettlebell 15, or /help for everything.").format(
        command=e(command[:40])
    )


def plain_text_hint() -> str:
    return _("To log a session send /done kettlebell 15. /help lists everything I can do.")


def admin(counts: dict[str, int], queued: int, last_error: tuple[datetime, str] | None) -> str:
    error = (
        _("{time} UTC: {error}").format(
            time=f"{last_error[0]:%Y-%m-%d %H:%M}", error=e(last_error[1])
        )
        if last_error
        else _("none")
    )
    return _(
        "<b>strongstreak admin</b>\n"
        "Users: {users} ({active} active)\n"
        "Sessions logged today (UTC): {sessions_today}\n"
        "Check-ins due: {due}, in the send queue: {queued}\n"
        "Last error: {error}"
    ).format(
        users=counts["users"],
        active=counts["active"],
        sessions_today=counts["sessions_today"],
        due=counts["due"],
        queued=queued,
        error=error,
    )
