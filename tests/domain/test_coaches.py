"""Coach rules: limits, finding an athlete by name, and who is slipping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.coaches import (
    MAX_ATHLETES,
    Athlete,
    Line,
    Sees,
    check_room,
    find_athletes,
    slipping_first,
)
from bot.domain.errors import ErrorCode, UserError
from bot.domain.plans import PlanSpec, what_works
from bot.domain.streaks import WeekProgress

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
MONDAY = date(2026, 11, 23)


def athlete(user_id: int, name: str) -> Athlete:
    return Athlete(user_id, name, user_id, Sees.ALL)


def line(name: str, done: int, days_left: int, *, missed_last: bool = False) -> Line:
    week = WeekProgress(MONDAY, done, 3, days_left)
    return Line(athlete(len(name), name), week, 0, "week", missed_last_target=missed_last)


def test_one_coach_per_runner_and_a_hundred_athletes_per_coach() -> None:
    check_room(MAX_ATHLETES - 1, has_coach=False)
    with pytest.raises(UserError) as caught:
        check_room(0, has_coach=True)
    assert caught.value == UserError(ErrorCode.HAS_COACH)
    with pytest.raises(UserError) as caught:
        check_room(MAX_ATHLETES, has_coach=False)
    assert caught.value == UserError(ErrorCode.COACH_FULL, limit=100)


def test_a_name_finds_exact_matches_before_prefixes() -> None:
    roster = [athlete(1, "Ben"), athlete(2, "Bella"), athlete(3, "Ben Stone"), athlete(4, "Ada")]
    assert [a.user_id for a in find_athletes(roster, "@ben")] == [1]
    assert [a.user_id for a in find_athletes(roster, "BE")] == [1, 2, 3]
    assert [a.user_id for a in find_athletes(roster, "@benstone")] == [3]
    assert find_athletes(roster, "@") == [] and find_athletes(roster, "zed") == []


def test_the_athletes_at_risk_come_first_then_the_furthest_behind() -> None:
    lines = [
        line("Met", 3, 3),
        line("Behind", 0, 5),
        line("Risky", 1, 2),  # 2 needed with 2 days left
        line("Missed last week", 2, 5, missed_last=True),
        line("Close", 2, 5),
    ]
    order = [item.athlete.name for item in slipping_first(lines)]
    assert order == ["Risky", "Missed last week", "Behind", "Close", "Met"]


TODAY = date(2026, 11, 25)


def on(day: int, activity: str, minutes: int = 20) -> tuple[date, int, str]:
    return (date(2026, 11, day), minutes, activity)


def planned(day: int, activity: str) -> PlanSpec:
    return PlanSpec(date(2026, 11, day), activity, 20, None)


def test_what_works_counts_kept_and_skipped_plans_per_activity() -> None:
    sessions = [on(2, "kettlebell"), on(4, "kettlebell", 15), on(9, "kettlebell", 15),
                on(3, "barre", 30), on(23, "core", 10), on(24, "core", 10)]  # fmt: skip
    plans = [planned(2, "kettlebell"), planned(4, "kettlebell"), planned(16, "kettlebell"),
             planned(3, "barre"), planned(10, "barre"), planned(17, "barre"),
             planned(25, "barre")]  # fmt: skip
    # Today's barre plan is neither kept nor skipped yet.
    fits = what_works(sessions, plans, TODAY)
    assert [f.activity for f in fits] == ["kettlebell", "core", "barre"]
    kettlebell, core, barre = fits
    assert (kettlebell.done, kettlebell.planned_done, kettlebell.planned_skipped) == (3, 2, 1)
    assert kettlebell.usual_minutes == 15 and kettlebell.sticks
    assert core.sticks and core.planned == 0
    assert (barre.planned_done, barre.planned_skipped) == (1, 2) and not barre.sticks


def test_one_session_is_not_enough_for_an_activity_to_stick() -> None:
    once, twice = what_works([on(20, "yoga"), on(23, "core"), on(24, "core")], [], TODAY)[::-1]
    assert once.activity == "yoga" and not once.sticks
    assert twice.activity == "core" and twice.sticks


def test_what_works_looks_back_twelve_weeks_only() -> None:
    old = (TODAY - timedelta(weeks=12), 45, "barbell")
    fits = what_works([old, on(20, "yoga")], [], TODAY)
    assert [f.activity for f in fits] == ["yoga"]
