"""Streaks as the runner sees them: /stats, the /done reply, pauses, week start and moving zones."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.harness import Harness

RUNNER = 6001


async def test_stats_shows_the_week_streak_strength_and_top_activities(harness: Harness) -> None:
    empty = await harness.say(RUNNER, "/stats")
    assert "No sessions yet" in empty.text
    # Two met weeks before this one (the clock says Wednesday 25 November 2026).
    for day in ("2026-11-09", "2026-11-10", "2026-11-11", "2026-11-16", "2026-11-17"):
        await harness.say(RUNNER, f"/done kettlebell 20 {day}")
    met = await harness.say(RUNNER, "/done barre 30 2026-11-19")
    assert "🔥 Streak: 2 weeks · 14 consistency days" in met.text
    await harness.say(RUNNER, "/done core 15 mon")
    stats = await harness.say(RUNNER, "/stats")
    assert "Mo ✓ Tu · We · Th · Fr · Sa · Su ·" in stats.text
    assert "1 of 3 days this week" in stats.text
    assert "Streak: <b>2 weeks</b> (longest 2 weeks)" in stats.text
    assert "Consistency: <b>14 days</b>" in stats.text
    assert "Habit strength: <b>" in stats.text
    assert "This week: 1 session, 15 min" in stats.text
    assert "Last week: 3 sessions, 1h 10m" in stats.text
    assert "All time: 7 sessions, 2h 25m" in stats.text
    assert "kettlebell 5× (1h 40m)" in stats.text


async def test_the_reply_says_when_a_session_meets_the_week(harness: Harness) -> None:
    await harness.say(RUNNER, "/target 2")
    await harness.say(RUNNER, "/done kettlebell 15 mon")
    met = await harness.say(RUNNER, "/done kettlebell 15")
    assert "2 of 2 days this week" in met.text and "meets this week's target" in met.text
    assert "Streak: 1 week" in met.text


async def test_a_pause_shrinks_the_week_and_resume_ends_it(harness: Harness) -> None:
    paused = await harness.say(RUNNER, "/pause 5")
    assert "Paused for 5 days" in paused.text
    stats_reply = await harness.say(RUNNER, "/done kettlebell 15 mon")
    assert "1 of 1 day this week" in stats_reply.text  # 2 open days of 7: ceil(3 * 2 / 7) = 1
    overlap = await harness.say(RUNNER, "/pause 3")
    assert overlap.text.startswith("🤔")
    resumed = await harness.say(RUNNER, "/resume")
    assert "pause has ended" in resumed.text
    assert "not paused" in (await harness.say(RUNNER, "/resume")).text
    too_long = await harness.say(RUNNER, "/pause 61")
    assert "1 to 60 days" in too_long.text


async def test_a_pause_from_a_day_to_come_waits_for_it_and_resume_calls_it_off(
    harness: Harness,
) -> None:
    paused = await harness.say(RUNNER, "/pause lisbon trip from friday for 10 days")
    assert "Paused for 10 days, from Fri 27 Nov until Sun 6 Dec included" in paused.text, paused
    # Wednesday to Thursday are not paused: this week still asks for 3 days, less Friday to
    # Sunday's share.
    logged = await harness.say(RUNNER, "/done kettlebell 15")
    assert "1 of 2 days this week" in logged.text, logged.text
    resumed = await harness.say(RUNNER, "/resume")
    assert "pause has ended" in resumed.text, resumed.text
    assert await harness.scalar("SELECT count(*) FROM pauses") == 0


async def test_weeks_can_start_on_sunday(harness: Harness) -> None:
    changed = await harness.say(RUNNER, "/weekstart sunday")  # on Wednesday 25 November
    # This week stays Monday to Sunday; Monday 30 to Saturday 5 make a short week.
    assert "Weeks start on <b>Sunday</b> from Sunday 6 Dec" in changed.text, changed.text
    harness.clock.current = datetime(2026, 12, 6, 9, tzinfo=UTC)
    logged = await harness.say(RUNNER, "/done kettlebell 15")
    assert "1 of 3 days this week" in logged.text
    stats = await harness.say(RUNNER, "/stats")
    assert "Su ✓ Mo · Tu ·" in stats.text


async def test_moving_zones_does_not_move_past_sessions(harness: Harness) -> None:
    harness.clock.current = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    await harness.say(RUNNER, "/timezone Europe/Berlin")  # 00:30 on Thursday 26 there
    await harness.say(RUNNER, "/done kettlebell 15")
    await harness.say(RUNNER, "/timezone America/New_York")  # still Wednesday 25 here
    history = await harness.say(RUNNER, "/history")
    assert "Thu 26 Nov: <b>kettlebell</b>" in history.text
