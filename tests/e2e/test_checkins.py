"""Morning check-ins through the real application, the dispatcher job and the fake Bot API."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.fake import Call
from bot.storage.store import Store
from tests.harness import FakeClock, Harness

RUNNER = 9101
OTHER = 9102


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def is_morning(call: Call) -> bool:
    return call.method == "sendMessage" and call.ok and call.text.startswith("Morning!")


async def morning_for(harness: Harness, chat_id: int, since: int, timeout: float = 10) -> Call:
    return await harness.fake.wait_for(
        lambda c: is_morning(c) and c.chat_id == chat_id, since=since, timeout=timeout
    )


async def berlin_runner(harness: Harness, user_id: int = RUNNER) -> None:
    await harness.say(user_id, "/timezone Europe/Berlin")
    await harness.say(user_id, "/prompt 07:30")


async def test_a_prompt_arrives_at_the_minute_and_its_buttons_work(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))  # Wednesday, 06:00 in Berlin
    async with Harness.running(database_url, clock=clock) as harness:
        await berlin_runner(harness)
        await harness.say(RUNNER, "/done kettlebell 20 mon")
        clock.current = at("2026-11-25 06:29:50")
        mark = harness.fake.mark()
        await harness.dispatched()
        assert not [c for c in harness.fake.calls[mark:] if is_morning(c)], "not before 07:30"
        clock.current = at("2026-11-25 06:30:00")
        prompt = await morning_for(harness, RUNNER, mark)
        assert "1 of 3 days this week — 2 more to go, 5 days left" in prompt.text
        assert [label for label, _ in prompt.buttons] == ["✅ Done", "🌙 Tonight", "🛌 Rest day"]
        logged = await harness.press(RUNNER, prompt, "Done")
        assert "Logged <b>kettlebell</b> 20 min" in logged.text
        again = await harness.press(RUNNER, prompt, "Done")
        assert "Already logged" in again.text
        assert await harness.scalar("SELECT count(*) FROM sessions") == 2

        # Thursday: Tonight, and the evening reminder comes at 19:00 Berlin.
        clock.current = at("2026-11-26 06:30:00")
        thursday = await morning_for(harness, RUNNER, harness.fake.mark())
        answered = await harness.press(RUNNER, thursday, "Tonight")
        assert "Tonight it is" in answered.text and "19:00" in answered.text
        mark = harness.fake.mark()
        clock.current = at("2026-11-26 18:00:00")
        evening = await harness.fake.wait_for(
            lambda c: c.ok and "still on for tonight" in c.text, since=mark
        )
        assert [label for label, _ in evening.buttons] == ["✅ Done"]

        # Friday: a rest day; an old Thursday button has expired.
        clock.current = at("2026-11-27 06:30:00")
        friday = await morning_for(harness, RUNNER, harness.fake.mark())
        rested = await harness.press(RUNNER, friday, "Rest day")
        assert "Rest day noted" in rested.text
        mark = harness.fake.mark()
        data = next(d for label, d in thursday.buttons if "Tonight" in label)
        harness.fake.press_button(RUNNER, thursday.result["message_id"], data)
        expired = await harness.fake.wait_for(
            lambda c: c.method == "answerCallbackQuery" and "expired" in str(c.params), since=mark
        )
        assert expired.params.get("show_alert") in (True, "true")


async def test_at_most_one_prompt_per_date_across_a_restart(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await berlin_runner(harness)
        clock.current = at("2026-11-25 06:30:05")
        await morning_for(harness, RUNNER, 0)
    async with Harness.running(database_url, clock=clock) as again:
        await again.dispatched()
        assert not [c for c in again.fake.calls if is_morning(c)]
    count = await again.scalar("SELECT count(*) FROM checkins WHERE kind = 'morning'")
    assert count == 1


async def test_after_downtime_recent_prompts_are_sent_and_stale_ones_skipped(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await berlin_runner(harness)
        await berlin_runner(harness, OTHER)
        await harness.say(OTHER, "/prompt 04:00")  # due 03:00 UTC on Thursday
    clock.current = at("2026-11-26 06:40")  # back up: RUNNER's 07:30 is 10 min late
    async with Harness.running(database_url, clock=clock) as later:
        await morning_for(later, RUNNER, 0)
        await later.dispatched()
        assert not [c for c in later.fake.calls if is_morning(c) and c.chat_id == OTHER], (
            "3 h 40 min late is too stale to send"
        )
        async with later.application.bot_data.deps.sessionmaker() as session:
            schedules = await Store(session).checkins.schedules(OTHER)
        assert schedules["morning"] == at("2026-11-27 03:00"), "Friday's comes as usual"
    assert await later.scalar("SELECT count(*) FROM checkins WHERE user_id = :u", u=OTHER) == 0


async def test_faults_delay_but_neither_lose_nor_duplicate_a_prompt(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await berlin_runner(harness)
        await berlin_runner(harness, OTHER)
        harness.fake.fail("sendMessage", code=429, retry_after=1, chat_id=RUNNER)
        harness.fake.fail("sendMessage", code=500, chat_id=OTHER, times=2)
        clock.current = at("2026-11-25 06:30:01")
        await morning_for(harness, RUNNER, 0, timeout=15)
        await morning_for(harness, OTHER, 0, timeout=15)
        await harness.dispatched()
        for user in (RUNNER, OTHER):
            assert len([c for c in harness.fake.sent(user) if is_morning(c)]) == 1


async def test_a_blocked_runner_stops_receiving_prompts_and_nothing_else_breaks(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await berlin_runner(harness)
        await berlin_runner(harness, OTHER)
        harness.fake.block(OTHER)
        clock.current = at("2026-11-25 06:30:01")
        await morning_for(harness, RUNNER, 0)
        await harness.fake.wait_for(
            lambda c: c.chat_id == OTHER and not c.ok and c.method == "sendMessage"
        )
        await harness.dispatched()
        assert await harness.scalar("SELECT active FROM users WHERE id = :u", u=OTHER) in (0, False)
        assert (
            await harness.scalar("SELECT count(*) FROM schedules WHERE user_id = :u", u=OTHER) == 0
        )
        assert "Logged" in (await harness.say(RUNNER, "/done core 10")).text
        # Coming back with /start turns check-ins on again.
        harness.fake.blocked.discard(OTHER)
        await harness.say(OTHER, "/start")
        assert await harness.scalar("SELECT active FROM users WHERE id = :u", u=OTHER) in (1, True)
        assert (
            await harness.scalar("SELECT count(*) FROM schedules WHERE user_id = :u", u=OTHER) == 3
        )


async def test_quiet_days_and_quiet_when_met(database_url: str) -> None:
    clock = FakeClock(at("2026-11-27 05:00"))  # Friday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/timezone Europe/Berlin")
        confirm = await harness.say(RUNNER, "/prompt 07:30 mon-fri")
        assert "Mon, Tue, Wed, Thu, Fri" in confirm.text
        for day in ("mon", "tue", "wed"):
            await harness.say(RUNNER, f"/done kettlebell 15 {day}")
        clock.current = at("2026-11-27 06:30:01")
        light = await morning_for(harness, RUNNER, 0)
        assert "met already" in light.text and [b for b, _ in light.buttons] == ["✅ Done"]
        await harness.say(RUNNER, "/prompt quiet-when-met")
        mark = harness.fake.mark()
        clock.current = at("2026-11-28 06:30:01")  # Saturday: not a prompt day
        await harness.dispatched()
        clock.current = at("2026-11-30 06:30:01")  # Monday: a new week, not met
        monday = await morning_for(harness, RUNNER, mark)
        assert "0 of 3 days this week" in monday.text
        sent_mornings = [c for c in harness.fake.calls[mark:] if is_morning(c)]
        assert len(sent_mornings) == 1


async def test_the_weekly_summary_comes_at_the_end_of_the_week(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/prompt 07:30")  # check-ins wait for a chosen time
        await harness.say(RUNNER, "/done kettlebell 20 mon")
        await harness.say(RUNNER, "/done barre 30")
        await harness.say(RUNNER, "/reward new shoes after month")
        mark = harness.fake.mark()
        clock.current = at("2026-11-29 19:59:50")
        await harness.dispatched()
        assert not [c for c in harness.fake.calls[mark:] if "Your week is done" in c.text]
        clock.current = at("2026-11-29 20:00:01")
        summary = await harness.fake.wait_for(
            lambda c: c.ok and "Your week is done" in c.text, since=mark
        )
        assert "Week of 23 Nov" in summary.text and "2 of 3 days this week" in summary.text
        assert "This week: 2 sessions, 50 min" in summary.text
        assert "new shoes" in summary.text and not summary.buttons
