"""Time zones as runners name them, and the local day derived from an instant."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot import texts
from bot.domain.errors import UserError
from bot.domain.zones import local_date, parse_zone, zone_clock
from bot.texts.runners import describe_zone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("san francisco", "America/Los_Angeles"),
        ("munich", "Europe/Berlin"),
        ("mumbai", "Asia/Kolkata"),
        ("kolkata", "Asia/Kolkata"),
        ("sydney", "Australia/Sydney"),
        ("UTC", "UTC"),
        ("+5:30", "UTC+05:30"),
        ("+05:30", "UTC+05:30"),
        ("UTC+5:30", "UTC+05:30"),
        ("gmt-8", "UTC-08:00"),
        ("-03:00", "UTC-03:00"),
        ("+12:45", "UTC+12:45"),
        ("+0", "UTC"),
    ],
)
def test_zones_are_read_in_every_form(text: str, expected: str) -> None:
    assert parse_zone(text) == expected


@pytest.mark.parametrize("text", ["", "Mars/Olympus", "+15", "+5:75", "atlantis", "x" * 500])
def test_unknown_zones_are_refused_with_examples(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_zone(text)
    assert "e.g. /timezone Europe/Berlin" in texts.errors.error_words(caught.value)


@pytest.mark.parametrize(
    ("instant", "zone", "expected"),
    [
        (datetime(2026, 11, 25, 23, 30, tzinfo=UTC), "Europe/Berlin", date(2026, 11, 26)),
        (datetime(2026, 11, 25, 3, 0, tzinfo=UTC), "America/New_York", date(2026, 11, 24)),
        (datetime(2026, 11, 25, 19, 0, tzinfo=UTC), "UTC+05:30", date(2026, 11, 26)),
        (datetime(2026, 11, 25, 11, 0, tzinfo=UTC), "Pacific/Chatham", date(2026, 11, 26)),
        (datetime(2026, 11, 25, 11, 0, tzinfo=UTC), "Nowhere/Unknown", date(2026, 11, 25)),
    ],
)
def test_the_local_day_follows_the_zone(instant: datetime, zone: str, expected: date) -> None:
    assert local_date(instant, zone) == expected


def test_descriptions_show_the_offset_and_the_local_time() -> None:
    instant = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert describe_zone("Europe/Berlin", instant) == "Europe/Berlin (UTC+02:00, now 14:00)"
    assert describe_zone("UTC-03:30", instant) == "UTC-03:30 (UTC-03:30, now 08:30)"
    assert zone_clock("Asia/Kolkata", instant) == ("UTC+05:30", "17:30")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Berlni", "Europe/Berlin"), ("berln", "Europe/Berlin"), ("München", "Europe/Berlin"),
     ("munchen", "Europe/Berlin"), ("Muenchen", "Europe/Berlin"), ("Köln", "Europe/Berlin"),
     ("Wien", "Europe/Vienna"), ("Moskau", "Europe/Moscow"), ("Múnich", "Europe/Berlin"),
     ("munich", "Europe/Berlin"), ("Londres", "Europe/London"), ("nueva york", "America/New_York"),
     ("ciudad de mexico", "America/Mexico_City"), ("Barcelona", "Europe/Madrid"),
     ("Москва", "Europe/Moscow"), ("москва", "Europe/Moscow"), ("Моска", "Europe/Moscow"),
     ("Питер", "Europe/Moscow"), ("Екатеринбург", "Asia/Yekaterinburg"),
     ("Нью-Йорк", "America/New_York"), ("Madird", "Europe/Madrid"), ("Toky", "Asia/Tokyo")],
)  # fmt: skip
def test_cities_are_read_in_every_language_and_with_typos(text: str, expected: str) -> None:
    assert parse_zone(text) == expected
