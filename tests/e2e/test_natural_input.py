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
        ("squats", 25, "2026-11-22"),
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
    assert "Logged <b>squats</b>" in strength.text
    cross = await harness.say(RUNNER, "/done rowing machine 20")
    assert cross.text.startswith("🏃 Cross-training doesn't count here"), cross.text
    assert await sessions(harness) == [("squats", 20, "2026-11-25")]


async def test_a_typo_is_asked_about_and_either_button_logs_once(harness: Harness) -> None:
    asked = await harness.say(RUNNER, "/done kettelbell 25 yesterday - new bell")
    assert asked.text.startswith("Did you mean <b>kettlebell</b>?"), asked.text
    assert [label for label, _ in asked.buttons] == ["✅ kettlebell", "Log as “kettelbell”"]
    assert await sessions(harness) == []
    logged = await harness.press(RUNNER, asked, "✅ kettlebell")
    assert "Logged <b>kettlebell</b> 25 min, yesterday — <i>new bell</i>" in logged.text
    again = await harness.press(RUNNER, asked, "Log as “kettelbell”")
    assert again.text.startswith("Already logged"), again.text
    assert await sessions(harness) == [("kettlebell", 25, "2026-11-24")]


async def test_a_typo_of_the_runners_own_activity_is_asked_about(harness: Harness) -> None:
    first = await harness.say(RUNNER, "/done burpees 20")
    assert "Logged <b>burpees</b> 20 min" in first.text, first.text
    typo = await harness.say(RUNNER, "/done burpess 15")
    assert typo.text.startswith("Did you mean <b>burpees</b>?"), typo.text


async def test_an_unknown_activity_of_several_words_is_one_tap_away(harness: Harness) -> None:
    asked = await harness.say(RUNNER, "/done Rumpf Stabilität 20")
    assert asked.text == "Log <b>rumpf stabilität</b> 20 min today?", asked.text
    assert await sessions(harness) == []
    logged = await harness.press(RUNNER, asked, "✅ Log it")
    assert "Logged <b>rumpf stabilität</b> 20 min" in logged.text
    await harness.press(RUNNER, asked, "✅ Log it")
    assert await sessions(harness) == [("rumpf stabilität", 20, "2026-11-25")]


async def test_a_plain_message_that_reads_as_a_session_is_one_tap_away(harness: Harness) -> None:
    asked = await harness.say(RUNNER, "did 30 mins of yoga this morning - hips better")
    assert asked.text == "Log <b>yoga</b> 30 min today?", asked.text
    logged = await harness.press(RUNNER, asked, "✅ Log it")
    assert "Logged <b>yoga</b> 30 min — <i>hips better</i>" in logged.text
    chatter = await harness.say(RUNNER, "thanks, see you tomorrow")
    assert chatter.text.startswith("To log a session send"), chatter.text
    run = await harness.say(RUNNER, "went for a run, 30 min")
    # Nothing logged for the run; the yoga today was the strength, so nothing more to do.
    assert run.text.startswith("🏃 Nice run! Your strength is already logged today"), run.text
    assert await sessions(harness) == [("yoga", 30, "2026-11-25")]


async def test_an_open_onboarding_step_takes_only_what_answers_it(harness: Harness) -> None:
    await harness.say(RUNNER, "/start")  # the time zone step is open
    asked = await harness.say(RUNNER, "kettlebell 15")
    assert asked.text == "Log <b>kettlebell</b> 15 min today?", asked.text
    hint = await harness.say(RUNNER, "hello there")
    assert hint.text.startswith("To log a session send"), hint.text
    for passing in ("thanks!", "ok 👍", "danke"):  # said in passing, not a place
        said = await harness.say(RUNNER, passing)
        assert said.text.startswith("To log a session send"), said.text
    unknown = await harness.say(RUNNER, "Atlantis")
    assert "time zone" in unknown.text, "one word is an answer to the step, and it says why not"
    zone = await harness.say(RUNNER, "Berln")  # a typo of a city is forgiven
    assert "Europe/Berlin" in zone.text, zone.text
    assert await harness.scalar("SELECT time_zone FROM users WHERE id = :id", id=RUNNER) == (
        "Europe/Berlin"
    )


async def test_a_runner_sees_activities_in_their_own_language(harness: Harness) -> None:
    harness.fake.user_languages[RUNNER] = "de"
    logged = await harness.say(RUNNER, "/done kettlebells 20 gestern")
    assert "<b>Kettlebell</b>" in logged.text, logged.text
    core = await harness.say(RUNNER, "/done core 15")
    assert "<b>Rumpf</b>" in core.text, core.text
    assert await sessions(harness) == [("kettlebell", 20, "2026-11-24"), ("core", 15, "2026-11-25")]


async def test_an_activity_alone_in_a_plain_message_asks_for_its_minutes(harness: Harness) -> None:
    asked = await harness.say(RUNNER, "squats")
    assert asked.text.startswith("How many minutes of <b>squats</b>"), asked.text
    assert asked.buttons
    logged = await harness.say(RUNNER, "20")
    assert "Logged <b>squats</b> 20 min" in logged.text, logged.text
    assert await sessions(harness) == [("squats", 20, "2026-11-25")]


async def test_a_plain_message_with_an_unknown_activity_and_minutes_is_one_tap_away(
    harness: Harness,
) -> None:
    asked = await harness.say(RUNNER, "benchpress 30 min yesterday")
    assert asked.text == "Log <b>benchpress</b> 30 min yesterday?", asked.text
    await harness.press(RUNNER, asked, "✅ Log it")
    # A bare number is not enough for a word the bot does not know: "kids 2" is no session.
    chatter = await harness.say(RUNNER, "kids 2")
    assert chatter.text.startswith("To log a session send"), chatter.text
    assert await sessions(harness) == [("benchpress", 30, "2026-11-24")]


async def test_a_run_with_its_distance_is_the_cue_and_a_question_about_one_is_not(
    harness: Harness,
) -> None:
    run = await harness.say(RUNNER, "ran 12 km this morning")
    assert run.text.startswith("🏃 Nice run!"), run.text
    question = await harness.say(RUNNER, "anyone up for a trail run saturday?")
    assert question.text.startswith("To log a session send"), question.text
    vague = await harness.say(RUNNER, "did core a few days ago, 20 min")
    assert "is not one day" in vague.text, vague.text
    assert await sessions(harness) == []


async def test_words_after_the_session_are_its_note(harness: Harness) -> None:
    logged = await harness.say(RUNNER, "/done pilates 30 while the baby naps")
    assert "Logged <b>pilates</b> 30 min — <i>while the baby naps</i>" in logged.text, logged.text
    unit = await harness.say(RUNNER, "/done pushups 100 in 12 min")
    assert "Logged <b>push-ups</b> 12 min" in unit.text, unit.text
    assert await sessions(harness) == [
        ("pilates", 30, "2026-11-25"),
        ("push-ups", 12, "2026-11-25"),
    ]


async def test_set_up_answers_may_hedge_and_small_talk_gets_the_question_again(
    harness: Harness,
) -> None:
    await harness.say(RUNNER, "/start")
    await harness.say(RUNNER, "Berlin")
    again = await harness.say(RUNNER, "ok")
    assert "2 of 3 — morning check-in" in again.text and again.buttons, again.text
    time_set = await harness.say(RUNNER, "7ish")
    assert "Morning check-in: <b>at 07:00</b> ✓" in time_set.text, time_set.text
    again = await harness.say(RUNNER, "thanks!")
    assert "3 of 3 — weekly target" in again.text and again.buttons, again.text
    await harness.say(RUNNER, "2 i think")
    assert await harness.scalar("SELECT onboarding FROM users WHERE id = :id", id=RUNNER) is None
    assert (
        await harness.scalar(
            "SELECT target FROM week_rules WHERE habit_id = "
            "(SELECT id FROM habits WHERE user_id = :id) ORDER BY since DESC LIMIT 1",
            id=RUNNER,
        )
        == 2
    )
