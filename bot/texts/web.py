"""The Mini App's words: its page, its refusals, and the buttons in the chat that open it."""

from __future__ import annotations

from datetime import date

from bot.texts.common import day_label_ahead, e
from bot.texts.i18n import _


def unauthorized() -> str:
    return _(
        "This page opens from the bot in Telegram, signed by Telegram as you. Open it again "
        "from the bot's menu button or from the button under /stats."
    )


def forbidden() -> str:
    return _("That is someone else's season, and they have not shared it with you.")


def slow_down() -> str:
    return _("That was a lot of taps at once. Wait a few seconds and try again.")


def already_done() -> str:
    return _("Already saved ✓")


def plan_cleared_by_coach(coach: str, day: date, today: date) -> str:
    """To an athlete: their coach took a plan off their calendar."""
    return _("🗓 {coach} removed your plan for {day}.").format(
        coach=e(coach), day=day_label_ahead(day, today)
    )


def season_button() -> str:
    """The button under /stats and /edit that opens the Mini App."""
    return _("📅 Open my season")


def board_button() -> str:
    """The button under /athletes that opens the coach's board in the Mini App."""
    return _("📋 Open the coach's board")


def menu_button() -> str:
    """The chat's menu button (short: Telegram shows it next to the text field)."""
    return _("Season")


def labels() -> dict[str, str]:
    """Every word the page shows, in the runner's language."""
    return {
        "title": _("Your season"),
        "board": _("Coach's board"),
        "athletes": _("Athletes"),
        "at_risk": _("at risk"),
        "mine": _("My season"),
        "strength": _("Habit strength"),
        "rewards": _("Rewards"),
        "coming": _("The coming two weeks"),
        "nothing_planned": _("Nothing planned yet."),
        "no_sessions": _("No sessions on this day."),
        "paused": _("paused"),
        "met": _("met"),
        "missed": _("missed"),
        "add": _("Add a session"),
        "activity": _("Activity"),
        "minutes": _("Minutes"),
        "day": _("Day"),
        "details": _("Details (optional)"),
        "save": _("Save"),
        "delete": _("Delete"),
        "plan": _("Plan"),
        "clear_plan": _("Clear the plan"),
        "move_to": _("Move to"),
        "planned": _("Planned"),
        "close": _("Close"),
        "loading": _("Loading…"),
        "failed": _("Something went wrong. Please try again in a moment."),
        "week_only": _("This athlete shares their week and streak only."),
        "no_athletes": _("No athletes yet. Send /coach in the chat to get an invite link."),
        "show_earlier": _("Show earlier weeks"),
        "week_of": _("Week of {day}"),
    }
