"""Transport: location sharing, Telegram faults, the fake's own limits, and webhook mode."""

from __future__ import annotations

import asyncio
import json

import httpx
from pydantic import SecretStr

from bot.config import Settings
from bot.fake import FakeTelegram
from bot.telegram.app import build_application
from bot.telegram.polling import run
from tests.harness import TOKEN, Harness
from tests.ports import free_port

RUNNER = 7001


async def test_sharing_a_location_sets_the_zone(harness: Harness) -> None:
    await harness.say(RUNNER, "/start")
    mark = harness.fake.mark()
    harness.fake.send_message(RUNNER, location=(52.52, 13.40))
    await harness.fake.wait_handled()
    replies = [c.text for c in harness.fake.sent(RUNNER, since=mark)]
    assert any("Europe/Berlin" in text for text in replies)
    assert any("2 of 3" in text for text in replies), "onboarding moves on to the next step"


async def test_a_zone_button_pressed_after_sharing_a_location_changes_nothing(
    harness: Harness,
) -> None:
    asked = await harness.say(RUNNER, "/start")
    zone_buttons = [data for _label, data in asked.buttons if data.startswith("ob:")]
    assert zone_buttons, asked.buttons
    harness.fake.send_message(RUNNER, location=(52.52, 13.40))
    await harness.fake.wait_handled()
    mark = harness.fake.mark()
    harness.fake.press_button(RUNNER, asked.result["message_id"], zone_buttons[0])
    await harness.fake.wait_handled()
    alert = await harness.fake.wait_for(lambda c: c.method == "answerCallbackQuery", since=mark)
    assert "answered already" in alert.params["text"]
    assert await harness.scalar("SELECT time_zone FROM users") == "Europe/Berlin"
    assert await harness.scalar("SELECT onboarding FROM users") == "prompt"


async def test_a_429_from_telegram_delays_the_reply_but_delivers_it(harness: Harness) -> None:
    harness.fake.fail("sendMessage", code=429, retry_after=1)
    reply = await harness.say(RUNNER, "/done kettlebell 15")
    assert "Logged" in reply.text
    assert harness.fake.rate_limited == 1
    assert await harness.scalar("SELECT count(*) FROM sessions") == 1


async def test_the_fake_enforces_the_per_chat_limit_like_telegram() -> None:
    fake = FakeTelegram(enforce_limits=True, chat_burst=1)
    api = await fake.start()
    try:
        async with httpx.AsyncClient() as client:
            url = f"{api}/bot{TOKEN}/sendMessage"
            first = await client.post(url, data={"chat_id": "5", "text": "one"})
            second = await client.post(url, data={"chat_id": "5", "text": "two"})
            other = await client.post(url, data={"chat_id": "6", "text": "three"})
    finally:
        await fake.stop()
    assert first.json()["ok"] and other.json()["ok"]
    assert second.status_code == 429 and second.json()["parameters"]["retry_after"] >= 1


async def test_webhook_mode_checks_the_secret_and_handles_before_answering(
    sqlite_url: str,
) -> None:
    fake = FakeTelegram()
    api = await fake.start()
    port = free_port()
    settings = Settings(
        bot_token=SecretStr(TOKEN),
        database_url=sqlite_url,
        telegram_api_url=api,
        webhook_url=f"https://bot.example.org/hook/{port}",
        webhook_secret=SecretStr("s3cret-token"),
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(run(build_application(settings), settings, stop))
    try:
        hook = await fake.wait_for(lambda c: c.method == "setWebhook", timeout=10)
        assert hook.params.get("secret_token") == "s3cret-token"
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1, "date": 0, "text": "/done kettlebell 15",
                "chat": {"id": RUNNER, "type": "private"},
                "from": {"id": RUNNER, "is_bot": False, "first_name": "Runner"},
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            },
        }  # fmt: skip
        url = f"http://127.0.0.1:{port}/hook/{port}"
        async with httpx.AsyncClient() as client:
            missing = await client.post(url, content=json.dumps(update))
            wrong = await client.post(
                url, content=json.dumps(update),
                headers={"X-Telegram-Bot-Api-Secret-Token": "guess"},
            )  # fmt: skip
            assert (missing.status_code, wrong.status_code) == (403, 403)
            assert not fake.sent(RUNNER)
            right = await client.post(
                url, content=json.dumps(update),
                headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"},
            )  # fmt: skip
        assert right.status_code == 200
        # The answer came only after handling: the reply is already sent.
        assert any("Logged" in c.text for c in fake.sent(RUNNER))
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await fake.stop()
