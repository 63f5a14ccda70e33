"""Morning and evening check-ins and their answers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.domain.model import Profile

if TYPE_CHECKING:
    from bot.services.checkins import Prompt
from bot.texts.common import activity_name, clock, days_left_words, e, short_day, week_line
from bot.texts.i18n import _, ngettext
from bot.texts.plans import plan_line, plan_owner_mark, planned_words
from bot.texts.rewards import reward_news
from bot.texts.stats import week_glance


def _part_of_day(minute: int | None) -> str:
    """When the check-in comes, in the runner's own time: it greets them for that hour."""
    if minute is None or minute < 12 * 60:
        return "morning"
    return "afternoon" if minute < 17 * 60 else "evening"


def checkin(prompt: Prompt) -> str:
    """The morning question, the evening nudge or the weekly summary."""
    week = prompt.state.week
    reward = reward_news(prompt.rewards)
    usual = (
        "\n"
        + _("One tap on Done logs your usual: {activity} {minutes} min.").format(
            activity=e(activity_name(prompt.usual[0])), minutes=prompt.usual[1]
        )
        if prompt.usual
        else ""
    )
    if prompt.due.kind == "summary" and prompt.week is not None:
        return (
            _("Your week is done. Here is how it went:\n\n{week}").format(
                week=week_glance(prompt.week)
            )
            + reward
        )
    also = (
        "\n"
        + _("📝 Also planned today: {plans}").format(
            plans="; ".join(plan_line(p) + plan_owner_mark(p) for p in prompt.also_planned)
        )
        if prompt.also_planned
        else ""
    )
    if prompt.style == "light":
        planned = (
            "\n" + _("📝 {plan}.").format(plan=planned_words(prompt.plan)) if prompt.plan else ""
        ) + also
        part = _part_of_day(prompt.profile.prompt_minute)
        if part == "afternoon":
            light = ngettext(
                "Good afternoon! This week's target is met already ({done} of {target} day) 💪 "
                "Anything extra today is a bonus.",
                "Good afternoon! This week's target is met already ({done} of {target} days) 💪 "
                "Anything extra today is a bonus.",
                week.target,
            )
        elif part == "evening":
            light = ngettext(
                "Good evening! This week's target is met already ({done} of {target} day) 💪 "
                "Anything extra today is a bonus.",
                "Good evening! This week's target is met already ({done} of {target} days) 💪 "
                "Anything extra today is a bonus.",
                week.target,
            )
        else:
            light = ngettext(
                "Morning! This week's target is met already ({done} of {target} day) 💪 "
                "Anything extra today is a bonus.",
                "Morning! This week's target is met already ({done} of {target} days) 💪 "
                "Anything extra today is a bonus.",
                week.target,
            )
        light = light.format(done=week.days_done, target=week.target)
        return f"{light}{reward}{planned}"
    if prompt.plan is not None:
        usual = (
            "\n"
            + _("📝 {plan}. Done logs it in one tap.").format(plan=planned_words(prompt.plan))
            + also
        )
    if prompt.style == "cue":
        return _("⏰ Strength after your run, as you asked: this is your reminder.") + (
            usual or "\n" + _("One tap on Done, then pick the minutes.")
        )
    if prompt.style == "full":
        part = _part_of_day(prompt.profile.prompt_minute)
        if part == "afternoon":
            question = _("Good afternoon! Strength today? {week}.")
        elif part == "evening":
            question = _("Good evening! Strength today? {week}.")
        else:
            question = _("Morning! Strength today? {week}.")
        return question.format(week=week_line(week)) + reward + usual
    if prompt.style == "tonight":
        return _("Evening check: still on for tonight? Nothing is logged today yet.") + usual
    if prompt.style == "plan" and prompt.plan is not None:
        return _(
            "You planned {plan} for today, and it is not logged yet. "
            "Still on? Done logs it in one tap."
        ).format(plan=plan_line(prompt.plan))
    nudge = ngettext(
        "Heads up: {count} more day with a session needed and {left} this week. "
        "A short one tonight keeps your streak alive.",
        "Heads up: {count} more days with a session needed and {left} this week. "
        "A short one tonight keeps your streak alive.",
        week.needed,
    ).format(count=week.needed, left=days_left_words(week))
    return f"{nudge}{reward}{usual}"


def checkin_expired(day: date) -> str:
    return _("That check-in was for {day} and has expired.").format(day=short_day(day))


def checkin_answered(action: str, profile: Profile) -> str:
    if action == "tonight":
        return _("Tonight it is 🌙 I'll check in at {time} if nothing is logged by then.").format(
            time=clock(profile.evening_minute)
        )
    return _("Rest day noted 🛌 Recovery is training too. Nothing more from me today.")


def evening_set(minute: int) -> str:
    return _("Evening reminders come at <b>{time}</b> your time ✓").format(time=clock(minute))


def checkin_buttons() -> dict[str, str]:
    """The label of each answer under a check-in: done, tonight and rest."""
    return {"done": _("✅ Done"), "tonight": _("🌙 Tonight"), "rest": _("🛌 Rest day")}
