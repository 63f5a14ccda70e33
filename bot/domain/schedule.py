"""When check-ins are due: the next local wall-clock time in a zone, safe across DST changes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.checkins import CheckinStyle
from bot.domain.parsing import weekday_named
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


# Every day, Monday to Friday, the weekend: in every language the bot speaks.
_DAY_SETS: dict[str, int] = {
    "daily": EVERY_DAY, "everyday": EVERY_DAY, "every day": EVERY_DAY, "all": EVERY_DAY,
    "weekdays": 0b001_1111, "weekday": 0b001_1111, "weekends": 0b110_0000,
    "weekend": 0b110_0000, "workdays": 0b001_1111, "working days": 0b001_1111,
    "täglich": EVERY_DAY, "taeglich": EVERY_DAY, "jeden tag": EVERY_DAY, "werktags": 0b001_1111,
    "wochenende": 0b110_0000, "am wochenende": 0b110_0000,
    "diario": EVERY_DAY, "a diario": EVERY_DAY, "todos los días": EVERY_DAY,
    "todos los dias": EVERY_DAY, "entre semana": 0b001_1111, "laborables": 0b001_1111,
    "fin de semana": 0b110_0000, "fines de semana": 0b110_0000,
    "ежедневно": EVERY_DAY, "каждый день": EVERY_DAY, "будни": 0b001_1111,
    "по будням": 0b001_1111, "выходные": 0b110_0000, "по выходным": 0b110_0000,
}  # fmt: skip


# "monday to saturday", "Montag bis Samstag", "de lunes a viernes", "с понедельника по пятницу".
_RANGE = re.compile(
    r"(?:from |von |de |desde |с |со )?(\S+) (?:to|till|until|through|bis|a|al|hasta|по|до) (\S+)"
)
_AND = re.compile(r" (?:and|und|y|e|и) ")
# "except sunday", "not on sundays", "außer sonntags", "excepto el domingo", "кроме воскресенья"
_EXCEPT = re.compile(
    r" (?:except(?: on| for)?|but not(?: on)?|not on|not|apart from|außer|ausser|nicht am|"
    r"nicht|excepto(?: el| los)?|menos(?: el| los)?|salvo(?: el| los)?|кроме|но не|не в) "
)
# Words around the days that change nothing: "weekdays only", "on weekends", "nur werktags".
_AROUND = frozenset(
    {"only", "on", "every", "just", "nur", "immer", "solo", "sólo", "los", "las", "el",
     "только", "каждый"}
)  # fmt: skip


def parse_days(text: str) -> int:
    """`mon-sat`, `mon,wed,fri`, `weekdays`, `daily`, `monday to friday` (or `пн-сб`,
    `werktags`, `lun, mié y vie`), `weekdays only`, `every day except sunday`, `nicht am
    Sonntag` -> a weekday mask; ValueError if unreadable."""
    raw = " ".join(text.lower().replace("–", "-").replace("—", "-").split()).strip(" .!")
    if raw in _DAY_SETS:
        return _DAY_SETS[raw]
    if (but := _EXCEPT.search(f" {raw} ")) is not None:  # "every day except sunday"
        before, after = f" {raw} "[: but.start()].strip(), f" {raw} "[but.end() :].strip()
        mask = (parse_days(before) if before else EVERY_DAY) & ~parse_days(after)
        if not mask:
            raise ValueError(raw)
        return mask
    words = [w for w in raw.split() if w not in _AROUND]  # "weekdays only", "on weekends"
    if words and len(words) < len(raw.split()):
        return parse_days(" ".join(words))
    if len(words) > 1 and all(weekday_named(w.strip(",")) is not None for w in words):
        raw = ",".join(w.strip(",") for w in words)  # "mon wed fri"
    mask = 0
    for part in _AND.sub(",", raw).split(","):
        part = part.strip()
        if spelled := _RANGE.fullmatch(part):
            first, last = spelled.groups()
        else:
            first, _, last = part.partition("-")
        start = weekday_named(first)
        end = weekday_named(last) if last else start
        if start is None or end is None:
            raise ValueError(part)
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
