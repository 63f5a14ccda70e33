"""Natural input through the real application: days in many forms, runs, and unknown words."""

from __future__ import annotations

from sqlalchemy import text

from tests.harness import Harness

RUNNER = 9101  # the clock says Wednesday 25 November 2026


async def sessions(harness: Harness) -> list[tuple[str, int, str]]:
    async with harness.application.bot_data.deps.sessionmaker() as session:
        rows = await session.execute(
            text("SELECT activity, minutes, local_date FROM sessions ORDER BY id")
        )
        return [(a, m, str(d)) for a, m, d in rows]


async def test_natural_days_log_on_the_day_they_name(harness: Harness) -> None:
    for typed in (
        "/done kb 15 last friday",
        "/done core 20 23.11.",
        "/done barre 30 22/11",
        "/done goblet squats 25 3 days ago",
        "/done kb 15 2026-11-21",
    ):
        reply = await harness.say(RUNNER, typed)
        assert reply.text.startswith("✅ Logged"), (typed, reply.text)
    assert await sessions(harness) == [
        ("kettlebell", 15, "2026-11-20"),
        ("core", 20, "2026-11-23"),
        ("barre", 30, "2026-11-22"),
        ("goblet squats", 25, "2026-11-22"),
        ("kettlebell", 15, "2026-11-21"),
    ]


async def test_tomorrow_and_unknown_words_are_refused_kindly_and_log_nothing(
    harness: Harness,
) -> None:
    tomorrow = await harness.say(RUNNER, "/done kb 15 tomorrow")
    assert "Tomorrow is still to come" in tomorrow.text, tomorrow.text
    unknown = await harness.say(RUNNER, "/done kb 15 tmorow")
    assert unknown.text.startswith("🤔")
    assert "“tmorow”" in unknown.text and "quotes or with hyphens" in unknown.text
    negative = await harness.say(RUNNER, "/done -5 kb")
    assert "-5 min can't be right" in negative.text and "name the activity" not in negative.text
    assert await sessions(harness) == []
    quoted = await harness.say(RUNNER, '/done "yoga with adriene" 30')
    assert "Logged <b>yoga with adriene</b> 30 min" in quoted.text
    hyphen = await harness.say(RUNNER, "/done single-leg-rdl 20")
    assert "Logged <b>single-leg-rdl</b> 20 min" in hyphen.text


async def test_runs_get_a_light_reply_and_are_not_logged(harness: Harness) -> None:
    for typed in ("/done run 30", "/done hills", "/done tempo 40", "/done long run 90",
                 "/done easy run 30 yesterday", "/done intervals 45"):  # fmt: skip
        reply = await harness.say(RUNNER, typed)
        # Nothing logged for the run: the strength that comes next, now or reminded.
        assert reply.text.startswith("🏃 Nice run!"), (typed, reply.text)
        assert len(reply.buttons) == 4, (typed, reply.buttons)
    assert await sessions(harness) == []
    strength = await harness.say(RUNNER, "/done tempo squats 20")
    assert "Logged <b>tempo squats</b>" in strength.text
