"""Plans as a runner and a coach expect them, through the real application: several a day, a
time and its reminder, the coach clearing what they wrote, athletes named by @username, and the
coming weeks as a calendar file."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from tests.harness import FakeClock, Harness

ANNA, ADA, BEN = 8901, 8902, 8903
NAMES = {ANNA: "Anna", ADA: "Ada", BEN: "Ben"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def coached(harness: Harness, athlete: int) -> None:
    """`athlete` accepts ANNA's link and lets her see everything but notes."""
    link = await harness.say(ANNA, "/coach", first_name="Anna")
    code = link.text.split("start=")[1].split()[0].split("<")[0]
    offer = await harness.say(athlete, f"/start {code}", first_name=NAMES[athlete])
    accepted = await harness.press(athlete, offer, "Yes")
    await harness.press(athlete, accepted, "Everything but notes")
    await harness.dispatched()


async def test_a_second_plan_for_a_day_is_kept_beside_the_first(harness: Harness) -> None:
    await harness.say(ADA, "/plan thu kettlebell 20 swings")
    second = await harness.say(ADA, "/plan thu core 10")
    assert "Planned for" in second.text, second.text
    listing = await harness.say(ADA, "/plans")
    assert "<b>kettlebell</b> 20 min — swings" in listing.text
    assert "<b>core</b> 10 min" in listing.text
    changed = await harness.say(ADA, "/plan thu kettlebell 25")
    assert "Changed your plan" in changed.text
    assert await harness.scalar("SELECT count(*) FROM plans WHERE cancelled_at IS NULL") == 2
    removed = await harness.say(ADA, "/plan clear thu")
    assert "2 plans" in removed.text
    assert "No plans" in (await harness.say(ADA, "/plans")).text


async def test_a_coach_clears_or_changes_only_the_plans_they_wrote(harness: Harness) -> None:
    await coached(harness, ADA)
    await harness.say(ANNA, "/plan @ada thu kettlebell 20")
    await harness.say(ADA, "/plan thu core 10")
    await harness.dispatched()
    changed = await harness.say(ANNA, "/plan @ada thu 17:30 kettlebell 30")
    assert "Planned for <b>Ada</b>" in changed.text
    await harness.dispatched()
    mark = harness.fake.mark()
    cleared = await harness.say(ANNA, "/plan @ada clear thu")
    assert "Removed from <b>Ada</b>" in cleared.text, cleared.text
    assert "17:30 <b>kettlebell</b> 30 min" in cleared.text
    await harness.dispatched()
    told = [c.text for c in harness.fake.sent(ADA, since=mark)]
    assert len(told) == 1 and "Your coach <b>Anna</b> removed your plan" in told[0]
    listing = await harness.say(ADA, "/plans")
    assert "core" in listing.text and "kettlebell" not in listing.text
    again = await harness.say(ANNA, "/plan @ada clear thu")
    assert "You planned nothing for Ada" in again.text


async def test_a_coach_plan_never_overwrites_the_runners_own_plan_of_that_day(
    harness: Harness,
) -> None:
    await coached(harness, ADA)
    await harness.say(ADA, "/plan fri 7:30 core 15 - before work")
    await harness.say(ANNA, "/plan @ada fri core 20")
    await harness.dispatched()
    listing = (await harness.say(ADA, "/plans")).text
    assert "07:30 <b>core</b> 15 min — before work" in listing, listing
    assert "<b>core</b> 20 min" in listing and "Anna" in listing, listing
    changed = await harness.say(ANNA, "/plan @ada fri core 25")  # her own plan: changed
    assert "Planned for <b>Ada</b>" in changed.text, changed.text
    assert await harness.scalar("SELECT count(*) FROM plans WHERE cancelled_at IS NULL") == 2


async def test_a_coach_names_an_athlete_by_their_telegram_username(harness: Harness) -> None:
    harness.fake.usernames[ADA] = "ada_runs"
    await coached(harness, ADA)
    await coached(harness, BEN)
    written = await harness.say(ANNA, "/plan @ada_runs tue kettlebell 20")
    assert "Planned for <b>Ada</b>" in written.text, written.text
    assert "Planned for <b>Ben</b>" in (await harness.say(ANNA, "/plan @ben tue core 10")).text
    # She changes her username; the bot learns it from her next message.
    harness.fake.usernames[ADA] = "ada_fast"
    await harness.say(ADA, "/plans", first_name="Ada")
    assert "None of your athletes" in (await harness.say(ANNA, "/plan @ada_runs wed core 5")).text
    assert "Planned for <b>Ada</b>" in (await harness.say(ANNA, "/plan @ADA_FAST wed core 5")).text


async def test_a_timed_plan_reminds_once_at_the_right_local_minute(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 09:00"))  # Wednesday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(ADA, "/timezone Europe/Berlin", first_name="Ada")
        written = await harness.say(ADA, "/plan thu 18:30 kettlebell 20")
        assert "remind you 30 min before" in written.text, written.text
        await harness.say(ADA, "/plan fri 07:00 core 10")
        await harness.say(ADA, "/plan sat 09:00 core 10")
        mark = harness.fake.mark()
        clock.current = at("2026-11-26 16:59:00")  # 17:59 in Berlin
        await harness.dispatched()
        assert not [c for c in harness.fake.sent(ADA, since=mark) if "⏰" in c.text]
        clock.current = at("2026-11-26 17:00:02")  # 18:00 in Berlin
        await harness.dispatched()
        clock.current = at("2026-11-26 17:10:00")
        await harness.dispatched()
        reminders = [c.text for c in harness.fake.sent(ADA, since=mark) if "⏰" in c.text]
        assert reminders == [
            "⏰ In 30 min: 18:30 <b>kettlebell</b> 20 min. "
            "Log it when it's done: /done kettlebell 20"
        ]
        await harness.say(ADA, "/pause 2")  # Thursday and Friday
        clock.current = at("2026-11-27 05:30:02")  # Friday 06:30, 30 min before: paused
        await harness.dispatched()
        clock.current = at("2026-11-28 06:00:00")
        await harness.say(ADA, "/done core 10")
        clock.current = at("2026-11-28 07:30:00")  # Saturday 08:30: already logged
        await harness.dispatched()
        assert len([c for c in harness.fake.sent(ADA, since=mark) if "⏰" in c.text]) == 1
    async with Harness.running(database_url, clock=clock) as restarted:  # never twice
        clock.current = at("2026-11-26 17:20:00")  # Thursday's reminder is still within grace
        await restarted.dispatched()
        assert not [c for c in restarted.fake.sent(ADA) if "⏰" in c.text]


async def test_remind_sets_the_lead_or_turns_reminders_off(harness: Harness) -> None:
    assert "45 min before" in (await harness.say(ADA, "/remind 45")).text
    assert "remind you 45 min before" in (await harness.say(ADA, "/plan thu 18:30 kb 20")).text
    assert "off" in (await harness.say(ADA, "/remind off")).text
    assert "morning check-in" in (await harness.say(ADA, "/plan fri 18:30 kb 20")).text
    refused = await harness.say(ADA, "/remind 600")
    assert "from 5 to 180 minutes" in refused.text
    assert "25:00" in (await harness.say(ADA, "/plan thu 25:00 kb 20")).text


async def test_plans_sends_every_plan_it_lists_as_a_calendar_file(harness: Harness) -> None:
    await harness.say(ADA, "/plan thu 18:30 kettlebell 20 swings")
    await harness.say(ADA, "/plan sat core 10")
    planned = await harness.say(ADA, "/plan 2026-12-08 yoga 30")  # beyond the first week
    assert "Planned" in planned.text, planned.text
    listing = await harness.say(ADA, "/plans")
    assert "yoga" in listing.text, listing.text
    mark = harness.fake.mark()
    data = next(d for label, d in listing.buttons if "Add to calendar" in label)
    harness.fake.press_button(ADA, listing.result["message_id"], data, chat_id=ADA)
    sent = await harness.fake.wait_for(
        lambda c: c.method == "sendDocument" and c.chat_id == ADA, since=mark
    )
    assert sent.params["_file_name"] == "strongstreak-plans.ics"
    assert "3 plans of the next 8 weeks, as /plans lists them" in sent.text, sent.text
    found = icalendar.Calendar.from_ical(next(iter(sent.files.values()))).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in found) == [
        "💪 core 10 min", "💪 kettlebell 20 min", "💪 yoga 30 min"
    ]  # fmt: skip


async def test_the_morning_check_in_names_every_plan_of_the_day(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))  # Wednesday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(ADA, "/prompt 07:30", first_name="Ada")
        await harness.say(ADA, "/plan thu 18:00 core 10")
        await harness.say(ADA, "/plan thu kettlebell 20 swings")
        clock.current = at("2026-11-26 07:30:05")
        morning = await harness.fake.wait_for(
            lambda c: c.ok and c.chat_id == ADA and c.text.startswith("Morning!")
        )
        assert "Today's plan: <b>kettlebell</b> 20 min — swings" in morning.text
        assert "Also planned today: 18:00 <b>core</b> 10 min" in morning.text
        logged = await harness.press(ADA, morning, "Done")
        assert "Logged <b>kettlebell</b> 20 min" in logged.text


async def test_a_timed_plan_for_a_time_already_gone_today_is_refused(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 14:31"))  # Wednesday, 15:31 in Berlin
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(ADA, "/timezone Europe/Berlin", first_name="Ada")
        refused = await harness.say(ADA, "/plan 10:00 core 15")
        assert "10:00 today has passed already" in refused.text, refused.text
        assert "/plan tomorrow 10:00 kettlebell 20" in refused.text
        later = await harness.say(ADA, "/plan 16:00 core 15")
        assert "Planned for" in later.text, later.text
        tomorrow = await harness.say(ADA, "/plan thu 10:00 core 15")
        assert "Planned for" in tomorrow.text, tomorrow.text
        assert await harness.scalar("SELECT count(*) FROM plans") == 2


async def test_plans_lists_every_coming_plan_weeks_ahead_grouped_by_day(database_url: str) -> None:
    clock = FakeClock(at("2026-12-07 09:00"))  # Monday: the coming seven days end on Sunday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(ADA, "/plan fri core 10")
        next_monday = await harness.say(ADA, "/plan next monday 19:00 kb 20")
        december = await harness.say(ADA, "/plan dec 15 kb 20")
        second = await harness.say(ADA, "/plan dec 15 core 10")
        for accepted in (next_monday, december, second):
            assert "Planned for" in accepted.text, accepted.text
        listing = (await harness.say(ADA, "/plans")).text
        lines = listing.split("\n")
        assert any("14" in line and "Dec" in line and "19:00" in line for line in lines), listing
        december_days = [i for i, line in enumerate(lines) if "15" in line and "Dec" in line]
        assert len(december_days) == 1, "the day named once for its two plans: " + listing
        below = lines[december_days[0] + 1 : december_days[0] + 3]
        assert "kettlebell" in listing and all("•" in line for line in below), listing
