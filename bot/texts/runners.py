"""Onboarding and settings: zone, check-in time, target, week start, pauses."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain import zones
from bot.domain.model import Profile
from bot.domain.schedule import days_words
from bot.services.rewards import RewardNews
from bot.services.runners import Paused, RuleChanged

if TYPE_CHECKING:
    pass
from bot.texts.common import WEEKDAY_NAMES, clock, e, plural, week_line
from bot.texts.i18n import _
from bot.texts.rewards import reward_news
from bot.texts.sessions import upcoming_day


def paused(result: Paused) -> str:
    pause = result.pause
    days = (pause.last - pause.first).days + 1
    return (
        f"⏸ Paused for {plural(days, 'day')}, until {pause.last:%a %d %b} included. "
        "Those days neither count nor break your streak, and check-ins stop. "
        f"Back early? /resume{reward_news(result.rewards)}"
    )


def resumed(was_paused: bool, news: RewardNews) -> str:
    if was_paused:
        return f"▶️ Welcome back! Your pause has ended; today counts again.{reward_news(news)}"
    return "You are not paused. Taking a break? e.g. /pause 7"


def week_start_set(first_weekday: int, changed: RuleChanged) -> str:
    name = WEEKDAY_NAMES[first_weekday]
    upcoming = changed.next_week
    if upcoming is None or (
        upcoming.start.weekday() == first_weekday and (upcoming.end - upcoming.start).days == 7
    ):
        return (
            f"Weeks start on <b>{name}</b> from {upcoming_day(changed.since)} ✓ "
            "This week stays as it is."
        )
    length = (upcoming.end - upcoming.start).days
    return (
        f"Weeks start on <b>{name}</b> from {upcoming_day(upcoming.end)} ✓ This week stays as "
        f"it is; the {length} days from {upcoming_day(changed.since)} make one "
        f"{'short' if length < 7 else 'long'} week that asks for "
        f"{plural(upcoming.target, 'day')}."
    )


def welcome(first_name: str) -> str:
    return (
        f"Hi {e(first_name)}! 👋 I'm strongstreak: I help runners keep up the strength work "
        "they know they need.\n\nThree quick questions, each one skippable.\n\n"
        "<b>1 of 3 — your time zone.</b> Pick one, share your location, or type it "
        "(<code>Europe/Berlin</code>, <code>berlin</code>, <code>+5:30</code>)."
    )


def share_location_prompt() -> str:
    return "Or share your location and I'll work out the zone (only the zone is kept)."


def ask_prompt_time(zone_name: str, now: datetime) -> str:
    return (
        f"Time zone: <b>{e(zones.describe_zone(zone_name, now))}</b> ✓\n\n"
        "<b>2 of 3 — morning check-in.</b> When should I ask whether today is a strength day? "
        "Pick a time, type one (<code>6:45</code>), or turn it off."
    )


def ask_target(prompt_minute: int | None) -> str:
    when = "off" if prompt_minute is None else f"at {clock(prompt_minute)}"
    return (
        f"Morning check-in: <b>{when}</b> ✓\n\n"
        "<b>3 of 3 — weekly target.</b> On how many days a week will you train strength? "
        "Most runners do well with 2–3."
    )


def onboarding_done(profile: Profile, now: datetime) -> str:
    return (
        f"All set! 🎉\n\n{settings(profile, now)}\n\n"
        "Log your first session like this: <code>/done kettlebell 15</code>\n"
        "/help lists everything."
    )


def settings(profile: Profile, now: datetime) -> str:
    zone = zones.describe_zone(profile.time_zone, now)
    return (
        f"<b>Your settings</b>\nTime zone: {e(zone)}\n"
        f"Morning check-in: {clock(profile.prompt_minute)}\n"
        f"Weekly target: {plural(profile.target, 'day')} a week with a session\n"
        f"Weeks start on {WEEKDAY_NAMES[profile.week_start]}"
    )


def welcome_back(profile: Profile, now: datetime) -> str:
    return (
        f"Welcome back, {e(profile.first_name)}! Everything you logged is still here.\n\n"
        f"{settings(profile, now)}\n\nChange any of it with /timezone, /prompt or /target."
    )


def zone_set(zone_name: str, now: datetime) -> str:
    fixed = (
        "\nThat is a fixed offset with no daylight saving; "
        "send a city instead if your clocks change."
        if zones.is_fixed_offset(zone_name) and zone_name != "UTC"
        else ""
    )
    return f"Time zone set to <b>{e(zones.describe_zone(zone_name, now))}</b> ✓{fixed}"


def zone_usage(profile: Profile, now: datetime) -> str:
    return (
        f"Your time zone is {e(zones.describe_zone(profile.time_zone, now))}.\n"
        f"Change it with {e(zones.ZONE_EXAMPLE)}."
    )


def prompt_set(minute: int | None, days: int | None = None) -> str:
    if minute is None:
        return "Morning check-ins are <b>off</b>. Turn them back on with /prompt 07:30"
    on = f", {days_words(days)}" if days is not None else ""
    return f"Morning check-in set to <b>{clock(minute)}</b> your time{on} ✓"


def prompt_quiet_set(quiet: bool) -> str:
    if quiet:
        return "Once the week's target is met, mornings stay quiet ✓ (/prompt always undoes it)"
    return "Mornings come every day, with a lighter word once the week is met ✓"


def prompt_usage(profile: Profile) -> str:
    return (
        f"Your morning check-in is {clock(profile.prompt_minute)}, "
        f"{days_words(profile.prompt_days)}; "
        f"evening reminders at {clock(profile.evening_minute)}.\n"
        "Change it with /prompt 07:30, /prompt 07:30 mon-sat, /prompt off, "
        "/prompt quiet-when-met or /evening 19:00."
    )


def target_set(target: int, changed: RuleChanged) -> str:
    return (
        f"Weekly target set to <b>{plural(target, 'day')}</b> a week ✓ "
        f"(from this week on; past weeks keep theirs)\n{week_line(changed.week)}"
        f"{reward_news(changed.rewards)}"
    )


def target_usage(profile: Profile) -> str:
    return (
        f"Your weekly target is {plural(profile.target, 'day')} with a session. "
        "Change it with /target 3 (1 to 7)."
    )


def share_location_button() -> str:
    return _("📍 Share my location")


def prompt_days_unreadable() -> str:
    return _(
        "I could not read those days. Try e.g. /prompt 07:30 mon-sat or /prompt 07:30 weekdays"
    )


# Button labels of the onboarding steps.


def skip_button(default: str) -> str:
    return _("Skip ({default})").format(default=default)


def off_button() -> str:
    return _("Off")
