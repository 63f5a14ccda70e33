"""A welcome back after a missed week, and "it's a habit now", through the real application in
every language the bot speaks: each told exactly once, with a reward for each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.texts import i18n
from bot.texts.i18n import _
from tests.harness import Harness

RUNNER = 8401
LANGUAGES = ["en", "de", "es", "ru"]
# A reward for each, and a session, as a runner speaking each language writes them.
WRITTEN = {
    "en": ("coffee after a comeback", "new shoes when it's a habit", "kettlebell 20"),
    "de": ("Kaffee nach einem Comeback", "Laufschuhe, wenn es eine Gewohnheit ist",
           "kettlebell 20"),
    "es": ("café después de cada regreso", "zapatillas cuando sea un hábito", "kettlebell 20"),
    "ru": ("кофе после перерыва", "кроссовки, когда войдёт в привычку", "гиря 20"),
}  # fmt: skip


def said(language: str, msgid: str) -> str:
    """A catalog entry's words in a language, up to its first placeholder."""
    with i18n.speaking(language):
        return _(msgid).split("{")[0]


WELCOME = "👋 Welcome back! Coming back is what builds a habit, and you just did."
HABIT = (
    "🌱 It's a habit now: your habit strength has stayed at {strength}% or more for {days} "
    "days. From here it takes less effort; /stats keeps it in view."
)
DEAL_COMEBACK = (
    "🎁 Deal: <b>{name}</b> every time you come back: the first session after a week "
    "without one, or after a pause. Coming back is what builds a habit."
)
DEAL_HABIT = (
    "🎁 Deal: <b>{name}</b> when it's a habit: when your habit strength has stayed at "
    "{strength}% or more for {days} days. See how you're doing with /rewards."
)
TREAT = "🎁 Treat time: <b>{name}</b>. Enjoy it! 🎉"
EARNED = "🎉 You earned it: <b>{name}</b>. Go get it! 🎉"
SINCE = "🌱 A habit since {day}: habit strength stayed at {strength}% or more for {days} days."


def count(harness: Harness, words: str) -> int:
    return sum(call.text.count(words) for call in harness.fake.sent(RUNNER))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_comeback_is_welcomed_once_and_earns_its_reward(
    database_url: str, language: str
) -> None:
    comeback, _habit, session = WRITTEN[language]
    async with Harness.running(database_url) as harness:
        harness.fake.user_languages[RUNNER] = language
        deal = await harness.say(RUNNER, f"/reward {comeback}")
        assert deal.text.startswith(said(language, DEAL_COMEBACK)), deal.text
        start = harness.clock.current.replace(hour=18)  # Wednesday 25 November
        first = await harness.say(RUNNER, f"/done {session}")
        assert said(language, WELCOME) not in first.text
        harness.clock.current = start + timedelta(days=12)  # Monday 7 December: a week missed
        back = await harness.say(RUNNER, f"/done {session}")
        assert said(language, WELCOME) in back.text, back.text
        assert said(language, "Your streak starts again with this week.") in back.text
        assert said(language, TREAT) in back.text
        again = await harness.say(RUNNER, f"/done {session}")
        assert said(language, WELCOME) not in again.text
        assert count(harness, said(language, WELCOME)) == 1


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_habit_is_announced_once_shown_in_stats_and_earns_its_reward(
    database_url: str, language: str
) -> None:
    _comeback, habit, session = WRITTEN[language]
    async with Harness.running(database_url) as harness:
        harness.fake.user_languages[RUNNER] = language
        deal = await harness.say(RUNNER, f"/reward {habit}")
        assert said(language, DEAL_HABIT) in deal.text, deal.text
        await harness.say(RUNNER, "/target 1")
        start = harness.clock.current.replace(hour=18)
        told = []
        # One session a week, every week, for sixteen weeks (few messages, a slower habit).
        for offset in range(0, 16 * 7, 7):
            harness.clock.current = start + timedelta(days=offset)
            reply = await harness.say(RUNNER, f"/done {session}")
            if said(language, HABIT) in reply.text:
                told.append(offset)
                assert said(language, EARNED) in reply.text
        assert len(told) == 1 and 80 <= told[0] <= 110, told
        stats = await harness.say(RUNNER, "/stats")
        assert said(language, SINCE) in stats.text, stats.text
