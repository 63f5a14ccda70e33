"""Reward goals: reading them, progress from new work only, and unlocking exactly once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import texts
from bot.domain.errors import UserError
from bot.domain.model import WeekRule
from bot.domain.rewards import (
    Goal,
    LoggedSession,
    Reward,
    RewardSpec,
    named,
    new_unlocks,
    parse_reward,
    progress,
    progress_on,
    restarted,
)
from bot.domain.streaks import Calendar, Pause

D = date.fromisoformat
SET_ON = D("2026-11-02")  # a Monday
RULES = [WeekRule(since=D("2026-01-01"), target=3, week_start=0)]


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("running top after 21 days", RewardSpec("running top", Goal.DAYS, 21)),
        ("one cookie after every session", RewardSpec("one cookie", Goal.EVERY_SESSION, 1)),
        ("one beer after every 3 sessions", RewardSpec("one beer", Goal.EVERY_N_SESSIONS, 3)),
        ("new shoes after month", RewardSpec("new shoes", Goal.MONTH, 1)),
        ("new shoes after a month", RewardSpec("new shoes", Goal.MONTH, 1)),
        ("massage after 12 sessions", RewardSpec("massage", Goal.SESSIONS, 12)),
        ("sauna after 300 minutes", RewardSpec("sauna", Goal.MINUTES, 300)),
        ("book after 6 weeks", RewardSpec("book", Goal.WEEKS, 6)),
        ("pizza after every week", RewardSpec("pizza", Goal.EVERY_WEEK, 1)),
        ("time off after work after 2 weeks", RewardSpec("time off after work", Goal.WEEKS, 2)),
        ("<b>cake</b> after 1 session", RewardSpec("<b>cake</b>", Goal.SESSIONS, 1)),
        # A repeating goal needs no "after".
        ("one cookie every session", RewardSpec("one cookie", Goal.EVERY_SESSION, 1)),
        # German, Spanish and Russian, as a runner speaking them would write.
        ("Laufshirt nach 21 Tagen", RewardSpec("Laufshirt", Goal.DAYS, 21)),
        # "when I hit", as people say it
        ("new trail shoes when i hit 4 weeks", RewardSpec("new trail shoes", Goal.WEEKS, 4)),
        ("pizza once I reach 21 days", RewardSpec("pizza", Goal.DAYS, 21)),
        ("Laufschuhe wenn ich 4 Wochen schaffe", RewardSpec("Laufschuhe", Goal.WEEKS, 4)),
        ("zapatillas cuando llegue a 4 semanas", RewardSpec("zapatillas", Goal.WEEKS, 4)),
        ("кроссовки когда сделаю 4 недели", RewardSpec("кроссовки", Goal.WEEKS, 4)),
        ("ein Keks nach jeder Einheit", RewardSpec("ein Keks", Goal.EVERY_SESSION, 1)),
        ("Bier alle 3 Einheiten", RewardSpec("Bier", Goal.EVERY_N_SESSIONS, 3)),
        ("neue Schuhe nach einem Monat", RewardSpec("neue Schuhe", Goal.MONTH, 1)),
        ("Sauna nach 300 Minuten", RewardSpec("Sauna", Goal.MINUTES, 300)),
        ("Buch nach 6 Wochen am Stück", RewardSpec("Buch", Goal.WEEKS, 6)),
        ("Pizza nach jeder Woche", RewardSpec("Pizza", Goal.EVERY_WEEK, 1)),
        ("camiseta después de 21 días", RewardSpec("camiseta", Goal.DAYS, 21)),
        ("una galleta cada sesión", RewardSpec("una galleta", Goal.EVERY_SESSION, 1)),
        ("masaje tras 12 sesiones", RewardSpec("masaje", Goal.SESSIONS, 12)),
        ("zapatillas después de un mes", RewardSpec("zapatillas", Goal.MONTH, 1)),
        (
            "cerveza después de cada 3 entrenamientos",
            RewardSpec("cerveza", Goal.EVERY_N_SESSIONS, 3),
        ),
        ("футболка после 21 дня", RewardSpec("футболка", Goal.DAYS, 21)),
        ("печенька после каждой тренировки", RewardSpec("печенька", Goal.EVERY_SESSION, 1)),
        ("массаж после 12 тренировок", RewardSpec("массаж", Goal.SESSIONS, 12)),
        ("кроссовки через месяц", RewardSpec("кроссовки", Goal.MONTH, 1)),
        ("книга через 4 недели подряд", RewardSpec("книга", Goal.WEEKS, 4)),
        ("пицца каждую неделю", RewardSpec("пицца", Goal.EVERY_WEEK, 1)),
        # The little word before a goal without "after" is not part of the reward.
        ("tea for every session", RewardSpec("tea", Goal.EVERY_SESSION, 1)),
        ("café por cada sesión", RewardSpec("café", Goal.EVERY_SESSION, 1)),
        ("сок за каждую тренировку", RewardSpec("сок", Goal.EVERY_SESSION, 1)),
        ("Keks pro Einheit", RewardSpec("Keks", Goal.EVERY_SESSION, 1)),
        ("Tee für jede Einheit", RewardSpec("Tee", Goal.EVERY_SESSION, 1)),
        ("Sauna wöchentlich", RewardSpec("Sauna", Goal.EVERY_WEEK, 1)),
        ("носки раз в неделю", RewardSpec("носки", Goal.EVERY_WEEK, 1)),
        ("tapas cada 3 entrenos", RewardSpec("tapas", Goal.EVERY_N_SESSIONS, 3)),
        ("taza luego de 21 días", RewardSpec("taza", Goal.DAYS, 21)),
        # Hours are minutes sixty at a time, as in /done.
        ("Massage nach 5 Stunden", RewardSpec("Massage", Goal.MINUTES, 300)),
        ("массаж через 5 часов", RewardSpec("массаж", Goal.MINUTES, 300)),
        ("spa after 2h", RewardSpec("spa", Goal.MINUTES, 120)),
        # Coming back and the habit milestone, in every language.
        ("coffee after a comeback", RewardSpec("coffee", Goal.COMEBACK, 1)),
        ("coffee every comeback", RewardSpec("coffee", Goal.COMEBACK, 1)),
        ("Kaffee nach einem Comeback", RewardSpec("Kaffee", Goal.COMEBACK, 1)),
        ("Kaffee nach jeder Pause", RewardSpec("Kaffee", Goal.COMEBACK, 1)),
        ("café después de cada regreso", RewardSpec("café", Goal.COMEBACK, 1)),
        ("café tras un parón", RewardSpec("café", Goal.COMEBACK, 1)),
        ("кофе после перерыва", RewardSpec("кофе", Goal.COMEBACK, 1)),
        ("кофе после возвращения", RewardSpec("кофе", Goal.COMEBACK, 1)),
        ("new shoes when it's a habit", RewardSpec("new shoes", Goal.HABIT, 1)),
        ("new shoes once it is a habit", RewardSpec("new shoes", Goal.HABIT, 1)),
        ("Laufschuhe, wenn es eine Gewohnheit ist", RewardSpec("Laufschuhe", Goal.HABIT, 1)),
        ("zapatillas cuando sea un hábito", RewardSpec("zapatillas", Goal.HABIT, 1)),
        ("кроссовки, когда войдёт в привычку", RewardSpec("кроссовки", Goal.HABIT, 1)),
    ],
)
def test_reward_goals_are_read(text: str, spec: RewardSpec) -> None:
    assert parse_reward(text) == spec


@pytest.mark.parametrize(
    "text",
    [
        "after",
        "top after",
        "top after 0 days",
        "top after 10000 weeks",
        "top after sometime",
        " after 21 days",
        "running top",
        "x" * 61 + " after 3 sessions",
        "beer after every 1 sessions",
        "Shirt nach",
        "Shirt nach irgendwann",
        "camiseta después de 0 días",
        "футболка",
        "for every session",
        "x after 2000 hours",
        "when it's a habit",
    ],
)
def test_bad_goals_list_the_goal_forms(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_reward(text)
    assert "e.g. /reward running top after 21 days" in texts.errors.error_words(caught.value)


def reward(goal: Goal, amount: int = 1, **changes: object) -> Reward:
    base = Reward(
        id=1,
        name="running top",
        goal=goal,
        amount=amount,
        created_at=datetime.combine(SET_ON, time(8), UTC),
        start_day=SET_ON,
        unlocked=0,
        claimed=0,
        resets_seen=0,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def sessions(*days: str, minutes: int = 20) -> list[LoggedSession]:
    return [
        LoggedSession(i, D(d), minutes, datetime.combine(D(d), time(18), UTC))
        for i, d in enumerate(days, 1)
    ]


def weeks_of_three(first_monday: str, count: int) -> list[str]:
    start = D(first_monday)
    return [str(start + timedelta(weeks=w, days=d)) for w in range(count) for d in (0, 2, 4)]


def test_a_session_goal_unlocks_at_its_threshold_and_not_before() -> None:
    goal = reward(Goal.SESSIONS, 3)
    two = progress(goal, sessions("2026-11-02", "2026-11-03"), RULES, [], D("2026-11-04"))
    three = progress(goal, sessions("2026-11-02", "2026-11-03", "2026-11-04"), RULES, [],
                     D("2026-11-04"))  # fmt: skip
    assert (two.value, two.reached, new_unlocks(goal, two)) == (2, False, 0)
    assert (three.value, three.reached, new_unlocks(goal, three)) == (3, True, 1)


def test_a_one_off_reward_unlocks_once_ever() -> None:
    goal = reward(Goal.SESSIONS, 2, unlocked=1)
    now = progress(goal, sessions("2026-11-02", "2026-11-03", "2026-11-04"), RULES, [],
                   D("2026-11-04"))  # fmt: skip
    assert new_unlocks(goal, now) == 0


def test_minutes_add_up() -> None:
    goal = reward(Goal.MINUTES, 60)
    now = progress(goal, sessions("2026-11-02", "2026-11-03", minutes=30), RULES, [],
                   D("2026-11-03"))  # fmt: skip
    assert now.reached and now.unit == "minutes"


def test_a_reward_counts_from_its_day_with_that_days_earlier_sessions() -> None:
    goal = reward(Goal.SESSIONS, 2)
    before = [
        LoggedSession(1, D("2026-10-30"), 20, datetime(2026, 11, 2, 9, tzinfo=UTC)),  # backdated
        LoggedSession(2, SET_ON, 20, datetime(2026, 11, 2, 7, tzinfo=UTC)),  # earlier that day
    ]
    assert progress(goal, before, RULES, [], D("2026-11-03")).value == 1


def test_backdating_after_the_reward_was_set_can_reach_a_goal() -> None:
    goal = reward(Goal.SESSIONS, 2)
    backdated = LoggedSession(9, D("2026-11-03"), 20, datetime(2026, 11, 5, 9, tzinfo=UTC))
    now = progress(goal, [*sessions("2026-11-04"), backdated], RULES, [], D("2026-11-05"))
    assert now.reached


def test_every_session_counts_each_time() -> None:
    goal = reward(Goal.EVERY_SESSION, 1, unlocked=2)
    now = progress(goal, sessions("2026-11-02", "2026-11-03", "2026-11-04"), RULES, [],
                   D("2026-11-04"))  # fmt: skip
    assert (now.times, new_unlocks(goal, now)) == (3, 1)


def test_every_n_sessions_shows_the_way_to_the_next() -> None:
    goal = reward(Goal.EVERY_N_SESSIONS, 3)
    now = progress(goal, sessions(*weeks_of_three("2026-11-02", 1), "2026-11-09"), RULES, [],
                   D("2026-11-09"))  # fmt: skip
    assert (now.times, now.value, now.target) == (1, 1, 3)


def test_every_week_unlocks_per_met_week() -> None:
    goal = reward(Goal.EVERY_WEEK)
    now = progress(goal, sessions(*weeks_of_three("2026-11-02", 2)), RULES, [], D("2026-11-16"))
    assert now.times == 2


def test_21_days_are_three_met_weeks_in_a_row() -> None:
    goal = reward(Goal.DAYS, 21)
    two = progress(goal, sessions(*weeks_of_three("2026-11-02", 2)), RULES, [], D("2026-11-16"))
    three = progress(goal, sessions(*weeks_of_three("2026-11-02", 3)), RULES, [], D("2026-11-20"))
    assert (two.value, two.reached) == (14, False)
    assert (three.value, three.reached) == (21, True)


def test_a_streak_goal_restarts_when_the_streak_breaks() -> None:
    days = [*weeks_of_three("2026-11-02", 2), "2026-11-23"]  # the week of 16 Nov is missed
    goal = reward(Goal.DAYS, 21)
    now = progress(goal, sessions(*days), RULES, [], D("2026-11-23"))
    assert now.value == 0 and now.resets == 1 and restarted(goal, now)
    assert now.needed_this_week == 2
    # Told once: with the loss recorded, the same state is no restart.
    assert not restarted(reward(Goal.DAYS, 21, resets_seen=1), now)


def test_undoing_sessions_that_never_broke_the_streak_is_no_restart() -> None:
    # Two met weeks, then two sessions of the third week undone: the streak is still 2.
    days = [*weeks_of_three("2026-11-02", 2), "2026-11-16"]
    goal = reward(Goal.DAYS, 21)
    now = progress(goal, sessions(*days), RULES, [], D("2026-11-20"))
    assert (now.value, now.resets) == (14, 0) and not restarted(goal, now)


def test_a_reward_far_from_the_calendar_origin_costs_only_its_own_weeks() -> None:
    # The reward's weeks start at its own first day, not at the beginning of time.
    goal = reward(Goal.WEEKS, 4)
    cal_weeks = Calendar([], RULES, origin=SET_ON).weeks(D("2026-11-30"))
    assert cal_weeks[0].start <= SET_ON < cal_weeks[0].end
    assert len(cal_weeks) == 5
    assert progress(goal, [], RULES, [], D("2026-11-30")).value == 0


def test_a_pause_freezes_a_streak_goal() -> None:
    days = weeks_of_three("2026-11-02", 2) + weeks_of_three("2026-11-23", 1)
    pause = Pause(D("2026-11-16"), D("2026-11-22"))
    now = progress(reward(Goal.DAYS, 21), sessions(*days), RULES, [pause], D("2026-11-27"))
    assert now.reached


def test_a_month_is_four_met_weeks_from_the_reward_on() -> None:
    goal = reward(Goal.MONTH)
    three = progress(goal, sessions(*weeks_of_three("2026-11-02", 3)), RULES, [], D("2026-11-22"))
    four = progress(goal, sessions(*weeks_of_three("2026-11-02", 4)), RULES, [], D("2026-11-27"))
    assert (three.value, three.target, three.reached) == (3, 4, False)
    assert four.reached


def test_the_first_week_asks_only_for_its_share_when_set_midweek() -> None:
    # Set on Thursday: 4 days left of 7, so ceil(3 * 4 / 7) = 2 sessions meet that week.
    goal = reward(Goal.WEEKS, 1, start_day=D("2026-11-05"),
                  created_at=datetime(2026, 11, 5, 8, tzinfo=UTC))  # fmt: skip
    now = progress(goal, sessions("2026-11-05", "2026-11-07"), RULES, [], D("2026-11-07"))
    assert now.reached


def test_a_daily_habit_counts_a_month_as_30_days() -> None:
    daily = [WeekRule(since=D("2026-01-01"), target=7, week_start=0)]
    days = [str(SET_ON + timedelta(days=i)) for i in range(30)]
    now = progress(reward(Goal.MONTH), sessions(*days), daily, [], SET_ON + timedelta(days=29))
    assert (now.value, now.target, now.unit, now.reached) == (30, 30, "days", True)


AMOUNTS = {
    Goal.EVERY_SESSION: 1, Goal.EVERY_N_SESSIONS: 3, Goal.EVERY_WEEK: 1, Goal.SESSIONS: 8,
    Goal.MINUTES: 150, Goal.DAYS: 14, Goal.WEEKS: 2, Goal.MONTH: 1, Goal.COMEBACK: 1,
    Goal.HABIT: 1,
}  # fmt: skip


# A comeback and the habit are about the runner's whole history (a comeback comes back from
# days before the reward was set), so they are not progress from new work alone.
NEW_WORK_GOALS = [g for g in Goal if g not in (Goal.COMEBACK, Goal.HABIT)]


@settings(max_examples=150, deadline=None)
@given(
    # (day, days later it was logged): some backdated, some logged before a reward was set
    st.lists(st.tuples(st.integers(0, 80), st.integers(0, 3)), max_size=40),
    # (goal, first day, hour it was set on that day)
    st.lists(
        st.tuples(
            st.sampled_from(NEW_WORK_GOALS), st.integers(0, 80), st.sampled_from([6, 12, 20])
        ),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.tuples(st.integers(0, 80), st.integers(0, 9)), max_size=2),
    st.integers(60, 90),
)
def test_progress_on_the_runners_own_calendar_is_each_rewards_progress_alone(
    logged: list[tuple[int, int]],
    set_rewards: list[tuple[Goal, int, int]],
    paused: list[tuple[int, int]],
    today_offset: int,
) -> None:
    first = D("2026-07-06")
    today = first + timedelta(days=today_offset)
    rules = [
        WeekRule(since=first, target=3, week_start=0),
        WeekRule(since=first + timedelta(days=35), target=2, week_start=6),
    ]
    pauses = [Pause(first + timedelta(days=d), first + timedelta(days=d + n)) for d, n in paused]
    all_sessions = [
        LoggedSession(
            i, day, 20 + i, datetime.combine(min(day + timedelta(days=late), today), time(18), UTC)
        )
        for i, (offset, late) in enumerate(logged)
        if (day := first + timedelta(days=offset)) <= today
    ]
    items = [
        reward(goal, AMOUNTS[goal], id=i, start_day=start,
               created_at=datetime.combine(start, time(hour), UTC))
        for i, (goal, offset, hour) in enumerate(set_rewards)
        if (start := first + timedelta(days=offset)) <= today
    ]  # fmt: skip
    oldest = min((r.start_day for r in items), default=today)
    # The runner's calendar holds every session; the rewards are handed only the sessions from
    # the oldest one's first day on, as the store reads them.
    runner = Calendar([s.day for s in all_sessions], rules, pauses)
    handed = [s for s in all_sessions if s.day >= oldest]
    # Alone, each reward is handed only the sessions from its own first day on.
    alone = [
        progress(r, [s for s in all_sessions if s.day >= r.start_day], rules, pauses, today)
        for r in items
    ]
    assert progress_on(runner, items, handed, today) == alone


def test_each_comeback_since_the_reward_was_set_earns_it_again() -> None:
    goal = reward(Goal.COMEBACK, unlocked=1)
    # Back on the 16th after the week of the 9th went by without a session; again on the 7th.
    days = ("2026-11-02", "2026-11-04", "2026-11-16", "2026-11-18", "2026-12-07")
    now = progress(goal, sessions(*days), RULES, [], D("2026-12-07"))
    assert (now.times, new_unlocks(goal, now)) == (2, 1)


def test_a_comeback_before_the_reward_was_set_does_not_count() -> None:
    goal = reward(Goal.COMEBACK, start_day=D("2026-11-17"))
    days = ("2026-11-02", "2026-11-16", "2026-11-18")
    assert progress(goal, sessions(*days), RULES, [], D("2026-11-18")).times == 0


def test_the_habit_reward_is_earned_with_the_habit_and_shows_the_way_there() -> None:
    goal = reward(Goal.HABIT)
    early = progress(goal, sessions(*weeks_of_three("2026-11-02", 4)), RULES, [], D("2026-11-29"))
    assert (early.reached, early.unit, early.target) == (False, "strength", 80)
    assert 0 < early.value < 80
    later = progress(goal, sessions(*weeks_of_three("2026-11-02", 12)), RULES, [],
                     D("2027-01-24"))  # fmt: skip
    assert later.reached and new_unlocks(goal, later) == 1


def test_a_habit_formed_before_the_reward_asks_for_new_work() -> None:
    days = weeks_of_three("2026-08-03", 16)
    goal = reward(Goal.HABIT, start_day=D("2026-11-23"),
                  created_at=datetime(2026, 11, 23, 6, tzinfo=UTC))  # fmt: skip
    assert not progress(goal, sessions(*days), RULES, [], D("2026-11-23")).reached


@pytest.mark.parametrize(
    ("text", "spec"),
    [("running top after three weeks", RewardSpec("running top", Goal.WEEKS, 3)),
     ("running top after 2 months", RewardSpec("running top", Goal.WEEKS, 8)),
     ("running top after two months in a row", RewardSpec("running top", Goal.WEEKS, 8)),
     ("cookie every two sessions", RewardSpec("cookie", Goal.EVERY_N_SESSIONS, 2)),
     ("pizza after twenty sessions", RewardSpec("pizza", Goal.SESSIONS, 20)),
     ("Laufshirt nach einem Monat", RewardSpec("Laufshirt", Goal.MONTH, 1)),
     ("Laufshirt nach drei Wochen", RewardSpec("Laufshirt", Goal.WEEKS, 3)),
     ("Laufshirt nach zwei monaten", RewardSpec("Laufshirt", Goal.WEEKS, 8)),
     ("Kuchen nach zehn Einheiten", RewardSpec("Kuchen", Goal.SESSIONS, 10)),
     ("camiseta después de tres semanas", RewardSpec("camiseta", Goal.WEEKS, 3)),
     ("camiseta despues de dos meses", RewardSpec("camiseta", Goal.WEEKS, 8)),
     ("pizza tras veinte sesiones", RewardSpec("pizza", Goal.SESSIONS, 20)),
     ("футболка через три недели", RewardSpec("футболка", Goal.WEEKS, 3)),
     ("футболка через два месяца", RewardSpec("футболка", Goal.WEEKS, 8)),
     ("пицца после двадцати одного дня", RewardSpec("пицца", Goal.DAYS, 21)),
     ("кроссовки после десяти тренировок", RewardSpec("кроссовки", Goal.SESSIONS, 10)),
     ("cookie after threeish weeks", None)],
)  # fmt: skip
def test_reward_goals_are_read_with_numbers_in_words(text: str, spec: RewardSpec | None) -> None:
    if spec is None:  # what is not a number is refused, never misread
        with pytest.raises(UserError):
            parse_reward(text)
        return
    assert parse_reward(text) == spec


REWARDS = [
    reward(Goal.EVERY_SESSION, id=1, name="one cookie"),
    reward(Goal.WEEKS, 3, id=2, name="running top"),
    reward(Goal.MONTH, id=3, name="Laufshirt", unlocked=1),
    reward(Goal.SESSIONS, 10, id=4, name="пицца"),
]


@pytest.mark.parametrize(
    ("text", "found"),
    [("cookie", 1), ("cokie", 1), ("cookies", 1), ("Running-Top", 2), ("top", 2),
     ("laufshirt", 3), ("shirt", 3), ("пицца", 4), ("пиццу", 4), ("xyz", None), ("co", None),
     ("", None)],
)  # fmt: skip
def test_a_reward_is_found_by_its_name_typos_forgiven(text: str, found: int | None) -> None:
    match = named(REWARDS, text)
    assert (match.id if match else None) == found
