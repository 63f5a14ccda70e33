"""Time zones as runners name them: an IANA name, a big city or a UTC offset."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain.errors import ErrorCode, UserError

# Big cities that are not themselves the name of an IANA zone.
CITY_ZONES: dict[str, str] = {
    "amsterdam": "Europe/Amsterdam",
    "atlanta": "America/New_York",
    "austin": "America/Chicago",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "boston": "America/New_York",
    "boulder": "America/Denver",
    "cape town": "Africa/Johannesburg",
    "delhi": "Asia/Kolkata",
    "dallas": "America/Chicago",
    "edinburgh": "Europe/London",
    "frankfurt": "Europe/Berlin",
    "geneva": "Europe/Zurich",
    "hamburg": "Europe/Berlin",
    "houston": "America/Chicago",
    "las vegas": "America/Los_Angeles",
    "manchester": "Europe/London",
    "miami": "America/New_York",
    "milan": "Europe/Rome",
    "montreal": "America/Toronto",
    "mumbai": "Asia/Kolkata",
    "munich": "Europe/Berlin",
    "new delhi": "Asia/Kolkata",
    "osaka": "Asia/Tokyo",
    "philadelphia": "America/New_York",
    "portland": "America/Los_Angeles",
    "rio": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
    "san diego": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "sf": "America/Los_Angeles",
    "nyc": "America/New_York",
    "la": "America/Los_Angeles",
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "zurich": "Europe/Zurich",
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "hong kong": "Asia/Hong_Kong",
    "ho chi minh": "Asia/Ho_Chi_Minh",
    "saigon": "Asia/Ho_Chi_Minh",
    "calcutta": "Asia/Kolkata",
    "bombay": "Asia/Kolkata",
    "utc": "UTC",
    "gmt": "UTC",
}

# Offered as buttons during onboarding.
COMMON_ZONES: tuple[str, ...] = (
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
)

_REGIONS = ("Africa/", "America/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/",
            "Pacific/")  # fmt: skip
_RE_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?")
_FIXED = re.compile(r"UTC([+-])(\d{2}):(\d{2})")


@cache
def _index() -> tuple[dict[str, str], dict[str, str]]:
    names = {name.lower(): name for name in available_timezones()}
    cities: dict[str, str] = {}
    for name in sorted(names.values()):
        if name.startswith(_REGIONS):
            city = name.rsplit("/", 1)[1].replace("_", " ").lower()
            cities.setdefault(city, name)
    cities.update(CITY_ZONES)
    return names, cities


def parse_zone(text: str) -> str:
    """The canonical zone name for what a runner typed; UserError with examples otherwise."""
    raw = " ".join(text.strip().split())[:64]
    lowered = raw.lower()
    if not raw:
        raise UserError(ErrorCode.ZONE_MISSING)
    names, cities = _index()
    if lowered in names:
        return names[lowered]
    key = lowered.replace("_", " ")
    if key in cities:
        return cities[key]
    if m := _RE_OFFSET.fullmatch(lowered):
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60 or (hours == 14 and minutes):
            raise UserError(ErrorCode.ZONE_OFFSET_RANGE)
        if hours == 0 and minutes == 0:
            return "UTC"
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    raise UserError(ErrorCode.ZONE_UNKNOWN, text=raw)


@cache
def zone(name: str) -> tzinfo:
    """The tzinfo for a stored zone name (an IANA name or a fixed `UTC+05:30`)."""
    if m := _FIXED.fullmatch(name):
        offset = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
        return timezone(-offset if m.group(1) == "-" else offset, name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def is_fixed_offset(name: str) -> bool:
    return bool(_FIXED.fullmatch(name)) or name == "UTC"


def local_date(instant: datetime, zone_name: str) -> date:
    """The runner's calendar day at an instant: the one place a local day is derived."""
    return instant.astimezone(zone(zone_name)).date()


def zone_clock(name: str, now: datetime) -> tuple[str, str]:
    """The zone's offset and its clock now: (`UTC+01:00`, `14:05`), for confirmations."""
    local = now.astimezone(zone(name))
    offset = local.utcoffset() or timedelta(0)
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hh, mm = divmod(abs(total), 60)
    return f"UTC{sign}{hh:02d}:{mm:02d}", f"{local:%H:%M}"
