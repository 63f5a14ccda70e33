"""Plans written ahead."""

from __future__ import annotations

from datetime import date

from bot.domain.plans import PlanSpec
from bot.texts.common import activity_name, day_label_ahead, e
from bot.texts.i18n import _


def plan_line(spec: PlanSpec) -> str:
    values = {"activity": e(activity_name(spec.activity)), "minutes": spec.minutes}
    if spec.details:
        return _("<b>{activity}</b> {minutes} min — {details}").format(
            details=e(spec.details), **values
        )
    return _("<b>{activity}</b> {minutes} min").format(**values)


def plan_set(spec: PlanSpec, today: date) -> str:
    return _(
        "📝 Planned for {day}: {plan}. "
        "The morning check-in that day will remind you, and Done logs it in one tap."
    ).format(day=day_label_ahead(spec.day, today), plan=plan_line(spec))


def plan_cleared(day: date, today: date) -> str:
    return _("Plan for {day} removed.").format(day=day_label_ahead(day, today))


def plans_week(items: list[PlanSpec], today: date) -> str:
    if not items:
        return _(
            "No plans for the coming week. Writing the workout down ahead is half the work: "
            "e.g. <code>/plan tue kettlebell 20 swings, goblet squats</code>"
        )
    lines = [_("<b>📝 Your plans</b>")]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}{plan_owner_mark(p)}" for p in items]
    return "\n".join(lines)


def planned_words(spec: PlanSpec) -> str:
    """`Coach Anna planned: …` for a coach's plan, `Today's plan: …` for the runner's own."""
    if spec.coach:
        return _("Coach {coach} planned: {plan}").format(coach=e(spec.coach), plan=plan_line(spec))
    return _("Today's plan: {plan}").format(plan=plan_line(spec))


def plan_owner_mark(spec: PlanSpec) -> str:
    if not spec.coach:
        return ""
    return " " + _("<i>(coach {coach})</i>").format(coach=e(spec.coach))
