"""Plans: the rules, without Telegram or a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot import texts
from bot.domain.errors import UserError
from bot.domain.plans import PlanSpec, most_frequent, parse_plan, read_plan

TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("tue kettlebell 20 swings, goblet squats",
         PlanSpec(date(2026, 12, 1), "kettlebell", 20, "swings, goblet squats")),
        ("tomorrow core 15", PlanSpec(date(2026, 11, 26), "core", 15, None)),
        ("today barre 30min", PlanSpec(TODAY, "barre", 30, None)),
        ("wed kb 20", PlanSpec(TODAY, "kettlebell", 20, None)),
        # the words around an activity it knows are how it is done: the activity is core
        ("2026-12-08 stability ball core 25 easy", PlanSpec(date(2026, 12, 8), "core", 25,
                                                            "easy")),
        ("kettlebell 20 tue", PlanSpec(date(2026, 12, 1), "kettlebell", 20, None)),
        ("Rumpf 20 morgen um 18 Uhr", PlanSpec(date(2026, 11, 26), "core", 20, None,
                                                at=time(18, 0))),
        ("kettelbell 15 tomorrow", PlanSpec(date(2026, 11, 26), "kettlebell", 15, None)),
    ],
)  # fmt: skip
def test_plans_are_read(text: str, spec: PlanSpec) -> None:
    assert parse_plan(text, TODAY) == spec


@pytest.mark.parametrize(
    "text",
    ["", "tue", "tue kettlebell", "tue 20", "yesterday core 20", "2026-11-20 core 15",
     "2026-12-20 core 15", "tue kettlebell 0", "tue run 30", "tomorrow swim 30"],
)  # fmt: skip
def test_bad_plans_are_explained(text: str) -> None:
    """Each with an example the bot accepts (tests/e2e/test_languages.py feeds them back)."""
    with pytest.raises(UserError) as caught:
        parse_plan(text, TODAY)
    assert "e.g." in texts.errors.error_words(caught.value)


def test_a_plan_keeps_its_clock_time_for_timed_plans() -> None:
    spec, reading = read_plan("tomorrow core 15 at 18:30", TODAY)
    assert spec == PlanSpec(date(2026, 11, 26), "core", 15, None, at=time(18, 30))
    assert reading.at == time(18, 30)
    assert read_plan("core 15 tomorrow", TODAY)[1].at is None


@pytest.mark.parametrize(
    ("latest_first", "usual"),
    [
        ([], None),
        ([20], 20),
        ([15, 20, 20, 15], 15),  # a tie: the latest wins
        ([30, 15, 20, 20], 20),
        (["yoga", "kettlebell", "kettlebell", "yoga", "core"], "yoga"),
    ],
)
def test_the_usual_is_the_most_frequent_and_the_latest_on_a_tie(
    latest_first: list[object], usual: object
) -> None:
    assert most_frequent(latest_first) == usual
