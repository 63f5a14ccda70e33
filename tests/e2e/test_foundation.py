"""A runner's first days with the bot, through the real Application and real HTTP."""

from __future__ import annotations

from tests.harness import Harness

RUNNER = 5001


async def sessions_of(harness: Harness, user_id: int = RUNNER) -> int:
    return int(await harness.scalar("SELECT count(*) FROM sessions WHERE user_id = :u", u=user_id))


async def test_start_walks_through_three_steps_and_keeps_the_choices(harness: Harness) -> None:
    welcome = await harness.say(RUNNER, "/start")
    assert "1 of 3" in welcome.text
    step2 = await harness.press(RUNNER, welcome, "Berlin")
    assert "Europe/Berlin" in step2.text and "2 of 3" in step2.text
    step3 = await harness.press(RUNNER, step2, "06:30")
    assert "06:30" in step3.text and "3 of 3" in step3.text
    summary = await harness.press(RUNNER, step3, "2")
    assert "All set" in summary.text
    assert "Europe/Berlin" in summary.text and "Weekly target: 2 days a week" in summary.text
    again = await harness.say(RUNNER, "/start")
    assert "Welcome back" in again.text and "06:30" in again.text
    assert harness.fake.commands, "the command menu is published at start-up"
    assert {c["command"] for c in harness.fake.commands} >= {"done", "undo", "history", "help"}


async def test_group_chats_get_a_menu_of_what_works_there(harness: Harness) -> None:
    private = {c["command"] for c in harness.fake.menus[("all_private_chats", "")]}
    groups = [c["command"] for c in harness.fake.menus[("all_group_chats", "")]]
    assert {"done", "undo", "week", "help"} <= set(groups)
    assert not {"start", "timezone", "prompt", "deleteme", "export", "import"} & set(groups)
    assert set(groups) < private
    everything = [c["command"] for c in harness.fake.menus[("all_private_chats", "")]]
    assert groups == [c for c in everything if c in groups], "in the order /help lists them"


async def test_onboarding_accepts_typed_answers_and_skips(harness: Harness) -> None:
    await harness.say(RUNNER, "/start")
    step2 = await harness.say(RUNNER, "new york")
    assert "America/New_York" in step2.text
    step3 = await harness.say(RUNNER, "6:45am")
    assert "06:45" in step3.text
    done = await harness.press(RUNNER, step3, "Skip")
    assert "Weekly target: 3 days a week" in done.text


async def test_a_runner_logs_in_several_forms_undoes_and_lists_history(harness: Harness) -> None:
    await harness.say(RUNNER, "/timezone Europe/Berlin")
    first = await harness.say(RUNNER, "/done kettlebell 15")
    assert (
        "kettlebell" in first.text
        and "15 min" in first.text
        and "1 of 3 days this week" in first.text
    )
    assert first.buttons and "Undo" in first.buttons[0][0]
    second = await harness.say(RUNNER, "/done 20 barre yesterday - felt <strong>")
    assert "barre" in second.text and "yesterday" in second.text
    assert "felt &lt;strong&gt;" in second.text
    third = await harness.say(RUNNER, "/done core 1h15")
    assert "75 min" in third.text
    assert await sessions_of(harness) == 3
    undone = await harness.say(RUNNER, "/undo")
    assert "core" in undone.text and await sessions_of(harness) == 2
    history = await harness.say(RUNNER, "/history")
    assert "kettlebell" in history.text and "barre" in history.text and "core" not in history.text


async def test_done_without_minutes_asks_with_buttons_including_the_usual(harness: Harness) -> None:
    await harness.say(RUNNER, "/done yoga 25")
    harness.clock.advance(hours=8)  # a second session that day, not the same message again
    await harness.say(RUNNER, "/done yoga 25")
    ask = await harness.say(RUNNER, "/done yoga")
    labels = [label for label, _ in ask.buttons]
    assert labels == ["10 min", "15 min", "20 min", "25 min ★", "30 min", "45 min"]
    logged = await harness.press(RUNNER, ask, "25 min")
    assert "yoga" in logged.text and "25 min" in logged.text
    assert await sessions_of(harness) == 3
    # Pressing another button on the same question never logs a second session.
    again = await harness.press(RUNNER, ask, "30 min")
    assert "Already logged" in again.text
    assert await sessions_of(harness) == 3


async def test_done_alone_offers_recent_activities(harness: Harness) -> None:
    empty = await harness.say(RUNNER, "/done")
    assert not empty.buttons and "/done kettlebell 15" in empty.text
    await harness.say(RUNNER, "/done kb 15")
    pick = await harness.say(RUNNER, "/done")
    assert [label for label, _ in pick.buttons] == ["kettlebell"]
    minutes = await harness.press(RUNNER, pick, "kettlebell")
    assert "How many minutes of <b>kettlebell</b>" in minutes.text
    logged = await harness.press(RUNNER, minutes, "15 min ★")
    assert "Logged" in logged.text
    assert await sessions_of(harness) == 2


async def test_the_undo_button_removes_that_session(harness: Harness) -> None:
    first = await harness.say(RUNNER, "/done kettlebell 15")
    await harness.say(RUNNER, "/done barre 20")
    removed = await harness.press(RUNNER, first, "Undo")
    assert "kettlebell" in removed.text
    assert await sessions_of(harness) == 1


async def test_bad_input_gets_a_friendly_reply_and_writes_nothing(harness: Harness) -> None:
    bad = [
        "/done kettlebell 0",
        "/done kettlebell 601",
        "/done kettlebell 15 2027-01-01",
        "/done 💪 15",
        "/done <script>alert(1)</script> 15",
        "/done " + "x" * 5000,
        "/timezone Mars/Olympus",
        "/prompt 25:99",
        "/target 0",
        "/history lots",
    ]
    for text in bad:
        answer = await harness.say(RUNNER, text)
        assert answer.text.startswith("🤔"), (text, answer.text)
        assert "e.g." in answer.text, answer.text
    assert await sessions_of(harness) == 0


async def test_a_redelivered_update_logs_once(harness: Harness) -> None:
    mark = harness.fake.mark()
    message = harness.fake.send_message(RUNNER, "/done kettlebell 15")
    await harness.fake.reply(RUNNER, since=mark)
    await harness.fake.wait_idle()
    mark = harness.fake.mark()
    harness.fake.push_update({"message": message})  # Telegram sends the same message again
    await harness.fake.wait_idle()
    assert await sessions_of(harness) == 1
    again = await harness.fake.reply(RUNNER, since=mark)
    assert again.text.startswith("Already logged"), again.text


async def test_help_and_unknown_commands_point_the_way(harness: Harness) -> None:
    help_reply = await harness.say(RUNNER, "/help")
    for command in ("/done", "/undo", "/history", "/timezone", "/prompt", "/target"):
        assert command in help_reply.text
    unknown = await harness.say(RUNNER, "/dance")
    assert "/dance" in unknown.text and "/help" in unknown.text
