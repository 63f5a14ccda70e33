"""Plans with a time, as people write them, and when their reminder is due."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.domain.coaches import Athlete, Sees, find_athletes
from bot.domain.errors import ErrorCode, UserError
from bot.domain.plans import PlanSpec, clock_time, parse_plan, remind_minutes, reminder_due

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "at", "activity", "details"),
    [
        ("tue 18:30 kettlebell 20 swings", time(18, 30), "kettlebell", "swings"),
        ("tue at 6:30pm kettlebell 20", time(18, 30), "kettlebell", None),
        ("tue 7am core 10", time(7), "core", None),
        ("di 18.30 Kettlebell 20", time(18, 30), "kettlebell", None),
        ("di um 18:30 Kettlebell 20", time(18, 30), "kettlebell", None),
        ("mar a las 18:30 kettlebell 20", time(18, 30), "kettlebell", None),
        ("mar 18h30 kettlebell 20", time(18, 30), "kettlebell", None),
        ("вт в 18:30 core 20", time(18, 30), "core", None),
        ("tue kettlebell 20", None, "kettlebell", None),
        # a time after the minutes is the plan's time too (the one reader of /done and /plan)
        ("tue kettlebell 20 at 18:30 if it rains", time(18, 30), "kettlebell", "if it rains"),
    ],
)
def test_a_plan_reads_its_clock_time_in_every_language(
    text: str, at: time | None, activity: str, details: str | None
) -> None:
    spec = parse_plan(text, WEDNESDAY)
    assert (spec.day, spec.at, spec.activity, spec.minutes, spec.details) == (
        date(2026, 12, 1), at, activity, 20 if "core 10" not in text else 10, details
    )  # fmt: skip


@pytest.mark.parametrize("word", ["20", "kettlebell", "18:", "1830", "h"])
def test_a_word_that_is_no_clock_time_is_left_alone(word: str) -> None:
    assert clock_time(word) is None


@pytest.mark.parametrize("text", ["tue 25:00 kettlebell 20", "tue 18:75 kb 20", "tue 13pm kb 20"])
def test_an_impossible_time_is_refused_with_what_was_typed(text: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_plan(text, WEDNESDAY)
    assert refused.value.code is ErrorCode.PLAN_TIME_INVALID
    assert refused.value.params["text"] == text.split()[1]


def test_a_time_alone_is_not_a_plan() -> None:
    with pytest.raises(UserError) as refused:
        parse_plan("tue 18:30 20", WEDNESDAY)
    assert refused.value.code is ErrorCode.PLAN_INCOMPLETE


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "clock", "zone", "due"),
    [
        (date(2026, 3, 28), time(18, 30), "Europe/Berlin", at("2026-03-28 17:00")),  # CET
        (date(2026, 3, 30), time(18, 30), "Europe/Berlin", at("2026-03-30 16:00")),  # CEST
        # 02:30 does not exist on the night clocks jump: the plan starts at 03:00 CEST.
        (date(2026, 3, 29), time(2, 30), "Europe/Berlin", at("2026-03-29 00:30")),
        (date(2026, 3, 7), time(7), "America/New_York", at("2026-03-07 11:30")),  # EST
        (date(2026, 3, 9), time(7), "America/New_York", at("2026-03-09 10:30")),  # EDT
        (date(2026, 3, 9), time(7), "UTC+05:30", at("2026-03-09 01:00")),
    ],
)
def test_the_reminder_is_due_half_an_hour_before_the_local_time(
    day: date, clock: time, zone: str, due: datetime
) -> None:
    spec = PlanSpec(day, "kettlebell", 20, None, at=clock)
    assert reminder_due(spec, zone, 30, at("2026-03-01 00:00")) == due


def test_no_reminder_without_a_time_when_off_or_once_it_has_passed() -> None:
    timed = PlanSpec(WEDNESDAY, "kettlebell", 20, None, at=time(18, 30))
    untimed = PlanSpec(WEDNESDAY, "kettlebell", 20, None)
    assert reminder_due(untimed, "UTC", 30, at("2026-11-25 08:00")) is None
    assert reminder_due(timed, "UTC", None, at("2026-11-25 08:00")) is None
    assert reminder_due(timed, "UTC", 30, at("2026-11-25 18:10")) is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("30", 30), ("45 min", 45), ("off", None), ("1h", 60), ("30 min before", 30),
     ("an hour before", 60), ("thirty", 30), ("eine stunde vorher", 60), ("45 minuten", 45),
     ("eine halbe stunde", 30), ("una hora antes", 60), ("treinta minutos", 30),
     ("за час", 60), ("за 30 минут", 30), ("полчаса", 30)],
)  # fmt: skip
def test_remind_reads_minutes_or_off(text: str, minutes: int | None) -> None:
    assert remind_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("soon", ErrorCode.REMIND_UNREADABLE),
        ("600", ErrorCode.REMIND_RANGE),
        ("kb 20", ErrorCode.REMIND_UNREADABLE),
        ("tomorrow", ErrorCode.REMIND_UNREADABLE),
        ("5 hours", ErrorCode.REMIND_RANGE),
    ],
)
def test_remind_refuses_what_it_cannot_use(text: str, code: ErrorCode) -> None:
    with pytest.raises(UserError) as refused:
        remind_minutes(text)
    assert refused.value.code is code


def test_an_athlete_is_found_by_username_before_names_and_by_first_name_as_before() -> None:
    ada = Athlete(1, "Ada", 1, Sees.ALL, "ada_runs")
    adam = Athlete(2, "Adam", 2, Sees.ALL, None)
    runs = Athlete(3, "Ada_runs", 3, Sees.ALL, None)  # a first name that looks like a username
    athletes = [ada, adam, runs]
    assert find_athletes(athletes, "@ada_runs") == [ada]
    assert find_athletes(athletes, "@ADA_RUNS") == [ada]
    assert find_athletes(athletes, "@ada") == [ada]
    assert find_athletes(athletes, "@adam") == [adam]
    assert find_athletes(athletes, "@ad") == [ada, adam, runs]
