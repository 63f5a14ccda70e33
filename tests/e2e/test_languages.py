"""The runner's language, through the real application: the one their Telegram is in on first
contact, /language to change it, each reader's own language for news, a group's own language,
and the command menus in every language."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.domain.rewards import parse_reward
from bot.texts import errors, general, i18n, language, rewards, runners
from bot.texts.common import e
from bot.texts.i18n import _
from tests.harness import FakeClock, Harness

ANNA, LUIS, OLGA = 8801, 8802, 8803
GROUP = -100880


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def said(language_code: str, msgid: str) -> str:
    """The words of a catalog entry in a language, up to its first placeholder."""
    with i18n.speaking(language_code):
        return _(msgid).split("{")[0]


async def test_a_runner_whose_telegram_is_german_hears_german_without_asking(
    database_url: str,
) -> None:
    async with Harness.running(database_url) as harness:
        harness.fake.user_languages[ANNA] = "de-AT"
        welcome = await harness.say(ANNA, "/start")
        with i18n.speaking("de"):
            expected = runners.welcome("Runner")
        assert welcome.text == expected and expected != runners.welcome("Runner")
        with i18n.speaking("de"):
            skip = runners.skip_button("UTC")
        assert skip != "Skip (UTC)" and (skip, "ob:tz:skip") in welcome.buttons

        logged = await harness.say(ANNA, "/done kettlebell 20 gestern")
        assert logged.text.startswith(said("de", "✅ Logged {session}")), logged.text
        assert said("de", "yesterday") in logged.text

        stats = await harness.say(ANNA, "/stats")
        assert said("de", "<b>📊 Your strength training</b>") in stats.text
        refused = await harness.say(ANNA, "/done kettlebell 20 morgen")
        assert "Tomorrow" not in refused.text and said("de", "Tomorrow") in refused.text

        menu = harness.fake.menus[("all_private_chats", "de")]
        described = {command["command"]: command["description"] for command in menu}
        assert described["help"] == said("de", "this list")
        assert harness.fake.menus[("all_private_chats", "")][-1]["description"] == "this list"
        assert {c["command"] for c in harness.fake.menus[("all_group_chats", "ru")]} >= {
            "done",
            "language",
        }


async def test_a_runner_picks_russian_and_the_check_in_follows(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(OLGA, "/prompt 07:30")
        menu = await harness.say(OLGA, "/language")
        assert menu.text == language.language_menu("en")
        assert [label for label, _data in menu.buttons] == [
            "English",
            "Deutsch",
            "Español",
            "Русский",
        ]
        chosen = await harness.press(OLGA, menu, "Русский")
        with i18n.speaking("ru"):
            assert chosen.text == language.language_set("ru")
        assert await harness.scalar("SELECT language FROM users WHERE id = :id", id=OLGA) == "ru"
        assert harness.fake.menus.get(("chat", "")), "the chat's own menu, now in Russian"

        week = await harness.say(OLGA, "/week")
        assert said("ru", "<b>Week of {day}</b>") in week.text, week.text
        clock.current = at("2026-11-25 07:30:05")
        morning_ru = said("ru", "Morning! Strength today? {week}.")
        morning = await harness.fake.wait_for(lambda c: c.ok and c.text.startswith(morning_ru))
        done_ru = said("ru", "✅ Done")
        assert any(label == done_ru for label, _data in morning.buttons), morning.buttons


async def test_buddy_news_comes_in_the_buddys_own_language(database_url: str) -> None:
    async with Harness.running(database_url) as harness:
        harness.fake.user_languages[ANNA] = "de"
        harness.fake.user_languages[LUIS] = "es"
        link = await harness.say(ANNA, "/buddy")
        code = re.search(r"\?start=([\w-]+)", link.text)
        assert code, link.text
        offer = await harness.say(LUIS, f"/start {code[1]}")
        await harness.press(LUIS, offer, said("es", "🤝 Yes, let's be buddies"))
        await harness.settled()
        mark = harness.fake.mark()
        await harness.say(ANNA, "/done kettlebell 20")
        await harness.settled()
        news = [c.text for c in harness.fake.sent(LUIS, since=mark)]
        assert any(
            text.startswith(said("es", "💪 Your buddy {name} did {activity} {minutes} min."))
            for text in news
        ), news


async def test_a_group_speaks_the_language_a_member_chose(database_url: str) -> None:
    async with Harness.running(database_url) as harness:
        await harness.say(ANNA, "/done kettlebell 20", chat_id=GROUP)
        english = await harness.say(ANNA, "/week", chat_id=GROUP)
        assert "<b>This week in the group</b>" in english.text
        menu = await harness.say(ANNA, "/language", chat_id=GROUP)
        chosen = await harness.press(ANNA, menu, "Español", chat_id=GROUP)
        with i18n.speaking("es"):
            assert chosen.text == language.group_language_set("es")
        spanish = await harness.say(LUIS, "/week", chat_id=GROUP)
        assert said("es", "<b>This week in the group</b>") in spanish.text
        harness.fake.user_languages[OLGA] = "ru"
        asked = await harness.say(OLGA, "/language", chat_id=GROUP)
        with i18n.speaking("es"):
            assert asked.text == language.group_language_menu("es"), "the group's, not Olga's"
        with i18n.speaking("es"):
            kept_private = general.private_only()
        for command in (
            "/rewards",
            "/stats",
            "/claim 1",
            "/reward cake after 3 sessions",
            "/start",
        ):
            answer = await harness.say(ANNA, command, chat_id=GROUP)
            assert answer.text == kept_private, command
        private = await harness.say(ANNA, "/week")
        assert "<b>Week of " in private.text, "Anna's own chat stays in her language"


async def test_days_are_typed_in_the_runners_language_and_the_examples_given_work(
    database_url: str,
) -> None:
    # Each runner, the language their Telegram is in, and a day no week starts on.
    speakers = ((ANNA, "de", "dienstag"), (LUIS, "es", "martes"), (OLGA, "ru", "вторник"))
    async with Harness.running(database_url) as harness:
        for runner, language_code, tuesday in speakers:
            harness.fake.user_languages[runner] = language_code
            await harness.say(runner, "/start")
            with i18n.speaking(language_code):
                week_example = _("/weekstart sunday")
                days_example = _("/prompt 07:30 mon-sat")
                other_example = _("/prompt 07:30 weekdays")
                mon_to_sat = runners.prompt_set(450, 0b0111111)
                mon_to_fri = runners.prompt_set(450, 0b0011111)
            assert week_example != "/weekstart sunday"

            refused = await harness.say(runner, f"/weekstart {tuesday}")
            assert week_example in refused.text
            moved = await harness.say(runner, week_example)
            stays = "Weeks start on <b>{weekday}</b> from {day} ✓ This week stays as it is."
            assert moved.text.startswith(said(language_code, stays)), moved.text

            refused = await harness.say(runner, "/prompt 07:30 someday")
            assert days_example in refused.text and other_example in refused.text
            assert (await harness.say(runner, days_example)).text == mon_to_sat
            assert (await harness.say(runner, other_example)).text == mon_to_fri
        # An hour as a German runner says it, before the days.
        with i18n.speaking("de"):
            seven_on_weekdays = runners.prompt_set(420, 0b0011111)
        assert (await harness.say(ANNA, "/prompt 7 Uhr werktags")).text == seven_on_weekdays


async def test_rewards_are_set_in_the_runners_language_and_the_examples_given_work(
    database_url: str,
) -> None:
    speakers = ((ANNA, "de", "Shirt nach irgendwann"), (LUIS, "es", "camiseta después de nunca"),
                (OLGA, "ru", "футболка после когда-нибудь"))  # fmt: skip
    async with Harness.running(database_url) as harness:
        for runner, language_code, unreadable in speakers:
            harness.fake.user_languages[runner] = language_code
            await harness.say(runner, "/start")
            empty = await harness.say(runner, "/rewards")
            examples = re.findall(r"<code>(/reward [^<]+)</code>", empty.text)
            refused = await harness.say(runner, f"/reward {unreadable}")
            with i18n.speaking(language_code):
                suggested = _("/reward running top after 21 days")
            assert suggested in refused.text and suggested in examples, refused.text
            assert len(examples) == 3
            for example in examples:
                assert " after " not in example, example  # in the runner's own words
                spec = parse_reward(example.removeprefix("/reward "))
                with i18n.speaking(language_code):
                    deal = rewards.reward_set(spec)
                assert (await harness.say(runner, example)).text == deal
            listed = await harness.say(runner, "/rewards")
            assert all(f"<b>{e(parse_reward(x[8:]).name)}</b>" in listed.text for x in examples)


async def test_every_done_example_a_refusal_or_help_gives_is_logged_as_it_is(
    database_url: str,
) -> None:
    speakers = ((9901, "en"), (ANNA, "de"), (LUIS, "es"), (OLGA, "ru"))
    async with Harness.running(database_url) as harness:
        for runner, language_code in speakers:
            harness.fake.user_languages[runner] = language_code
            with i18n.speaking(language_code):
                examples = list(errors.done_examples())
                examples += re.findall(r"<code>(/done [^<]+)</code>", general.help_text())
                logged = said(language_code, "✅ Logged {session}")
            assert len(examples) >= 9
            for example in examples:
                reply = await harness.say(runner, example)
                assert reply.text.startswith(logged), (language_code, example, reply.text)


async def test_settings_refusals_come_in_the_language_the_runner_chose(
    database_url: str,
) -> None:
    """Luis's Telegram is in English but he chose German: a refused setting speaks German as
    it does for Anna, whose Telegram is German, and not as it does for Olga (English)."""
    async with Harness.running(database_url) as harness:
        harness.fake.user_languages[ANNA] = "de"
        await harness.say(ANNA, "/start")
        await harness.say(LUIS, "/language deutsch")
        await harness.say(OLGA, "/start")
        for command in (
            "/target 9",
            "/pause forever and ever",
            "/remind whenever",
            "/timezone Atlantis",
            "/reward",
            "/reward cake after lots",
        ):
            chosen = await harness.say(LUIS, command)
            german = await harness.say(ANNA, command)
            english = await harness.say(OLGA, command)
            assert chosen.text == german.text != english.text, command
