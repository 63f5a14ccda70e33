"""Fixing any past session through the real application: minutes, day, activity, delete."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from bot.fake import Call
from tests.harness import Harness

RUNNER = 9201  # the clock says Wednesday 25 November 2026, weeks start on Monday
FRIEND = 9202


async def menu_for(harness: Harness, label: str) -> Call:
    """/edit, then the session whose button starts with `label`: its edit menu."""
    listing = await harness.say(RUNNER, "/edit")
    return await harness.press(RUNNER, listing, label)


async def minutes_of(harness: Harness) -> list[int]:
    async with harness.application.bot_data.deps.sessionmaker() as session:
        rows = await session.execute(text("SELECT minutes FROM sessions ORDER BY id"))
        return [m for (m,) in rows]


async def test_editing_the_minutes_of_an_earlier_session(harness: Harness) -> None:
    await harness.say(RUNNER, "/done kb 15 yesterday")
    await harness.say(RUNNER, "/done core 20")
    listing = await harness.say(RUNNER, "/edit")
    assert [label for label, _ in listing.buttons] == [
        "Wed 25 Nov · core 20 min",
        "Tue 24 Nov · kettlebell 15 min",
    ]
    menu = await harness.press(RUNNER, listing, "Tue 24 Nov")
    assert "Tue 24 Nov" in menu.text and "<b>kettlebell</b> 15 min" in menu.text
    changed = await harness.press(RUNNER, menu, "30 min")
    assert "Changed: 15 → 30 min" in changed.text, changed.text
    assert await harness.scalar("SELECT minutes FROM sessions WHERE activity = 'kettlebell'") == 30
    twice = await harness.press(RUNNER, menu, "30 min")  # the button as first shown, again
    assert "Nothing changed" in twice.text, twice.text
    same = await harness.press(RUNNER, changed, "→ core")
    assert "Changed: <b>kettlebell</b> → <b>core</b>" in same.text
    history = await harness.say(RUNNER, "/history")
    assert "Tue 24 Nov: <b>core</b> 30 min" in history.text and "/edit" in history.text
    from_history = await harness.press(RUNNER, history, "Tue 24 Nov · core 30 min")
    deleted = await harness.press(RUNNER, from_history, "Delete")
    assert "Deleted Tue 24 Nov: <b>core</b> 30 min" in deleted.text
    assert await minutes_of(harness) == [20]
    # Deleted by mistake: one tap brings it back, once however often it is pressed.
    restored = await harness.press(RUNNER, deleted, "↩️ Restore")
    assert "Logged <b>core</b> 30 min, yesterday" in restored.text, restored.text
    data = next(d for label, d in deleted.buttons if "Restore" in label)
    harness.fake.press_button(RUNNER, deleted.result["message_id"], data)
    await harness.fake.wait_handled()
    assert sorted(await minutes_of(harness)) == [20, 30]


async def test_moving_a_session_across_a_week_boundary_says_which_week_changed(
    harness: Harness,
) -> None:
    for day in ("2026-11-17", "2026-11-18", "2026-11-23"):
        await harness.say(RUNNER, f"/done kb 20 {day}")
    menu = await menu_for(harness, "Mon 23 Nov")
    moved = await harness.press(RUNNER, menu, "◀ Sun 22 Nov")
    assert "Mon 23 Nov → Sun 22 Nov" in moved.text, moved.text
    assert "Week of 16 Nov is now met ✓" in moved.text
    assert "0 of 3 days this week" in moved.text and "Streak: 1 week" in moved.text
    back = await harness.press(RUNNER, moved, "Mon 23 Nov ▶")
    assert "Week of 16 Nov is no longer met" in back.text, back.text
    assert "1 of 3 days this week" in back.text and "Streak" not in back.text


async def test_deleting_a_session_takes_back_the_reward_it_unlocked(harness: Harness) -> None:
    await harness.say(RUNNER, "/reward sauna after 40 minutes")
    await harness.say(RUNNER, "/done kb 30")
    earned = await harness.say(RUNNER, "/done core 15")
    assert "You earned it: <b>sauna</b>" in earned.text
    await harness.say(RUNNER, "/done barre 5")  # the latest: /undo would not reach core
    menu = await menu_for(harness, "core 15")
    deleted = await harness.press(RUNNER, menu, "Delete")
    assert "Deleted Wed 25 Nov: <b>core</b> 15 min" in deleted.text, deleted.text
    assert "Taken back: <b>sauna</b>" in deleted.text
    assert [label for label, _ in deleted.buttons] == ["↩️ Restore"]  # nothing else to do
    assert await minutes_of(harness) == [30, 5]
    assert "35/40 minutes" in (await harness.say(RUNNER, "/rewards")).text


async def test_an_edit_takes_back_an_unlock_its_session_no_longer_earns(harness: Harness) -> None:
    await harness.say(RUNNER, "/reward sauna after 45 minutes")
    earned = await harness.say(RUNNER, "/done kb 45 - long one")
    assert "You earned it: <b>sauna</b>" in earned.text
    menu = await menu_for(harness, "Wed 25 Nov")
    less = await harness.press(RUNNER, menu, "30 min")
    assert "Taken back: <b>sauna</b>" in less.text, less.text
    assert "<i>long one</i>" in less.text  # the note stays
    assert "30/45 minutes" in (await harness.say(RUNNER, "/rewards")).text
    more = await harness.press(RUNNER, await menu_for(harness, "Wed 25 Nov"), "35 min")
    assert "sauna" not in more.text
    again = await harness.press(RUNNER, more, "45 min")
    assert "You earned it: <b>sauna</b>" in again.text, again.text
    same = await harness.press(RUNNER, again, "40 min")
    assert "Taken back: <b>sauna</b>" in same.text
    assert await harness.scalar("SELECT count(*) FROM reward_unlocks") == 0


async def test_a_foreign_press_is_refused_and_changes_nothing(harness: Harness) -> None:
    await harness.say(RUNNER, "/done kb 15")
    menu = await menu_for(harness, "Wed 25 Nov")
    data = next(d for label, d in menu.buttons if label == "Delete" or "Delete" in label)
    mark = harness.fake.mark()
    harness.fake.press_button(FRIEND, menu.result["message_id"], data, chat_id=RUNNER)
    refused = await harness.fake.wait_for(lambda c: c.method == "answerCallbackQuery", since=mark)
    assert "someone else" in refused.params["text"]
    # The same payload under the friend's own message: not theirs to change either.
    own = await harness.say(FRIEND, "/edit")
    mark = harness.fake.mark()
    harness.fake.press_button(FRIEND, own.result["message_id"], data)
    gone = await harness.fake.wait_for(lambda c: c.method == "answerCallbackQuery", since=mark)
    assert "already gone" in gone.params["text"]
    assert await minutes_of(harness) == [15]


async def test_a_redelivered_press_changes_nothing_twice(harness: Harness) -> None:
    await harness.say(RUNNER, "/reward one cookie after every session")
    await harness.say(RUNNER, "/done kb 15")
    await harness.say(RUNNER, "/done core 20")
    menu = await menu_for(harness, "kettlebell 15")
    deleted = await harness.press(RUNNER, menu, "Delete")
    assert "Taken back: <b>one cookie</b>" in deleted.text
    update_id = harness.fake.last_update_id
    await harness.fake.wait_idle()
    mark = harness.fake.mark()
    harness.fake.redeliver(update_id)
    await harness.fake.wait_idle()
    assert [c.method for c in harness.fake.sent(RUNNER, since=mark)] == []
    assert not [c for c in harness.fake.calls[mark:] if c.method == "answerCallbackQuery"]
    assert await minutes_of(harness) == [20]
    assert await harness.scalar("SELECT count(*) FROM reward_unlocks") == 1


async def test_a_session_from_months_ago_can_be_fixed_by_its_date(harness: Harness) -> None:
    await harness.say(RUNNER, "/done kb 15")  # Wednesday 25 November
    menu = await menu_for(harness, "Wed 25 Nov")
    harness.clock.advance(days=61)  # 25 January: the session is long past 30 days
    assert "No sessions in the last 30 days" in (await harness.say(RUNNER, "/edit")).text
    pressed = await harness.press(RUNNER, menu, "30 min")  # the old menu still works
    assert "Changed: 15 → 30 min" in pressed.text, pressed.text
    listing = await harness.say(RUNNER, "/edit 25.11.")
    assert [label for label, _ in listing.buttons] == ["Wed 25 Nov · kettlebell 30 min"]
    old = await harness.press(RUNNER, listing, "Wed 25 Nov")
    moved = await harness.press(RUNNER, old, "◀ Tue 24 Nov")
    assert "Wed 25 Nov → Tue 24 Nov" in moved.text, moved.text
    assert await minutes_of(harness) == [30]
    nothing = await harness.say(RUNNER, "/edit 2026-11-25")
    assert "No session on 25 Nov 2026" in nothing.text, nothing.text
    unreadable = await harness.say(RUNNER, "/edit someday")
    assert "someday" in unreadable.text and "/edit 12.10." in unreadable.text


async def test_history_pages_through_every_session_with_buttons(harness: Harness) -> None:
    for back in range(12):
        await harness.say(RUNNER, f"/done kb {10 + back} {back} days ago")
    harness.clock.advance(days=40)
    first = await harness.say(RUNNER, "/history")
    assert "Sessions 1–10 of 12" in first.text, first.text
    assert len([label for label, _ in first.buttons if "kettlebell" in label]) == 10
    older = await harness.press(RUNNER, first, "Older ▶")
    assert "Sessions" not in older.text, "the last page says nothing of more"
    labels = [label for label, _ in older.buttons]
    assert labels[:2] == ["Sun 15 Nov · kettlebell 20 min", "Sat 14 Nov · kettlebell 21 min"]
    assert labels[2:] == ["◀ Newer"], labels
    newer = await harness.press(RUNNER, older, "◀ Newer")
    assert newer.text == first.text and newer.buttons == first.buttons, newer.text
    menu = await harness.press(RUNNER, older, "Sat 14 Nov")
    deleted = await harness.press(RUNNER, menu, "Delete")
    assert "Deleted Sat 14 Nov" in deleted.text, deleted.text


async def test_a_day_can_not_move_into_the_future(harness: Harness) -> None:
    await harness.say(RUNNER, "/done kb 15")
    menu = await menu_for(harness, "Wed 25 Nov")
    assert not any("Thu 26 Nov" in label for label, _ in menu.buttons)
    session_id = await harness.scalar("SELECT id FROM sessions")
    mark = harness.fake.mark()
    harness.fake.press_button(RUNNER, menu.result["message_id"], f"es:{session_id}:d:20261126")
    refused = await harness.fake.wait_for(lambda c: c.method == "answerCallbackQuery", since=mark)
    assert "Tomorrow is still to come" in refused.params["text"]
    assert await harness.scalar("SELECT local_date FROM sessions") in (
        "2026-11-25",
        date(2026, 11, 25),
    )


async def test_edit_reads_its_day_as_done_reads_one(harness: Harness) -> None:
    await harness.say(RUNNER, "/done kb 15 nov 17")
    await harness.say(RUNNER, "/done core 20 4 de noviembre")
    for day in ("nov 17", "17 nov", "17th of november", "17. November", "17 ноября"):
        listing = await harness.say(RUNNER, f"/edit {day}")
        assert [label for label, _ in listing.buttons] == ["Tue 17 Nov · kettlebell 15 min"], (
            day,
            listing.text,
        )
    listing = await harness.say(RUNNER, "/edit 4 de noviembre")
    assert [label for label, _ in listing.buttons] == ["Wed 4 Nov · core 20 min"], listing.text
    unreadable = await harness.say(RUNNER, "/edit kb 20")
    assert "can't read" in unreadable.text, unreadable.text


async def test_a_button_no_handler_reads_is_answered_as_expired_and_changes_nothing(
    harness: Harness,
) -> None:
    logged = await harness.say(RUNNER, "/done kb 15")
    assert await minutes_of(harness) == [15]
    # Data no button makes, and an Undo whose session id is garbled.
    for data in ["zz:1", "u:one"]:
        mark = harness.fake.mark()
        harness.fake.press_button(RUNNER, logged.result["message_id"], data)
        await harness.fake.wait_handled()
        answer = await harness.fake.wait_for(
            lambda c: c.method == "answerCallbackQuery", since=mark
        )
        assert "expired" in str(answer.params) and answer.params.get("show_alert") in (
            True,
            "true",
        )
    assert await minutes_of(harness) == [15]


async def test_minutes_typed_while_the_edit_menu_is_open_are_its_new_minutes(
    harness: Harness,
) -> None:
    await harness.say(RUNNER, "/done kb 20")
    menu = await menu_for(harness, "Wed 25 Nov")
    changed = await harness.say(RUNNER, "35")
    assert "35 min" in changed.text and changed.buttons, changed.text
    assert await minutes_of(harness) == [35]
    again = await harness.say(RUNNER, "40 min")  # the menu stays open for the next change
    assert "40 min" in again.text, again.text
    await harness.say(RUNNER, "hello")  # anything else closes it
    later = await harness.say(RUNNER, "45")
    assert later.text.startswith("To log a session send"), later.text
    assert await minutes_of(harness) == [40]
    assert menu.buttons
