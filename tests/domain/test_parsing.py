"""Reading /done, clock times and targets: every form runners type, and every bad one."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import UserError
from bot.domain.parsing import LogRequest, parse_clock, parse_done, parse_target

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "activity", "minutes", "day", "note"),
    [
        ("kettlebell 15", "kettlebell", 15, TODAY, None),
        ("20 barre", "barre", 20, TODAY, None),
        ("yoga 30min", "yoga", 30, TODAY, None),
        ("yoga 30 min", "yoga", 30, TODAY, None),
        ("barbell 1h", "barbell", 60, TODAY, None),
        ("barbell 1.5h", "barbell", 90, TODAY, None),
        ("core 1h15", "core", 75, TODAY, None),
        ("core 1h15m", "core", 75, TODAY, None),
        ("core 2 hours", "core", 120, TODAY, None),
        ("kb 15", "kettlebell", 15, TODAY, None),
        ("db 20", "dumbbells", 20, TODAY, None),
        ("bw 10", "bodyweight", 10, TODAY, None),
        ("plyo 12", "plyometrics", 12, TODAY, None),
        ("kb swings 15", "kettlebell swings", 15, TODAY, None),
        ("stability ball core 20 yesterday", "stability ball core", 20, date(2026, 11, 24), None),
        ("pilates 25 mon", "pilates", 25, date(2026, 11, 23), None),
        ("pilates 25 wednesday", "pilates", 25, TODAY, None),
        ("pilates 25 thu", "pilates", 25, date(2026, 11, 19), None),
        ("dumbbells 15 2026-11-20", "dumbbells", 15, date(2026, 11, 20), None),
        ("yesterday 20 barre", "barre", 20, date(2026, 11, 24), None),
        ("Kettlebell 15", "kettlebell", 15, TODAY, None),
        ("kettlebell 15 - swings, goblet squats", "kettlebell", 15, TODAY, "swings, goblet squats"),
        ("kb 15 yesterday - <b>tired</b> & happy", "kettlebell", 15, date(2026, 11, 24),
         "<b>tired</b> & happy"),
        ("Kraftübung 15", "kraftübung", 15, TODAY, None),
        ("5x5 squats 40", "5x5 squats", 40, TODAY, None),
        ("kettlebell", "kettlebell", None, TODAY, None),
        ("", None, None, TODAY, None),
        ("15", None, 15, TODAY, None),
        ("barre 600", "barre", 600, TODAY, None),
        ("barre 1", "barre", 1, TODAY, None),
        ("barre 15 2026-10-26", "barre", 15, date(2026, 10, 26), None),
    ],
)  # fmt: skip
def test_done_forms_are_read(
    text: str, activity: str | None, minutes: int | None, day: date, note: str | None
) -> None:
    assert parse_done(text, TODAY) == LogRequest(activity, minutes, day, note)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("kettlebell 0", "between 1 and 600"),
        ("kettlebell 601", "between 1 and 600"),
        ("kettlebell 11h", "between 1 and 600"),
        ("kettlebell 99999999999", "between 1 and 600"),
        ("kettlebell 15 20", "two amounts"),
        ("kettlebell 15 yesterday mon", "two days"),
        ("kettlebell 15 2026-11-26", "still to come"),
        ("kettlebell 15 2026-10-25", "30 days back"),
        ("kettlebell 15 2026-02-30", "not a date"),
        ("💪 15", "plain words"),
        ("<b>x</b> 15", "plain words"),
        ("a-very-long-activity-name-that-goes-on 15", "under 32"),
        ("x" * 5000, "a lot of text"),
        ("kb 15 - " + "n" * 201, "note under 200"),
    ],
)
def test_bad_done_input_is_explained_with_an_example(text: str, words: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_done(text, TODAY)
    assert words in caught.value.message
    assert "e.g." in caught.value.message


@given(st.text(max_size=300))
def test_no_text_makes_the_parser_raise_anything_but_its_own_error(text: str) -> None:
    try:
        request = parse_done(text, TODAY)
    except UserError as error:
        assert error.message
    else:
        assert request.minutes is None or 1 <= request.minutes <= 600
        assert request.activity is None or 0 < len(request.activity) <= 32
        assert (TODAY - request.day).days in range(31)


@given(
    activity=st.sampled_from(["kettlebell", "barre", "core", "yoga"]),
    minutes=st.integers(1, 600),
    back=st.integers(0, 30),
)
def test_any_valid_session_reads_back_the_same(activity: str, minutes: int, back: int) -> None:
    day = date.fromordinal(TODAY.toordinal() - back)
    request = parse_done(f"{activity} {minutes} {day.isoformat()}", TODAY)
    assert (request.activity, request.minutes, request.day) == (activity, minutes, day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:30", time(7, 30)),
        ("7:30", time(7, 30)),
        ("7.30", time(7, 30)),
        ("0730", time(7, 30)),
        ("7", time(7, 0)),
        ("7am", time(7, 0)),
        ("7:30pm", time(19, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("23:59", time(23, 59)),
        ("6:45 AM", time(6, 45)),
    ],
)
def test_clock_times_are_read(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:99", "24:00", "7:60", "13pm", "", "noon", "7:3", "-1"])
def test_bad_clock_times_are_refused(text: str) -> None:
    with pytest.raises(UserError):
        parse_clock(text)


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("3", 3), (" 7 ", 7)])
def test_targets_are_read(text: str, expected: int) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["0", "8", "three", "", "3.5", "-3"])
def test_bad_targets_are_refused(text: str) -> None:
    with pytest.raises(UserError, match="1 to 7"):
        parse_target(text)


def test_superscript_digits_are_not_numbers() -> None:
    """'²'.isdigit() is True but int('²') fails: the fuzzer found /history ² crashing."""
    with pytest.raises(UserError):
        parse_target("²")
    assert parse_done("kettlebell ²", TODAY).minutes is None
