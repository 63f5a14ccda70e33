"""When check-ins are due: the next local wall-clock time in a zone, safe across DST changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.checkins import CheckinStyle
from bot.domain.streaks import WeekProgress
from bot.domain.zones import zone

EVERY_DAY = 0b111_1111  # Monday is bit 0
WEEKLY_SUMMARY_MINUTE = 20 * 60
MINUTE = timedelta(minutes=1)


def instant(day: date, minute: int, zone_name: str) -> datetime:
    """The UTC instant of a local day and time; a time skipped by DST moves to the next valid
    minute, and a time that happens twice is taken the first time."""
    tz = zone(zone_name)
    wall = datetime.combine(day, time(minute // 60, minute % 60))
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # In a gap (clocks jump forward): the first real minute at or after the wall time.
    candidate = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    while candidate.astimezone(tz).replace(tzinfo=None) < wall:
        candidate += MINUTE
    return candidate


def next_daily(
    now: datetime,
    minute: int,
    zone_name: str,
    *,
    days: int = EVERY_DAY,
    after_day: date | None = None,
) -> datetime:
    """The next instant after `now` at `minute` local time on an allowed weekday, on a local
    date after `after_day` (the last date already served, so one date is never served twice)."""
    day = now.astimezone(zone(zone_name)).date() - timedelta(days=1)
    if after_day is not None and after_day >= day:
        day = after_day
    for _ in range(15):
        day += timedelta(days=1)
        if not days & (1 << day.weekday()):
            continue
        at = instant(day, minute, zone_name)
        if at > now:
            return at
    raise ValueError("no weekday allowed")


def next_week_end(
    now: datetime, zone_name: str, first_weekday: int, after_day: date | None = None
) -> datetime:
    """The weekly summary: the last day of the runner's week, in the evening."""
    last_weekday = (first_weekday + 6) % 7
    return next_daily(
        now, WEEKLY_SUMMARY_MINUTE, zone_name, days=1 << last_weekday, after_day=after_day
    )


def parse_days(text: str) -> int:
    """`mon-sat`, `mon,wed,fri`, `weekdays`, `daily` -> a weekday mask; ValueError if unreadable."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    raw = text.strip().lower()
    if raw in ("daily", "everyday", "every day", "all"):
        return EVERY_DAY
    if raw == "weekdays":
        return 0b001_1111
    if raw == "weekends":
        return 0b110_0000
    mask = 0
    for part in raw.split(","):
        first, _, last = part.strip().partition("-")
        if first[:3] not in names or (last and last[:3] not in names):
            raise ValueError(part)
        start = names.index(first[:3])
        end = names.index(last[:3]) if last else start
        for offset in range((end - start) % 7 + 1):
            mask |= 1 << ((start + offset) % 7)
    return mask


@dataclass(frozen=True, slots=True)
class DayState:
    """What the check-in logic needs to know about a runner's day."""

    logged_today: bool
    paused: bool
    rest_day: bool
    tonight: bool  # they pressed Tonight this morning
    week: WeekProgress
    planned: bool = False  # a workout was written down for this day


def morning_kind(state: DayState, quiet_when_met: bool) -> CheckinStyle | None:
    """Full, light (the week is met already) or None: stay quiet."""
    if state.paused or state.logged_today or state.rest_day:
        return None
    if state.week.met:
        return None if quiet_when_met else CheckinStyle.LIGHT
    return CheckinStyle.FULL


def at_risk(week: WeekProgress) -> bool:
    """The week can only just be met: sessions still needed fill every day that is left."""
    return week.needed > 0 and week.needed >= week.days_left


def evening_due(state: DayState) -> bool:
    """One evening message, only when asked for (Tonight), for a planned day left unlogged, or
    when the week is at risk."""
    if state.paused or state.logged_today or state.rest_day:
        return False
    return state.tonight or state.planned or at_risk(state.week)
