"""Plans written ahead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from bot.domain.plans import PlanSpec
from bot.services.plans import COMING_WEEKS
from bot.texts.common import activity_name, day_label_ahead, e, short_day
from bot.texts.i18n import _, ngettext


def plan_line(spec: PlanSpec) -> str:
    """`18:30 kettlebell 20 min — swings` (the time only when the plan has one)."""
    values = {"activity": e(activity_name(spec.activity)), "minutes": spec.minutes}
    if spec.details:
        line = _("<b>{activity}</b> {minutes} min — {details}").format(
            details=e(spec.details), **values
        )
    else:
        line = _("<b>{activity}</b> {minutes} min").format(**values)
    return line if spec.at is None else f"{spec.at:%H:%M} {line}"


def plan_set(
    spec: PlanSpec, today: date, *, changed: bool = False, remind: int | None = None
) -> str:
    """The reply to a plan written (or, `changed`, a plan of that activity that day changed);
    `remind`: the minutes before a timed plan its reminder comes, None when it comes not."""
    values = {"day": day_label_ahead(spec.day, today), "plan": plan_line(spec)}
    if changed:
        head = _("📝 Changed your plan for {day}: {plan}.").format(**values)
    else:
        head = _("📝 Planned for {day}: {plan}.").format(**values)
    if spec.at is not None and remind is not None:
        tail = _("I'll remind you {minutes} min before, and Done logs it in one tap.").format(
            minutes=remind
        )
    else:
        tail = _("The morning check-in that day will remind you, and Done logs it in one tap.")
    return f"{head} {tail}"


def plan_cleared(day: date, today: date, count: int = 1) -> str:
    if count == 1:
        return _("Plan for {day} removed.").format(day=day_label_ahead(day, today))
    return ngettext(
        "{count} plan for {day} removed.", "{count} plans for {day} removed.", count
    ).format(count=count, day=day_label_ahead(day, today))


def coach_cleared(athlete: str, day: date, specs: Sequence[PlanSpec]) -> str:
    """To the coach: the plans they wrote for an athlete, removed (the athlete is told)."""
    lines = [
        _("📝 Removed from <b>{athlete}</b>'s plan for {day} (they're told):").format(
            athlete=e(athlete), day=short_day(day)
        )
    ]
    lines += [plan_line(p) for p in specs]
    return "\n".join(lines)


def cleared_by_coach(coach: str, day: date, specs: Sequence[PlanSpec]) -> str:
    """To the athlete: their coach removed plans they had written."""
    lines = [
        _("📝 Your coach <b>{coach}</b> removed your plan for {day}:").format(
            coach=e(coach), day=short_day(day)
        )
    ]
    lines += [plan_line(p) for p in specs]
    return "\n".join(lines)


def reminder(spec: PlanSpec, lead: int) -> str:
    """A timed plan's reminder, shortly before it."""
    return _("⏰ In {minutes} min: {plan}. Log it when it's done: {example}").format(
        minutes=lead,
        plan=plan_line(spec),
        example=e(f"/done {spec.activity} {spec.minutes}"),
    )


def remind_set(minutes: int | None) -> str:
    if minutes is None:
        return _("Reminders before planned times are off. Turn them back on with {example}").format(
            example="/remind 30"
        )
    return _(
        "⏰ A plan with a time now reminds you {minutes} min before it "
        "(e.g. <code>/plan tue 18:30 kettlebell 20</code>). Off: /remind off"
    ).format(minutes=minutes)


def add_to_calendar_button() -> str:
    return _("📅 Add to calendar")


def plans_file_caption(count: int) -> str:
    return ngettext(
        "📅 {count} plan of the next {weeks} weeks, as /plans lists it: open the file to add "
        "it to your calendar.",
        "📅 {count} plans of the next {weeks} weeks, as /plans lists them: open the file to "
        "add them to your calendar.",
        count,
    ).format(count=count, weeks=COMING_WEEKS)


def nothing_for_calendar() -> str:
    return _(
        "Nothing planned for the next {weeks} weeks, so there's nothing to add to a calendar yet."
    ).format(weeks=COMING_WEEKS)


def plans_week(items: list[PlanSpec], today: date) -> str:
    if not items:
        return _(
            "No plans for the coming weeks. Writing the workout down ahead is half the work: "
            "e.g. <code>/plan tue kettlebell 20 swings, goblet squats</code>"
        )
    lines = [_("<b>📝 Your plans</b>")]
    for day, of_day in groupby(sorted(items, key=lambda p: p.day), key=lambda p: p.day):
        planned = [f"{plan_line(p)}{plan_owner_mark(p)}" for p in of_day]
        if len(planned) == 1:
            lines.append(f"{day_label_ahead(day, today)}: {planned[0]}")
        else:  # a day with several plans: its name once, each plan below it
            lines.append(f"{day_label_ahead(day, today)}:")
            lines += [f"  • {line}" for line in planned]
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
