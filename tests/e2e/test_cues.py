"""The run as the cue, through the real application: a run reported in any language gets the
strength that comes next, one tap to log it, and one reminder that is skipped once a session is
logged meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.fake import Call
from bot.texts import i18n
from bot.texts.common import activity_name, duration
from bot.texts.i18n import _
from tests.harness import FakeClock, Harness

RUNNER = 8501
# A run, and the strength session after it, as a runner speaking each language writes them.
RUNS = {
    "en": ("/done run 30", "/done hills"),
    "de": ("/done Lauf 30", "/done laufen 45"),
    "es": ("/done correr 30", "/done rodaje 40"),
    "ru": ("/done бег 30", "/done пробежка 40"),
}
NICE = (
    "🏃 Nice run! Runs aren't logged here, but right after one is the easiest moment for "
    "your strength work."
)
REMINDER = "⏰ Strength after your run, as you asked: this is your reminder."


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def said(language: str, msgid: str) -> str:
    with i18n.speaking(language):
        return _(msgid).split("{")[0]


def reminders(harness: Harness, language: str, since: int) -> list[Call]:
    words = said(language, REMINDER)
    return [c for c in harness.fake.calls[since:] if c.ok and words in c.text]


@pytest.mark.parametrize("language", sorted(RUNS))
async def test_a_run_offers_the_usual_strength_and_reminds_once(
    database_url: str, language: str
) -> None:
    clock = FakeClock(at("2026-11-25 17:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        harness.fake.user_languages[RUNNER] = language
        await harness.say(RUNNER, "/done kettlebell 20 mon")
        await harness.say(RUNNER, "/done kettlebell 20 tue")
        run, other_run = RUNS[language]
        cue = await harness.say(RUNNER, run)
        assert cue.text.startswith(said(language, NICE)), cue.text
        with i18n.speaking(language):
            name = activity_name("kettlebell")
            usual = f"{name} {duration(20)}"
        assert usual in cue.text, cue.text
        assert len(cue.buttons) == 4, cue.buttons
        assert await harness.scalar("SELECT count(*) FROM sessions") == 2, "nothing logged"

        set_ = await harness.press(RUNNER, cue, "30")
        assert "17:30" in set_.text, set_.text
        mark = harness.fake.mark()
        clock.current = at("2026-11-25 17:29")
        await harness.dispatched()
        assert not reminders(harness, language, mark), "not before its time"
        clock.current = at("2026-11-25 17:31")
        reminder = await harness.fake.wait_for(
            lambda c: c.ok and said(language, REMINDER) in c.text, since=mark
        )
        assert name in reminder.text, reminder.text
        logged = await harness.press(RUNNER, reminder, "✅")
        assert "20" in logged.text, logged.text
        assert await harness.scalar("SELECT count(*) FROM sessions") == 3

        # Another run the same day: strength is done, so nothing more is offered.
        again = await harness.say(RUNNER, other_run)
        assert not again.buttons, again.buttons
        await harness.dispatched()
        assert len(reminders(harness, language, 0)) == 1


async def test_a_reminder_is_skipped_when_a_session_is_logged_meanwhile(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-25 17:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        cue = await harness.say(RUNNER, "/done tempo 40")
        assert cue.text.startswith(NICE) and "15 minutes of strength" in cue.text, cue.text
        await harness.press(RUNNER, cue, "90")
        await harness.say(RUNNER, "/done core 15")
        mark = harness.fake.mark()
        clock.current = at("2026-11-25 18:31")
        await harness.dispatched()
        assert not reminders(harness, "en", mark)
        status = await harness.scalar("SELECT status FROM checkins WHERE kind = 'cue'")
        assert status == "quiet"
        assert await harness.scalar("SELECT count(*) FROM schedules WHERE kind = 'cue'") == 0


async def test_a_planned_workout_is_what_a_run_offers(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 17:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(RUNNER, "/plan today kettlebell 25")
        cue = await harness.say(RUNNER, "/done run 5k")
        assert "today's plan: kettlebell 25 min" in cue.text, cue.text
        logged = await harness.press(RUNNER, cue, "✅")
        assert "kettlebell" in logged.text and "25" in logged.text
