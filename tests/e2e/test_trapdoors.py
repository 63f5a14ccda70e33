"""What a newcomer falls through in the first days: one test per trapdoor found by using the
bot as a new runner would (backfilled history, settings mid-week, pauses, rewards, files).
"""

from __future__ import annotations

import json

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


async def test_the_target_in_force_asked_for_again_changes_nothing_and_says_so(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-12-08 09:00"))  # a Tuesday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/target 2")
        rules = await harness.scalar("SELECT count(*) FROM week_rules")
        again = await harness.say(RUNNER, "/target 2")
        assert "2 days</b> a week already" in again.text, again.text
        assert "from Monday" not in again.text, again.text
        assert await harness.scalar("SELECT count(*) FROM week_rules") == rules
        later = await harness.say(RUNNER, "/target 3")
        assert "from Monday 14 Dec" in later.text, later.text


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
        # Back early: the week asks for its days again, and the reply says where it stands.
        back = await harness.say(RUNNER, "/resume")
        assert "Welcome back" in back.text and "1 of 3 days this week" in back.text, back.text


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


async def test_the_same_done_twice_within_minutes_asks_before_logging_twice(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-25 09:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await log_days(harness, "today")
        clock.advance(minutes=2)
        asked = await harness.say(RUNNER, "/done kb 20 today")
        assert "a moment ago" in asked.text and "Logged" not in asked.text, asked.text
        assert await harness.scalar("SELECT count(*) FROM sessions") == 1
        logged = await harness.press(RUNNER, asked, "Yes, log it again")
        assert "Logged" in logged.text, logged.text
        again = await harness.press(RUNNER, asked, "Yes, log it again")
        assert "Already logged" in again.text, again.text
        assert await harness.scalar("SELECT count(*) FROM sessions") == 2
        other = await harness.say(RUNNER, "/done kb 20 - swings")  # not the same: a note
        assert "Logged" in other.text, other.text
        clock.advance(minutes=6)
        await log_days(harness, "today")  # minutes later: a second workout, no question
        assert await harness.scalar("SELECT count(*) FROM sessions") == 4


async def export_of(harness: Harness) -> dict[str, bytes]:
    mark = harness.fake.mark()
    harness.fake.send_message(RUNNER, "/export")
    await harness.fake.wait_handled()
    sent = [c for c in harness.fake.sent(RUNNER, since=mark) if c.method == "sendDocument"]
    return {c.params["_file_name"]: next(iter(c.files.values())) for c in sent}


async def everything_shown(harness: Harness) -> dict[str, str]:
    commands = ("/stats", "/rewards", "/plans", "/history 20", "/week", "/target", "/prompt")
    return {command: (await harness.say(RUNNER, command)).text for command in commands}


async def test_export_deleteme_import_brings_every_reply_back(database_url: str) -> None:
    clock = FakeClock(at("2026-11-16 09:00"))  # a Monday
    async with Harness.running(database_url, clock=clock) as harness:
        for command in ("/timezone Europe/Berlin", "/prompt 07:30", "/evening 20:00",
                        "/target 2", "/prompt quiet-when-met",
                        "/reward cookie after every session", "/reward shirt after 3 sessions",
                        "/reward book after 21 days", "/plan tue kettlebell 20 swings",
                        "/plan wed core 15", "/done kb 20 - swings",
                        "/done core 15 yesterday"):  # fmt: skip
            await harness.say(RUNNER, command)
        clock.advance(days=1)
        await harness.say(RUNNER, "/done kettlebell 20 - swings")
        await harness.say(RUNNER, "/claim 1")
        await harness.say(RUNNER, "/target 3")  # from next week on: a second rule
        await harness.say(RUNNER, "/pause 2")
        clock.advance(days=5)  # Sunday 22: Wednesday's plan went by without a session
        await harness.say(RUNNER, "/plan tue core 10")
        before = await everything_shown(harness)
        files = await export_of(harness)
        data = json.loads(files["strongstreak-data.json"])
        assert {"sessions", "rewards", "plans", "pauses", "target_history"} <= data.keys()
        deleteme = await harness.say(RUNNER, "/deleteme")
        await harness.press(RUNNER, deleteme, "Yes, delete everything")
        mark = harness.fake.mark()
        harness.fake.send_message(
            RUNNER, "/import", document=("strongstreak-data.json", files["strongstreak-data.json"])
        )
        await harness.fake.wait_handled()
        imported = harness.fake.sent(RUNNER, since=mark)[0].text
        assert "Imported 3 sessions" in imported and "are back too" in imported, imported
        assert "Treat time" not in imported, "restored unlocks are not news again"
        after = await everything_shown(harness)
        for command, shown in before.items():
            assert after[command] == shown, (command, shown, after[command])
        again = await export_of(harness)
        assert again["strongstreak-sessions.csv"] == files["strongstreak-sessions.csv"]
        restored = json.loads(again["strongstreak-data.json"])
        for key in ("settings", "target_chosen", "target_history", "pauses", "plans"):
            assert restored[key] == data[key], key
        for reward in (*data["rewards"], *restored["rewards"]):
            for unlock in reward["unlocks"]:
                unlock["session"] = unlock["session"] is not None  # ids are new, links kept
        assert restored["rewards"] == data["rewards"]


async def test_the_json_export_imported_into_the_same_account_doubles_no_plan(
    database_url: str,
) -> None:
    async with Harness.running(database_url) as harness:
        for command in ("/plan tomorrow 07:00 kettlebell 20", "/plan thu 18:30 core 25 - club",
                        "/plan thu 18:30 core 25 - club", "/done core 10"):  # fmt: skip
            await harness.say(RUNNER, command)
        plans = (await harness.say(RUNNER, "/plans")).text
        files = await export_of(harness)
        imported = await harness.say(
            RUNNER, "/import", document=("strongstreak-data.json", files["strongstreak-data.json"])
        )
        assert "plans (0)" in imported.text, imported.text
        assert (await harness.say(RUNNER, "/plans")).text == plans


async def test_a_file_without_a_caption_gets_an_answer(database_url: str) -> None:
    async with Harness.running(database_url) as harness:
        await log_days(harness, "today", "yesterday")
        files = await export_of(harness)
        deleteme = await harness.say(RUNNER, "/deleteme")
        await harness.press(RUNNER, deleteme, "Yes, delete everything")
        asked = await harness.say(
            RUNNER, "", document=("strongstreak-data.json", files["strongstreak-data.json"])
        )
        assert "Import it?" in asked.text, asked.text
        imported = await harness.press(RUNNER, asked, "Import it")
        assert "Imported 2 sessions" in imported.text, imported.text
        other = await harness.say(RUNNER, "", document=("race.pdf", b"%PDF-1.4"))
        assert "/export" in other.text and not other.buttons, other.text


async def test_a_reward_set_today_counts_todays_sessions_and_says_since_when(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-12-07 09:00"))  # a Monday
    async with Harness.running(database_url, clock=clock) as harness:
        for activity in ("kb", "core", "yoga"):
            await harness.say(RUNNER, f"/done {activity} 20")
        deal = await harness.say(RUNNER, "/reward running top after 21 days")
        assert "today's sessions included" in deal.text, deal.text
        rewards = (await harness.say(RUNNER, "/rewards")).text
        assert "2 more days this week" in rewards, rewards
        assert "counting from Monday 7 Dec, when you set it" in rewards, rewards
        week = (await harness.say(RUNNER, "/week")).text
        assert "2 more to go" in week, week


async def test_a_week_reward_follows_its_week_when_another_session_goes(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-12-07 09:00"))  # a Monday
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/target 2")
        await harness.say(RUNNER, "/reward pizza after every week")
        await log_days(harness, "today")
        clock.advance(days=1)
        met = await harness.say(RUNNER, "/done kb 20")  # today's session meets the week
        assert "Treat time: <b>pizza</b>" in met.text, met.text
        listing = await harness.say(RUNNER, "/edit")
        menu = await harness.press(RUNNER, listing, "Mon 7 Dec")
        deleted = await harness.press(RUNNER, menu, "Delete")
        assert "Taken back: <b>pizza</b>" in deleted.text, deleted.text
        rewards = (await harness.say(RUNNER, "/rewards")).text
        assert "earned" not in rewards, rewards


async def unlock_rows(harness: Harness) -> tuple[int, int, int]:
    """(ledger rows, sessions holding one, the most one session holds)."""
    most = await harness.scalar(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM reward_unlocks GROUP BY session_id) AS t"
    )
    rows = await harness.scalar("SELECT count(*) FROM reward_unlocks")
    tied = await harness.scalar("SELECT count(DISTINCT session_id) FROM reward_unlocks")
    return rows, tied, most


async def test_a_session_reward_set_after_todays_session_earns_once_per_session(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-12-07 09:00"))  # a Monday
    async with Harness.running(database_url, clock=clock) as harness:
        await log_days(harness, "today")
        deal = await harness.say(RUNNER, "/reward cookie after every session")
        assert "Treat time: <b>cookie</b>. Enjoy" in deal.text, deal.text
        clock.advance(hours=3)
        mark = harness.fake.mark()
        message = harness.fake.send_message(RUNNER, "/done core 15")
        second = await harness.fake.reply(RUNNER, since=mark)
        await harness.fake.wait_idle()
        assert "Treat time: <b>cookie</b> (2nd time)" in second.text, second.text
        assert await unlock_rows(harness) == (2, 2, 1)
        mark = harness.fake.mark()
        harness.fake.push_update({"message": message})
        await harness.fake.wait_idle()
        redelivered = await harness.fake.reply(RUNNER, since=mark)
        assert "Treat time" not in redelivered.text, redelivered.text
        undone = await harness.say(RUNNER, "/undo")
        assert "cookie" in undone.text, undone.text
        clock.advance(minutes=10)
        again = await harness.say(RUNNER, "/done core 20")
        assert "Treat time: <b>cookie</b> (2nd time)" in again.text, again.text
        listing = await harness.say(RUNNER, "/edit")
        menu = await harness.press(RUNNER, listing, "Mon 7 Dec")
        await harness.press(RUNNER, menu, "30 min")
        assert await unlock_rows(harness) == (2, 2, 1)
        rewards = (await harness.say(RUNNER, "/rewards")).text
        assert "earned 2×" in rewards, rewards


async def onboard(harness: Harness, target: str) -> None:
    welcome = await harness.say(RUNNER, "/start")
    step2 = await harness.press(RUNNER, welcome, "Berlin")
    step3 = await harness.press(RUNNER, step2, "06:30")
    done = await harness.press(RUNNER, step3, target)
    assert "All set" in done.text, done.text


async def test_a_target_set_for_next_week_is_shown_with_the_weeks_it_applies_to(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-12-08 09:00"))  # a Tuesday
    async with Harness.running(database_url, clock=clock) as harness:
        await onboard(harness, target="2")
        await log_days(harness, "today")
        await harness.say(RUNNER, "/target 3")
        which = "The target of 3 applies from Mon 14 Dec; this week keeps its own: 2 days."
        for command in ("/target", "/start"):
            shown = (await harness.say(RUNNER, command)).text
            assert which in shown, (command, shown)
        for command in ("/week", "/stats"):  # these show this week's, and say so
            shown = (await harness.say(RUNNER, command)).text
            assert "1 of 2 days this week" in shown, (command, shown)
        clock.advance(days=6)  # Monday 14: the new target judges this week
        shown = (await harness.say(RUNNER, "/target")).text
        assert "applies from" not in shown and "target is 3 days" in shown, shown


async def test_start_lists_the_days_of_the_morning_check_in(database_url: str) -> None:
    async with Harness.running(database_url) as harness:
        await onboard(harness, target="2")
        await harness.say(RUNNER, "/prompt 06:30 mon-fri")
        again = await harness.say(RUNNER, "/start")
        assert "Morning check-in: 06:30, Mon, Tue, Wed, Thu, Fri" in again.text, again.text


async def test_a_plan_without_a_clear_day_asks_which_day_it_will_be(database_url: str) -> None:
    async with Harness.running(database_url) as harness:
        asked = await harness.say(RUNNER, "/plan kettlebell 20 next week sometime")
        assert "Which day will it be?" in asked.text, asked.text
        assert await harness.scalar("SELECT count(*) FROM plans") == 0
        past = {"de": "war es", "es": "fue?", "ru": "это было"}
        future = {"de": "soll es sein", "es": "será?", "ru": "это будет"}
        for language, words in past.items():
            await harness.say(RUNNER, f"/language {language}")
            asked = await harness.say(RUNNER, "/plan kettlebell 20 next week sometime")
            assert words not in asked.text and future[language] in asked.text, asked.text


async def test_onboarding_takes_its_answers_typed_in_the_runners_words(
    database_url: str,
) -> None:
    async with Harness.running(database_url) as harness:
        harness.fake.user_languages[RUNNER] = "de"
        welcome = await harness.say(RUNNER, "/start")
        await harness.press(RUNNER, welcome, "Berlin")
        await harness.say(RUNNER, "halb acht")
        done = await harness.say(RUNNER, "3 mal pro Woche")
        assert "Alles eingerichtet" in done.text or "07:30" in done.text, done.text
        assert await harness.scalar("SELECT prompt_minute FROM users") == 7 * 60 + 30
        assert (
            await harness.scalar("SELECT target FROM week_rules ORDER BY since DESC LIMIT 1") == 3
        )
