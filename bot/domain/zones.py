"""Time zones as runners name them: an IANA name, a big city or a UTC offset."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import extractOne

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

# Cities as runners write them in German, Spanish and Russian (and English where the zone
# is named otherwise); accents are optional ("Munchen", "Zurich"), typos are forgiven.
NATIVE_CITY_ZONES: dict[str, str] = {
    # German
    "münchen": "Europe/Berlin", "muenchen": "Europe/Berlin", "köln": "Europe/Berlin",
    "koeln": "Europe/Berlin", "cologne": "Europe/Berlin", "düsseldorf": "Europe/Berlin",
    "stuttgart": "Europe/Berlin", "dresden": "Europe/Berlin", "leipzig": "Europe/Berlin",
    "hannover": "Europe/Berlin", "bremen": "Europe/Berlin", "nürnberg": "Europe/Berlin",
    "nuremberg": "Europe/Berlin", "bonn": "Europe/Berlin", "freiburg": "Europe/Berlin",
    "wien": "Europe/Vienna", "graz": "Europe/Vienna", "salzburg": "Europe/Vienna",
    "innsbruck": "Europe/Vienna", "genf": "Europe/Zurich", "bern": "Europe/Zurich",
    "basel": "Europe/Zurich", "lausanne": "Europe/Zurich", "moskau": "Europe/Moscow",
    "warschau": "Europe/Warsaw", "prag": "Europe/Prague", "rom": "Europe/Rome",
    "mailand": "Europe/Rome", "venedig": "Europe/Rome", "neapel": "Europe/Rome",
    "lissabon": "Europe/Lisbon", "brüssel": "Europe/Brussels", "kopenhagen": "Europe/Copenhagen",
    "athen": "Europe/Athens", "peking": "Asia/Shanghai", "neu-delhi": "Asia/Kolkata",
    # Spanish
    "múnich": "Europe/Berlin", "colonia": "Europe/Berlin", "hamburgo": "Europe/Berlin",
    "fráncfort": "Europe/Berlin", "berlín": "Europe/Berlin", "viena": "Europe/Vienna",
    "zúrich": "Europe/Zurich", "ginebra": "Europe/Zurich", "moscú": "Europe/Moscow",
    "varsovia": "Europe/Warsaw", "praga": "Europe/Prague", "roma": "Europe/Rome",
    "milán": "Europe/Rome", "londres": "Europe/London", "parís": "Europe/Paris",
    "bruselas": "Europe/Brussels", "ámsterdam": "Europe/Amsterdam", "lisboa": "Europe/Lisbon",
    "atenas": "Europe/Athens", "estocolmo": "Europe/Stockholm", "copenhague": "Europe/Copenhagen",
    "dublín": "Europe/Dublin", "edimburgo": "Europe/London", "estambul": "Europe/Istanbul",
    "barcelona": "Europe/Madrid", "valencia": "Europe/Madrid", "sevilla": "Europe/Madrid",
    "bilbao": "Europe/Madrid", "málaga": "Europe/Madrid", "zaragoza": "Europe/Madrid",
    "palma": "Europe/Madrid", "las palmas": "Atlantic/Canary", "tenerife": "Atlantic/Canary",
    "nueva york": "America/New_York", "los ángeles": "America/Los_Angeles",
    "ciudad de méxico": "America/Mexico_City", "méxico": "America/Mexico_City",
    "mexico city": "America/Mexico_City", "cdmx": "America/Mexico_City",
    "guadalajara": "America/Mexico_City", "monterrey": "America/Monterrey",
    "bogotá": "America/Bogota", "medellín": "America/Bogota", "quito": "America/Guayaquil",
    "santiago de chile": "America/Santiago", "tokio": "Asia/Tokyo", "pekín": "Asia/Shanghai",
    "nueva delhi": "Asia/Kolkata", "sídney": "Australia/Sydney",
    # Russian
    "москва": "Europe/Moscow", "мск": "Europe/Moscow", "санкт-петербург": "Europe/Moscow",
    "петербург": "Europe/Moscow", "питер": "Europe/Moscow", "спб": "Europe/Moscow",
    "st petersburg": "Europe/Moscow", "saint petersburg": "Europe/Moscow",
    "sankt petersburg": "Europe/Moscow", "san petersburgo": "Europe/Moscow",
    "казань": "Europe/Moscow", "нижний новгород": "Europe/Moscow", "сочи": "Europe/Moscow",
    "краснодар": "Europe/Moscow", "воронеж": "Europe/Moscow", "ростов-на-дону": "Europe/Moscow",
    "калининград": "Europe/Kaliningrad", "самара": "Europe/Samara",
    "екатеринбург": "Asia/Yekaterinburg", "екб": "Asia/Yekaterinburg",
    "челябинск": "Asia/Yekaterinburg", "пермь": "Asia/Yekaterinburg", "уфа": "Asia/Yekaterinburg",
    "омск": "Asia/Omsk", "новосибирск": "Asia/Novosibirsk", "красноярск": "Asia/Krasnoyarsk",
    "иркутск": "Asia/Irkutsk", "владивосток": "Asia/Vladivostok", "хабаровск": "Asia/Vladivostok",
    "минск": "Europe/Minsk", "киев": "Europe/Kyiv", "київ": "Europe/Kyiv", "рига": "Europe/Riga",
    "таллин": "Europe/Tallinn", "вильнюс": "Europe/Vilnius", "алматы": "Asia/Almaty",
    "астана": "Asia/Almaty", "ташкент": "Asia/Tashkent", "тбилиси": "Asia/Tbilisi",
    "ереван": "Asia/Yerevan", "баку": "Asia/Baku", "берлин": "Europe/Berlin",
    "мюнхен": "Europe/Berlin", "гамбург": "Europe/Berlin", "франкфурт": "Europe/Berlin",
    "вена": "Europe/Vienna", "цюрих": "Europe/Zurich", "женева": "Europe/Zurich",
    "лондон": "Europe/London", "париж": "Europe/Paris", "рим": "Europe/Rome",
    "мадрид": "Europe/Madrid", "барселона": "Europe/Madrid", "прага": "Europe/Prague",
    "варшава": "Europe/Warsaw", "амстердам": "Europe/Amsterdam", "лиссабон": "Europe/Lisbon",
    "стамбул": "Europe/Istanbul", "дубай": "Asia/Dubai", "dubái": "Asia/Dubai",
    "нью-йорк": "America/New_York", "лос-анджелес": "America/Los_Angeles",
    "чикаго": "America/Chicago", "торонто": "America/Toronto", "токио": "Asia/Tokyo",
    "пекин": "Asia/Shanghai", "дели": "Asia/Kolkata", "сидней": "Australia/Sydney",
    "бангкок": "Asia/Bangkok", "бали": "Asia/Makassar", "тель-авив": "Asia/Jerusalem",
    "tel aviv": "Asia/Jerusalem", "пхукет": "Asia/Bangkok",
}  # fmt: skip

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
    cities.update(NATIVE_CITY_ZONES)
    # Without accents too: "munchen", "zurich", "bogota"
    cities.update({_plain(city): name for city, name in list(cities.items())})
    return names, cities


def _plain(text: str) -> str:
    """Latin letters without their accents ("München" -> "munchen"); Cyrillic as it is."""
    out: list[str] = []
    for c in unicodedata.normalize("NFD", text):
        if unicodedata.combining(c) and out and "a" <= out[-1] <= "z":
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out)).replace("ß", "ss")


@cache
def _city_words() -> tuple[str, ...]:
    return tuple(_index()[1])


def parse_zone(text: str) -> str:
    """The canonical zone name for what a runner typed; UserError with examples otherwise."""
    raw = " ".join(text.strip().split())[:64]
    lowered = raw.lower()
    if not raw:
        raise UserError(ErrorCode.ZONE_MISSING)
    names, cities = _index()
    if lowered in names:
        return names[lowered]
    key = lowered.replace("_", " ").strip(".,!")
    if key in cities:
        return cities[key]
    if _plain(key) in cities:
        return cities[_plain(key)]
    if m := _RE_OFFSET.fullmatch(lowered):
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60 or (hours == 14 and minutes):
            raise UserError(ErrorCode.ZONE_OFFSET_RANGE)
        if hours == 0 and minutes == 0:
            return "UTC"
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    # A typo of a city ("Berlni", "Muenchn", "Моска"): one letter off, two in a long name
    # ("atlantis" is not Atlanta)
    plain = _plain(key)
    if len(plain) >= 4:
        found = extractOne(
            plain,
            _city_words(),
            scorer=DamerauLevenshtein.distance,
            score_cutoff=1 if len(plain) <= 8 else 2,
        )
        if found is not None:
            return cities[found[0]]
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
