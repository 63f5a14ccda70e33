"""The reply to a run: the strength that comes next, and the reminder."""

from __future__ import annotations

from datetime import datetime

from bot.domain import zones
from bot.services.cues import REMIND_AFTER, Cue
from bot.texts.common import activity_name, duration, e
from bot.texts.i18n import _


def after_run(cue: Cue) -> str:
    """Warm, nothing logged for the run, and the strength that comes next."""
    if cue.done_today:
        return _(
            "🏃 Nice run! Your strength is already logged today ✓, so today is complete. "
            "Runs aren't logged here; enjoy the rest of the day."
        )
    lines = [
        _(
            "🏃 Nice run! Runs aren't logged here, but right after one is the easiest moment "
            "for your strength work."
        )
    ]
    if cue.offer is None:
        lines.append(_("Next: 15 minutes of strength; any of it counts."))
    else:
        activity, minutes, details = cue.offer
        what = f"{e(activity_name(activity))} {duration(minutes)}"
        if details:
            what += f" ({e(details)})"
        if cue.coach:
            lines.append(_("Next, as coach {coach} planned: {what}.").format(
                coach=e(cue.coach), what=what))  # fmt: skip
        elif cue.planned:
            lines.append(_("Next, today's plan: {what}.").format(what=what))
        else:
            lines.append(_("Next, your usual: {what}.").format(what=what))
    lines.append(_("Tap Done once it's done, or let me remind you once."))
    return "\n".join(lines)


def buttons() -> tuple[str, list[tuple[int, str]]]:
    """The Done button's label, and a label for each reminder."""
    return _("✅ Done"), [(after, _("⏰ in {minutes} min").format(minutes=after))
                         for after in REMIND_AFTER]  # fmt: skip


def reminder_set(due: datetime | None, zone_name: str) -> str:
    """`I'll remind you at 18:30`, or that today's reminder has been."""
    if due is None:
        return _("One reminder a day: today's has gone out already. Done is still here.")
    local = due.astimezone(zones.zone(zone_name))
    return _("⏰ I'll remind you at {time}, unless you log a session before then.").format(
        time=f"{local:%H:%M}"
    )
