"""Many chats at once against a Bot API that takes its time: each chat's updates stay in order,
the polling offset never passes an update still being handled, and nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import json
import re
from collections import defaultdict

import httpx
from pydantic import SecretStr
from sqlalchemy import text

from bot.config import Settings
from bot.fake import Call, FakeTelegram
from bot.telegram.app import build_application
from bot.telegram.polling import run
from tests.harness import TOKEN, Harness
from tests.ports import free_port

FIRST = 7100
LOGGED = re.compile(r"Logged <b>kettlebell</b> (\d+) min")


def logged_minutes(calls: list[Call]) -> dict[int, list[int]]:
    """Minutes of every /done reply, chat by chat, in the order the fake answered them."""
    found: dict[int, list[int]] = defaultdict(list)
    for call in calls:
        if call.ok and call.method == "sendMessage" and (match := LOGGED.search(call.text)):
            assert call.chat_id is not None
            found[call.chat_id].append(int(match[1]))
    return found


async def stored_minutes(harness: Harness, user: int) -> list[int]:
    """A runner's sessions in the order they were written."""
    async with harness.application.bot_data.deps.sessionmaker() as session:
        rows = await session.execute(
            text("SELECT minutes FROM sessions WHERE user_id = :u ORDER BY id"), {"u": user}
        )
        return [int(m) for (m,) in rows]


async def test_interleaved_chats_are_handled_at_once_and_each_in_order(
    database_url: str,
) -> None:
    chats, per_chat = 12, 6
    # Answers take 10-60 ms in any order, so updates handled out of turn would show.
    async with Harness.running(database_url, latency=0.01, jitter=0.05, seed=3) as harness:
        for minutes in range(1, per_chat + 1):
            for chat in range(FIRST, FIRST + chats):
                harness.fake.send_message(chat, f"/done kettlebell {minutes}")
        await harness.fake.wait_handled(timeout=60)
        await harness.fake.wait_idle(timeout=30)
        replies = logged_minutes(harness.fake.calls)
        assert harness.fake.most_open_requests > 1, "different chats were handled at once"
        for chat in range(FIRST, FIRST + chats):
            assert replies[chat] == list(range(1, per_chat + 1)), f"chat {chat} in order"
            assert await stored_minutes(harness, chat) == list(range(1, per_chat + 1))


async def test_a_runners_messages_and_button_presses_keep_their_order(database_url: str) -> None:
    async with Harness.running(database_url, latency=0.01, jitter=0.05, seed=5) as harness:
        first = await harness.say(FIRST, "/done kettlebell 20")
        mark = harness.fake.mark()
        # Undo the first session, log another, press Undo again: handled in order, the second
        # Undo finds the first session already gone and the new one untouched.
        data = next(d for label, d in first.buttons if "Undo" in label)
        harness.fake.press_button(FIRST, first.result["message_id"], data)
        harness.fake.send_message(FIRST, "/done kettlebell 30")
        for other in range(FIRST + 1, FIRST + 8):
            harness.fake.send_message(other, "/done kettlebell 10")
        harness.fake.press_button(FIRST, first.result["message_id"], data)
        await harness.fake.wait_handled(timeout=30)
        await harness.fake.wait_idle(timeout=30)
        assert await stored_minutes(harness, FIRST) == [30]
        mine = [
            (c.method, c.text.split("<b>")[0])
            for c in harness.fake.calls[mark:]
            if c.ok and c.method != "getUpdates" and c.params.get("chat_id", FIRST) == FIRST
        ]
        assert mine == [
            ("answerCallbackQuery", "Removed"),
            ("editMessageReplyMarkup", ""),
            ("sendMessage", "↩️ Removed "),
            ("sendMessage", "✅ Logged "),
            ("answerCallbackQuery", "That session is already gone."),
        ]


async def test_the_offset_never_passes_an_update_still_being_handled(database_url: str) -> None:
    slow_chat = FIRST
    async with Harness.running(database_url) as harness:
        await harness.say(slow_chat, "/done kettlebell 5")
        harness.fake.slow("sendMessage", delay=2, chat_id=slow_chat)
        mark = harness.fake.mark()
        held = harness.fake.send_message(slow_chat, "/done kettlebell 6")
        held_id = harness.fake.last_update_id
        assert held["message_id"]
        others = range(FIRST + 1, FIRST + 11)
        for chat in others:
            harness.fake.send_message(chat, "/done kettlebell 7")
        for chat in others:
            await harness.fake.reply(chat, since=mark)
        # Every later update is handled, and none of them is confirmed past the slow one.
        assert harness.fake.confirmed_offset <= held_id
        assert not harness.fake.sent(slow_chat, since=mark), "still being answered"
        await harness.fake.wait_handled(timeout=20)
        assert harness.fake.confirmed_offset > harness.fake.last_update_id
        assert await stored_minutes(harness, slow_chat) == [5, 6]


async def around_a_held_reply(
    harness: Harness, slow_chat: int, before: range, after: range
) -> tuple[list[Call], Call]:
    """/done from each of `before` (7 minutes), then from `slow_chat` (6; its reply held for
    3 s), then from each of `after` (8); once every one is handled, the calls since and the
    held reply."""
    await harness.say(slow_chat, "/done kettlebell 5")
    harness.fake.slow("sendMessage", delay=3, chat_id=slow_chat)
    mark = harness.fake.mark()
    for chat in before:
        harness.fake.send_message(chat, "/done kettlebell 7")
    harness.fake.send_message(slow_chat, "/done kettlebell 6")
    for chat in after:
        harness.fake.send_message(chat, "/done kettlebell 8")
    await harness.fake.wait_handled(timeout=60)
    calls = harness.fake.calls[mark:]
    held = next(c for c in calls if c.method == "sendMessage" and c.chat_id == slow_chat)
    return calls, held


async def test_a_full_batch_is_not_fetched_again_while_the_mark_cannot_move(
    database_url: str,
) -> None:
    slow_chat, others = FIRST, range(FIRST + 1, FIRST + 151)
    async with Harness.running(database_url) as harness:
        calls, held = await around_a_held_reply(harness, slow_chat, range(0), others)
        assert held.answered_at is not None
        # Once a batch of 100 from the mark (the slow update and 99 others) is in, asking
        # again before the slow one is answered would only bring the same 100 back: while it
        # is held (3 s) the bot asks at most until it has that full batch, not every 50 ms.
        fetched = [c for c in harness.fake.calls if c.method == "getUpdates"]
        assert 100 in [len(c.result or []) for c in fetched]
        asked = [c for c in fetched if held.at < c.at < held.answered_at]
        assert len(asked) <= 3, [len(c.result or []) for c in asked]
        replies = logged_minutes(calls)
        assert {chat: replies[chat] for chat in others} == {chat: [8] for chat in others}
        assert replies[slow_chat] == [6]


async def test_one_slow_update_does_not_stop_the_next_batch_behind_it(database_url: str) -> None:
    slow_chat = FIRST
    before, after = range(FIRST + 1, FIRST + 50), range(FIRST + 50, FIRST + 149)
    async with Harness.running(database_url) as harness:
        calls, held = await around_a_held_reply(harness, slow_chat, before, after)
        # The first batch is the 49 runners before the slow one, the slow one and 50 after;
        # once most of those are handled, the mark has moved up to the slow one and the next
        # look brings the other 49 (Telegram gives 100 from the mark), without waiting for it.
        fetched = {
            update["message"]["chat"]["id"]
            for c in calls
            if c.method == "getUpdates" and c.answered_at and c.answered_at < held.answered_at
            for update in c.result or []
        }
        assert set(after) - fetched == set()
        minutes = logged_minutes(calls)
        assert {chat: minutes[chat] for chat in after} == {chat: [8] for chat in after}
        assert minutes[slow_chat] == [6]


async def test_fetching_waits_while_the_bound_is_reached(database_url: str) -> None:
    bound, chats = 3, 15
    async with Harness.running(
        database_url, concurrent_updates=bound, latency=0.02, jitter=0.02
    ) as harness:
        for chat in range(FIRST, FIRST + chats):
            harness.fake.send_message(chat, "/done kettlebell 12")
        await harness.fake.wait_handled(timeout=60)
        await harness.fake.wait_idle(timeout=30)
        assert 1 < harness.fake.most_open_requests <= bound
        replies = logged_minutes(harness.fake.calls)
        assert {chat: replies[chat] for chat in range(FIRST, FIRST + chats)} == {
            chat: [12] for chat in range(FIRST, FIRST + chats)
        }


async def test_a_runner_whose_replies_fail_holds_up_only_that_runner(database_url: str) -> None:
    failing = FIRST
    async with Harness.running(database_url, latency=0.01) as harness:
        await harness.say(failing, "/done kettlebell 5")
        mark = harness.fake.mark()
        harness.fake.fail("sendMessage", code=500, chat_id=failing, times=3)
        harness.fake.send_message(failing, "/done kettlebell 6")
        others = range(FIRST + 1, FIRST + 21)
        for chat in others:
            harness.fake.send_message(chat, "/done kettlebell 8")
        late = await harness.fake.reply(failing, since=mark, timeout=20)
        calls = harness.fake.calls
        for chat in others:
            # Each other runner's reply went out before the failing runner's retries ended.
            answered = await harness.fake.reply(chat, since=mark)
            assert calls.index(answered) < calls.index(late)
        await harness.fake.wait_handled(timeout=20)
        assert await stored_minutes(harness, failing) == [5, 6]


async def test_a_check_in_that_timed_out_is_not_sent_again(database_url: str) -> None:
    from tests.e2e.test_checkins import RUNNER, at, berlin_runner, is_morning, morning_for
    from tests.harness import FakeClock

    clock = FakeClock(at("2026-11-25 05:00"))
    async with Harness.running(database_url, clock=clock, read_timeout=1.0) as harness:
        await berlin_runner(harness)
        # Longer than the bot's read time-out: Telegram may have delivered it, or not.
        harness.fake.slow("sendMessage", delay=2.5, chat_id=RUNNER)
        mark = harness.fake.mark()
        clock.current = at("2026-11-25 06:30:01")
        await morning_for(harness, RUNNER, mark, timeout=15)
        await harness.fake.wait_idle(quiet=1.5, timeout=30)
        tries = [c for c in harness.fake.calls[mark:] if c.method == "sendMessage"]
        assert len(tries) == 1, "a bulk message is not sent again after a time-out"
        assert is_morning(tries[0])
        status = await harness.scalar("SELECT status FROM checkins WHERE user_id = :u", u=RUNNER)
        assert status == "failed"
        await asyncio.sleep(0)


async def test_webhook_requests_are_handled_at_once_and_each_answered_after_handling(
    sqlite_url: str,
) -> None:
    fake = FakeTelegram(latency=0.01, jitter=0.05, seed=11)
    api = await fake.start()
    port = free_port()
    settings = Settings(
        bot_token=SecretStr(TOKEN), database_url=sqlite_url, telegram_api_url=api,
        webhook_url=f"https://bot.example.org/hook/{port}", webhook_listen="127.0.0.1",
        webhook_port=port,
    )  # fmt: skip
    stop = asyncio.Event()
    task = asyncio.create_task(run(build_application(settings), settings, stop))
    ids = iter(range(1, 1000))

    async def chat(client: httpx.AsyncClient, chat_id: int) -> None:
        for minutes in (1, 2, 3):
            update_id = next(ids)
            update = {
                "update_id": update_id,
                "message": {
                    "message_id": update_id, "date": 0, "text": f"/done kettlebell {minutes}",
                    "chat": {"id": chat_id, "type": "private"},
                    "from": {"id": chat_id, "is_bot": False, "first_name": "Runner"},
                    "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
                },
            }  # fmt: skip
            answer = await client.post(hook, content=json.dumps(update))
            assert answer.status_code == 200
            # Answered only once handled: the reply is already out.
            assert logged_minutes(fake.calls)[chat_id][-1:] == [minutes]

    try:
        set_webhook = await fake.wait_for(lambda c: c.method == "setWebhook", timeout=10)
        assert set_webhook.params["max_connections"] == 100
        hook = f"http://127.0.0.1:{port}/hook/{port}"
        chats = range(FIRST, FIRST + 10)
        async with httpx.AsyncClient() as client:
            await asyncio.gather(*(chat(client, c) for c in chats))
        assert fake.most_open_requests > 1, "requests from different chats were handled at once"
        replies = logged_minutes(fake.calls)
        assert {c: replies[c] for c in chats} == {c: [1, 2, 3] for c in chats}
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await fake.stop()
