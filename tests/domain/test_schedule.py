"""When check-ins are due, in every zone and across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.schedule import (
    DayState,
    at_risk,
    evening_due,
    instant,
    morning_kind,
    next_daily,
    next_week_end,
    parse_days,
)
from bot.domain.streaks import WeekProgress

D = date.fromisoformat


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "clock", "zone", "expected"),
    [
        # Ordinary days.
        ("2026-11-25", "07:30", "Europe/Berlin", "2026-11-25 06:30"),
        ("2026-11-25", "07:30", "America/New_York", "2026-11-25 12:30"),
        ("2026-11-25", "07:30", "Australia/Sydney", "2026-11-24 20:30"),
        ("2026-11-25", "07:30", "Asia/Kolkata", "2026-11-25 02:00"),
        ("2026-11-25", "07:30", "Pacific/Chatham", "2026-11-24 17:45"),
        ("2026-11-25", "07:30", "UTC+05:30", "2026-11-25 02:00"),
        # Spring forward: a time in the gap is sent at the next valid minute.
        ("2026-03-29", "02:30", "Europe/Berlin", "2026-03-29 01:00"),
        ("2026-03-08", "02:15", "America/New_York", "2026-03-08 07:00"),
        ("2026-10-04", "02:30", "Australia/Sydney", "2026-10-03 16:00"),
        ("2026-09-27", "03:00", "Pacific/Chatham", "2026-09-26 14:00"),
        # Fall back: a time that happens twice is sent the first time.
        ("2026-10-25", "02:30", "Europe/Berlin", "2026-10-25 00:30"),
        ("2026-11-01", "01:30", "America/New_York", "2026-11-01 05:30"),
        ("2026-04-05", "02:30", "Australia/Sydney", "2026-04-04 15:30"),
        ("2026-04-05", "03:15", "Pacific/Chatham", "2026-04-04 13:30"),
        # Times just around the changes stay where they are.
        ("2026-03-29", "03:00", "Europe/Berlin", "2026-03-29 01:00"),
        ("2026-03-29", "01:59", "Europe/Berlin", "2026-03-29 00:59"),
        ("2026-10-25", "07:30", "Europe/Berlin", "2026-10-25 06:30"),
        ("2026-03-29", "07:30", "Asia/Kolkata", "2026-03-29 02:00"),
    ],
)
def test_a_local_time_becomes_the_right_instant(
    day: str, clock: str, zone: str, expected: str
) -> None:
    hours, minutes = map(int, clock.split(":"))
    assert instant(D(day), hours * 60 + minutes, zone) == utc(expected)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Sydney",
                                  "Asia/Kolkata", "Pacific/Chatham"])  # fmt: skip
def test_a_year_of_daily_prompts_is_one_per_local_date(zone: str) -> None:
    """Walking a whole year, DST changes included: every date once, none skipped or doubled."""
    now = utc("2026-01-01 00:00")
    served: date | None = None
    dates = []
    for _ in range(365):
        at = next_daily(now, 2 * 60 + 30, zone, after_day=served)  # 02:30: in the gaps
        served = at.astimezone(ZoneInfo(zone)).date()
        dates.append(served)
        now = at
    assert dates == [dates[0] + timedelta(days=i) for i in range(365)]


def test_the_next_prompt_is_tomorrow_once_today_has_passed() -> None:
    assert next_daily(utc("2026-11-25 09:00"), 450, "Europe/Berlin") == utc("2026-11-26 06:30")
    assert next_daily(utc("2026-11-25 06:00"), 450, "Europe/Berlin") == utc("2026-11-25 06:30")


def test_a_date_already_served_is_never_served_again() -> None:
    # Prompted at 07:30 in Berlin, then moved to New York where it is still that morning.
    served = D("2026-11-25")
    at = next_daily(utc("2026-11-25 07:00"), 450, "America/New_York", after_day=served)
    assert at == utc("2026-11-26 12:30")


def test_moving_east_does_not_skip_a_date() -> None:
    # Still the evening of the 24th in New York; the move to Berlin makes it the 25th already.
    at = next_daily(utc("2026-11-25 04:00"), 450, "Europe/Berlin", after_day=D("2026-11-24"))
    assert at == utc("2026-11-25 06:30")


def test_quiet_days_are_skipped() -> None:
    saturday_evening = utc("2026-11-28 20:00")
    mon_to_sat = parse_days("mon-sat")
    at = next_daily(saturday_evening, 450, "UTC", days=mon_to_sat)
    assert at == utc("2026-11-30 07:30")  # Sunday is the long run


@pytest.mark.parametrize(
    ("text", "mask"),
    [("mon-sat", 0b0111111), ("weekdays", 0b0011111), ("mon,wed,fri", 0b0010101),
     ("sat-mon", 0b1100001), ("daily", 0b1111111), ("Sunday", 0b1000000),
     ("Mo-Sa", 0b0111111), ("werktags", 0b0011111), ("täglich", 0b1111111),
     ("lun,mié,vie", 0b0010101), ("fines de semana", 0b1100000), ("sáb-lun", 0b1100001),
     ("пн-сб", 0b0111111), ("по будням", 0b0011111), ("вс", 0b1000000),
     # Ranges and lists spelled out, and the en dash a phone puts in.
     ("monday to saturday", 0b0111111), ("Montag bis Samstag", 0b0111111),
     ("de lunes a viernes", 0b0011111), ("с понедельника по пятницу", 0b0011111),
     ("mon–fri", 0b0011111), ("Mo, Mi und Fr", 0b0010101), ("lun, mié y vie", 0b0010101),
     ("montags und mittwochs", 0b0000101),
     # Words around them, and the days left out.
     ("weekdays only", 0b0011111), ("on weekends", 0b1100000), ("nur werktags", 0b0011111),
     ("mon wed fri", 0b0010101), ("every day except sunday", 0b0111111),
     ("not on sundays", 0b0111111), ("jeden Tag außer Sonntag", 0b0111111),
     ("todos los días menos el domingo", 0b0111111), ("кроме воскресенья", 0b0111111),
     ("weekdays except wednesday", 0b0011011)],
)  # fmt: skip
def test_days_are_read(text: str, mask: int) -> None:
    assert parse_days(text) == mask


@pytest.mark.parametrize(
    "text",
    ["someday", "mon-xyz", "", "montag-irgendwann", "пн-xyz", "monday xyz", "mondays to",
     "every day except every day", "only"],
)  # fmt: skip
def test_bad_days_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_days(text)


def test_the_weekly_summary_comes_on_the_last_day_of_the_week() -> None:
    assert next_week_end(utc("2026-11-25 09:00"), "UTC", 0) == utc("2026-11-29 20:00")
    assert next_week_end(utc("2026-11-25 09:00"), "UTC", 6) == utc("2026-11-28 20:00")


def week(done: int, target: int, left: int) -> WeekProgress:
    return WeekProgress(D("2026-11-23"), done, target, left)


def state(done: int = 0, left: int = 5, **flags: bool) -> DayState:
    return DayState(
        logged_today=flags.get("logged", False),
        paused=flags.get("paused", False),
        rest_day=flags.get("rest", False),
        tonight=flags.get("tonight", False),
        week=week(done, 3, left),
    )


@pytest.mark.parametrize(
    ("day", "quiet", "expected"),
    [
        (state(), False, "full"),
        (state(done=3), False, "light"),
        (state(done=3), True, None),
        (state(paused=True), False, None),
        (state(logged=True), False, None),
        (state(rest=True), False, None),
    ],
)
def test_the_morning_stays_quiet_when_there_is_nothing_to_say(
    day: DayState, quiet: bool, expected: str | None
) -> None:
    assert morning_kind(day, quiet) == expected


@pytest.mark.parametrize(
    ("done", "left", "risky"), [(0, 3, True), (1, 2, True), (1, 3, False), (3, 1, False)]
)
def test_a_week_is_at_risk_when_every_day_left_is_needed(done: int, left: int, risky: bool) -> None:
    assert at_risk(week(done, 3, left)) is risky


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (state(done=0, left=3), True),  # at risk
        (state(done=1, left=5), False),  # comfortable
        (state(done=1, left=5, tonight=True), True),  # asked for it
        (state(done=0, left=3, logged=True), False),
        (state(done=0, left=3, rest=True), False),
        (state(done=0, left=3, paused=True), False),
    ],
)
def test_the_evening_nudge_comes_only_when_useful(day: DayState, due: bool) -> None:
    assert evening_due(day) is due
