"""Numbers a runner can trust: one test per defect found where a setting or a reward is touched.

Each test reproduces what a runner did and checks what they were shown against the README.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import text

from bot.fake import Call
from tests.harness import FakeClock, Harness

RUNNER = 9301


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=UTC)


async def log_days(harness: Harness, *days: str) -> None:
    for day in days:
        reply = await harness.say(RUNNER, f"/done kb 20 {day}")
        assert "Logged" in reply.text, reply.text


async def stats_text(harness: Harness) -> str:
    return (await harness.say(RUNNER, "/stats")).text


def streak_of(stats: str) -> tuple[int, int]:
    found = re.search(r"Streak: <b>(\d+) weeks?</b> \(longest (\d+)", stats)
    assert found, stats
    return int(found[1]), int(found[2])


async def test_a_later_target_leaves_backdated_weeks_and_this_week_as_they_were(
    database_url: str,
) -> None:
    # The account is made on Wednesday 25 November; two earlier weeks are logged afterwards.
    async with Harness.running(database_url, clock=FakeClock(at("2026-11-25 09:00"))) as harness:
        await harness.say(RUNNER, "/target 3")  # the first choice
        await log_days(harness, "2026-11-10", "2026-11-12")  # 2 days: missed at target 3
        await log_days(harness, "2026-11-16", "2026-11-17", "2026-11-18")  # met
        reply = await harness.say(RUNNER, "/target 2")
        assert "from Monday 30 Nov" in reply.text, reply.text
        await log_days(harness, "2026-11-24", "2026-11-25")  # 2 of 3: this week keeps 3
        # A later target once reached back and met the week of 9 November too.
        assert streak_of(await stats_text(harness)) == (1, 1)


async def test_a_new_week_start_on_a_sunday_keeps_the_streak_and_the_week(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-25 09:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await log_days(harness, "2026-11-09", "2026-11-10", "2026-11-11")
        await log_days(harness, "2026-11-16", "2026-11-17", "2026-11-18")
        await log_days(harness, "2026-11-23", "2026-11-24")
        clock.current = at("2026-11-29 10:00")  # Sunday, 2 of 3 this week
        before = await stats_text(harness)
        reply = await harness.say(RUNNER, "/weekstart sunday")
        assert "This week stays as it is" in reply.text, reply.text
        after = await stats_text(harness)
        assert streak_of(after) == streak_of(before) == (2, 2)
        assert "2 of 3 days this week — 1 more to go, 1 day left" in after
        # The days until the first Sunday week make a short week of their own.
        assert "6 days from Monday 30 Nov" in reply.text and "3 days" in reply.text
        history = await harness.say(RUNNER, "/history")
        assert "Week of 16 Nov 2026" in history.text, history.text


async def test_a_pause_freezes_streak_rewards(database_url: str) -> None:
    clock = FakeClock(at("2026-11-02 09:00"))  # a Monday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/reward running top after 21 days")
        await harness.say(RUNNER, "/reward new shoes after month")
        for day in ("02", "03", "04"):
            clock.current = at(f"2026-11-{day} 09:00")
            await log_days(harness, "today")
        clock.current = at("2026-11-10 09:00")  # Tuesday of the next week
        before = (await harness.say(RUNNER, "/rewards")).text
        assert "7/21 days" in before and "1/4 weeks" in before, before
        await harness.say(RUNNER, "/pause 7")
        paused = (await harness.say(RUNNER, "/rewards")).text
        clock.current = at("2026-11-15 09:00")
        later = (await harness.say(RUNNER, "/rewards")).text
        assert "7/21 days" in paused and "1/4 weeks" in paused, paused
        assert "7/21 days" in later and "1/4 weeks" in later, later


async def test_undo_and_log_again_does_not_say_the_streak_started_over(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-02 09:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        for week in ("2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"):
            for offset in range(3):
                clock.current = at(f"{week} 09:00")
                clock.advance(days=offset)
                if week == "2026-11-23" and offset == 0:
                    await harness.say(RUNNER, "/reward running top after 21 days")
                await log_days(harness, "today")
        # Three met weeks, then this week met too: running top is at 7/21.
        assert "7/21 days" in (await harness.say(RUNNER, "/rewards")).text
        await harness.say(RUNNER, "/undo")
        await harness.say(RUNNER, "/undo")  # this week is open again, the streak is intact
        reply = await harness.say(RUNNER, "/done kb 20 fri")  # before the reward: not counted
        assert "Streak: 3 weeks" in reply.text, reply.text
        assert "started over" not in reply.text, reply.text


async def test_a_check_in_tells_the_news_it_is_first_to_see(database_url: str) -> None:
    clock = FakeClock(at("2026-11-02 05:00"))  # a Monday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/prompt 07:30")
        await harness.say(RUNNER, "/reward running top after 21 days")
        await log_days(harness, "today")
        clock.current = at("2026-11-03 09:00")
        await log_days(harness, "today")
        clock.current = at("2026-11-04 09:00")
        await log_days(harness, "today")  # the week of 2 Nov is met: 7/21
        mark = harness.fake.mark()
        clock.current = at("2026-11-16 07:30")  # the week of 9 Nov was missed
        morning = await harness.fake.wait_for(
            lambda c: c.method == "sendMessage" and c.text.startswith("Morning"), since=mark
        )
        assert "started over" in morning.text and "running top" in morning.text, morning.text
        reply = await harness.say(RUNNER, "/done kb 20")
        assert "started over" not in reply.text, "told twice"


async def test_an_unlock_caused_by_a_pause_is_announced(database_url: str) -> None:
    clock = FakeClock(at("2026-11-02 09:00"))  # a Monday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/reward pizza after every week")
        await log_days(harness, "today")
        clock.current = at("2026-11-04 09:00")  # Wednesday: 1 of 3
        # Paused from Wednesday on, the week asks for ceil(3 x 2/7) = 1 day, which is done.
        reply = await harness.say(RUNNER, "/pause 7")
        assert "Treat time: <b>pizza</b>" in reply.text, reply.text
        again = await harness.say(RUNNER, "/rewards")
        assert "earned 1×" in again.text, again.text


async def test_an_account_made_without_start_gets_no_check_ins(database_url: str) -> None:
    async with Harness.running(database_url) as harness:
        await harness.say(RUNNER, "/done kb 20")
        await harness.say(RUNNER, "/deleteme")
        assert await schedules(harness) == 0
        await harness.say(RUNNER, "/done kb 15")  # a new account, made by a message
        assert await schedules(harness) == 0
        reply = await harness.say(RUNNER, "/prompt 07:00")
        assert "07:00" in reply.text
        assert await schedules(harness) == 3  # chosen: morning, evening and the weekly summary


async def schedules(harness: Harness) -> int:
    async with harness.application.bot_data.deps.sessionmaker() as session:
        found = await session.execute(
            text("SELECT count(*) FROM schedules WHERE user_id = :u"), {"u": RUNNER}
        )
        return int(found.scalar_one())


async def test_a_backdated_session_that_meets_a_past_week_says_so(database_url: str) -> None:
    async with Harness.running(database_url, clock=FakeClock(at("2026-11-25 09:00"))) as harness:
        await log_days(harness, "2026-11-16", "2026-11-17")
        reply = await harness.say(RUNNER, "/done kb 20 2026-11-20")
        assert "The week of 16 Nov is now met ✓" in reply.text, reply.text


async def test_a_day_goal_that_is_not_whole_weeks_is_refused(database_url: str) -> None:
    async with Harness.running(database_url) as harness:
        reply = await harness.say(RUNNER, "/reward cake after 3 days")
        assert "7 at a time" in reply.text and "after 7 days" in reply.text, reply.text
        assert "No rewards yet" in (await harness.say(RUNNER, "/rewards")).text


async def test_a_week_that_can_no_longer_be_met_says_so_kindly(database_url: str) -> None:
    clock = FakeClock(at("2026-11-29 09:00"))  # a Sunday
    async with Harness.running(database_url, clock=clock) as harness:
        reply: Call = await harness.say(RUNNER, "/done kb 20")
        assert "can't be met any more" in reply.text, reply.text
        assert "1 day left" not in reply.text


async def test_a_pause_on_a_day_already_trained_keeps_every_reward(database_url: str) -> None:
    # Found in the sandbox: rewards set on a Sunday, a session that Sunday, then /pause.
    clock = FakeClock(at("2026-11-29 09:00"))  # a Sunday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/reward running top after 21 days")
        await harness.say(RUNNER, "/reward new shoes after month")
        await log_days(harness, "today")
        before = (await harness.say(RUNNER, "/rewards")).text
        assert "7/21 days" in before and "1/4 weeks" in before, before
        paused = await harness.say(RUNNER, "/pause 3")
        assert "0/21" not in paused.text, paused.text
        after = (await harness.say(RUNNER, "/rewards")).text
        assert "7/21 days" in after and "1/4 weeks" in after, after


async def test_a_week_whose_last_day_is_already_trained_cannot_be_met_by_more_that_day(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-29 09:00"))  # a Sunday
    async with Harness.running(database_url, clock=clock) as harness:
        await log_days(harness, "today")
        reply = await harness.say(RUNNER, "/done barre 20 yesterday")
        assert "2 of 3 days this week" in reply.text, reply.text
        assert "can't be met any more" in reply.text, reply.text


async def test_a_group_never_sees_a_runners_rewards(database_url: str) -> None:
    group = -100_777
    async with Harness.running(database_url) as harness:
        await harness.say(RUNNER, "/reward pizza after every session")
        in_group = await harness.say(RUNNER, "/done kb 20", chat_id=group)
        assert "Logged" in in_group.text and "pizza" not in in_group.text, in_group.text
        own = await harness.say(RUNNER, "/rewards")
        assert "earned 1×" in own.text, own.text


async def test_undo_says_which_past_week_it_unmet(database_url: str) -> None:
    async with Harness.running(database_url, clock=FakeClock(at("2026-11-25 09:00"))) as harness:
        await log_days(harness, "2026-11-16", "2026-11-17", "2026-11-18")
        undone = await harness.say(RUNNER, "/undo")
        assert "Week of 16 Nov is no longer met" in undone.text, undone.text


async def test_a_runner_who_joins_through_an_invite_is_asked_to_set_up(
    database_url: str,
) -> None:
    # Check-ins wait for a chosen time, so a newcomer arriving by a link must be asked for one.
    inviter, newcomer = 9401, 9402
    async with Harness.running(database_url) as harness:
        link = await harness.say(inviter, "/buddy")
        code = re.search(r"\?start=([\w-]+)", link.text)
        assert code, link.text
        offer = await harness.say(newcomer, f"/start {code[1]}")
        mark = harness.fake.mark()
        await harness.press(newcomer, offer, "Yes")
        asked = await harness.fake.wait_for(
            lambda c: c.chat_id == newcomer and "1 of 3 — your time zone" in c.text, since=mark
        )
        assert asked.buttons, asked.text
