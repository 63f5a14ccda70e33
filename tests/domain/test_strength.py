"""Habit strength against Loop Habit Tracker's own score: its tests, its fixture, its algorithm.

Everything Loop here comes from Loop Habit Tracker v2.3.1 (github.com/iSoron/uhabits, tag
v2.3.1), under uhabits-core/src/:

- jvmMain/java/org/isoron/uhabits/core/models/ScoreList.kt (`recompute`), Score.kt (`compute`),
  Frequency.kt (7/7 becomes 1/1), ported line by line below as the referee;
- jvmTest/java/org/isoron/uhabits/core/models/ScoreListTest.kt (`YesNoScoreListTest`) and
  ScoreTest.kt, whose tests are translated one by one and keep their names;
- the export fixture uhabits-core/assets/test/csv_export/Scores.csv, which
  HabitsCSVExporterTest writes from HabitFixtures.kt (jvmMain/.../core/test/) on 2015-01-25.

Loop's tests count days back from today (offset 0 is today, 1 yesterday). A check is a session
day; a skip is a one-day pause; Frequency(t, 7) is target t and Frequency.DAILY (7/7) target 7.
Loop's expected values are kept to its own tolerance, 1e-6.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.model import WeekRule
from bot.domain.streaks import Calendar, Pause, next_strength

E = 1e-6
TODAY = date(2015, 1, 25)  # BaseUnitTest.FIXED_LOCAL_TIME = 1422172800000 in Loop's tests
DAILY = 7

# Loop's Entry values that ScoreList.recompute tells apart for a yes/no habit. YES_AUTO,
# NO and UNKNOWN all count as "neither", so one value stands for them.
YES_MANUAL = "YES_MANUAL"
SKIP = "SKIP"
NO = "NO"


# --- The referee: Loop's code, ported plainly --------------------------------------------


def loop_compute(frequency: float, previous_score: float, checkmark_value: float) -> float:
    """Score.compute."""
    multiplier = 0.5 ** (math.sqrt(frequency) / 13.0)
    score = previous_score * multiplier
    score += checkmark_value * (1 - multiplier)
    return score


def loop_recompute(values: list[str], numerator: int, denominator: int) -> list[float]:
    """ScoreList.recompute for a yes/no habit: `values` and the result run newest first.

    `values` is computedEntries.getByInterval(from, to): one entry a day from `to` back to `from`.
    """
    if numerator == denominator:  # Frequency's init block
        numerator = denominator = 1
    rolling_sum = 0.0
    freq = numerator / denominator
    if freq < 1.0:  # "to smooth out irregular repetition schedules"
        numerator *= 2
        denominator *= 2
    previous_value = 0.0
    scores = [0.0] * len(values)
    for i in range(len(values)):
        offset = len(values) - i - 1
        if values[offset] == YES_MANUAL:
            rolling_sum += 1.0
        if offset + denominator < len(values) and values[offset + denominator] == YES_MANUAL:
            rolling_sum -= 1.0
        if values[offset] != SKIP:
            percentage_completed = min(1.0, rolling_sum / numerator)
            previous_value = loop_compute(freq, previous_value, percentage_completed)
        scores[offset] = previous_value
    return scores


def loop_values(checks: Iterable[int], skips: Iterable[int] = ()) -> list[str]:
    """Loop's entries, newest first, from offsets of checked and skipped days (a skip wins,
    as a later `entries.add` on the same day replaces the check).

    They start at the oldest of those days. Loop's `from` may lie earlier, on YES_AUTO days
    EntryList.recomputeFrom adds, but a score of 0 stays 0 over days that are not checks.
    """
    checked, skipped = set(checks), set(skips)
    oldest = max(checked | skipped, default=0)
    return [
        SKIP if day in skipped else YES_MANUAL if day in checked else NO
        for day in range(oldest + 1)
    ]


def loop_score(
    checks: Iterable[int], frequency: tuple[int, int], skips: Iterable[int] = ()
) -> float:
    """habit.scores[today] after habit.recompute()."""
    return loop_recompute(loop_values(checks, skips), *frequency)[0]


# --- Loop's tests on strongstreak's calendar -----------------------------------------------


def calendar(checks: Iterable[int], target: int = DAILY, skips: Iterable[int] = ()) -> Calendar:
    """Loop's test habit as a runner's calendar: checked offsets are session days, skipped
    offsets one-day pauses (a skipped day holds no check in Loop, so no session here)."""
    skipped = set(skips)
    days = [TODAY - timedelta(days=n) for n in checks if n not in skipped]
    pauses = [Pause(TODAY - timedelta(days=n), TODAY - timedelta(days=n)) for n in skipped]
    return Calendar(days, [WeekRule(since=date(2010, 1, 1), target=target, week_start=0)], pauses)


def check_score_values(cal: Calendar, expected_values: list[float]) -> None:
    """checkScoreValues: today's score first, then each day before."""
    actual = [cal.strength(TODAY - timedelta(days=n)) for n in range(len(expected_values))]
    assert actual == pytest.approx(expected_values, abs=E)


GET_VALUE = [
    0.655747, 0.636894, 0.617008, 0.596033, 0.573910, 0.550574, 0.525961, 0.500000,
    0.472617, 0.443734, 0.413270, 0.381137, 0.347244, 0.311495, 0.273788, 0.234017,
    0.192067, 0.147820, 0.101149, 0.051922, 0.000000, 0.000000, 0.000000,
]  # fmt: skip

GET_VALUE_WITH_SKIP = [
    0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.472617, 0.443734,
    0.413270, 0.381137, 0.347244, 0.347244, 0.347244, 0.311495, 0.273788, 0.234017,
    0.192067, 0.147820, 0.101149, 0.051922, 0.000000, 0.000000, 0.000000,
]  # fmt: skip

GET_VALUE_WITH_SKIP2 = [0.041949, 0.044247, 0.046670, 0.049226, 0.051922, 0.051922, 0.0]


def test_getValue() -> None:
    """YesNoScoreListTest.test_getValue: a daily habit checked the last 20 days."""
    check_score_values(calendar(range(20)), GET_VALUE)


def test_getValueWithSkip() -> None:
    """YesNoScoreListTest.test_getValueWithSkip: days 5, 10 and 11 skipped."""
    check_score_values(calendar(range(20), skips=[5, 10, 11]), GET_VALUE_WITH_SKIP)


def test_getValueWithSkip2() -> None:
    """YesNoScoreListTest.test_getValueWithSkip2: one check, then a skip the day after."""
    check_score_values(calendar([5], skips=[4]), GET_VALUE_WITH_SKIP2)


def imperfect_weeks() -> list[int]:
    """Two checks then five misses, a hundred times over, newest first."""
    return [7 * k + d for k in range(100) for d in (0, 1)]


def test_imperfectNonDaily() -> None:
    """YesNoScoreListTest.test_imperfectNonDaily: 2 of 3 a week converge to 2/3, 2 of 4 to 1/2."""
    assert calendar(imperfect_weeks(), target=3).strength(TODAY) == pytest.approx(2 / 3, abs=E)
    assert calendar(imperfect_weeks(), target=4).strength(TODAY) == pytest.approx(0.5, abs=E)


def irregular_weeks() -> list[int]:
    """Once a week, alternately on the week's newest and its oldest day."""
    return [14 * k + d for k in range(100) for d in (0, 13)]


def test_irregularNonDaily() -> None:
    """YesNoScoreListTest.test_irregularNonDaily: once a week on different weekdays reaches 100 %.

    Loop asserts this to 1e-3; it holds to 1e-6 too.
    """
    assert calendar(irregular_weeks(), target=1).strength(TODAY) == pytest.approx(1.0, abs=E)


def test_shouldAchieveHighScoreInReasonableTime() -> None:
    """YesNoScoreListTest.shouldAchieveHighScoreInReasonableTime: daily over 99 % in 3 months,
    weekly in 9. Its third case, Frequency(1, 30), is no weekly target (the referee's test runs it).
    """
    assert calendar(range(90)).strength(TODAY) > 0.99
    assert calendar([7 * i for i in range(39)], target=1).strength(TODAY) > 0.99


def test_recompute() -> None:
    """YesNoScoreListTest.test_recompute: nothing, then today and yesterday on a daily habit.
    Its Frequency(1, 2) step is no weekly target (the referee's test runs it)."""
    assert calendar([]).strength(TODAY) == pytest.approx(0.0, abs=E)
    assert calendar([0, 1]).strength(TODAY) == pytest.approx(0.101149, abs=E)


def test_addThenRemove() -> None:
    """YesNoScoreListTest.test_addThenRemove: a session logged today, then undone."""
    assert calendar([]).strength(TODAY) == pytest.approx(0.0, abs=E)
    assert calendar([0]).strength(TODAY) == pytest.approx(0.051922, abs=E)
    assert calendar([]).strength(TODAY) == pytest.approx(0.0, abs=E)


@pytest.mark.parametrize(
    ("previous", "share", "expected"),
    [(0.0, 1, 0.051922), (0.5, 1, 0.525961), (0.75, 1, 0.762981),
     (0.0, 0, 0.0), (0.5, 0, 0.474039), (0.75, 0, 0.711058)],
)  # fmt: skip
def test_compute_withDailyHabit(previous: float, share: float, expected: float) -> None:
    """ScoreTest.test_compute_withDailyHabit: one day's step at frequency 1 (target 7).
    ScoreTest.test_compute_withNonDailyHabit uses 1/3, no weekly target."""
    assert next_strength(previous, share, DAILY) == pytest.approx(expected, abs=E)


# csv_export/Scores.csv as Loop ships it. Habits.csv gives Meditate frequency 1/1 (daily, no
# checkmarks) and Wake up early 2/3 (HabitFixtures.createShortHabit), which is no weekly
# target: the referee is checked against that column below.
SCORES_CSV = """\
Date,Meditate,Wake up early,
2015-01-25,0.0000,0.2557,
2015-01-24,0.0000,0.2226,
2015-01-23,0.0000,0.1991,
2015-01-22,0.0000,0.1746,
2015-01-21,0.0000,0.1379,
2015-01-20,0.0000,0.0995,
2015-01-19,0.0000,0.0706,
2015-01-18,0.0000,0.0515,
2015-01-17,0.0000,0.0315,
2015-01-16,0.0000,0.0107,
"""
SCORES = [line.split(",") for line in SCORES_CSV.splitlines()[1:]]
WAKE_UP_EARLY_CHECKS = [0, 3, 4, 5, 8, 9]  # HabitFixtures.NON_DAILY_HABIT_CHECKS, newest first


def test_export_fixture_Scores_csv() -> None:
    """csv_export/Scores.csv, the column whose frequency is a weekly target: Meditate, daily."""
    meditate = calendar([])
    for day, expected, _, _ in SCORES:
        assert meditate.strength(date.fromisoformat(day)) == pytest.approx(
            float(expected), abs=5e-5
        )


# --- The referee is Loop -------------------------------------------------------------------


def test_the_referee_reproduces_the_export_fixture() -> None:
    """002 Wake up early/Scores.csv: Frequency(2, 3), printed to four decimals."""
    scores = loop_recompute(loop_values(WAKE_UP_EARLY_CHECKS), 2, 3)
    assert scores == pytest.approx([float(wake) for _, _, wake, _ in SCORES], abs=5e-5)


def test_the_referee_passes_loops_yes_no_tests() -> None:
    """Every expected value of YesNoScoreListTest and ScoreTest, frequencies 1/2, 1/3 and 1/30
    included, so the port below can judge what the translated tests do not reach."""
    # Days before the first entry are not in Loop's map and read 0: the lists stop there.
    assert loop_recompute(loop_values(range(20)), 1, 1) == pytest.approx(GET_VALUE[:20], abs=E)
    skipped = loop_recompute(loop_values(range(20), [5, 10, 11]), 1, 1)
    assert skipped == pytest.approx(GET_VALUE_WITH_SKIP[:20], abs=E)
    assert loop_recompute(loop_values([5], [4]), 1, 1) == pytest.approx(
        GET_VALUE_WITH_SKIP2[:6], abs=E
    )
    assert loop_score(imperfect_weeks(), (3, 7)) == pytest.approx(2 / 3, abs=E)
    assert loop_score(imperfect_weeks(), (4, 7)) == pytest.approx(0.5, abs=E)
    assert loop_score(irregular_weeks(), (1, 7)) == pytest.approx(1.0, abs=1e-3)
    assert loop_score(range(90), (1, 1)) > 0.99
    weekly = [7 * i for i in range(39)]
    assert loop_score(weekly, (1, 7)) > 0.99
    assert loop_score([*weekly, *(30 * i for i in range(18))], (1, 30)) > 0.99
    assert loop_score([0, 1], (1, 1)) == pytest.approx(0.101149, abs=E)
    assert loop_score([0, 1], (1, 2)) == pytest.approx(0.054816, abs=E)
    assert loop_score([0], (1, 1)) == pytest.approx(0.051922, abs=E)
    for previous, check, expected in [(0.0, 1, 0.030314), (0.5, 1, 0.515157),
                                      (0.75, 1, 0.757578), (0.0, 0, 0.0),
                                      (0.5, 0, 0.484842), (0.75, 0, 0.727263)]:  # fmt: skip
        assert loop_compute(1 / 3, previous, check) == pytest.approx(expected, abs=E)


# --- Any history: strongstreak against the referee -----------------------------------------

START = date(2014, 1, 1)
SPAN = 390  # a year and a bit up to TODAY
offsets = st.integers(min_value=0, max_value=SPAN)


def loop_values_of(days: Iterable[date], pauses: Iterable[Pause], today: date) -> list[str]:
    """A runner's history as Loop's entries up to `today`: a session day is a check, a paused
    day without a session a skip."""
    checks = {(today - d).days for d in days if d <= today}
    paused = {(today - p.last).days + i for p in pauses for i in range((p.last - p.first).days + 1)}
    return loop_values(checks, {n for n in paused if n >= 0} - checks)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(offsets, max_size=150),
    st.lists(st.tuples(offsets, st.integers(0, 20)), max_size=3),
    st.integers(1, 7),
    st.integers(0, 30),
)
def test_habit_strength_is_loops_score_for_any_history(
    sessions: list[int], spans: list[tuple[int, int]], target: int, back: int
) -> None:
    days = [START + timedelta(days=n) for n in sessions]
    pauses = [Pause(START + timedelta(n), START + timedelta(n + length)) for n, length in spans]
    today = START + timedelta(days=SPAN - back)
    values = loop_values_of(days, pauses, today)
    expected = loop_recompute(values, target, 7)[0]
    cal = Calendar(days, [WeekRule(since=START, target=target, week_start=0)], pauses)
    assert cal.strength(today) == pytest.approx(expected, abs=1e-9)


def strength_with_changes(
    days: list[date], rules: list[WeekRule], pauses: list[Pause], today: date
) -> float:
    """Loop's recompute with the frequency looked up day by day: on each day the target then in
    force gives Frequency(target, 7), its doubling and its decay; the window is counted afresh."""
    rule_at = Calendar([], rules).rule_at
    paused = {p.first + timedelta(i) for p in pauses for i in range((p.last - p.first).days + 1)}
    trained = set(days)
    score, day = 0.0, min(days)
    while day <= today:
        numerator, denominator = rule_at(day).target, 7
        if numerator == denominator:
            numerator = denominator = 1
        frequency = numerator / denominator
        if frequency < 1.0:
            numerator, denominator = 2 * numerator, 2 * denominator
        window = sum(1 for i in range(denominator) if day - timedelta(days=i) in trained)
        if day in trained or day not in paused:
            score = loop_compute(frequency, score, min(1.0, window / numerator))
        day += timedelta(days=1)
    return score


@settings(max_examples=150, deadline=None)
@given(
    st.lists(offsets, min_size=1, max_size=150),
    st.lists(st.tuples(offsets, st.integers(0, 20)), max_size=3),
    st.lists(st.tuples(offsets, st.integers(1, 7)), min_size=1, max_size=4),
)
def test_a_changed_target_counts_each_day_by_the_target_then_in_force(
    sessions: list[int], spans: list[tuple[int, int]], changes: list[tuple[int, int]]
) -> None:
    days = [START + timedelta(days=n) for n in sessions]
    pauses = [Pause(START + timedelta(n), START + timedelta(n + length)) for n, length in spans]
    rules = [WeekRule(since=START + timedelta(n), target=t, week_start=0) for n, t in changes]
    today = START + timedelta(days=SPAN)
    expected = strength_with_changes(days, rules, pauses, today)
    assert Calendar(days, rules, pauses).strength(today) == pytest.approx(expected, abs=1e-9)
    if len({r.target for r in rules}) == 1:  # no change at all: Loop's own score
        values = loop_values_of(days, pauses, today)
        assert expected == pytest.approx(loop_recompute(values, rules[0].target, 7)[0], abs=1e-9)


def weeks_of(*counts: int, weeks: int) -> list[int]:
    """Session offsets for `weeks` weeks ending today, the weeks' counts taken in turn."""
    return [7 * w + d for w in range(weeks) for d in range(counts[w % len(counts)])]


def test_the_readme_examples_of_habit_strength() -> None:
    """Three a week: about half after a month, 95 % after three; two and four in turn count as
    fully as three every week."""
    assert calendar(weeks_of(3, weeks=4), target=3).strength(TODAY) == pytest.approx(0.5, abs=0.06)
    assert calendar(weeks_of(3, weeks=13), target=3).strength(TODAY) == pytest.approx(
        0.95, abs=0.01
    )
    uneven = calendar(weeks_of(2, 4, weeks=13), target=3).strength(TODAY)
    assert uneven == pytest.approx(
        calendar(weeks_of(3, weeks=13), target=3).strength(TODAY), abs=0.01
    )


def test_a_session_on_a_paused_day_counts_as_a_check() -> None:
    """A runner who trains while paused trained that day: Loop's day holds a check, not a skip."""
    cal = Calendar(
        [TODAY - timedelta(days=n) for n in (0, 1, 2)],
        [WeekRule(since=date(2010, 1, 1), target=DAILY, week_start=0)],
        [Pause(TODAY - timedelta(days=2), TODAY)],
    )
    assert cal.strength(TODAY) == pytest.approx(calendar([0, 1, 2]).strength(TODAY), abs=E)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(offsets, min_size=0, max_size=150),
    st.lists(st.tuples(offsets, st.integers(0, 20)), max_size=3),
    st.lists(st.tuples(offsets, st.integers(1, 7)), min_size=1, max_size=3),
    st.lists(st.integers(0, SPAN), min_size=1, max_size=20),
)
def test_strength_over_a_season_is_loops_score_on_each_day_asked(
    sessions: list[int],
    spans: list[tuple[int, int]],
    changes: list[tuple[int, int]],
    asked: list[int],
) -> None:
    """The Mini App's line: one walk gives each day's strength as if asked on that day alone."""
    days = [START + timedelta(days=n) for n in sessions]
    pauses = [Pause(START + timedelta(n), START + timedelta(n + length)) for n, length in spans]
    rules = [WeekRule(since=START + timedelta(n), target=t, week_start=0) for n, t in changes]
    when = [START + timedelta(days=n) for n in asked]
    line = Calendar(days, rules, pauses).strength_at(when)
    assert [day for day, _ in line] == when
    for day, value in line:
        assert value == pytest.approx(Calendar(days, rules, pauses).strength(day), abs=1e-12)


def test_paused_days_are_listed_in_order_within_the_asked_span() -> None:
    pauses = [Pause(date(2014, 3, 1), date(2014, 3, 3)), Pause(date(2014, 2, 1), date(2014, 2, 2))]
    cal = Calendar([date(2014, 1, 6)], [WeekRule(since=START, target=3, week_start=0)], pauses)
    assert cal.paused_days(date(2014, 2, 2), date(2014, 3, 2)) == [
        date(2014, 2, 2), date(2014, 3, 1), date(2014, 3, 2),
    ]  # fmt: skip
    assert cal.paused_days(date(2014, 4, 1), date(2014, 5, 1)) == []
