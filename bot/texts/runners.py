"""Onboarding and settings: zone, check-in time, target, week start, pauses."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import get_timezone_location

from bot.domain import zones
from bot.domain.model import Profile
from bot.domain.schedule import EVERY_DAY
from bot.services.runners import Paused, PendingTarget, Resumed, RuleChanged
from bot.texts.common import (
    clock,
    days,
    e,
    short_day,
    week_line,
    weekday,
    weekday_short,
    zone_example,
)
from bot.texts.i18n import _, locale, ngettext, pgettext
from bot.texts.rewards import reward_news
from bot.texts.sessions import upcoming_day

_A_MONDAY = date(2024, 1, 1)


def city(zone_name: str) -> str:
    """A zone's city in the runner's language: Europe/Moscow is Moskau, Moscú, Москва."""
    return get_timezone_location(zone_name, locale=locale(), return_city=True)


def describe_zone(name: str, now: datetime) -> str:
    """`Europe/Berlin (UTC+01:00, now 14:05)` for confirmations."""
    offset, local = zones.zone_clock(name, now)
    return _("{zone} ({offset}, now {time})").format(zone=name, offset=offset, time=local)


def skip_button(default: str) -> str:
    """`Skip (UTC)`: an onboarding button that keeps the default."""
    return pgettext("button", "Skip ({default})").format(default=default)


def prompt_days_words(mask: int) -> str:
    """`every day`, or the days of a check-in: `Mon, Tue, Wed`."""
    if mask == EVERY_DAY:
        return _("every day")
    return ", ".join(
        weekday_short(_A_MONDAY + timedelta(days=i)) for i in range(7) if mask & (1 << i)
    )


def paused(result: Paused) -> str:
    pause = result.pause
    length = (pause.last - pause.first).days + 1
    if result.later:
        return (
            ngettext(
                "⏸ Paused for {count} day, from {first} until {day} included. Those days "
                "neither count nor break your streak, and check-ins stop. Changed your mind? "
                "/resume",
                "⏸ Paused for {count} days, from {first} until {day} included. Those days "
                "neither count nor break your streak, and check-ins stop. Changed your mind? "
                "/resume",
                length,
            ).format(count=length, first=short_day(pause.first), day=short_day(pause.last))
            + met_by_pause(result)
            + reward_news(result.rewards)
        )
    return (
        ngettext(
            "⏸ Paused for {count} day, until {day} included. Those days neither count nor break "
            "your streak, and check-ins stop. Back early? /resume",
            "⏸ Paused for {count} days, until {day} included. Those days neither count nor break "
            "your streak, and check-ins stop. Back early? /resume",
            length,
        ).format(count=length, day=short_day(pause.last))
        + met_by_pause(result)
        + reward_news(result.rewards)
    )


def met_by_pause(result: Paused) -> str:
    """A pause shrinks its week's target: when that meets the week, say so and why."""
    week = result.met_week
    if week is None:
        return ""
    return "\n" + ngettext(
        "✓ With those days off, this week asks for {count} day, and you have trained on "
        "{done}: it counts as met.",
        "✓ With those days off, this week asks for {count} days, and you have trained on "
        "{done}: it counts as met.",
        week.target,
    ).format(count=week.target, done=week.days_done)


def resumed(result: Resumed) -> str:
    """The pause ended, and where the week stands now: a week the pause met may need more."""
    if result.ended:
        return (
            _("▶️ Welcome back! Your pause has ended; today counts again.")
            + "\n"
            + week_line(result.week)
            + reward_news(result.rewards)
        )
    return _("You are not paused. Taking a break? e.g. /pause 7")


def week_start_set(first_weekday: int, changed: RuleChanged) -> str:
    name = weekday(_A_MONDAY + timedelta(days=first_weekday))
    upcoming = changed.next_week
    if upcoming is None or (
        upcoming.start.weekday() == first_weekday and (upcoming.end - upcoming.start).days == 7
    ):
        return _("Weeks start on <b>{weekday}</b> from {day} ✓ This week stays as it is.").format(
            weekday=name, day=upcoming_day(changed.since)
        )
    length = (upcoming.end - upcoming.start).days
    values = {"weekday": name, "day": upcoming_day(upcoming.end), "length": length,
              "since": upcoming_day(changed.since), "asks": days(upcoming.target)}  # fmt: skip
    if length < 7:
        return _(
            "Weeks start on <b>{weekday}</b> from {day} ✓ This week stays as it is; the "
            "{length} days from {since} make one short week that asks for {asks}."
        ).format(**values)
    return _(
        "Weeks start on <b>{weekday}</b> from {day} ✓ This week stays as it is; the "
        "{length} days from {since} make one long week that asks for {asks}."
    ).format(**values)


def welcome(first_name: str) -> str:
    return _(
        "Hi {first_name}! 👋 I'm strongstreak: I help runners keep up the strength work "
        "they know they need.\n\nThree quick questions, each one skippable.\n\n"
        "<b>1 of 3 — your time zone.</b> Pick one, share your location, or type it "
        "(<code>Europe/Berlin</code>, <code>berlin</code>, <code>+5:30</code>)."
    ).format(first_name=e(first_name))


def share_location_prompt() -> str:
    return _("Or share your location and I'll work out the zone (only the zone is kept).")


def ask_prompt_time(zone_name: str, now: datetime) -> str:
    return _(
        "Time zone: <b>{zone}</b> ✓\n\n"
        "<b>2 of 3 — morning check-in.</b> When should I ask whether today is a strength day? "
        "Pick a time, type one (<code>6:45</code>), or turn it off."
    ).format(zone=e(describe_zone(zone_name, now)))


def ask_target(prompt_minute: int | None) -> str:
    question = _(
        "<b>3 of 3 — weekly target.</b> On how many days a week will you train strength? "
        "Most runners do well with 2–3."
    )
    if prompt_minute is None:
        return _("Morning check-in: <b>off</b> ✓") + "\n\n" + question
    return (
        _("Morning check-in: <b>at {time}</b> ✓").format(time=clock(prompt_minute))
        + "\n\n"
        + question
    )


def onboarding_done(profile: Profile, now: datetime) -> str:
    return _(
        "All set! 🎉\n\n{settings}\n\n"
        "Log your first session like this: <code>/done kettlebell 15</code>\n"
        "/help lists everything."
    ).format(settings=settings(profile, now))


def pending_target(profile: Profile, pending: PendingTarget | None) -> str:
    """Which weeks the target applies to, when this week keeps another one ("" if not)."""
    if pending is None:
        return ""
    return "\n" + ngettext(
        "The target of {target} applies from {day}; this week keeps its own: {count} day.",
        "The target of {target} applies from {day}; this week keeps its own: {count} days.",
        pending.this_week,
    ).format(target=profile.target, day=short_day(pending.since), count=pending.this_week)


def settings(profile: Profile, now: datetime, pending: PendingTarget | None = None) -> str:
    zone = describe_zone(profile.time_zone, now)
    return ngettext(
        "<b>Your settings</b>\nTime zone: {zone}\nMorning check-in: {time}\n"
        "Weekly target: {target} day a week with a session\nWeeks start on {weekday}",
        "<b>Your settings</b>\nTime zone: {zone}\nMorning check-in: {time}\n"
        "Weekly target: {target} days a week with a session\nWeeks start on {weekday}",
        profile.target,
    ).format(
        zone=e(zone),
        # The days too, as /prompt says them: "07:30, every day", "07:30, Mon, Tue, Fri".
        time=clock(profile.prompt_minute)
        if profile.prompt_minute is None
        else f"{clock(profile.prompt_minute)}, {prompt_days_words(profile.prompt_days)}",
        target=profile.target,
        weekday=weekday(_A_MONDAY + timedelta(days=profile.week_start)),
    ) + pending_target(profile, pending)


def welcome_back(profile: Profile, now: datetime, pending: PendingTarget | None = None) -> str:
    return _(
        "Welcome back, {first_name}! Everything you logged is still here.\n\n"
        "{settings}\n\nChange any of it with /timezone, /prompt or /target."
    ).format(first_name=e(profile.first_name), settings=settings(profile, now, pending))


def zone_set(zone_name: str, now: datetime) -> str:
    text = _("Time zone set to <b>{zone}</b> ✓").format(zone=e(describe_zone(zone_name, now)))
    if zones.is_fixed_offset(zone_name) and zone_name != "UTC":
        text += "\n" + _(
            "That is a fixed offset with no daylight saving; "
            "send a city instead if your clocks change."
        )
    return text


def zone_usage(profile: Profile, now: datetime) -> str:
    return _("Your time zone is {zone}.\nChange it with {example}.").format(
        zone=e(describe_zone(profile.time_zone, now)), example=e(zone_example())
    )


def prompt_set(minute: int | None, days: int | None = None) -> str:
    if minute is None:
        return _("Morning check-ins are <b>off</b>. Turn them back on with /prompt 07:30")
    if days is None:
        return _("Morning check-in set to <b>{time}</b> your time ✓").format(time=clock(minute))
    return _("Morning check-in set to <b>{time}</b> your time, {days} ✓").format(
        time=clock(minute), days=prompt_days_words(days)
    )


def prompt_quiet_set(quiet: bool) -> str:
    if quiet:
        return _("Once the week's target is met, mornings stay quiet ✓ (/prompt always undoes it)")
    return _("Mornings come every day, with a lighter word once the week is met ✓")


def prompt_usage(profile: Profile) -> str:
    return _(
        "Your morning check-in is {time}, {days}; evening reminders at {evening}.\n"
        "Change it with /prompt 07:30, /prompt 07:30 mon-sat, /prompt off, "
        "/prompt quiet-when-met or /evening 19:00."
    ).format(
        time=clock(profile.prompt_minute),
        days=prompt_days_words(profile.prompt_days),
        evening=clock(profile.evening_minute),
    )


def target_set(target: int, changed: RuleChanged) -> str:
    if changed.unchanged:
        return ngettext(
            "Your weekly target is <b>{count} day</b> a week already ✓ Nothing changed.\n{week}",
            "Your weekly target is <b>{count} days</b> a week already ✓ Nothing changed.\n{week}",
            target,
        ).format(count=target, week=week_line(changed.week))
    if changed.first:
        text = ngettext(
            "Weekly target set to <b>{count} day</b> a week ✓ "
            "It judges every week so far too, the ones you log afterwards included.\n{week}",
            "Weekly target set to <b>{count} days</b> a week ✓ "
            "It judges every week so far too, the ones you log afterwards included.\n{week}",
            target,
        ).format(count=target, week=week_line(changed.week))
    else:
        text = ngettext(
            "Weekly target set to <b>{count} day</b> a week from {day} ✓ This week keeps its "
            "own: a setting never meets or un-meets a week that has begun (if this week needs "
            "less, that is what /pause is for).\n{week}",
            "Weekly target set to <b>{count} days</b> a week from {day} ✓ This week keeps its "
            "own: a setting never meets or un-meets a week that has begun (if this week needs "
            "less, that is what /pause is for).\n{week}",
            target,
        ).format(count=target, day=upcoming_day(changed.since), week=week_line(changed.week))
    return text + reward_news(changed.rewards)


def target_usage(profile: Profile, pending: PendingTarget | None = None) -> str:
    return ngettext(
        "Your weekly target is {count} day with a session. Change it with /target 3 (1 to 7).",
        "Your weekly target is {count} days with a session. Change it with /target 3 (1 to 7).",
        profile.target,
    ).format(count=profile.target) + pending_target(profile, pending)


def share_location_button() -> str:
    return _("📍 Share my location")


# Button labels of the onboarding steps.


def off_button() -> str:
    return _("Off")
