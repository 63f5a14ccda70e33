"""Ways into the Mini App from the chat: the chat's menu button, and a button under /stats,
/edit and /athletes, each in the runner's language; none without WEBAPP_URL."""

from __future__ import annotations

from typing import Any

from bot.fake import Call
from tests.e2e.test_coaches import coached, meet
from tests.harness import Harness

URL = "https://strongstreak.example.org/"
RUNNER = 9501
ANNA, ADA = 8800, 8801


def web_apps(call: Call) -> list[tuple[str, str]]:
    markup: dict[str, Any] = call.params.get("reply_markup") or {}
    return [
        (b["text"], b["web_app"]["url"])
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "web_app" in b
    ]


async def test_the_menu_and_the_buttons_open_the_mini_app_in_the_runners_language(
    sqlite_url: str,
) -> None:
    async with Harness.running(sqlite_url, settings={"webapp_url": URL}) as harness:
        await harness.say(RUNNER, "/start")
        assert harness.fake.menu_buttons[RUNNER] == {
            "type": "web_app", "text": "Season", "web_app": {"url": URL},
        }  # fmt: skip
        await harness.say(RUNNER, "/done kb 20")
        stats = await harness.say(RUNNER, "/stats")
        assert web_apps(stats) == [("📅 Open my season", URL)]
        edit = await harness.say(RUNNER, "/edit")
        assert web_apps(edit) == [("📅 Open my season", URL)]
        assert len(edit.buttons) == 2  # the session to fix, then the Mini App
        chosen = await harness.press(RUNNER, await harness.say(RUNNER, "/language"), "Deutsch")
        assert chosen.ok
        assert harness.fake.menu_buttons[RUNNER]["text"] == "Saison"
        assert web_apps(await harness.say(RUNNER, "/stats")) == [("📅 Meine Saison öffnen", URL)]
        await meet(harness, ANNA, ADA)
        await coached(harness, ADA)
        table = await harness.say(ANNA, "/athletes")
        assert web_apps(table) == [("📋 Open the coach's board", URL + "?view=board")]


async def test_without_a_webapp_url_nothing_points_to_it(sqlite_url: str) -> None:
    async with Harness.running(sqlite_url) as harness:
        await harness.say(RUNNER, "/start")
        await harness.say(RUNNER, "/done kb 20")
        assert web_apps(await harness.say(RUNNER, "/stats")) == []
        assert web_apps(await harness.say(RUNNER, "/edit")) == []
        assert harness.fake.menu_buttons == {}
