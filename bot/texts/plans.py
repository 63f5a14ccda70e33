"""Plans written ahead."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.domain.plans import PlanSpec

if TYPE_CHECKING:
    pass
from bot.texts.common import day_label_ahead, e


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


def planned_words(spec: PlanSpec) -> str:
    """`Coach Anna planned: …` for a coach's plan, `Today's plan: …` for the runner's own."""
    if spec.coach:
        return f"Coach {e(spec.coach)} planned: {plan_line(spec)}"
    return f"Today's plan: {plan_line(spec)}"


def plan_owner_mark(spec: PlanSpec) -> str:
    return f" <i>(coach {e(spec.coach)})</i>" if spec.coach else ""
