"""The streak rules, at every boundary the README promises."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.model import WeekRule
from bot.domain.streaks import Calendar, Pause, Status, change_rules, pause_fits, week_start

D = date.fromisoformat
MON = 0
SUN = 6


def rule(target: int = 3, since: str = "2020-01-01", start: int = MON) -> WeekRule:
    return WeekRule(since=D(since), target=target, week_start=start)


def dates(*isos: str) -> list[date]:
    return [D(i) for i in isos]


def met_weeks(first_monday: str, count: int, per_week: int = 3) -> list[date]:
    start = D(first_monday)
    return [start + timedelta(weeks=w, days=d) for w in range(count) for d in range(per_week)]


@pytest.mark.parametrize(
    ("day", "first_weekday", "expected"),
    [
        ("2026-11-25", MON, "2026-11-23"),
        ("2026-11-23", MON, "2026-11-23"),
        ("2026-11-22", MON, "2026-11-16"),
        ("2026-11-22", SUN, "2026-11-22"),
        ("2026-11-28", SUN, "2026-11-22"),
        ("2027-01-01", MON, "2026-12-28"),  # New Year inside a week
        ("2026-12-31", MON, "2026-12-28"),  # ISO week 53 of 2026
        ("2028-02-29", MON, "2028-02-28"),
    ],
)
def test_weeks_start_on_the_chosen_day(day: str, first_weekday: int, expected: str) -> None:
    assert week_start(D(day), first_weekday) == D(expected)


def test_three_met_weeks_in_a_row_are_21_consistency_days() -> None:
    summary = Calendar(met_weeks("2026-11-02", 3), [rule()]).summary(D("2026-11-23"))
    assert (summary.current, summary.consistency_days) == (3, 21)


def test_a_missed_week_resets_the_streak() -> None:
    days = met_weeks("2026-10-26", 2) + met_weeks("2026-11-16", 1)
    summary = Calendar(days, [rule()]).summary(D("2026-11-23"))
    assert (summary.current, summary.longest) == (1, 2)


def test_the_current_week_never_breaks_the_streak_while_it_can_be_met() -> None:
    summary = Calendar(met_weeks("2026-11-09", 2), [rule()]).summary(D("2026-11-28"))
    assert summary.current == 2
    assert (summary.week.needed, summary.week.days_left) == (3, 2)


def test_the_current_week_counts_once_it_is_met() -> None:
    days = met_weeks("2026-11-09", 2) + dates("2026-11-23", "2026-11-24", "2026-11-25")
    assert Calendar(days, [rule()]).summary(D("2026-11-25")).current == 3


def test_extra_sessions_on_one_day_do_not_count_twice() -> None:
    days = dates("2026-11-23", "2026-11-23", "2026-11-23")
    progress = Calendar(days, [rule()]).progress(D("2026-11-25"))
    assert progress.days_done == 1 and not progress.met


@pytest.mark.parametrize(("first_weekday", "met"), [(MON, False), (SUN, True)])
def test_week_edges_follow_the_week_start(first_weekday: int, met: bool) -> None:
    # Sunday 22, Monday 23, Tuesday 24: one week when weeks start on Sunday, two otherwise.
    days = dates("2026-11-22", "2026-11-23", "2026-11-24")
    cal = Calendar(days, [rule(start=first_weekday)])
    week = cal.weeks(D("2026-11-28"))[-1]
    assert (week.status is Status.MET) is met


def test_a_week_with_a_dst_change_is_seven_calendar_days() -> None:
    # Europe/Berlin changes clocks on Sunday 25 October 2026; days are calendar days.
    days = dates("2026-10-19", "2026-10-21", "2026-10-25")
    week = Calendar(days, [rule()]).weeks(D("2026-10-26"))[0]
    assert (week.start, week.end, week.status) == (D("2026-10-19"), D("2026-10-26"), Status.MET)


def test_new_year_and_iso_week_53_are_one_week() -> None:
    days = dates("2026-12-30", "2027-01-01", "2027-01-03")
    weeks = Calendar(days, [rule()]).weeks(D("2027-01-04"))
    assert weeks[0].start == D("2026-12-28") and weeks[0].status is Status.MET


def test_29_february_is_an_ordinary_day() -> None:
    days = dates("2028-02-28", "2028-02-29", "2028-03-01")
    assert Calendar(days, [rule()]).weeks(D("2028-03-06"))[0].status is Status.MET


def test_a_raised_target_applies_from_its_week_on_never_to_the_past() -> None:
    days = met_weeks("2026-11-02", 3, per_week=3)
    rules = [rule(3, "2026-01-01"), rule(5, "2026-11-16")]
    weeks = Calendar(days, rules).weeks(D("2026-11-23"))
    assert [w.status for w in weeks[:3]] == [Status.MET, Status.MET, Status.MISSED]


def test_a_lowered_target_makes_this_week_easier_only() -> None:
    days = met_weeks("2026-11-02", 2, per_week=2) + dates("2026-11-16", "2026-11-17")
    rules = [rule(3, "2026-01-01"), rule(2, "2026-11-16")]
    weeks = Calendar(days, rules).weeks(D("2026-11-20"))
    assert [w.status for w in weeks] == [Status.MISSED, Status.MISSED, Status.MET]


def test_a_pause_spanning_two_weeks_shrinks_both_targets() -> None:
    # Paused Fri 13 to Tue 17 Nov: week 1 has 4 open days (target ceil(3*4/7) = 2),
    # week 2 has 5 (target ceil(3*5/7) = 3).
    days = met_weeks("2026-11-02", 1) + dates("2026-11-09", "2026-11-10")
    days += dates("2026-11-18", "2026-11-19", "2026-11-20")
    cal = Calendar(days, [rule()], [Pause(D("2026-11-13"), D("2026-11-17"))])
    weeks = cal.weeks(D("2026-11-22"))
    assert [(w.target, w.status) for w in weeks] == [
        (3, Status.MET), (2, Status.MET), (3, Status.MET),
    ]  # fmt: skip
    assert cal.summary(D("2026-11-22")).current == 3


def test_a_fully_paused_week_neither_counts_nor_breaks() -> None:
    days = met_weeks("2026-11-02", 1) + met_weeks("2026-11-16", 1)
    cal = Calendar(days, [rule()], [Pause(D("2026-11-09"), D("2026-11-15"))])
    assert cal.weeks(D("2026-11-22"))[1].status is Status.PAUSED
    assert cal.summary(D("2026-11-22")).current == 2


def test_backdating_into_a_completed_week_repairs_the_streak() -> None:
    days = met_weeks("2026-11-02", 3)
    days.remove(D("2026-11-10"))
    assert Calendar(days, [rule()]).summary(D("2026-11-23")).current == 1
    days.append(D("2026-11-14"))  # logged later, dated Saturday of that week
    assert Calendar(days, [rule()]).summary(D("2026-11-23")).current == 3


def test_an_undo_that_unmeets_a_week_breaks_the_streak() -> None:
    days = met_weeks("2026-11-02", 3)
    assert Calendar(days, [rule()]).summary(D("2026-11-23")).current == 3
    days.remove(D("2026-11-18"))
    assert Calendar(days, [rule()]).summary(D("2026-11-23")).current == 0


def test_switching_to_sunday_weeks_cuts_the_week_in_progress() -> None:
    rules = [rule(3, "2026-01-01", MON), rule(3, "2026-11-22", SUN)]
    days = dates("2026-11-22", "2026-11-23", "2026-11-24")
    weeks = Calendar(days, rules).weeks(D("2026-11-25"))
    assert weeks[-1].start == D("2026-11-22") and weeks[-1].status is Status.MET


def test_switching_back_to_monday_weeks_joins_the_lone_sunday_to_the_next_week() -> None:
    # Sunday weeks, switched back to Monday on Wednesday 25 Nov: the change waits for the week
    # of Sunday 22 to end. Sunday 29 alone is too short a week (fewer than four days), so it
    # joins the first Monday week: Sunday 29 Nov to Sunday 6 Dec, eight days, asking for
    # ceil(3 * 8 / 7) = 4 session days.
    sunday_weeks = [rule(3, "2026-01-01", SUN)]
    since = Calendar((), sunday_weeks).weeks(D("2026-11-25"))[-1].end
    assert since == D("2026-11-29")
    rules = change_rules(sunday_weeks, since, first_weekday=MON)
    days = dates("2026-11-29", "2026-12-01", "2026-12-02", "2026-12-07")
    joined, after = Calendar(days, rules).weeks(D("2026-12-08"))[-2:]
    assert (joined.start, joined.end, joined.target) == (D("2026-11-29"), D("2026-12-07"), 4)
    assert (joined.days_done, joined.status) == (3, Status.MISSED)
    assert (after.start, after.end) == (D("2026-12-07"), D("2026-12-14"))
    days.append(D("2026-12-06"))  # the second Sunday belongs to the same week
    joined = Calendar(days, rules).weeks(D("2026-12-08"))[-2]
    assert (joined.days_done, joined.status) == (4, Status.MET)


@pytest.mark.parametrize(
    ("days", "today", "current", "longest"),
    [
        (["2026-11-20", "2026-11-21", "2026-11-22"], "2026-11-23", 3, 3),  # today not over yet
        (["2026-11-20", "2026-11-21", "2026-11-23"], "2026-11-23", 1, 2),  # a missed day
        (["2026-11-22", "2026-11-23"], "2026-11-23", 2, 2),
    ],
)
def test_a_daily_target_counts_days(
    days: list[str], today: str, current: int, longest: int
) -> None:
    summary = Calendar(dates(*days), [rule(7)]).summary(D(today))
    assert summary.daily and (summary.current, summary.longest) == (current, longest)
    assert summary.consistency_days == current


def test_a_month_is_four_met_weeks() -> None:
    assert not Calendar(met_weeks("2026-11-02", 3), [rule()]).summary(D("2026-11-23")).month_reached
    assert Calendar(met_weeks("2026-10-26", 4), [rule()]).summary(D("2026-11-23")).month_reached


def test_habit_strength_rises_with_consistency_and_eases_after_a_miss() -> None:
    days = met_weeks("2026-08-03", 12)
    cal = Calendar(days, [rule()])
    strong = cal.strength(D("2026-10-25"))
    assert 0.8 < strong <= 1.0
    later = cal.strength(D("2026-11-08"))  # two weeks with nothing
    assert 0.5 < later < strong


def test_paused_days_leave_habit_strength_unchanged() -> None:
    days = met_weeks("2026-10-05", 4)
    cal = Calendar(days, [rule()], [Pause(D("2026-11-02"), D("2026-11-15"))])
    assert cal.strength(D("2026-11-01")) == pytest.approx(cal.strength(D("2026-11-15")))


def test_pauses_are_capped_at_60_days_in_any_365() -> None:
    taken = [Pause(D("2026-01-01"), D("2026-02-14"))]  # 45 days
    assert pause_fits(taken, Pause(D("2026-06-01"), D("2026-06-15")))  # 60 in all
    assert not pause_fits(taken, Pause(D("2026-06-01"), D("2026-06-16")))  # 61
    assert pause_fits(taken, Pause(D("2027-01-01"), D("2027-01-20")))  # a year later


histories = st.lists(
    st.integers(min_value=0, max_value=120).map(lambda n: D("2026-07-01") + timedelta(days=n)),
    max_size=60,
)
TODAY = D("2026-10-29")


@settings(max_examples=150, deadline=None)
@given(histories, st.integers(0, 120), st.sampled_from([1, 2, 3, 5, 7]))
def test_adding_a_session_never_lowers_the_streak(
    days: list[date], extra: int, target: int
) -> None:
    before = Calendar(days, [rule(target)]).summary(TODAY)
    day = D("2026-07-01") + timedelta(days=extra)
    after = Calendar([*days, day], [rule(target)]).summary(TODAY)
    if day <= TODAY:
        assert after.current >= before.current
        assert after.consistency_days >= before.consistency_days


@settings(max_examples=150, deadline=None)
@given(histories, st.sampled_from([1, 2, 3, 5, 7]))
def test_removing_a_session_never_raises_the_streak(days: list[date], target: int) -> None:
    if not days:
        return
    before = Calendar(days, [rule(target)]).summary(TODAY)
    after = Calendar(days[1:], [rule(target)]).summary(TODAY)
    assert after.current <= before.current
    assert after.consistency_days <= before.consistency_days


@settings(max_examples=150, deadline=None)
@given(histories, st.sampled_from([1, 2, 3, 5, 7]))
def test_longest_is_never_below_current_and_strength_stays_in_range(
    days: list[date], target: int
) -> None:
    calendar = Calendar(days, [rule(target)])
    summary = calendar.summary(TODAY)
    assert summary.longest >= summary.current
    assert 0.0 <= calendar.strength(TODAY) <= 1.0


def day_by_day(days: list[date], pauses: list[Pause], first: date, today: date) -> tuple[int, int]:
    """(current, longest) run of session days, walked one day at a time: a day without a
    session breaks the run unless it is paused or today."""
    run = longest = 0
    day = first
    while day <= today:
        if day in days:
            run += 1
        elif not any(day in p for p in pauses) and day != today:
            run = 0
        longest = max(longest, run)
        day += timedelta(days=1)
    return run, longest


pause_lists = st.lists(
    st.tuples(st.integers(0, 120), st.integers(0, 20)).map(
        lambda t: Pause(D("2026-07-01") + timedelta(days=t[0]),
                        D("2026-07-01") + timedelta(days=t[0] + t[1]))
    ),
    max_size=3,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(histories, pause_lists)
def test_daily_streaks_count_session_days_in_a_row_through_pauses(
    days: list[date], pauses: list[Pause]
) -> None:
    summary = Calendar(days, [rule(7)], pauses).summary(TODAY)
    first = min([*days, TODAY])
    assert (summary.current, summary.longest) == day_by_day(days, pauses, first, TODAY)


changes = st.lists(
    st.tuples(st.integers(0, 120), st.sampled_from([None, 1, 2, 3, 5, 7]),
              st.sampled_from([None, MON, SUN])),
    max_size=3,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    histories,
    pause_lists,
    changes,
    st.lists(st.tuples(st.integers(0, 120), st.sets(st.integers(0, 59))), min_size=1, max_size=4),
    st.integers(60, 130),
)
def test_a_rewards_view_judges_every_week_as_a_calendar_of_its_own(
    days: list[date],
    pauses: list[Pause],
    rule_changes: list[tuple[int, int | None, int | None]],
    views: list[tuple[int, set[int]]],
    today_offset: int,
) -> None:
    rules = [rule(3, since="2026-07-01")]
    for offset, target, first_weekday in sorted(rule_changes, key=lambda c: c[0]):
        since = D("2026-07-01") + timedelta(days=offset)
        rules = change_rules(rules, since, target=target, first_weekday=first_weekday)
    today = D("2026-07-01") + timedelta(days=today_offset)
    runner = Calendar(days, rules, pauses)
    for origin_offset, left_out in views:  # each reward counts some of the days from its own
        origin = D("2026-07-01") + timedelta(days=origin_offset)
        counted = [d for i, d in enumerate(days) if d >= origin and i not in left_out]
        alone = Calendar(counted, rules, pauses, origin=origin)
        view = runner.view(counted, origin)
        assert view.weeks(today) == alone.weeks(today)
        assert view.summary(today) == alone.summary(today)
