"""Morning and evening check-ins and their answers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.domain.model import Profile

if TYPE_CHECKING:
    from bot.services.checkins import Prompt
from bot.texts.common import clock, days_left_words, e, plural, week_line
from bot.texts.i18n import _
from bot.texts.plans import plan_line, planned_words
from bot.texts.rewards import reward_news
from bot.texts.stats import week_glance


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


def evening_usage() -> str:
    return _("When should evening reminders come? e.g. /evening 19:00")


def checkin_buttons() -> dict[str, str]:
    """The label of each answer under a check-in: done, tonight and rest."""
    return {"done": _("✅ Done"), "tonight": _("🌙 Tonight"), "rest": _("🛌 Rest day")}
