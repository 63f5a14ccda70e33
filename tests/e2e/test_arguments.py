"""Command arguments in the runner's own words, through the real application, in the four
languages: numbers in words, units, everyday times and days, names instead of numbers, cities
with typos; and minutes typed as a plain message after "How many minutes?"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from bot.texts import i18n
from bot.texts.i18n import _
from tests.harness import FakeClock, Harness

RUNNER = 9100
NOW = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)  # a Wednesday


def said(language: str, msgid: str) -> str:
    """A catalog entry's words in a language, up to its first placeholder."""
    with i18n.speaking(language):
        return _(msgid).split("{")[0]


async def sessions(harness: Harness, user: int) -> list[tuple[object, ...]]:
    async with harness.application.bot_data.deps.sessionmaker() as session:
        rows = await session.execute(
            text("SELECT activity, minutes FROM sessions WHERE user_id = :u ORDER BY id"),
            {"u": user},
        )
        return [tuple(r) for r in rows]


@pytest.mark.parametrize(
    ("language", "target", "pause", "days", "remind", "lead", "zone", "zone_name"),
    [
        ("en", "three", "1 week", 7, "30 min before", 30, "Berlni", "Europe/Berlin"),
        ("de", "drei", "eine Woche", 7, "eine stunde vorher", 60, "München", "Europe/Berlin"),
        ("es", "tres", "dos semanas", 14, "una hora antes", 60, "Múnich", "Europe/Berlin"),
        ("ru", "три", "неделю", 7, "за час", 60, "Москва", "Europe/Moscow"),
    ],
)
async def test_settings_are_read_in_the_runners_words(
    database_url: str,
    language: str,
    target: str,
    pause: str,
    days: int,
    remind: str,
    lead: int,
    zone: str,
    zone_name: str,
) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        harness.fake.user_languages[RUNNER] = language
        await harness.say(RUNNER, "/done kb 15")
        await harness.say(RUNNER, f"/target {target}")
        assert await harness.scalar("SELECT max(target) FROM week_rules") == 3
        await harness.say(RUNNER, f"/pause {pause}")
        first = await harness.scalar("SELECT first_day FROM pauses WHERE user_id = :u", u=RUNNER)
        last = await harness.scalar("SELECT last_day FROM pauses WHERE user_id = :u", u=RUNNER)
        first, last = date.fromisoformat(str(first)), date.fromisoformat(str(last))
        assert (last - first).days + 1 == days
        await harness.say(RUNNER, f"/remind {remind}")
        got = await harness.scalar("SELECT remind_minutes FROM users WHERE id = :u", u=RUNNER)
        assert got == lead
        await harness.say(RUNNER, f"/timezone {zone}")
        got = await harness.scalar("SELECT time_zone FROM users WHERE id = :u", u=RUNNER)
        assert got == zone_name


@pytest.mark.parametrize(
    ("language", "until", "last"),
    [("en", "until friday", "2026-12-11"), ("de", "bis 10.12.", "2026-12-10"),
     ("es", "hasta el viernes", "2026-12-11"), ("ru", "до пятницы", "2026-12-11")],
)  # fmt: skip
async def test_a_pause_until_a_day_named_in_words(
    database_url: str, language: str, until: str, last: str
) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        harness.fake.user_languages[RUNNER] = language
        await harness.say(RUNNER, "/done kb 15")
        await harness.say(RUNNER, f"/pause {until}")
        got = await harness.scalar("SELECT last_day FROM pauses WHERE user_id = :u", u=RUNNER)
        assert str(got) == last


@pytest.mark.parametrize(
    ("language", "reward", "claim"),
    [("en", "cookie after one session", "cokie"),
     ("de", "Keks nach einer Einheit", "keks"),
     ("es", "galleta después de una sesión", "galleta"),
     ("ru", "печенька после одной тренировки", "печенька")],
)  # fmt: skip
async def test_an_earned_reward_is_claimed_by_its_name(
    database_url: str, language: str, reward: str, claim: str
) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        harness.fake.user_languages[RUNNER] = language
        await harness.say(RUNNER, "/start")
        await harness.say(RUNNER, "/reward tea after 40 sessions")
        await harness.say(RUNNER, f"/reward {reward}")
        await harness.say(RUNNER, "/done kb 15")
        await harness.say(RUNNER, f"/claim {claim}")
        claimed = await harness.scalar(
            "SELECT count(*) FROM reward_unlocks WHERE claimed_at IS NOT NULL"
        )
        assert claimed == 1


@pytest.mark.parametrize(
    ("language", "done", "answer", "activity", "minutes"),
    [("en", "/done kettlebell", "20", "kettlebell", 20),
     ("de", "/done Rumpf", "zwanzig", "core", 20),
     ("es", "/done sentadillas", "20 min", "squats", 20),
     ("ru", "/done пресс", "двадцать минут", "core", 20)],
)  # fmt: skip
async def test_minutes_typed_after_the_question_answer_it(
    database_url: str, language: str, done: str, answer: str, activity: str, minutes: int
) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        harness.fake.user_languages[RUNNER] = language
        await harness.say(RUNNER, "/done kb 15")
        asked = await harness.say(RUNNER, done)
        assert asked.buttons
        logged = await harness.say(RUNNER, answer)
        assert logged.text.startswith(said(language, "✅ Logged {session}")), logged.text
        assert (await sessions(harness, RUNNER))[-1] == (activity, minutes)
        # its minute buttons are gone: pressed now, they would log the session again
        question = harness.fake.message(RUNNER, asked.result["message_id"])
        assert not question.get("reply_markup"), question
        # the question was answered: the same words again log nothing more
        await harness.say(RUNNER, answer)
        assert len(await sessions(harness, RUNNER)) == 2


async def test_an_answer_with_words_around_it_and_a_question_left_behind(
    database_url: str,
) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        await harness.say(RUNNER, "/done kb 15")
        await harness.say(RUNNER, "/done core")
        answered = await harness.say(RUNNER, "20 min, it was yesterday actually")
        assert "Logged <b>core</b> 20 min, yesterday" in answered.text, answered.text
        await harness.say(RUNNER, "/done yoga")
        await harness.say(RUNNER, "hello")  # not an answer: the question is left behind
        later = await harness.say(RUNNER, "25")
        assert later.text.startswith("To log a session send"), later.text
        harness.fake.user_languages[RUNNER] = "ru"
        await harness.say(RUNNER, "/done пресс")
        await harness.say(RUNNER, "минут двадцать")  # about twenty minutes
        assert await sessions(harness, RUNNER) == [("kettlebell", 15), ("core", 20), ("core", 20)]
        day = await harness.scalar(
            "SELECT local_date FROM sessions WHERE user_id = :u ORDER BY id LIMIT 1 OFFSET 1",
            u=RUNNER,
        )
        assert str(day) == "2026-12-08"


async def test_a_number_with_no_question_open_logs_nothing(database_url: str) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        await harness.say(RUNNER, "/done kb 15")
        asked = await harness.say(RUNNER, "/done core")
        await harness.press(RUNNER, asked, "20")
        await harness.say(RUNNER, "20")  # the button answered already
        assert await sessions(harness, RUNNER) == [("kettlebell", 15), ("core", 20)]


@pytest.mark.parametrize(
    ("language", "vague"),
    [("en", "last week"), ("de", "letzte Woche"), ("es", "la semana pasada"),
     ("ru", "на прошлой неделе")],
)  # fmt: skip
async def test_edit_of_a_span_asks_for_one_day(
    database_url: str, language: str, vague: str
) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        harness.fake.user_languages[RUNNER] = language
        await harness.say(RUNNER, "/done kb 15")
        reply = await harness.say(RUNNER, f"/edit {vague}")
        with i18n.speaking(language):
            example = _("/edit monday")
        assert example in reply.text, reply.text
        monday = await harness.say(RUNNER, example)  # the example is one the bot takes
        unreadable = "I can't read “{text}” as a day. Name the day of the session to fix, e.g. /edit 12.10. or /edit yesterday"  # noqa: E501
        assert said(language, unreadable) not in monday.text, monday.text


@pytest.mark.parametrize(
    ("language", "count"), [("en", "ten"), ("de", "zehn"), ("es", "diez"), ("ru", "десять")]
)
async def test_history_takes_its_count_in_words(
    database_url: str, language: str, count: str
) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        harness.fake.user_languages[RUNNER] = language
        await harness.say(RUNNER, "/done kb 15")
        listed = await harness.say(RUNNER, f"/history {count}")
        assert said(language, "Ask for 1 to {high} sessions, e.g. {example}") not in listed.text
        assert listed.buttons, listed.text
        refused = await harness.say(RUNNER, "/history hundreds")
        assert said(language, "Ask for 1 to {high} sessions, e.g. {example}") in refused.text


@pytest.mark.parametrize(
    ("language", "prompt"),
    [("en", "half past six weekdays"), ("en", "6:30ish weekdays only"),
     ("de", "halb sieben Mo-Fr"), ("de", "halb sieben, nicht am Wochenende"),
     ("es", "a las seis y media entre semana"), ("ru", "в полседьмого по будням")],
)  # fmt: skip
async def test_a_check_in_time_in_words_takes_its_days_too(
    database_url: str, language: str, prompt: str
) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        harness.fake.user_languages[RUNNER] = language
        await harness.say(RUNNER, "/done kb 15")
        await harness.say(RUNNER, f"/prompt {prompt}")
        got = await harness.scalar("SELECT prompt_minute FROM users WHERE id = :u", u=RUNNER)
        assert got == 390
        days = await harness.scalar("SELECT prompt_days FROM users WHERE id = :u", u=RUNNER)
        assert days == 0b0011111  # Monday to Friday


@pytest.mark.parametrize(
    ("language", "prompt", "prompt_minute", "evening", "evening_minute"),
    [("en", "half past six", 390, "8 in the evening", 1200),
     ("de", "halb acht", 450, "7 uhr abends", 1140),
     ("es", "a las siete y media", 450, "a las 8 de la tarde", 1200),
     ("ru", "в 7 утра", 420, "в 7 вечера", 1140)],
)  # fmt: skip
async def test_check_in_times_are_read_in_words(
    database_url: str,
    language: str,
    prompt: str,
    prompt_minute: int,
    evening: str,
    evening_minute: int,
) -> None:
    async with Harness.running(database_url, clock=FakeClock(NOW)) as harness:
        harness.fake.user_languages[RUNNER] = language
        await harness.say(RUNNER, "/done kb 15")
        await harness.say(RUNNER, f"/prompt {prompt}")
        await harness.say(RUNNER, f"/evening {evening}")
        got = await harness.scalar("SELECT prompt_minute FROM users WHERE id = :u", u=RUNNER)
        assert got == prompt_minute
        got = await harness.scalar("SELECT evening_minute FROM users WHERE id = :u", u=RUNNER)
        assert got == evening_minute
