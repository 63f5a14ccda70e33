"""What a newcomer falls through in the first days: one test per trapdoor found by using the
bot as a new runner would (backfilled history, settings mid-week, pauses, rewards, files).
"""

from __future__ import annotations

from bot.texts import general, i18n, language
from tests.e2e.test_trust import RUNNER, at, log_days, stats_text, streak_of
from tests.harness import FakeClock, Harness


async def test_a_first_target_judges_the_history_logged_after_it(database_url: str) -> None:
    # A newcomer answers the target question with 2, then logs four past weeks, two a week.
    clock = FakeClock(at("2026-12-07 09:00"))  # a Monday
    async with Harness.running(database_url, clock=clock) as harness:
        reply = await harness.say(RUNNER, "/target 2")
        assert "every week so far" in reply.text, reply.text
        await log_days(harness, "2026-11-09", "2026-11-11", "2026-11-16", "2026-11-18")
        await log_days(harness, "2026-11-23", "2026-11-25", "2026-11-30", "2026-12-02")
        stats = await stats_text(harness)
        assert streak_of(stats) == (4, 4), stats
        history = (await harness.say(RUNNER, "/history 20")).text
        assert "2/3" not in history, history


async def test_a_target_change_mid_week_neither_meets_nor_un_meets_this_week(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-12-08 09:00"))  # a Tuesday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/target 2")
        await harness.say(RUNNER, "/reward pizza after every week")
        await log_days(harness, "2026-12-08")
        lower = await harness.say(RUNNER, "/target 1")
        assert "Treat time" not in lower.text, lower.text
        assert "from Monday 14 Dec" in lower.text, lower.text
        assert "1 of 2 days this week" in lower.text, lower.text
        week = (await harness.say(RUNNER, "/week")).text
        assert "1 of 2 days this week" in week, week
        clock.advance(days=1)
        await log_days(harness, "2026-12-09")
        higher = await harness.say(RUNNER, "/target 3")
        assert "2 of 2 days this week — target met" in higher.text, higher.text
        rewards = (await harness.say(RUNNER, "/rewards")).text
        assert "earned 1×" in rewards, rewards


async def test_a_pause_that_meets_the_week_says_so_and_why(database_url: str) -> None:
    clock = FakeClock(at("2026-12-07 09:00"))  # a Monday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/target 3")
        await log_days(harness, "2026-12-07")
        clock.advance(days=1)
        reply = await harness.say(RUNNER, "/pause 7")
        assert "this week asks for 1 day, and you have trained on 1: it counts as met" in (
            reply.text
        ), reply.text
        again = await harness.say(RUNNER, "/pause 3")  # refused: nothing to say about a week
        assert "counts as met" not in again.text, again.text


async def test_language_with_a_name_switches_at_once_and_help_follows(database_url: str) -> None:
    async with Harness.running(database_url) as harness:
        switched = await harness.say(RUNNER, "/language deutsch")
        with i18n.speaking("de"):
            assert switched.text == language.language_set("de"), switched.text
            help_de = general.help_text()
        assert await harness.scalar("SELECT language FROM users WHERE id = :id", id=RUNNER) == "de"
        assert (await harness.say(RUNNER, "/help")).text == help_de
        again = await harness.say(RUNNER, "/language ru")
        with i18n.speaking("ru"):
            assert again.text == language.language_set("ru"), again.text
        unknown = await harness.say(RUNNER, "/language klingon")
        assert "klingon" in unknown.text and unknown.buttons, unknown.text
        assert await harness.scalar("SELECT language FROM users WHERE id = :id", id=RUNNER) == "ru"


async def test_a_check_in_at_six_in_the_evening_does_not_say_morning(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 12:00"))  # Wednesday, UTC
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/prompt 18:00")
        mark = harness.fake.mark()
        clock.current = at("2026-11-25 18:00:00")
        checkin = await harness.fake.wait_for(
            lambda c: c.method == "sendMessage" and c.ok and "Strength today?" in c.text,
            since=mark,
        )
        assert checkin.text.startswith("Good evening!"), checkin.text


async def test_edit_and_delete_headers_name_the_day_once(database_url: str) -> None:
    async with Harness.running(database_url) as harness:  # Wednesday 25 November
        await harness.say(RUNNER, "/done goblet squats 25 2026-11-18")
        listing = await harness.say(RUNNER, "/edit")
        menu = await harness.press(RUNNER, listing, "Wed 18 Nov")
        assert menu.text.count("18 Nov") == 1, menu.text
        changed = await harness.press(RUNNER, menu, "30 min")
        assert changed.text.split("\n")[1].count("18 Nov") == 1, changed.text
        deleted = await harness.press(RUNNER, changed, "Delete")
        assert deleted.text.split("\n")[0].count("18 Nov") == 1, deleted.text


async def test_a_backdated_session_last_week_is_named_by_its_date(database_url: str) -> None:
    async with Harness.running(database_url) as harness:  # Wednesday 25 November
        friday = await harness.say(RUNNER, "/done kb 20 fri")
        assert "Friday 20 Nov" in friday.text, friday.text
        monday = await harness.say(RUNNER, "/done kb 20 mon")
        assert "Monday" in monday.text and "23 Nov" not in monday.text, monday.text
